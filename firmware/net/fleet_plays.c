/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fleet_plays — what a screen showed over its last days, summed per day
 * and per card, for its retained TOPIC/screen/NAME/plays. See fleet.h.
 *
 * The days are the screen's own ([display] timezone): their bounds are
 * found once (eight calendar calls), then each play is only compared
 * with them, so a week of plays (tens of thousands) costs no calendar
 * work.
 *
 * Must not: talk to the broker or open the cache.
 */
#include "net/fleet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/calendar.h"
#include "base/util.h"

struct play_sum {
	char *kind, *title;
	long count;
	double seconds;
};

struct play_day {
	char day[16]; /* yyyy-MM-dd */
	int64_t from, to;
	long cards;
	double seconds;
	struct play_sum *s;
	size_t n, cap;
};

struct fleet_plays {
	struct play_day d[FLEET_PLAY_DAYS]; /* oldest first */
};

/* The start of the local day holding t, and its date. 0 or -1. */
static int day_start(int64_t t, const char *zone, char date[16], int64_t *start)
{
	char *s = calendar_format_gregorian(t, zone, "yyyy-MM-dd", 0);
	int y, m, d, ok = s && sscanf(s, "%d-%d-%d", &y, &m, &d) == 3;
	if (ok)
		snprintf(date, 16, "%s", s);
	free(s);
	return ok && !calendar_from_civil(y, m, d, 0, 0, 0, zone, start) ? 0 : -1;
}

struct fleet_plays *fleet_plays_new(int64_t now, const char *zone)
{
	struct fleet_plays *p = xcalloc(1, sizeof *p);
	char date[16];
	int64_t today, tomorrow;
	/* Noon-ish of each day: a day of 23 or 25 hours moves it an hour. */
	if (day_start(now, zone, date, &today) ||
	    day_start(today + 36 * 3600, zone, date, &tomorrow))
		goto fail;
	for (int k = FLEET_PLAY_DAYS - 1; k >= 0; k--) {
		struct play_day *d = &p->d[k];
		d->to = k == FLEET_PLAY_DAYS - 1 ? tomorrow : p->d[k + 1].from;
		if (day_start(d->to - 12 * 3600, zone, d->day, &d->from))
			goto fail;
	}
	return p;
fail:
	free(p);
	return NULL;
}

int64_t fleet_plays_since(const struct fleet_plays *p)
{
	return p->d[0].from;
}

void fleet_plays_add(struct fleet_plays *p, const struct cache_play *play)
{
	/* An article's further pages count as the one card showing. */
	if (!strcmp(play->kind, "page"))
		return;
	struct play_day *d = NULL;
	for (int k = 0; k < FLEET_PLAY_DAYS && !d; k++)
		if (play->start >= p->d[k].from && play->start < p->d[k].to)
			d = &p->d[k];
	if (!d)
		return;
	d->cards++;
	d->seconds += play->duration;
	const char *title = play->title ? play->title : "";
	size_t cut = strlen(title);
	if (cut > FLEET_PLAY_TITLE_BYTES) { /* never half a character */
		cut = FLEET_PLAY_TITLE_BYTES;
		while (cut && ((unsigned char)title[cut] & 0xc0) == 0x80)
			cut--;
	}
	/* Titles are compared as they are sent: cut. */
	for (size_t i = d->n; i-- > 0;)
		if (strlen(d->s[i].title) == cut && !memcmp(d->s[i].title, title, cut) &&
		    !strcmp(d->s[i].kind, play->kind)) {
			d->s[i].count++;
			d->s[i].seconds += play->duration;
			return;
		}
	d->s = xgrow(d->s, &d->cap, d->n + 1, sizeof *d->s);
	d->s[d->n++] = (struct play_sum){xstrdup(play->kind), xstrndup(title, cut), 1,
					 play->duration};
}

/* Longest on screen first; then by title, so the order is stable. */
static int by_seconds(const void *a, const void *b)
{
	const struct play_sum *x = a, *y = b;
	if (x->seconds != y->seconds)
		return x->seconds < y->seconds ? 1 : -1;
	int c = strcmp(x->title, y->title);
	return c ? c : strcmp(x->kind, y->kind);
}

char *fleet_plays_json(struct fleet_plays *p, const char *screen, int64_t now, size_t *len)
{
	struct buf b = {0};
	buf_puts(&b, "{\"screen\": ");
	buf_json_string(&b, screen, strlen(screen));
	buf_printf(&b, ", \"at\": %lld, \"days\": [", (long long)now);
	for (int k = 0; k < FLEET_PLAY_DAYS; k++) {
		struct play_day *d = &p->d[k];
		if (d->n) /* none: no array at all */
			qsort(d->s, d->n, sizeof *d->s, by_seconds);
		size_t shown = MIN(d->n, (size_t)FLEET_PLAY_TITLES);
		buf_printf(&b, "%s{\"day\": \"%s\", \"cards\": %ld, \"seconds\": %.1f, \"more\": %zu, "
			       "\"titles\": [",
			   k ? ", " : "", d->day, d->cards, d->seconds, d->n - shown);
		for (size_t i = 0; i < shown; i++) {
			buf_puts(&b, i ? ", {\"kind\": " : "{\"kind\": ");
			buf_json_string(&b, d->s[i].kind, strlen(d->s[i].kind));
			buf_puts(&b, ", \"title\": ");
			buf_json_string(&b, d->s[i].title, strlen(d->s[i].title));
			buf_printf(&b, ", \"count\": %ld, \"seconds\": %.1f}", d->s[i].count,
				   d->s[i].seconds);
		}
		buf_puts(&b, "]}");
	}
	buf_puts(&b, "]}");
	*len = b.len;
	return buf_steal(&b);
}

void fleet_plays_free(struct fleet_plays *p)
{
	if (!p)
		return;
	for (int k = 0; k < FLEET_PLAY_DAYS; k++) {
		for (size_t i = 0; i < p->d[k].n; i++) {
			free(p->d[k].s[i].kind);
			free(p->d[k].s[i].title);
		}
		free(p->d[k].s);
	}
	free(p);
}
