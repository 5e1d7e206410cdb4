/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sync — one round of `khabar sync`. For each feed: decide whether it is
 * due, GET it with its validators, and then exactly one of: 304 or the
 * same body hash (nothing parsed), a parsed feed stored in one
 * transaction, or a failure recorded with its backoff. A feed's images
 * are fetched after its articles are stored (sync_image.c), so neither
 * the cache nor another feed waits for a slow picture host.
 *
 * Must not: draw; write to the cache outside a feed's own state, its
 * articles and the image records.
 */
#include "net/sync.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "base/calendar.h"
#include "cache/cache.h"
#include "net/http.h"
#include "media/image.h"
#include "parse/import.h"
#include "feed/ingest.h"
#include "base/util.h"

/* Backoff never waits longer than this, and a day without success is
 * worth a warning. */
#define MAX_BACKOFF (6 * 3600)
#define STALE_AFTER 86400
/* A server's Retry-After is obeyed up to a day. */
#define RETRY_AFTER_MAX 86400

struct run {
	const struct config *cfg;
	struct cache *c;
	int64_t now;
	int force;
	int whole; /* this feed: no validators, parse even an unchanged body */
	char *image_dir;
	struct sync_images img;
	double deadline; /* time_mono() by which the round's work ends */
	FILE *report;
};

static void set(char **field, const char *v)
{
	free(*field);
	*field = xstrdup(v ? v : "");
}

static int by_newest(const void *a, const void *b)
{
	const struct article *x = a, *y = b;
	return x->published > y->published ? -1 : x->published < y->published;
}

/* The feed's defaults on article a; its image the stored file when the
 * picture was fetched before, else its absolute http(s) URL, which the
 * image pass after storing fetches (or "" without [sync] images). */
static void prepare(struct run *r, const struct config_feed *f, struct article *a)
{
	if (!*a->category && *f->category)
		set(&a->category, f->category);
	if ((int)a->priority < f->priority)
		a->priority = (enum article_priority)f->priority;
	if (!*a->source)
		set(&a->source, f->name);
	if (!*a->image)
		return;
	char *url = NULL, *path = NULL;
	if (r->cfg->sync_images) {
		/* An absolute URL stays; a relative one is the feed's. */
		url = http_resolve(f->url, a->image);
		if (url && (path = cache_image_get(r->c, url)) && access(path, R_OK) != 0) {
			free(path);
			path = NULL;
		}
	}
	set(&a->image, path ? path : url ? url : "");
	free(url);
	free(path);
}

/* The feed's pictures its stored articles wait for, within the feed's own
 * deadline (one timeout) and the round's. How many were stored. */
static size_t feed_images(struct run *r, const struct config_feed *f)
{
	if (!r->cfg->sync_images)
		return 0;
	double deadline = MIN(time_mono() + r->cfg->sync_timeout, r->deadline);
	return (size_t)sync_images_fetch(&r->img, f->name, deadline);
}

/* The sync's step between parsing and storing (ingest.h): the newest
 * max_items articles, with the feed's defaults; their images are fetched
 * after storing (feed_images()). */
struct prepared {
	struct run *r;
	const struct config_feed *f;
	size_t images;
};

static void prepare_all(void *arg, struct article_list *l)
{
	struct prepared *p = arg;
	if (l->n)
		qsort(l->items, l->n, sizeof *l->items, by_newest);
	size_t count = MIN(l->n, (size_t)p->f->max_items);
	for (size_t i = count; i < l->n; i++)
		article_clear(&l->items[i]);
	l->n = count;
	for (size_t i = 0; i < count; i++)
		prepare(p->r, p->f, &l->items[i]);
}

/* Seconds the next attempt waits after `failures` failures in a row:
 * every, doubled per failure after the first, at most MAX_BACKOFF. */
static int64_t backoff(const struct config_feed *f, int failures)
{
	double wait = f->every;
	for (int i = 1; i < failures && wait < MAX_BACKOFF; i++)
		wait *= 2;
	return (int64_t)MIN(wait, (double)MAX_BACKOFF);
}

