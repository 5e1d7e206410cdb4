/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * agenda — which talks a schedule screen shows at an instant, and each
 * hall's now and next (agenda.h).
 *
 * Must not: know about SDL, layout, the cache or the parsers.
 */
#include "show/agenda.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/util.h"

int agenda_visible(const struct event *e, int64_t at)
{
	return e->status != EVENT_CANCELLED || e->start > at;
}

int agenda_marked(const struct event *e, int64_t at)
{
	return e->status != EVENT_SCHEDULED && at >= e->changed_at && at < MAX(e->end, e->start + 1);
}

/* The index of room in out[0..n), or n. */
static size_t room_index(struct agenda_room *out, size_t n, const char *room)
{
	size_t i = 0;
	while (i < n && strcmp(out[i].room, room) != 0)
		i++;
	return i;
}

/* The place of item in the comma-separated list (names trimmed), or -1. */
static int list_place(const char *list, const char *item)
{
	size_t n = strlen(item);
	int place = 0;
	for (const char *p = list; *p; place++) {
		while (*p == ' ' || *p == '\t')
			p++;
		const char *end = strchr(p, ',');
		const char *stop = end ? end : p + strlen(p);
		while (stop > p && (stop[-1] == ' ' || stop[-1] == '\t'))
			stop--;
		if ((size_t)(stop - p) == n && memcmp(p, item, n) == 0)
			return place;
		if (!end)
			break;
		p = end + 1;
	}
	return -1;
}

/* e as r's talk on now, or its next when it starts before the one kept. */
static void place(struct agenda_room *r, const struct event *e, int64_t at)
{
	if (e->start <= at) {
		if (!r->now && e->status != EVENT_CANCELLED)
			r->now = e;
	} else if (!r->next || e->start < r->next->start) {
		r->next = e;
	}
}

int agenda_for_room(const struct event *e, const char *room)
{
	return !e->all_day && (!*e->room || !strcmp(e->room, room));
}

size_t agenda_banners(const struct event_list *l, int64_t at, const struct event **out,
		      size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < l->n && n < max; i++)
		if (l->items[i].all_day && l->items[i].start <= at && at < l->items[i].end &&
		    agenda_visible(&l->items[i], at))
			out[n++] = &l->items[i];
	return n;
}

size_t agenda_board(const struct event_list *l, int64_t at, const char *rooms, int64_t horizon,
		    struct agenda_room **out)
{
	struct agenda_room *r = l->n ? xcalloc(l->n, sizeof *r) : NULL;
	size_t n = r ? agenda_rooms(l, at, rooms, r, l->n) : 0, kept = 0;
	int fixed = rooms && *rooms;
	for (size_t i = 0; i < n; i++)
		if (r[i].next && r[i].next->start - at > horizon)
			r[i].next = NULL;
	/* Three passes over the rooms keep each group in order: on now, soon,
	 * and (only when the first two are empty) within the horizon. */
	struct agenda_room *board = n ? xcalloc(n, sizeof *board) : NULL;
	for (int pass = 0; pass < 3 && !(pass == 2 && kept); pass++)
		for (size_t i = 0; i < n; i++) {
			int now = r[i].now != NULL;
			int soon = !now && r[i].next && r[i].next->start - at <= AGENDA_SOON;
			int later = !now && r[i].next;
			int take = fixed ? (pass == 0 && (now || soon)) || (pass == 2 && later)
				 : pass == 0 ? now
				 : pass == 1 ? soon
					     : later;
			if (take)
				board[kept++] = r[i];
		}
	free(r);
	if (!kept) {
		free(board);
		board = NULL;
	}
	*out = board;
	return kept;
}

size_t agenda_rooms(const struct event_list *l, int64_t at, const char *rooms,
		    struct agenda_room *out, size_t max)
{
	size_t n = 0;
	int fixed = rooms && *rooms;
	/* Rooms in the order of their first talk, so rows do not move
	 * during the day. */
	for (size_t i = 0; i < l->n && n < max; i++) {
		const struct event *e = &l->items[i];
		if (*e->room && !e->all_day && (!fixed || list_place(rooms, e->room) >= 0) &&
		    room_index(out, n, e->room) == n)
			out[n++] = (struct agenda_room){.room = e->room};
	}
	for (size_t i = 0; i < l->n; i++) {
		const struct event *e = &l->items[i];
		size_t k = room_index(out, n, e->room);
		if (k < n && !e->all_day && agenda_visible(e, at) && e->end > at)
			place(&out[k], e, at);
	}
	/* A break for every hall fills what a hall's own talks leave. */
	for (size_t i = 0; i < l->n; i++) {
		const struct event *e = &l->items[i];
		if (*e->room || e->all_day || !agenda_visible(e, at) || e->end <= at)
			continue;
		for (size_t k = 0; k < n; k++)
			place(&out[k], e, at);
	}
	size_t kept = 0;
	for (size_t i = 0; i < n; i++)
		if (out[i].now || out[i].next)
			out[kept++] = out[i];
	n = kept;
	/* The configured order; insertion sort keeps it stable and n is small. */
	for (size_t i = 1; fixed && i < n; i++)
		for (size_t j = i;
		     j > 0 && list_place(rooms, out[j - 1].room) > list_place(rooms, out[j].room);
		     j--) {
			struct agenda_room t = out[j];
			out[j] = out[j - 1];
			out[j - 1] = t;
		}
	return n;
}

int agenda_feed_stale(const struct event_live *v, const struct config *cfg, int64_t at)
{
	if (!v->feed)
		return 0;
	const struct config_feed *f = config_feed_find(cfg, v->feed);
	double every = f ? f->every : 600;
	return (double)(at - v->feed_ok) > 2 * every;
}

int agenda_intermission(const struct event_list *l, const char *room, int64_t at,
			int64_t min_gap, int64_t *until)
{
	int64_t prev_end = 0;
	const struct event *next = NULL;
	*until = 0;
	if (min_gap <= 0)
		return 0;
	for (size_t i = 0; i < l->n && !next; i++) {
		const struct event *e = &l->items[i];
		if (!agenda_for_room(e, room) || e->status == EVENT_CANCELLED)
			continue;
		if (e->start <= at && at < e->end)
			return 0; /* a talk is on */
		if (e->end <= at)
			prev_end = MAX(prev_end, e->end);
		else if (e->start > at)
			next = e;
	}
	if (!next || next->start - (prev_end ? prev_end : at) < min_gap)
		return 0;
	*until = next->start - AGENDA_INTERMISSION_LEAD;
	return at < *until;
}
