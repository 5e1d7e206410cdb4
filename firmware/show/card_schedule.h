/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * card_schedule — the conference schedule as cards: the now-and-next card
 * (every room, one row each, right to left: the room, the talk on now
 * with its speakers and a progress bar, the next talk with its start
 * time) and the room screen for a hall door (the current talk large, the
 * next two, the rest of the day; a countdown between talks; "ended" and
 * tomorrow's first talk after the last). Times are in the [display]
 * timezone with Persian digits; each string (title, room, name) is laid
 * out in its own direction inside the right-to-left frame.
 *
 * Must not: draw, read the cache or the wall clock: the caller passes the
 * events and the time, so a card is the same for the same inputs.
 */
#ifndef KHABAR_CARD_SCHEDULE_H
#define KHABAR_CARD_SCHEDULE_H

#include <stdint.h>

#include "show/card.h"
#include "base/config.h"
#include "base/event.h"

/* How far ahead a "next" talk counts, in seconds (tomorrow morning's
 * first talk, seen the evening before). */
#define CARD_SCHEDULE_HORIZON (24 * 3600)

/* Whether the now-and-next card has anything to show at now: some room
 * (of [schedule] rooms) with a talk on or one starting within the
 * horizon. */
int card_schedule_active(const struct config *cfg, const struct event_list *l, int64_t now);

/* How many now-and-next cards the rooms at now take on this screen (as
 * many rows as stay legible on each); 0 when there is nothing to show. */
int card_now_next_pages(const struct card_geometry *g, const struct config *cfg,
			const struct event_list *l, int64_t now);
/* Now-and-next card page (0 first; g->w x g->body_h) for events l
 * (sorted by start) at now. NULL when that page has nothing to show.
 * Caller frees with card_free(). */
struct card *card_now_next(const struct card_geometry *g, const struct config *cfg,
			   const struct card_fonts *f, const struct event_list *l, int64_t now,
			   int page);

/* The room screen of cfg->schedule_room (g->w x g->body_h) at now. Never
 * NULL: a room with nothing left says so. Caller frees with card_free(). */
struct card *card_room(const struct card_geometry *g, const struct config *cfg,
		       const struct card_fonts *f, const struct event_list *l, int64_t now);

#endif