/* Whether the feed is due at now. A next attempt further ahead than
 * its backoff (or a server's Retry-After, at most a day) could have put
 * it was set by a clock that was ahead and has since been set back (a
 * Raspberry Pi without a clock battery, NTP): it is due now, or the feed
 * would wait for the wall clock to catch up. */
static int is_due(int64_t now, const struct config_feed *f, const struct cache_feed *st)
{
	if (st->next_attempt <= now)
		return 1;
	int64_t allowed = st->failures ? backoff(f, st->failures) : (int64_t)f->every;
	if (st->failures && (st->status == 429 || st->status == 503))
		allowed = MAX(allowed, RETRY_AFTER_MAX);
	return st->next_attempt - now > allowed + 1;
}

static void fail(struct run *r, const struct config_feed *f, struct cache_feed *st, int status,
		 const char *why)
{
	st->status = status;
	set(&st->error, why);
	st->failures++;
	st->next_attempt = r->now + backoff(f, st->failures);
	term_printf(r->report, "%s: failed: %s\n", f->name, why);
}

static void succeed(struct run *r, const struct config_feed *f, struct cache_feed *st, int status)
{
	st->status = status;
	set(&st->error, "");
	st->failures = 0;
	st->last_success = r->now;
	st->next_attempt = r->now + (int64_t)f->every;
	char *err = NULL;
	if (status == 304 || status == 200)
		cache_feed_touch(r->c, f->name, r->now, &err);
	long gone = err ? -1 : cache_feed_expire(r->c, f->name, r->now - (int64_t)f->keep, &err);
	if (gone < 0)
		log_error("%s: %s", f->name, err);
	else if (gone > 0)
		log_info("%s: %ld articles left the feed more than keep ago; removed", f->name,
			 gone);
	free(err);
}

/* Why a body that went through the door stored nothing; caller frees. */
static char *body_failure(const struct ingest_result *ir)
{
	if (ir->html_page)
		return xstrdup("the server sent an HTML page, not a feed");
	if (ir->schedule || ir->items)
		return xstrdup(ir->error);
	return xasprintf("not a feed: %s", ir->error);
}

/* A 200 body: through the one door unless it is the same as last time. */
static int take_body(struct run *r, const struct config_feed *f, struct cache_feed *st,
		     struct http_response *rs)
{
	char hash[40];
	ingest_hash(rs->body.data ? rs->body.data : "", rs->body.len, hash);
	double t0 = time_mono();
	int ms = (int)(rs->seconds * 1000 + 0.5);
	if (!r->whole && !strcmp(hash, st->body_hash)) {
		succeed(r, f, st, 200);
		feed_images(r, f); /* ones that failed or had no time before */
		term_printf(r->report, "%s: 200, unchanged (same body as last time), %d ms\n", f->name,
			ms);
		return 0;
	}
	struct import_limits lim;
	import_limits_from_config(&lim, r->cfg);
	lim.max_file_size = (size_t)r->cfg->sync_max_size;
	lim.base_url = rs->moved_to ? rs->moved_to : f->url; /* relative links are the feed's */
	char *zone_origin = NULL;
	if (*f->timezone) { /* a schedule's local times when it names no zone */
		zone_origin = xasprintf("[feed %s] timezone", f->name);
		lim.time_zone = f->timezone;
		lim.time_zone_origin = zone_origin;
	}
	char *charset = http_charset(rs->content_type);
	lim.charset = charset;
	struct prepared p = {r, f, 0};
	struct ingest in = {.name = f->name, .data = rs->body.data ? rs->body.data : "",
			    .len = rs->body.len, .lim = &lim, .feed = f->name, .now = r->now,
			    .report = r->report, .prepare = prepare_all, .arg = &p};
	struct ingest_result ir = {0};
	int ret = 1;
	if (ingest_bytes(r->c, &in, &ir)) {
		char *why = body_failure(&ir);
		fail(r, f, st, rs->status, why);
		free(why);
	} else {
		set(&st->body_hash, hash);
		succeed(r, f, st, 200);
		if (!ir.schedule) /* after storing: a slow host delays no article */
			p.images = feed_images(r, f);
		/* The whole feed: its body, parsing, storing, its images. */
		ms = (int)((rs->seconds + time_mono() - t0) * 1000 + 0.5);
		if (!ir.schedule)
			term_printf(r->report,
				"%s: 200, %zu items, %zu new, %zu updated, %zu images, %d ms\n",
				f->name, ir.items, ir.added, ir.changed, p.images, ms);
		ret = 0;
	}
	free(charset);
	free(zone_origin);
	ingest_result_free(&ir);
	return ret;
}

