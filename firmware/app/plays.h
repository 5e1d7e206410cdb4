/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plays — the display's record of what it played: each card, when it
 * left the screen, becomes one row of the cache's plays table, written
 * whole (one statement), so a display killed at any moment leaves every
 * play whole or absent. A cache that cannot be written (a read-only
 * directory, a busy writer) keeps the plays in memory and tries again at
 * the next card; past PLAYS_PENDING_MAX the oldest are dropped, logged.
 *
 * Must not: write anything to the cache but plays; wait on a busy cache
 * for more than a few milliseconds (the screen must not stall).
 */
#ifndef KHABAR_PLAYS_H
#define KHABAR_PLAYS_H

#include <stdint.h>

struct plays;

/* A recorder for the cache at path (borrowed; opened when first needed). */
struct plays *plays_new(const char *path);
/* Record one play (strings copied) and write what is pending. */
void plays_add(struct plays *p, int64_t start, double duration, const char *kind,
	       const char *article, const char *title, int page, int64_t now);
/* Write what is pending, then free. */
void plays_free(struct plays *p, int64_t now);

#endif
