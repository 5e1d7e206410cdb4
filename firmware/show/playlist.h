/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * playlist — which articles the display shows, in which order, for how
 * long: breaking, then pinned, then newest; expiry, maximum age,
 * category and tag filters, a maximum count; each article's headline card
 * then its pages; breaking headlines again every N cards; dwell time from
 * reading time. Pure: plain data in, plain data out; the caller supplies
 * the time, so tests use a fake clock.
 *
 * Must not: know about SDL, the cache, layout or the wall clock.
 */
#ifndef KHABAR_PLAYLIST_H
#define KHABAR_PLAYLIST_H

#include <stddef.h>
#include <stdint.h>

#include "base/article.h"

struct playlist_rules {
	int max_articles;     /* 0: no limit */
	double max_age_hours; /* 0: no limit; articles with no time are kept */
	const char *include_categories, *exclude_categories; /* comma lists; NULL or "" */
	const char *include_tags, *exclude_tags;
	int article_pages;    /* follow each headline with its pages */
	int breaking_every;   /* a breaking headline again after every N other cards; 0: off */
	double words_per_minute, min_dwell, max_dwell;
};

/* Selected articles in display order. Owns copies of the articles. */
struct playlist {
	struct article_list articles;
};

/* Select and order from all (any order) as of time now. p is overwritten;
 * free with playlist_free(). */
void playlist_build(struct playlist *p, const struct article_list *all, int64_t now,
		    const struct playlist_rules *r);
void playlist_free(struct playlist *p);

/* Whether now holds a breaking article that was not in old, or was there
 * with another imported time (an update): 1 or 0. */
int playlist_new_breaking(const struct playlist *old, const struct playlist *now);

/* Whether article a passes the rules' expiry, age and filters at now. */
int playlist_accepts(const struct article *a, int64_t now, const struct playlist_rules *r);

/* One card in the rotation: article index in the playlist and page
 * (-1 for the headline card, 0.. for article pages). */
struct playlist_slot {
	size_t article;
	int page;
	int repeat; /* 1 for a breaking headline shown again */
};

/* Where a rotation is: zero-initialise with playlist_cursor_init(). */
struct playlist_cursor {
	size_t article;       /* the next article */
	int page, npages;     /* its next page (-1 headline), its page count */
	int since;            /* cards since a breaking headline */
	size_t next_breaking; /* which breaking headline comes back next */
};
void playlist_cursor_init(struct playlist_cursor *c);
/* The next card of the round into *out; 1, or 0 when the round is over
 * (start again with playlist_cursor_init()). pages(ud, i) says how many
 * article pages article i has; it is asked once, when i's headline is
 * handed out, so pages are measured only when their turn comes. */
int playlist_next(const struct playlist *p, const struct playlist_rules *r,
		  struct playlist_cursor *c, int (*pages)(void *ud, size_t article), void *ud,
		  struct playlist_slot *out);

/* The rotation for one round: npages[i] is how many article pages
 * article i has (ignored unless r->article_pages). Returns the number of
 * slots; *out (caller frees) holds them. 0 and NULL for an empty playlist. */
size_t playlist_sequence(const struct playlist *p, const int *npages,
			 const struct playlist_rules *r, struct playlist_slot **out);

/* Seconds to show text with words words: reading time at
 * r->words_per_minute plus a moment to look up, clamped to
 * [min_dwell, max_dwell]. */
double playlist_dwell(const struct playlist_rules *r, size_t words);
/* Words in UTF-8 text: runs of characters between spaces and newlines
 * (ZWNJ joins a word). */
size_t playlist_count_words(const char *text);

#endif