/* What the answer means for the feed. 0 success or unchanged, 1 failure. */
static int take_response(struct run *r, const struct config_feed *f, struct cache_feed *st,
			 struct http_response *rs)
{
	if (rs->moved_to && strcmp(rs->moved_to, f->url)) {
		set(&st->moved_to, rs->moved_to);
		term_printf(r->report, "%s: moved permanently to %s; update url in [feed %s]\n",
			f->name, rs->moved_to, f->name);
	}
	if (rs->status == 304) {
		succeed(r, f, st, 304);
		term_printf(r->report, "%s: 304 not modified\n", f->name);
		feed_images(r, f);
		return 0;
	}
	if (rs->status == 200) {
		int ret = take_body(r, f, st, rs);
		if (!ret) {
			set(&st->etag, rs->etag);
			set(&st->last_modified, rs->last_modified);
		}
		return ret;
	}
	char *why;
	if (rs->status == 410) {
		st->gone = 1;
		why = xstrdup("410 gone: not fetched again until its url changes in the config");
	} else if ((rs->status == 429 || rs->status == 503) && rs->retry_after >= 0) {
		why = xasprintf("HTTP %d; the server asks to retry after %ld s", rs->status,
				rs->retry_after);
	} else {
		why = xasprintf("HTTP %d", rs->status);
	}
	fail(r, f, st, rs->status, why);
	if ((rs->status == 429 || rs->status == 503) && rs->retry_after >= 0)
		st->next_attempt = r->now + MIN(rs->retry_after, (long)RETRY_AFTER_MAX);
	free(why);
	return 1;
}

/* Whether articles the feed still carried were deleted here since (khabar
 * prune or remove, a repair): a 304 or the same body would then keep them
 * gone for as long as the feed does not change, so it is fetched whole. */
static int lost_articles(struct run *r, const struct config_feed *f)
{
	char *err = NULL;
	long n = cache_feed_lost(r->c, f->name, &err);
	if (n < 0) {
		log_error("%s: %s", f->name, err);
		free(err);
		return 1;
	}
	if (n > 0)
		log_info("%s: %ld articles it carries were deleted here; fetching it whole",
			 f->name, n);
	return n > 0;
}

