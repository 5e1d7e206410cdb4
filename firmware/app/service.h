/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * service — khabar under a service manager: readiness, watchdog pings,
 * status and stopping through sd_notify (systemd's NOTIFY_SOCKET), and
 * the signals that stop (SIGTERM, SIGINT) or reload (SIGHUP) the display.
 * Outside systemd the notify calls do nothing.
 *
 * Must not: include SDL or decide when the display is ready (the caller
 * says so); block.
 */
#ifndef KHABAR_SERVICE_H
#define KHABAR_SERVICE_H

/* Read WATCHDOG_USEC (and WATCHDOG_PID) once. Returns the ping interval
 * in seconds (half the watchdog's), or 0 when there is no watchdog. */
double service_init(void);
/* READY=1 with a STATUS= line. */
void service_ready(const char *status);
/* STATUS=: a short line for `systemctl status` (card N of M, last sync).
 * Sent only when it changed. */
void service_status(const char *status);
/* WATCHDOG=1 when the interval has passed since the last ping (now is
 * time_mono()); the frame loop calls it on every turn. Returns the
 * monotonic time by which it must be called again (a wait deadline), or
 * a time far off when there is no watchdog. */
double service_watchdog(double now);
/* STOPPING=1. */
void service_stopping(void);

/* Catch SIGTERM, SIGINT and SIGHUP (SA_RESTART; children get the default
 * back on exec). wake(arg), when not NULL, is called from a small thread
 * after each signal, so a sleeping loop can be woken (it may use SDL's
 * event queue). Returns 0, or -1 when the thread cannot start. */
int service_signals_start(void (*wake)(void *), void *arg);
/* Whether a stop (SIGTERM/SIGINT) arrived; it stays set. */
int service_stop_requested(void);
/* Whether a reload (SIGHUP) arrived since the last call; clears it. */
int service_take_reload(void);
/* The signal that asked to stop (for the log), or 0. */
int service_stop_signal(void);
/* Restore the default handlers and end the thread. */
void service_signals_stop(void);
/* In a child after fork() that does not exec (a sync child): the default
 * handlers back, so SIGTERM ends it and never wakes the parent. */
void service_signals_child(void);

#endif
