/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * deck — the cards the display rotates through: the playlist built from
 * the cache's articles, a cursor walking it, and the card for each turn
 * (the empty card when there is nothing to show; broken articles skipped
 * with one log line). Shared by `khabar run` and `khabar render`, so both
 * show the same card for the same articles, config and time.
 *
 * Must not: draw, open windows, read the cache or the clock itself.
 */
#ifndef KHABAR_DECK_H
#define KHABAR_DECK_H

#include <stddef.h>
#include <stdint.h>

#include "show/card.h"
#include "base/config.h"
#include "base/event.h"
#include "show/playlist.h"

struct deck {
	const struct config *cfg;	/* borrowed */
	const struct card_fonts *fonts; /* borrowed */
	struct card_geometry g;
	struct playlist_rules rules;
	struct playlist playlist;
	struct playlist_cursor cursor;
	int *npages;	       /* per article, -1 until measured */
	unsigned char *warned; /* per article: its problem was logged */
	char *ticker_text;     /* the ticker's headlines */
	int64_t last_update;   /* the cache's, for the empty card */
	int new_breaking;      /* deck_load() brought a breaking article (new or changed) */
	struct event_list events; /* the schedule (owned copies), sorted by start */
	int since_schedule;	  /* news cards since the now-and-next card */
	int schedule_page, schedule_pages; /* the next page of the now-and-next turn */
	struct article_list intermission; /* [schedule] intermission_category's (copies) */
	size_t intermission_at;		  /* the next of them */
	int intermission_flip;		  /* the last room turn was the hall's own */
};

/* A deck for a w x h screen (already rotated). cfg and fonts are borrowed
 * for the deck's life. Free with deck_free(). */
void deck_init(struct deck *d, const struct config *cfg, const struct card_fonts *fonts, int w,
	       int h);
void deck_free(struct deck *d);
/* Take a new set of articles (copied) as of now; the rotation starts over. */
void deck_load(struct deck *d, const struct article_list *all, int64_t now, int64_t last_update);
/* The article index of the empty card's slot. */
#define DECK_EMPTY_CARD SIZE_MAX
/* The article index of a schedule card's slot (now-and-next or room);
 * the slot's page is the now-and-next card's page. */
#define DECK_SLOT_SCHEDULE (SIZE_MAX - 1)
/* The article index of an intermission slide's slot (room mode); the
 * slot's page is the slide's index among the intermission articles. */
#define DECK_SLOT_INTERMISSION (SIZE_MAX - 2)
/* Take the schedule's events (copied): the now-and-next card takes its
 * turn every [schedule] every cards, or, in room mode, the room screen is
 * every card but, in an intermission (agenda_intermission(), [schedule]
 * intermission), every other one, between which the articles of
 * [schedule] intermission_category take their turns; a slide is only
 * shown when it and the card before it end before the intermission does. */
void deck_load_events(struct deck *d, const struct event_list *events);

/* The card for the next turn, and which slot it is (article
 * DECK_EMPTY_CARD for the empty card). Never NULL: an article that cannot be
 * shown is skipped with a log line; with nothing showable, the empty card.
 * A finished round starts over. Caller frees with card_free(). */
struct card *deck_next(struct deck *d, int64_t now, struct playlist_slot *slot);
/* The card of a slot deck_next() handed out earlier (the maintenance
 * "previous" key), as of now. NULL when the slot no longer exists or its
 * card cannot be built. Caller frees with card_free(). */
struct card *deck_card(struct deck *d, const struct playlist_slot *slot, int64_t now);
/* The playlist rules a config asks for. */
void deck_rules(const struct config *cfg, struct playlist_rules *r);

#endif
