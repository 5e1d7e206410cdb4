/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench_schedule — the schedule's figures: importing the Chaos
 * Communication Camp 2019 schedule.json (79 events; parsing alone, and
 * parsing, merging and storing into a fresh cache), and building the
 * now-and-next card for 8 rooms at 1920x1080 (layout, then drawn to
 * pixels; cold and warm). Prints figures; the card's target is under
 * 30 ms, like the other cards. Skips the import when the corpus file is
 * not there. And a big programme (10,000 and 20,000 talks in 100 halls)
 * imported into a fresh cache, then again with a tenth of its talks
 * moved: the re-import's merge should cost at most half again a fresh
 * import. And the board of 92 halls (36C3's count, a few marked full, the
 * freshness line on): its first and last page at 1920x1080 and 1080x1920,
 * warm, against the same 30 ms.
 */
#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/calendar.h"
#include "cache/cache.h"
#include "show/card_schedule.h"
#include "screen/display.h"
#include "feed/schedule_store.h"
#include "parse/schedule.h"
#include "base/util.h"

#define CAMP "../shared/corpus/schedules/camp2019-frab.schedule.json"
#define RUNS 20

static int by_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, by_double);
	return v[n / 2];
}

static void bench_import(void)
{
	char *path = xasprintf("%s/%s", datadir(), CAMP), *err = NULL;
	size_t len;
	char *data = access(path, R_OK) == 0 ? file_read(path, 0, &len, &err) : NULL;
	if (!data) {
		printf("  import camp 2019: %s not there; skipped\n", path);
		free(path);
		free(err);
		return;
	}
	struct import_limits lim;
	import_limits_default(&lim);
	double parse[RUNS], store[RUNS];
	size_t n = 0;
	char *db = xasprintf("/tmp/khabar-bench-schedule-%d.db", (int)getpid());
	for (int r = 0; r < RUNS; r++) {
		struct schedule_result res = {0};
		double t0 = time_mono();
		schedule_parse(data, len, &lim, "camp", &res);
		parse[r] = time_mono() - t0;
		n = res.events.n;
		schedule_result_free(&res);
		char *wal = xasprintf("%s-wal", db), *shm = xasprintf("%s-shm", db);
		unlink(db), unlink(wal), unlink(shm);
		struct cache *c = cache_open(db, 0, &err);
		FILE *devnull = fopen("/dev/null", "w");
		t0 = time_mono();
		if (c)
			schedule_import(c, path, data, len, &lim, devnull);
		store[r] = time_mono() - t0;
		fclose(devnull);
		cache_close(c);
		unlink(db), unlink(wal), unlink(shm);
		free(wal), free(shm);
	}
	printf("  import camp 2019 (%zu events, %zu bytes): parse %.2f ms, parse + merge + store "
	       "%.2f ms (median of %d)\n",
	       n, len, median(parse, RUNS) * 1000, median(store, RUNS) * 1000, RUNS);
	free(db);
	free(data);
	free(path);
}

/* A schedule JSON of n talks in 100 halls, half an hour each from
 * 2099-06-01 09:00Z; every talk whose index is a multiple of moved_every
 * (0: none) an hour later. Caller frees. */
static char *big_programme(size_t n, size_t moved_every)
{
	struct buf b = {0};
	buf_puts(&b, "{\"schedule\": {\"conference\": {\"acronym\": \"big\"}, \"events\": [");
	for (size_t i = 0; i < n; i++) {
		char at[32];
		int64_t start = 4084506000 + (int64_t)(i / 100) * 1800;
		if (moved_every && i % moved_every == 0)
			start += 3600;
		calendar_format_iso8601(start, at, sizeof at);
		buf_printf(&b,
			   "%s{\"guid\": \"talk-%zu\", \"date\": \"%s\", \"duration\": \"00:30\", "
			   "\"room\": \"Hall %zu\", \"title\": \"Talk number %zu\", \"persons\": "
			   "[{\"name\": \"Speaker %zu\"}]}",
			   i ? ", " : "", i, at, i % 100, i, i);
	}
	buf_puts(&b, "]}}");
	return buf_steal(&b);
}

static double import_once(struct cache *c, const char *data, const struct import_limits *lim)
{
	FILE *devnull = fopen("/dev/null", "w");
	double t0 = time_mono();
	schedule_import(c, "big", data, strlen(data), lim, devnull);
	double t = time_mono() - t0;
	fclose(devnull);
	return t;
}

