/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sync — `khabar sync`: fetch each [feed NAME] that is due, import what
 * changed into the cache, download lead images into the image store, and
 * remember per feed what happened (validators, body hash, failures,
 * backoff), so the next run is cheap and a failing server is left alone.
 *
 * Must not: draw or know about SDL windows; run inside the display's
 * process (the network program runs `khabar sync` as a child, see
 * netcmd/syncer.h).
 */
#ifndef KHABAR_SYNC_H
#define KHABAR_SYNC_H

#include <stdint.h>
#include <stdio.h>

#include "base/config.h"

struct cache;

struct sync_options {
	char **feeds; /* --feed NAME...: these now, due or not */
	int nfeeds;
	int force;   /* fetch without validators and parse even an unchanged body */
	int64_t now; /* Unix time of this run */
};

/* Fetch and import every enabled feed that is due (or named), one line per
 * feed on report. 0 when every feed tried succeeded or was unchanged, 1
 * otherwise; 2 when a named feed is not in the config. */
int sync_run(const struct config *cfg, struct cache *c, const struct sync_options *o, FILE *report);

/* A table of every configured feed's state at now on out. 0 or 1 (a cache
 * error). */
int sync_status(const struct config *cfg, struct cache *c, int64_t now, FILE *out);

/* Lines for `khabar check`: a feed that has not succeeded for a day, or
 * that is gone (410). Returns how many feeds it warned about. */
int sync_check(const struct config *cfg, struct cache *c, int64_t now, FILE *out);

#endif
