/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * playlist — selection, order and timing of cards. See playlist.h.
 */
#include "show/playlist.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "base/config.h"
#include "base/util.h"

static int has_any_tag(const struct article *a, const char *list)
{
	for (size_t i = 0; i < a->ntags; i++)
		if (config_list_has(list, a->tags[i]))
			return 1;
	return 0;
}

int playlist_accepts(const struct article *a, int64_t now, const struct playlist_rules *r)
{
	if (!a->title || !*a->title)
		return 0;
	if (a->expires && a->expires <= now)
		return 0;
	if (r->max_age_hours > 0 && a->published &&
	    (double)(now - a->published) > r->max_age_hours * 3600.0)
		return 0;
	if (r->include_categories && *r->include_categories &&
	    !config_list_has(r->include_categories, a->category))
		return 0;
	if (r->exclude_categories && *r->exclude_categories &&
	    config_list_has(r->exclude_categories, a->category))
		return 0;
	if (r->include_tags && *r->include_tags && !has_any_tag(a, r->include_tags))
		return 0;
	if (r->exclude_tags && *r->exclude_tags && has_any_tag(a, r->exclude_tags))
		return 0;
	return 1;
}

/* Breaking, then pinned, then newest; ties by id so the order is stable
 * whatever order the articles came in. */
static int compare(const void *pa, const void *pb)
{
	const struct article *a = pa, *b = pb;
	if (a->priority != b->priority)
		return a->priority > b->priority ? -1 : 1;
	int64_t ta = a->published ? a->published : a->imported;
	int64_t tb = b->published ? b->published : b->imported;
	if (ta != tb)
		return ta > tb ? -1 : 1;
	return strcmp(a->id ? a->id : "", b->id ? b->id : "");
}

void playlist_build(struct playlist *p, const struct article_list *all, int64_t now,
		    const struct playlist_rules *r)
{
	memset(p, 0, sizeof *p);
	for (size_t i = 0; i < all->n; i++)
		if (playlist_accepts(&all->items[i], now, r))
			article_list_push(&p->articles, &all->items[i]);
	if (p->articles.n > 1)
		qsort(p->articles.items, p->articles.n, sizeof *p->articles.items, compare);
	if (r->max_articles > 0) {
		while (p->articles.n > (size_t)r->max_articles)
			article_clear(&p->articles.items[--p->articles.n]);
	}
}

int playlist_new_breaking(const struct playlist *old, const struct playlist *now)
{
	/* Breaking articles sort first in both. */
	for (size_t i = 0; i < now->articles.n; i++) {
		const struct article *a = &now->articles.items[i];
		if (a->priority != PRIORITY_BREAKING)
			break;
		int seen = 0;
		for (size_t j = 0; j < old->articles.n && !seen; j++) {
			const struct article *o = &old->articles.items[j];
			if (o->priority != PRIORITY_BREAKING)
				break;
			seen = !strcmp(o->id ? o->id : "", a->id ? a->id : "") &&
			       o->imported == a->imported;
		}
		if (!seen)
			return 1;
	}
	return 0;
}

void playlist_free(struct playlist *p)
{
	if (!p)
		return;
	article_list_free(&p->articles);
}

void playlist_cursor_init(struct playlist_cursor *c)
{
	memset(c, 0, sizeof *c);
	c->page = -1;
}

int playlist_next(const struct playlist *p, const struct playlist_rules *r,
		  struct playlist_cursor *c, int (*pages)(void *ud, size_t article), void *ud,
		  struct playlist_slot *out)
{
	size_t n = p->articles.n;
	/* The cursor is playlist_cursor_init()'s or this function's own. */
	assert(c->page >= -1 && (c->page == -1 || c->page < c->npages));
	if (c->article >= n)
		return 0;
	size_t nbreaking = 0;
	while (nbreaking < n && p->articles.items[nbreaking].priority == PRIORITY_BREAKING)
		nbreaking++; /* breaking articles sort first */
	int breaking = c->article < nbreaking;
	if (!breaking && nbreaking && r->breaking_every > 0 && c->since >= r->breaking_every) {
		*out = (struct playlist_slot){c->next_breaking % nbreaking, -1, 1};
		c->next_breaking = (c->next_breaking + 1) % nbreaking;
		c->since = 0;
		return 1;
	}
	*out = (struct playlist_slot){c->article, c->page, 0};
	c->since = breaking && c->page == -1 ? 0 : c->since + 1;
	if (c->page == -1)
		c->npages = r->article_pages && pages ? MAX(pages(ud, c->article), 0) : 0;
	if (++c->page >= c->npages) {
		c->article++;
		c->page = -1;
	}
	return 1;
}

static int pages_from_array(void *ud, size_t article)
{
	const int *npages = ud;
	return npages ? npages[article] : 0;
}

size_t playlist_sequence(const struct playlist *p, const int *npages,
			 const struct playlist_rules *r, struct playlist_slot **out)
{
	size_t n = 0, cap = 0;
	struct playlist_slot *s = NULL, slot;
	struct playlist_cursor c;
	playlist_cursor_init(&c);
	while (playlist_next(p, r, &c, pages_from_array, (void *)npages, &slot)) {
		s = xgrow(s, &cap, n + 1, sizeof *s);
		s[n++] = slot;
	}
	*out = s;
	return n;
}

double playlist_dwell(const struct playlist_rules *r, size_t words)
{
	double wpm = r->words_per_minute > 0 ? r->words_per_minute : 180;
	double t = 2.0 + (double)words * 60.0 / wpm;
	if (t < r->min_dwell)
		t = r->min_dwell;
	if (r->max_dwell > 0 && t > r->max_dwell)
		t = r->max_dwell;
	return t;
}

size_t playlist_count_words(const char *text)
{
	size_t words = 0;
	int in_word = 0;
	for (const unsigned char *s = (const unsigned char *)(text ? text : ""); *s; s++) {
		int space = *s == ' ' || *s == '\n' || *s == '\t' || *s == '\r';
		if (!space && !in_word)
			words++;
		in_word = !space;
	}
	return words;
}
