/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * syncer — the display's side of `khabar sync`: it runs the sync as a
 * child process when a round is due, never two at once, kills one that
 * runs past twice the timeout, and reaps it, all without waiting. New
 * articles reach the screen through the cache change the display already
 * notices; the display itself never links TLS into its frame loop and its
 * memory does not grow with syncing, as the child exits after each round.
 *
 * Must not: fetch, parse or touch the cache; block the caller.
 */
#ifndef KHABAR_SYNCER_H
#define KHABAR_SYNCER_H

#include <stdint.h>

#include "base/config.h"

struct syncer;

/* A syncer for the feeds of cfg, running this same program with
 * --config config_path (NULL: the default search) and --db db_path.
 * NULL when there is nothing to do ([sync] auto = no, or no enabled feed). */
struct syncer *syncer_new(const struct config *cfg, const char *config_path, const char *db_path);

/* After a config reload: the same syncer with cfg's period and timeout
 * (a running round goes on), a new one, or NULL (after syncer_free())
 * when cfg leaves nothing to do. */
struct syncer *syncer_reload(struct syncer *s, const struct config *cfg, const char *config_path,
			     const char *db_path);

/* Reap a finished child (logging a crash), kill one past 2 x timeout,
 * start one when a round is due. Never blocks. *finished is set to 1 when
 * a round ended in this call (the cache may have been created). Returns
 * how many seconds the caller may sleep before calling again; a large
 * number for NULL. */
double syncer_poll(struct syncer *s, int *finished);

/* Rounds started so far, and the pid of the running child (0: none). */
unsigned long syncer_rounds(const struct syncer *s);
int syncer_child(const struct syncer *s);

/* How the last round ended, and when (*when: unix time, set unless
 * SYNCER_NONE): every feed fetched or unchanged, a feed failed (the
 * child's exit status 1), or the child crashed or was killed. */
enum syncer_outcome { SYNCER_NONE, SYNCER_OK, SYNCER_FEED_FAILED, SYNCER_CRASHED };
int syncer_last(const struct syncer *s, int64_t *when);

/* Kill and reap a running child, then free. NULL is fine. */
void syncer_free(struct syncer *s);

#endif