/* One feed. 0 success, unchanged or skipped; 1 failure. */
static int sync_feed(struct run *r, const struct config_feed *f, int named)
{
	struct cache_feed st = {0};
	char *err = NULL;
	int found = cache_feed_get(r->c, f->name, &st, &err);
	if (found < 0) {
		term_printf(r->report, "%s: failed: %s\n", f->name, err);
		free(err);
		return 1;
	}
	if (!found || strcmp(st.url, f->url)) {
		/* New, or the owner changed its URL: start afresh. */
		cache_feed_clear(&st);
		st = (struct cache_feed){0};
		set(&st.name, f->name);
		set(&st.url, f->url);
		set(&st.etag, "");
		set(&st.last_modified, "");
		set(&st.body_hash, "");
		set(&st.error, "");
		set(&st.moved_to, "");
	}
	int ret = 0;
	if (st.gone) {
		term_printf(r->report,
			"%s: gone (410); not fetched until its url changes in the config\n",
			f->name);
		cache_feed_clear(&st);
		return named;
	}
	if (!named && !is_due(r->now, f, &st)) {
		cache_feed_clear(&st);
		return 0;
	}
	r->whole = r->force || lost_articles(r, f);
	struct http_request rq = {.url = f->url,
				  .etag = r->whole ? NULL : st.etag,
				  .last_modified = r->whole ? NULL : st.last_modified,
				  .timeout = r->cfg->sync_timeout,
				  .max_size = r->cfg->sync_max_size,
				  .user_agent = r->cfg->sync_user_agent,
				  .ca_file = r->cfg->sync_ca_file};
	struct http_response rs = {0};
	st.last_attempt = r->now;
	if (http_get(&rq, &rs)) {
		fail(r, f, &st, rs.status >= 300 && rs.status < 400 ? rs.status : 0, rs.error);
		ret = 1;
	} else {
		ret = take_response(r, f, &st, &rs);
	}
	http_response_free(&rs);
	if (cache_feed_put(r->c, &st, &err)) {
		log_error("%s: %s", f->name, err);
		free(err);
		ret = 1;
	}
	cache_feed_clear(&st);
	return ret;
}

static void collect(const char *path, void *user)
{
	struct article_list *l = user; /* only the ids are used, as a string list */
	struct article a = {.id = (char *)path};
	article_list_push(l, &a);
}

/* An image file an article used is gone: the article shows none. */
static void forget(const char *path, void *user)
{
	struct run *r = user;
	char *err = NULL;
	if (cache_image_forget(r->c, path, &err)) {
		log_error("images: %s", err);
		free(err);
	}
}

/* Delete stored images no article uses; keep the store under its limit;
 * articles whose image file is gone (deleted here or by hand) show none. */
static void collect_garbage(struct run *r)
{
	struct article_list used = {0};
	char *err = NULL;
	if (cache_images(r->c, r->image_dir, collect, &used, &err)) {
		log_error("images: %s", err);
		free(err);
		article_list_free(&used);
		return;
	}
	char **paths = xcalloc(used.n + 1, sizeof *paths);
	size_t n = 0;
	for (size_t i = 0; i < used.n; i++) {
		if (access(used.items[i].id, R_OK) == 0)
			paths[n++] = used.items[i].id;
		else
			forget(used.items[i].id, r);
	}
	int k = image_gc(r->image_dir, paths, n, (int64_t)r->cfg->sync_image_cache_mb * 1024 * 1024,
			 forget, r);
	if (k)
		log_info("images: %d files deleted (unused, or over image_cache_mb)", k);
	free(paths);
	article_list_free(&used);
}

int sync_run(const struct config *cfg, struct cache *c, const struct sync_options *o, FILE *report)
{
	for (int i = 0; i < o->nfeeds; i++)
		if (!config_feed_find(cfg, o->feeds[i])) {
			fprintf(stderr, "khabar sync: no [feed %s] in %s\n", o->feeds[i],
				cfg->path ? cfg->path : "the config");
			return 2;
		}
	char *images = sync_image_dir(o->db_path);
	if (!images) {
		fprintf(stderr, "khabar sync: %s\n", NO_HOME_MESSAGE);
		return 2;
	}
	int lock = sync_lock(o->db_path);
	if (lock == -1)
		fprintf(report, "another `khabar sync` is running on %s; this one does nothing\n",
			o->db_path);
	if (lock < 0) {
		free(images);
		return 1;
	}
	struct run r = {.cfg = cfg,
			.c = c,
			.now = o->now,
			.force = o->force,
			.image_dir = images,
			.report = report,
			/* one timeout spare for parsing and clean-up */
			.deadline = time_mono() + config_sync_round_limit(cfg) - cfg->sync_timeout};
	r.img = (struct sync_images){.cfg = cfg, .c = c, .dir = r.image_dir, .now = o->now};
	int ret = 0, temps = sync_collect_temp(r.image_dir);
	if (temps)
		log_info("images: %d temporary files of killed rounds deleted", temps);
	for (size_t i = 0; i < cfg->nfeeds; i++) {
		const struct config_feed *f = &cfg->feeds[i];
		int named = 0;
		for (int k = 0; k < o->nfeeds; k++)
			named |= !strcmp(o->feeds[k], f->name);
		if ((o->nfeeds && !named) || (!f->enabled && !named))
			continue;
		if (sync_feed(&r, f, named))
			ret = 1;
		fflush(report);
	}
	if (cfg->sync_images) /* announcements' pictures (MQTT, import) */
		sync_images_fetch(&r.img, NULL, MIN(time_mono() + cfg->sync_timeout, r.deadline));
	collect_garbage(&r);
	sync_images_free(&r.img);
	free(r.image_dir);
	close(lock);
	return ret;
}