static void bench_reimport(void)
{
	struct import_limits lim;
	import_limits_default(&lim);
	lim.max_file_size = 64u << 20;
	for (size_t n = 10000; n <= 20000; n += 10000) {
		char *first = big_programme(n, 0), *moved = big_programme(n, 10), *err = NULL;
		char *db = xasprintf("/tmp/khabar-bench-reimport-%d.db", (int)getpid());
		char *wal = xasprintf("%s-wal", db), *shm = xasprintf("%s-shm", db);
		unlink(db), unlink(wal), unlink(shm);
		struct cache *c = cache_open(db, 0, &err);
		if (!c) {
			printf("  re-import: %s\n", err);
			free(err);
		} else {
			double fresh = import_once(c, first, &lim);
			double again = import_once(c, moved, &lim);
			printf("  %zu talks: fresh import %.0f ms, re-import with %zu moved %.0f ms "
			       "(%.2fx)\n",
			       n, fresh * 1000, n / 10, again * 1000, again / fresh);
		}
		cache_close(c);
		unlink(db), unlink(wal), unlink(shm);
		free(db), free(wal), free(shm), free(first), free(moved);
	}
}

/* 8 rooms, a talk every 45 minutes from 09:00 Tehran time, Persian and
 * English titles and names. */
static void eight_rooms(struct event_list *l, int64_t day)
{
	static const char *const titles[] = {
	    "نرم‌افزار آزاد در مدرسه‌های ایران",
	    "Building Persian fonts with Vazirmatn",
	    "HarfBuzz و شکل‌دهی متن فارسی", "Debian on Raspberry Pi for signage",
	    "میزگرد: آینده‌ی لینوکس در ادارات و "
	    "دانشگاه‌ها"};
	static const char *const people[] = {"مریم احمدی", "John Smith", "سارا کریمی",
					     "Anna Müller"};
	static const char *const colours[] = {"#c0392b", "#2e86c1", "#8e44ad", "#27ae60"};
	for (int room = 0; room < 8; room++)
		for (int k = 0; k < 10; k++) {
			struct event e = {0};
			e.conference = xstrdup("bench");
			e.guid = xasprintf("%d-%d", room, k);
			e.room = xasprintf("تالار %d", room + 1);
			e.start = day + k * 45 * 60 + room * 300;
			e.end = e.start + 40 * 60;
			e.title = xstrdup(titles[(room + k) % 5]);
			e.track_color = xstrdup(colours[k % 4]);
			e.lang = xstrdup((room + k) % 5 == 1 || (room + k) % 5 == 3 ? "en" : "fa");
			e.persons = xcalloc(2, sizeof *e.persons);
			e.persons[0] = xstrdup(people[k % 4]);
			e.persons[1] = xstrdup(people[(k + 1) % 4]);
			e.npersons = 2;
			e.old_room = xstrdup("");
			event_list_take(l, &e);
		}
	event_list_sort(l);
}

static void bench_card(void)
{
	struct config cfg;
	config_defaults(&cfg);
	struct card_fonts fonts;
	char *err = NULL;
	if (card_fonts_open(&fonts, &err)) {
		printf("  now-and-next card: %s\n", err);
		free(err);
		config_free(&cfg);
		return;
	}
	int64_t day = 1778650200; /* 2026-05-13T09:00:00+03:30 */
	struct event_list l = {0};
	eight_rooms(&l, day);
	struct card_geometry g;
	card_geometry(1920, 1080, 1, &g);
	double layout[RUNS], drawn[RUNS];
	for (int r = 0; r < RUNS; r++) {
		int64_t now = day + 2 * 3600 + r * 60; /* a minute later each time */
		double t0 = time_mono();
		struct card *c = card_now_next(&g, &cfg, &fonts, &l, now, 0);
		layout[r] = time_mono() - t0;
		SDL_Surface *s = c ? display_card_surface(c, &err) : NULL;
		drawn[r] = time_mono() - t0;
		if (r == 0)
			printf(
			    "  now-and-next card, 8 rooms (cold): layout %.1f ms, drawn %.1f ms\n",
			    layout[0] * 1000, drawn[0] * 1000);
		SDL_FreeSurface(s);
		card_free(c);
	}
	printf("  now-and-next card, 8 rooms (warm, median of %d): layout %.1f ms, drawn %.1f ms "
	       "(target < 30 ms)\n",
	       RUNS - 1, median(layout + 1, RUNS - 1) * 1000, median(drawn + 1, RUNS - 1) * 1000);
	event_list_free(&l);
	card_fonts_close(&fonts);
	config_free(&cfg);
}

