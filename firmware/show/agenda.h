/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * agenda — what a schedule screen shows, as plain data: which talks are
 * visible and marked at an instant, and each hall's talk now and next.
 * The talks' playlist, as playlist.h is the articles'.
 *
 * Must not: know about SDL, layout, the cache or the parsers.
 */
#ifndef KHABAR_AGENDA_H
#define KHABAR_AGENDA_H

#include <stddef.h>
#include <stdint.h>

#include "base/config.h"
#include "base/event.h"

/* One room's line on a now-and-next screen: borrowed pointers into the
 * list passed to agenda_rooms(). */
struct agenda_room {
	const char *room;
	const struct event *now;  /* on at the time, or NULL */
	const struct event *next; /* the next to start after it, or NULL */
};

/* Whether e is visible at time at: not cancelled, or cancelled and not yet
 * started. */
int agenda_visible(const struct event *e, int64_t at);
/* Whether e shows its mark (moved, cancelled, new) at time at: from the
 * import that changed it until the talk's end. */
int agenda_marked(const struct event *e, int64_t at);

/* The all-day events (day banners) on at time at, in order: at most max
 * into out (borrowed from l); returns how many. */
size_t agenda_banners(const struct event_list *l, int64_t at, const struct event **out,
		      size_t max);
/* Whether e is shown for room: its own, or every hall's (room ""); never
 * an all-day event. */
int agenda_for_room(const struct event *e, const char *room);

/* The rooms of l (sorted by start) with their current and next talk at
 * time at (a talk for every hall, room "", where a hall's own leave
 * room), in the order of the comma-separated list rooms (when not
 * empty: only those rooms), else in order of their first talk. Rooms with
 * neither a current nor a later talk are left out. Fills at most max
 * entries of out; returns how many. */
size_t agenda_rooms(const struct event_list *l, int64_t at, const char *rooms,
		    struct agenda_room *out, size_t max);

/* Whether the schedule's feed in v (v->feed) has failed at time at for
 * more than twice its `every` (cfg's [feed NAME] every; the default 10
 * minutes when the feed is not in cfg). 0 when no feed is failing. */
int agenda_feed_stale(const struct event_live *v, const struct config *cfg, int64_t at);

/* An intermission ends this long before the next talk starts: the door
 * shows that talk again by then. */
#define AGENDA_INTERMISSION_LEAD 300

/* Whether room is in an intermission at time at: no talk on (a cancelled
 * one counts for nothing), a next talk to come, and at least min_gap
 * seconds from the end of its previous talk (with none: from at) to the
 * next one's start; and at is more than AGENDA_INTERMISSION_LEAD before
 * that start. Sets *until to that start less AGENDA_INTERMISSION_LEAD. */
int agenda_intermission(const struct event_list *l, const char *room, int64_t at,
			int64_t min_gap, int64_t *until);

/* A hall's next talk is "soon" within this many seconds. */
#define AGENDA_SOON 3600

/* The halls a now-and-next board shows at time at, every one of them (no
 * cap): those with a talk on, then those whose next talk starts within
 * AGENDA_SOON, each group in agenda_rooms()' order (the order of the
 * comma-separated list rooms, when not empty, is kept as it is). When no
 * hall has either, the halls whose next talk starts within horizon
 * seconds (tomorrow's first talks, seen the evening before). A next talk
 * beyond horizon is left out (next NULL). Sets *out (caller frees; NULL
 * when none) and returns how many. */
size_t agenda_board(const struct event_list *l, int64_t at, const char *rooms, int64_t horizon,
		    struct agenda_room **out);

#endif