/* t in zone, as the display's status line gives its times. */
static void when(int64_t t, const char *zone, char *out, size_t n)
{
	char *w = t ? calendar_format_gregorian(t, zone, "yyyy-MM-dd HH:mm", 0) : NULL;
	snprintf(out, n, "%s", w ? w : "never");
	free(w);
}

int sync_status(const struct config *cfg, struct cache *c, int64_t now, FILE *out)
{
	/* One zone for every time khabar shows, and it says which. */
	term_printf(out, "times in %s ([display] timezone)\n", cfg->timezone);
	term_printf(out, "%-12s %-18s %-18s %-6s %-8s %-18s %s\n", "FEED", "LAST ATTEMPT",
		"LAST SUCCESS", "HTTP", "ARTICLES", "NEXT ATTEMPT", "LAST ERROR");
	for (size_t i = 0; i < cfg->nfeeds; i++) {
		const struct config_feed *f = &cfg->feeds[i];
		struct cache_feed st = {0};
		char *err = NULL;
		int found = cache_feed_get(c, f->name, &st, &err);
		if (found < 0) {
			fprintf(stderr, "khabar sync: %s\n", err);
			free(err);
			return 1;
		}
		char a[32], s[32], n[32], code[8];
		when(found ? st.last_attempt : 0, cfg->timezone, a, sizeof a);
		when(found ? st.last_success : 0, cfg->timezone, s, sizeof s);
		if (!f->enabled)
			snprintf(n, sizeof n, "disabled");
		else if (found && st.gone)
			snprintf(n, sizeof n, "never (410)");
		else if (!found || is_due(now, f, &st))
			snprintf(n, sizeof n, "now");
		else
			when(st.next_attempt, cfg->timezone, n, sizeof n);
		snprintf(code, sizeof code, "%d", found ? st.status : 0);
		term_printf(out, "%-12s %-18s %-18s %-6s %-8lld %-18s %s\n", f->name, a, s,
			found && st.status ? code : "-", found ? (long long)st.articles : 0LL, n,
			found && *st.error ? st.error : "-");
		cache_feed_clear(&st);
	}
	return 0;
}

int sync_check(const struct config *cfg, struct cache *c, int64_t now, FILE *out)
{
	int warned = 0;
	for (size_t i = 0; i < cfg->nfeeds; i++) {
		const struct config_feed *f = &cfg->feeds[i];
		struct cache_feed st = {0};
		char *err = NULL;
		int found = f->enabled ? cache_feed_get(c, f->name, &st, &err) : 0;
		free(err);
		if (found == 1 && st.gone) {
			fprintf(out,
				"feeds: %s:%d: [feed %s] answered 410 gone; change its url or "
				"remove it\n",
				cfg->path ? cfg->path : "config", f->line, f->name);
			warned++;
		} else if (found == 1 && (st.last_success ? now - st.last_success > STALE_AFTER
							  : st.failures > 0)) {
			term_printf(out, "feeds: %s:%d: [feed %s] has %s: %s\n",
				cfg->path ? cfg->path : "config", f->line, f->name,
				st.last_success ? "not succeeded for a day" : "never succeeded",
				*st.error ? st.error : "no answer");
			warned++;
		}
		cache_feed_clear(&st);
	}
	return warned;
}
