/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * netcmd — khabar-net, the network program: everything of khabar that
 * talks to the network, in a process of its own, so the display never
 * links libcurl, a TLS library or libmosquitto. Its commands:
 *
 *   khabar-net [--config FILE] [--db FILE] run [--report-fd N]
 *       the feed rounds (each `khabar-net sync` as a child, syncer.h) and
 *       the MQTT subscriber, until SIGTERM; SIGHUP reads the config again.
 *       Under systemd (khabar-net.service) it sends READY=1 and watchdog
 *       pings; started by the display (`khabar run`), it writes one line
 *       per finished round on fd N ("sync OUTCOME UNIXTIME\n", OUTCOME an
 *       enum syncer_outcome), "alive\n" every 5 s (the display's watchdog)
 *       and ends with the display.
 *   khabar-net ... sync [--feed NAME]... [--force] [--status]
 *       one round (what `khabar sync` runs).
 *   khabar-net ... post TOPIC          publish stdin (an announcement's
 *                                      JSON) retained on TOPIC
 *   khabar-net ... remove TOPIC...     an empty retained message on each
 *   khabar-net ... fleet [--watch] [--json] [--group G]
 *                                      every screen's status (netcmd_fleet.c)
 *   khabar-net ... check [--connect]   the feeds' and [mqtt]'s part of
 *                                      `khabar check`
 *
 * The display finds it by one rule (netproc.h): khabar-net beside the
 * khabar binary, else in KHABAR_LIBEXECDIR.
 *
 * Must not: open a window, a DRM or an input device; write anything but
 * the cache and the image store.
 */
#ifndef KHABAR_NETCMD_H
#define KHABAR_NETCMD_H

/* The whole program: argv as main() got it. Returns the exit status: 0,
 * 1 failure, 2 usage or configuration error. */
int netcmd_main(int argc, char **argv);

struct config;
/* `khabar fleet` (netcmd_fleet.c) with the config read: the exit status. */
int netcmd_fleet(const struct config *cfg, int argc, char **argv);

#endif