/* 92 halls, each with a talk every 45 minutes from 09:00 (all on at
 * 11:00), a third of them English; halls 2, 40 and 91 marked full; the
 * schedule came in 12 minutes before 11:00. */
static void ninety_two_halls(struct event_list *l, int64_t day)
{
	for (int room = 0; room < 92; room++)
		for (int k = 0; k < 10; k++) {
			struct event e = {0};
			e.conference = xstrdup("bench92");
			e.guid = xasprintf("%d-%d", room, k);
			e.room = xasprintf("Hall %d", room + 1);
			e.start = day + k * 45 * 60;
			e.end = e.start + 40 * 60;
			e.title = room % 3 ? xasprintf("نرم‌افزار آزاد در تالار %d، بخش %d", room, k)
					   : xasprintf("Reproducible builds, part %d of hall %d", k, room);
			e.lang = xstrdup(room % 3 ? "fa" : "en");
			e.persons = xcalloc(1, sizeof *e.persons);
			e.persons[0] = xasprintf("Speaker %d", room * 10 + k);
			e.npersons = 1;
			e.old_room = xstrdup("");
			event_list_take(l, &e);
		}
	event_list_sort(l);
	const char *full[] = {"Hall 2", "Hall 40", "Hall 91"};
	l->live.full = xcalloc(3, sizeof *l->live.full);
	for (int i = 0; i < 3; i++)
		l->live.full[l->live.nfull++] = xstrdup(full[i]);
	l->live.updated = day + 2 * 3600 - 12 * 60;
}

/* Page page of the board of l on a w x h screen, RUNS times a minute
 * apart from 11:00: the warm median, layout alone and drawn. */
static void board_runs(const struct config *cfg, const struct card_fonts *f,
		       const struct event_list *l, int64_t day, int w, int h, int last)
{
	struct card_geometry g;
	card_geometry(w, h, 1, &g);
	int pages = card_now_next_pages(&g, cfg, l, day + 2 * 3600);
	int page = last ? pages - 1 : 0;
	double layout[RUNS], drawn[RUNS];
	char *err = NULL;
	for (int r = 0; r < RUNS; r++) {
		int64_t now = day + 2 * 3600 + r * 60;
		double t0 = time_mono();
		struct card *c = card_now_next(&g, cfg, f, l, now, page);
		layout[r] = time_mono() - t0;
		SDL_Surface *s = c ? display_card_surface(c, &err) : NULL;
		drawn[r] = time_mono() - t0;
		SDL_FreeSurface(s);
		card_free(c);
		free(err);
		err = NULL;
	}
	printf("  board of 92 halls, %dx%d, page %d of %d (warm, median of %d): layout %.1f ms, "
	       "drawn %.1f ms (target <= 30 ms)\n",
	       w, h, page + 1, pages, RUNS - 1, median(layout + 1, RUNS - 1) * 1000,
	       median(drawn + 1, RUNS - 1) * 1000);
}

static void bench_board(void)
{
	struct config cfg;
	config_defaults(&cfg);
	struct card_fonts fonts;
	char *err = NULL;
	if (card_fonts_open(&fonts, &err)) {
		printf("  board of 92 halls: %s\n", err);
		free(err);
		config_free(&cfg);
		return;
	}
	int64_t day = 1778650200; /* 2026-05-13T09:00:00+03:30 */
	struct event_list l = {0};
	ninety_two_halls(&l, day);
	for (int last = 0; last < 2; last++) {
		board_runs(&cfg, &fonts, &l, day, 1920, 1080, last);
		board_runs(&cfg, &fonts, &l, day, 1080, 1920, last);
	}
	event_list_free(&l);
	card_fonts_close(&fonts);
	config_free(&cfg);
}

int main(void)
{
	printf("bench_schedule:\n");
	bench_import();
	bench_reimport();
	bench_card();
	bench_board();
	return 0;
}
