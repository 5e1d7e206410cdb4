/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * service — sd_notify from libsystemd, and signals turned into flags.
 * The handlers only set flags and write one byte to a pipe (both
 * async-signal-safe); a thread reads the pipe and calls the caller's wake
 * function, so the frame loop never has to poll for signals.
 *
 * Must not: include SDL; do anything but set flags in a signal handler.
 */
#include "app/service.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#include "base/util.h"

static double ping_every; /* seconds; 0: no watchdog */
static double next_ping;  /* monotonic */
static char last_status[256];

double service_init(void)
{
	uint64_t usec = 0;
	ping_every = sd_watchdog_enabled(0, &usec) > 0 && usec > 0 ? (double)usec / 2e6 : 0;
	next_ping = 0;
	last_status[0] = 0;
	if (ping_every > 0)
		log_info("service: watchdog of %.1f s; pinging every %.1f s", ping_every * 2,
			 ping_every);
	return ping_every;
}

void service_ready(const char *status)
{
	snprintf(last_status, sizeof last_status, "%s", status ? status : "");
	sd_notifyf(0, "READY=1\nSTATUS=%s", last_status);
}

void service_status(const char *status)
{
	if (!status || !strcmp(status, last_status))
		return;
	snprintf(last_status, sizeof last_status, "%s", status);
	sd_notifyf(0, "STATUS=%s", last_status);
}

double service_watchdog(double now)
{
	if (ping_every <= 0)
		return now + 1e9;
	if (now >= next_ping) {
		sd_notify(0, "WATCHDOG=1");
		next_ping = now + ping_every;
	}
	return next_ping;
}

void service_stopping(void)
{
	sd_notify(0, "STOPPING=1");
}

/* -------------------------------------------------------------- signals */

static atomic_int stop_signal;
static atomic_int reload_pending;
static int wake_pipe[2] = {-1, -1};
static void (*wake_fn)(void *);
static void *wake_arg;
static pthread_t waker;
static int waker_running;

static void on_signal(int sig)
{
	int saved = errno;
	if (sig == SIGHUP)
		atomic_store(&reload_pending, 1);
	else
		atomic_store(&stop_signal, sig);
	char c = (char)sig;
	ssize_t n = write(wake_pipe[1], &c, 1);
	(void)n; /* a full pipe already has a wake-up in it */
	errno = saved;
}

static void *waker_main(void *unused)
{
	(void)unused;
	char c;
	for (;;) {
		ssize_t n = read(wake_pipe[0], &c, 1);
		if (n == 0 || (n < 0 && errno != EINTR))
			return NULL;
		if (n == 1 && c == 0)
			return NULL; /* service_signals_stop */
		if (n == 1 && wake_fn)
			wake_fn(wake_arg);
	}
}

int service_signals_start(void (*wake)(void *), void *arg)
{
	if (pipe(wake_pipe) != 0)
		return -1;
	fcntl(wake_pipe[0], F_SETFD, FD_CLOEXEC);
	fcntl(wake_pipe[1], F_SETFD, FD_CLOEXEC);
	fcntl(wake_pipe[1], F_SETFL, O_NONBLOCK);
	wake_fn = wake;
	wake_arg = arg;
	atomic_store(&stop_signal, 0);
	atomic_store(&reload_pending, 0);
	/* The waker takes no signals itself: they go to the threads that can
	 * be interrupted harmlessly (SA_RESTART). */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	int rc = pthread_create(&waker, NULL, waker_main, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		close(wake_pipe[0]);
		close(wake_pipe[1]);
		wake_pipe[0] = wake_pipe[1] = -1;
		return -1;
	}
	waker_running = 1;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	return 0;
}

int service_stop_requested(void)
{
	return atomic_load(&stop_signal) != 0;
}

int service_stop_signal(void)
{
	return atomic_load(&stop_signal);
}

int service_take_reload(void)
{
	return atomic_exchange(&reload_pending, 0);
}

void service_signals_stop(void)
{
	if (!waker_running)
		return;
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	char zero = 0;
	ssize_t n = write(wake_pipe[1], &zero, 1);
	(void)n;
	pthread_join(waker, NULL);
	waker_running = 0;
	close(wake_pipe[0]);
	close(wake_pipe[1]);
	wake_pipe[0] = wake_pipe[1] = -1;
	wake_fn = NULL;
}

void service_signals_child(void)
{
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
}
