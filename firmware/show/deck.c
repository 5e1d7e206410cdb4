/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * deck — playlist + cursor + card building. See deck.h.
 */
#include "show/deck.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include <strings.h>

#include "show/agenda.h"
#include "show/card_schedule.h"
#include "base/util.h"

void deck_rules(const struct config *cfg, struct playlist_rules *r)
{
	memset(r, 0, sizeof *r);
	r->max_articles = cfg->max_articles;
	r->max_age_hours = cfg->max_age_hours;
	r->include_categories = cfg->include_categories;
	r->exclude_categories = cfg->exclude_categories;
	r->include_tags = cfg->include_tags;
	r->exclude_tags = cfg->exclude_tags;
	r->article_pages = cfg->article_pages;
	r->breaking_every = cfg->breaking_every;
	r->words_per_minute = cfg->words_per_minute;
	r->min_dwell = cfg->min_dwell;
	r->max_dwell = cfg->max_dwell;
}

void deck_init(struct deck *d, const struct config *cfg, const struct card_fonts *fonts, int w,
	       int h)
{
	memset(d, 0, sizeof *d);
	d->cfg = cfg;
	d->fonts = fonts;
	card_legibility(cfg, fonts, w, h); /* before the geometry: its bars hold the floor */
	card_geometry(w, h, cfg->ticker, &d->g);
	deck_rules(cfg, &d->rules);
	playlist_cursor_init(&d->cursor);
	d->ticker_text = xstrdup("");
}

void deck_free(struct deck *d)
{
	if (!d)
		return;
	playlist_free(&d->playlist);
	free(d->npages);
	free(d->warned);
	free(d->ticker_text);
	event_list_free(&d->events);
	article_list_free(&d->intermission);
	memset(d, 0, sizeof *d);
}

void deck_load(struct deck *d, const struct article_list *all, int64_t now, int64_t last_update)
{
	struct playlist old = d->playlist;
	playlist_build(&d->playlist, all, now, &d->rules);
	d->new_breaking = playlist_new_breaking(&old, &d->playlist);
	playlist_free(&old);
	free(d->npages);
	d->npages = xcalloc(d->playlist.articles.n + 1, sizeof *d->npages);
	for (size_t i = 0; i < d->playlist.articles.n; i++)
		d->npages[i] = -1;
	free(d->warned);
	d->warned = xcalloc(d->playlist.articles.n + 1, 1);
	playlist_cursor_init(&d->cursor);
	free(d->ticker_text);
	d->ticker_text = card_ticker_text(&d->playlist.articles, (size_t)d->cfg->ticker_items);
	d->last_update = last_update;
	/* The intermission's slides: whatever the playlist's filters say. */
	article_list_free(&d->intermission);
	const char *cat = d->cfg->schedule_intermission_category;
	for (size_t i = 0; *cat && i < all->n; i++)
		if (all->items[i].category && !strcasecmp(all->items[i].category, cat) &&
		    (!all->items[i].expires || all->items[i].expires > now))
			article_list_push(&d->intermission, &all->items[i]);
	d->intermission_at = 0;
}

/* How long c stays: decided here, from the words on it, for every card. */
static struct card *timed(const struct deck *d, struct card *c)
{
	if (c)
		c->dwell = playlist_dwell(&d->rules, c->words);
	return c;
}

static int pages_of(void *ud, size_t i)
{
	struct deck *d = ud;
	assert(i < d->playlist.articles.n); /* the playlist's own article */
	if (d->npages[i] < 0)
		d->npages[i] =
		    card_page_count(&d->g, d->cfg, d->fonts, &d->playlist.articles.items[i]);
	return d->npages[i];
}

void deck_load_events(struct deck *d, const struct event_list *events)
{
	event_list_free(&d->events);
	for (size_t i = 0; i < events->n; i++)
		event_list_push(&d->events, &events->items[i]);
	event_live_copy(&d->events.live, &events->live);
	event_list_sort(&d->events);
	d->since_schedule = 0;
	d->schedule_page = d->schedule_pages = 0;
}

static struct card *schedule_card(struct deck *d, int64_t now, int page)
{
	if (*d->cfg->schedule_room)
		return card_room(&d->g, d->cfg, d->fonts, &d->events, now);
	return card_now_next(&d->g, d->cfg, d->fonts, &d->events, now, page);
}

/* Whether this turn is the schedule's, and which page: always in room
 * mode; else every [schedule] every news cards (or every turn with no
 * news) while a room has a talk on or coming, all its pages in a row. */
