/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench_plays — what a screen's network program does every [fleet] every
 * for its plays message: read a week of plays from the cache and sum them
 * per day and card (fleet_plays), then write the message. The cache holds
 * a card every 10 s for 7 days (60,480 plays, 150 titles a day of about
 * 190 bytes, each article shown twice as a headline and a page). Prints the median and
 * worst of 20 and the share of one core at every = 30 s; asserts nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/util.h"
#include "cache/cache.h"
#include "net/fleet.h"

#define DAYS   7
#define EVERY  10 /* seconds a card */
#define ROUNDS 20

static int add(const struct cache_play *p, void *user)
{
	fleet_plays_add(user, p);
	return 0;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(void)
{
	char dir[] = "/tmp/bench_plays.XXXXXX", path[600], *err = NULL;
	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof path, "%s/k.db", dir);
	struct cache *c = cache_open(path, 0, &err);
	if (!c) {
		printf("plays: %s\n", err);
		return 1;
	}
	int64_t now = time_now_unix(), n = 0;
	for (int64_t t = now - DAYS * 86400 + 60; t < now; t += EVERY, n++) {
		char title[300], id[32];
		long k = (long)(n / 2) % 150;
		/* 190 bytes or so: a Persian headline of 100 letters, longer
		 * than the message keeps (160 bytes), its number at the start. */
		snprintf(title, sizeof title,
			 "%ld خبر دربارهٔ جلسهٔ امروز در سالن اصلی که با حضور مدیران برگزار شد و تا عصر ادامه دارد",
			 k);
		snprintf(id, sizeof id, "a%ld", k);
		struct cache_play p = {.start = t, .duration = EVERY, .kind = n % 2 ? "page" : "headline",
				       .article = id, .title = title, .page = (int)(n % 2)};
		if (cache_play_add(c, &p, t, &err)) {
			printf("plays: %s\n", err);
			return 1;
		}
	}
	double ms[ROUNDS];
	size_t len = 0;
	for (int r = 0; r < ROUNDS; r++) {
		double t0 = time_mono();
		struct fleet_plays *fp = fleet_plays_new(now, "Asia/Tehran");
		if (!fp || cache_plays_list(c, fleet_plays_since(fp), add, fp, &err)) {
			printf("plays: %s\n", err ? err : "no summary");
			return 1;
		}
		free(fleet_plays_json(fp, "lobby-1", now, &len));
		fleet_plays_free(fp);
		ms[r] = (time_mono() - t0) * 1000;
	}
	qsort(ms, ROUNDS, sizeof *ms, cmp);
	printf("plays: summing a week of %lld plays for the plays message (%zu bytes): median "
	       "%.1f ms, worst %.1f ms of %d; %.2f%% of a core at every = 30 s\n",
	       (long long)n, len, ms[ROUNDS / 2], ms[ROUNDS - 1], ROUNDS, ms[ROUNDS / 2] / 300.0);
	cache_close(c);
	snprintf(path, sizeof path, "rm -rf %s", dir);
	return system(path) ? 1 : 0;
}
