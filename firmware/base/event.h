/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * event — one talk of a conference schedule: what the schedule parsers
 * produce, the cache stores, and the schedule cards show.
 *
 * Must not: know how events are parsed, stored or drawn.
 */
#ifndef KHABAR_EVENT_H
#define KHABAR_EVENT_H

#include <stddef.h>
#include <stdint.h>

#include "base/article.h"

/* NEW: added by a re-import (a talk the programme did not have). */
enum event_status { EVENT_SCHEDULED, EVENT_CHANGED, EVENT_CANCELLED, EVENT_NEW };

struct event {
	char *conference; /* the conference's acronym or title; required */
	char *guid;	  /* the file's guid, else its id; required */
	char *room;	  /* "": every hall's (a break, lunch) */
	int64_t start;	  /* Unix time, UTC */
	int64_t end;	  /* Unix time, UTC; > start */
	char *title;	  /* required */
	char *subtitle, *track, *track_color, *type, *lang, *abstract, *url; /* may be "" */
	char **persons;							     /* speakers' names */
	size_t npersons;
	int all_day; /* a day banner ([start, end) whole days), never a hall's talk */
	/* The title's direction, settled at import (lang_title_dir());
	 * ARTICLE_DIR_AUTO: the frame's. */
	enum article_dir dir;
	/* Set by the cache when a re-import moved or removed the talk. */
	enum event_status status;
	int64_t changed_at; /* when the change was imported; 0 when none */
	int64_t old_start;  /* the time before the change (0 when unchanged) */
	char *old_room;	    /* the room before the change ("" when unchanged) */
};

/* What the halls and the schedule's feed say now, beside the programme:
 * read with the talks (cache_events_list()), shown by the cards. */
struct event_live {
	char **full; /* halls a steward marked full (`khabar room HALL full`) */
	size_t nfull;
	int64_t updated;   /* when a schedule last came in (import or fetch); 0 never */
	char *feed;	   /* a schedule feed that is failing, NULL when none */
	int64_t feed_ok;   /* its last successful fetch (0 never) */
};

struct event_list {
	struct event *items;
	size_t n, cap;
	struct event_live live;
};

/* Free the strings an event owns (NULL fields are fine) and zero it. */
void event_clear(struct event *e);
/* Deep copy into dst (overwritten); NULL strings become "". */
void event_copy(struct event *dst, const struct event *src);
/* Append a deep copy of e. */
void event_list_push(struct event_list *l, const struct event *e);
/* Append e itself (the list takes its strings; e is zeroed). */
void event_list_take(struct event_list *l, struct event *e);
void event_list_free(struct event_list *l);
/* Replace dst's live state with a deep copy of src's. */
void event_live_copy(struct event_live *dst, const struct event_live *src);
void event_live_clear(struct event_live *v);
/* Whether room is marked full in l. */
int event_live_full(const struct event_list *l, const char *room);
/* Whether a and b are the same in every field (strings NULL and "" alike). */
int event_same(const struct event *a, const struct event *b);
/* Sort by start, then room (numbers in natural order), then guid. */
void event_list_sort(struct event_list *l);
/* "scheduled", "changed", "cancelled" or "new". */
const char *event_status_name(enum event_status s);

#endif