static int schedule_turn(struct deck *d, int64_t now, int *page)
{
	*page = 0;
	if (*d->cfg->schedule_room)
		return 1;
	if (d->schedule_page > 0 && d->schedule_page < d->schedule_pages) {
		*page = d->schedule_page++;
		return 1;
	}
	if (!d->events.n || d->cfg->schedule_every <= 0)
		return 0;
	if (d->playlist.articles.n && d->since_schedule < d->cfg->schedule_every) {
		d->since_schedule++;
		return 0;
	}
	int pages = card_now_next_pages(&d->g, d->cfg, &d->events, now);
	if (!pages)
		return 0;
	d->since_schedule = 0;
	d->schedule_pages = pages;
	d->schedule_page = 1;
	return 1;
}

/* The intermission slide of this turn in room mode, or NULL for the
 * hall's own card: every other turn while the hall is in an intermission
 * and the slide (after a card before it of at most max_dwell) ends before
 * it does. */
static struct card *intermission_card(struct deck *d, int64_t now, struct playlist_slot *slot)
{
	int64_t until;
	if (!d->intermission.n ||
	    !agenda_intermission(&d->events, d->cfg->schedule_room, now,
				 (int64_t)d->cfg->schedule_intermission, &until) ||
	    !(d->intermission_flip = !d->intermission_flip))
		return NULL;
	size_t i = d->intermission_at++ % d->intermission.n;
	char *err = NULL;
	struct card *c = timed(d, card_article(&d->g, d->cfg, d->fonts, &d->intermission.items[i],
					       -1, 0, now, &err));
	if (c && (double)now + d->cfg->max_dwell + c->dwell <= (double)until) {
		if (slot)
			*slot = (struct playlist_slot){DECK_SLOT_INTERMISSION, (int)i, 0};
		return c;
	}
	if (err)
		log_warn("intermission: skipping a slide: %s", err);
	free(err);
	card_free(c);
	return NULL;
}

struct card *deck_next(struct deck *d, int64_t now, struct playlist_slot *slot)
{
	int page;
	struct card *slide = *d->cfg->schedule_room ? intermission_card(d, now, slot) : NULL;
	if (slide)
		return slide;
	if (schedule_turn(d, now, &page)) {
		struct card *c = schedule_card(d, now, page);
		if (c) {
			if (slot)
				*slot = (struct playlist_slot){DECK_SLOT_SCHEDULE, page, 0};
			return timed(d, c);
		}
	}
	/* Two rounds at most: a round that yields nothing showable means
	 * every article is broken. */
	size_t limit = 2 * (d->playlist.articles.n * 8 + 8);
	for (size_t tries = 0; d->playlist.articles.n && tries < limit; tries++) {
		struct playlist_slot s;
		if (!playlist_next(&d->playlist, &d->rules, &d->cursor, pages_of, d, &s)) {
			playlist_cursor_init(&d->cursor);
			continue;
		}
		const struct article *a = &d->playlist.articles.items[s.article];
		char *err = NULL;
		struct card *c =
		    card_article(&d->g, d->cfg, d->fonts, a, s.page, s.repeat, now, &err);
		if (c) {
			if (slot)
				*slot = s;
			return timed(d, c);
		}
		if (!d->warned[s.article]) /* one line per broken article */
			log_warn("skipping a card: %s", err);
		d->warned[s.article] = 1;
		free(err);
	}
	if (slot)
		*slot = (struct playlist_slot){DECK_EMPTY_CARD, -1, 0};
	return timed(d, card_empty(&d->g, d->cfg, d->fonts, now, d->last_update));
}

struct card *deck_card(struct deck *d, const struct playlist_slot *slot, int64_t now)
{
	if (slot->article == DECK_EMPTY_CARD)
		return timed(d, card_empty(&d->g, d->cfg, d->fonts, now, d->last_update));
	if (slot->article == DECK_SLOT_SCHEDULE)
		return timed(d, schedule_card(d, now, slot->page));
	if (slot->article == DECK_SLOT_INTERMISSION) {
		if (slot->page < 0 || (size_t)slot->page >= d->intermission.n)
			return NULL;
		char *err = NULL;
		struct card *c = card_article(&d->g, d->cfg, d->fonts,
					      &d->intermission.items[slot->page], -1, 0, now, &err);
		free(err);
		return timed(d, c);
	}
	if (slot->article >= d->playlist.articles.n)
		return NULL; /* a slot of the playlist before a reload */
	assert(slot->page >= -1); /* the headline card, or a page */
	char *err = NULL;
	const struct article *a = &d->playlist.articles.items[slot->article];
	struct card *c =
	    card_article(&d->g, d->cfg, d->fonts, a, slot->page, slot->repeat, now, &err);
	free(err); /* deck_next() already said why, when it skipped it */
	return timed(d, c);
}
