/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plays — the display's record of what it played. See plays.h.
 *
 * Must not: write anything to the cache but plays.
 */
#include "app/plays.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/util.h"
#include "cache/cache.h"

/* Plays kept in memory while the cache cannot take them. */
#define PLAYS_PENDING_MAX 64
/* How long a write may wait for another writer. */
#define PLAYS_BUSY_MS 20

struct play {
	int64_t start;
	double duration;
	char *kind, *article, *title;
	int page;
};

struct plays {
	const char *path;
	struct cache *c;
	struct play pending[PLAYS_PENDING_MAX];
	int n;
	int failed_logged;
};

struct plays *plays_new(const char *path)
{
	struct plays *p = xcalloc(1, sizeof *p);
	p->path = path;
	return p;
}

static void play_free(struct play *pl)
{
	free(pl->kind);
	free(pl->article);
	free(pl->title);
}

/* The writer: only for a cache that is there (the display never creates
 * one). 0, or -1 (logged once). */
static int plays_connect(struct plays *p)
{
	char *err = NULL;
	if (p->c)
		return 0;
	if (access(p->path, F_OK) != 0)
		return -1;
	if (!(p->c = cache_open(p->path, 0, &err))) {
		if (!p->failed_logged)
			log_warn("plays: %s; kept in memory, tried again at the next card", err);
		p->failed_logged = 1;
		free(err);
		return -1;
	}
	cache_busy_timeout(p->c, PLAYS_BUSY_MS);
	return 0;
}

/* Write the pending plays, oldest first, each in its own statement. */
static void plays_flush(struct plays *p, int64_t now)
{
	int done = 0;
	if (!p->n || plays_connect(p))
		return;
	for (; done < p->n; done++) {
		struct play *pl = &p->pending[done];
		struct cache_play cp = {pl->start, pl->duration, pl->kind, pl->article, pl->title,
					pl->page};
		char *err = NULL;
		if (cache_play_add(p->c, &cp, now, &err)) {
			if (!p->failed_logged)
				log_warn("plays: %s; kept in memory, tried again at the next card",
					 err);
			p->failed_logged = 1;
			free(err);
			break;
		}
		play_free(pl);
	}
	memmove(p->pending, p->pending + done, (size_t)(p->n - done) * sizeof *p->pending);
	p->n -= done;
	if (!p->n)
		p->failed_logged = 0;
}

void plays_add(struct plays *p, int64_t start, double duration, const char *kind,
	       const char *article, const char *title, int page, int64_t now)
{
	if (!p)
		return;
	if (p->n == PLAYS_PENDING_MAX) {
		log_warn("plays: %d plays could not be written; the oldest is dropped",
			 PLAYS_PENDING_MAX);
		play_free(&p->pending[0]);
		memmove(p->pending, p->pending + 1, (size_t)(p->n - 1) * sizeof *p->pending);
		p->n--;
	}
	p->pending[p->n++] = (struct play){start, duration, xstrdup(kind),
					   xstrdup(article ? article : ""),
					   xstrdup(title ? title : ""), page};
	plays_flush(p, now);
}

void plays_free(struct plays *p, int64_t now)
{
	if (!p)
		return;
	plays_flush(p, now);
	for (int i = 0; i < p->n; i++)
		play_free(&p->pending[i]);
	cache_close(p->c);
	free(p);
}
