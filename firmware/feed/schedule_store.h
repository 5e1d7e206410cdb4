/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * schedule_store — a parsed schedule into the cache: the conference's
 * stored events are read, merged with the new ones (what moved, what was
 * dropped) and replaced in one transaction, so a reader sees the old
 * programme or the new one.
 *
 * Must not: know about SDL or layout; talk to SQLite except through
 * cache.h.
 */
#ifndef KHABAR_SCHEDULE_STORE_H
#define KHABAR_SCHEDULE_STORE_H

#include <stdint.h>
#include <stdio.h>

#include "base/event.h"
#include "parse/schedule.h"

struct cache;

/* What a re-import changed: each event of fresh is matched by guid with
 * the stored one in old. A talk whose start, end or room differs becomes
 * EVENT_CHANGED at now (old_start/old_room keep what it was); one that is
 * unchanged keeps the stored status. A stored talk missing from fresh and
 * not started by now is appended to fresh as EVENT_CANCELLED. Counts go
 * to *changed and *cancelled when not NULL. */
void schedule_merge(const struct event_list *old, struct event_list *fresh, int64_t now,
		    size_t *changed, size_t *cancelled);

/* Parse data, merge it with the conference's stored
 * events and replace them in one transaction. Prints "PATH: schedule NAME: 117 events, 2
 * changed, 1 cancelled, skipped 0" to report; logs failures naming path.
 * A file with no whole event is refused: the stored programme stays.
 * Returns 0, or 1 when the file was refused or the cache failed. */
int schedule_import(struct cache *c, const char *path, const char *data, size_t len,
		    const struct import_limits *lim, FILE *report);

#endif
