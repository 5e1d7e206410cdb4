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
	const char *db_path; /* the cache's file: its lock and its image store */
};

/* Fetch and import every enabled feed that is due (or named), one line per
 * feed on report. One round at a time per cache: the round holds an
 * exclusive flock on o->db_path + ".sync-lock" (the kernel releases it
 * when the process dies). 0 when every feed tried succeeded or was
 * unchanged, 1 otherwise (also when another round holds the lock); 2 when
 * a named feed is not in the config. */
int sync_run(const struct config *cfg, struct cache *c, const struct sync_options *o, FILE *report);

/* A table of every configured feed's state at now on out. 0 or 1 (a cache
 * error). */
int sync_status(const struct config *cfg, struct cache *c, int64_t now, FILE *out);

/* Lines for `khabar check`: a feed that has not succeeded for a day, or
 * that is gone (410). Returns how many feeds it warned about. */
int sync_check(const struct config *cfg, struct cache *c, int64_t now, FILE *out);

/* Limits of a sync process, set before its round: at most
 * SYNC_CPU_SECONDS(cfg) of CPU time (RLIMIT_CPU, so a hostile body costs
 * at most that), decoded pictures within [sync] max_image_pixels; when started by the display (KHABAR_SYNC_PARENT in the
 * environment, its pid), killed when the display dies. 0, or -1 when the
 * display is already gone. */
#define SYNC_CPU_SECONDS(cfg) ((cfg)->sync_timeout > 30 ? (cfg)->sync_timeout : 30)
int sync_limit_process(const struct config *cfg);

/* The round's lock on the cache at db_path: a file descriptor to close
 * when the round is over; -1 when another round holds it, -2 when the
 * lock file cannot be made (logged). */
int sync_lock(const char *db_path);

/* Delete the temporary files (".new-PID.*") that rounds killed while
 * storing an image left in dir; call with the lock held. How many. */
int sync_collect_temp(const char *dir);

/* The image store of the cache at db_path: a folder of its own below
 * image_dir(), named by a hash of the cache's absolute path, so two
 * caches never delete each other's images. Caller frees; NULL when
 * image_dir() has none (no HOME). */
char *sync_image_dir(const char *db_path);

/* The image pass of a round (sync_image.c): the stored articles' image
 * URLs fetched into the store at dir. */
struct sync_images {
	const struct config *cfg;
	struct cache *c;
	const char *dir; /* the cache's image store, see sync_image_dir() */
	int64_t now;	 /* Unix time of the round */
	char **bad;	 /* hosts that stalled or refused this round (owned) */
	size_t nbad, capbad;
};

/* Fetch the pictures the articles of feed (NULL: any article, such as an
 * MQTT announcement's) still wait for, each within [sync] timeout and all
 * before deadline (time_mono()); what is left waits for the next round.
 * Returns how many were stored. */
int sync_images_fetch(struct sync_images *p, const char *feed, double deadline);
void sync_images_free(struct sync_images *p);

#endif
