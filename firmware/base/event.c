/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * event — freeing, copying and ordering schedule events.
 */
#include "base/event.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

void event_clear(struct event *e)
{
	if (!e)
		return;
	char **fields[] = {&e->conference, &e->guid,	 &e->room,	  &e->title,
			   &e->subtitle,   &e->track,	 &e->track_color, &e->type,
			   &e->lang,	   &e->abstract, &e->url,	  &e->old_room};
	for (size_t i = 0; i < ARRAY_LEN(fields); i++)
		free(*fields[i]);
	for (size_t i = 0; i < e->npersons; i++)
		free(e->persons[i]);
	free(e->persons);
	memset(e, 0, sizeof *e);
}

static int same_text(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

int event_same(const struct event *a, const struct event *b)
{
	const char *fa[] = {a->conference, a->guid,	a->room, a->title,    a->subtitle,
			    a->track,	   a->track_color, a->type, a->lang,     a->abstract,
			    a->url,	   a->old_room};
	const char *fb[] = {b->conference, b->guid,	b->room, b->title,    b->subtitle,
			    b->track,	   b->track_color, b->type, b->lang,     b->abstract,
			    b->url,	   b->old_room};
	if (a->start != b->start || a->end != b->end || a->status != b->status ||
	    a->changed_at != b->changed_at || a->old_start != b->old_start || a->dir != b->dir || a->all_day != b->all_day ||
	    a->npersons != b->npersons)
		return 0;
	for (size_t i = 0; i < ARRAY_LEN(fa); i++)
		if (!same_text(fa[i], fb[i]))
			return 0;
	for (size_t i = 0; i < a->npersons; i++)
		if (!same_text(a->persons[i], b->persons[i]))
			return 0;
	return 1;
}

static char *dup_or_empty(const char *s)
{
	return xstrdup(s ? s : "");
}

void event_copy(struct event *dst, const struct event *src)
{
	*dst = *src;
	char **fields[] = {&dst->conference, &dst->guid,     &dst->room,	&dst->title,
			   &dst->subtitle,   &dst->track,    &dst->track_color, &dst->type,
			   &dst->lang,	     &dst->abstract, &dst->url,		&dst->old_room};
	for (size_t i = 0; i < ARRAY_LEN(fields); i++)
		*fields[i] = dup_or_empty(*fields[i]);
	dst->persons = src->npersons ? xcalloc(src->npersons, sizeof *dst->persons) : NULL;
	for (size_t i = 0; i < src->npersons; i++)
		dst->persons[i] = dup_or_empty(src->persons[i]);
}

void event_list_push(struct event_list *l, const struct event *e)
{
	l->items = xgrow(l->items, &l->cap, l->n + 1, sizeof *l->items);
	event_copy(&l->items[l->n++], e);
}

void event_list_take(struct event_list *l, struct event *e)
{
	l->items = xgrow(l->items, &l->cap, l->n + 1, sizeof *l->items);
	l->items[l->n++] = *e;
	memset(e, 0, sizeof *e);
}

void event_list_free(struct event_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		event_clear(&l->items[i]);
	free(l->items);
	event_live_clear(&l->live);
	memset(l, 0, sizeof *l);
}

void event_live_clear(struct event_live *v)
{
	for (size_t i = 0; i < v->nfull; i++)
		free(v->full[i]);
	free(v->full);
	free(v->feed);
	memset(v, 0, sizeof *v);
}

void event_live_copy(struct event_live *dst, const struct event_live *src)
{
	event_live_clear(dst);
	*dst = *src;
	dst->full = src->nfull ? xcalloc(src->nfull, sizeof *dst->full) : NULL;
	for (size_t i = 0; i < src->nfull; i++)
		dst->full[i] = xstrdup(src->full[i]);
	dst->feed = src->feed ? xstrdup(src->feed) : NULL;
}

int event_live_full(const struct event_list *l, const char *room)
{
	for (size_t i = 0; room && *room && i < l->live.nfull; i++)
		if (!strcmp(l->live.full[i], room))
			return 1;
	return 0;
}

/* Names with numbers in natural order: "Room 2" before "Room 10". */
static int natural_cmp(const char *a, const char *b)
{
	while (*a && *b) {
		if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
			while (*a == '0')
				a++;
			while (*b == '0')
				b++;
			size_t na = strspn(a, "0123456789"), nb = strspn(b, "0123456789");
			if (na != nb)
				return na < nb ? -1 : 1;
			int c = strncmp(a, b, na);
			if (c)
				return c;
			a += na, b += nb;
		} else if (*a != *b) {
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		} else {
			a++, b++;
		}
	}
	return *a ? 1 : *b ? -1 : 0;
}

static int by_start(const void *pa, const void *pb)
{
	const struct event *a = pa, *b = pb;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	int c = natural_cmp(a->room ? a->room : "", b->room ? b->room : "");
	return c ? c : strcmp(a->guid ? a->guid : "", b->guid ? b->guid : "");
}

void event_list_sort(struct event_list *l)
{
	if (l->n > 1)
		qsort(l->items, l->n, sizeof *l->items, by_start);
}

const char *event_status_name(enum event_status s)
{
	return s == EVENT_CHANGED     ? "changed"
	       : s == EVENT_CANCELLED ? "cancelled"
	       : s == EVENT_NEW	      ? "new"
				      : "scheduled";
}
