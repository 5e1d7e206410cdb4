/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sync — one round of `khabar sync`. For each feed: decide whether it is
 * due, GET it with its validators, and then exactly one of: 304 or the
 * same body hash (nothing parsed), a parsed feed stored in one
 * transaction, or a failure recorded with its backoff. Images are
 * fetched before the transaction, so the cache is never locked while the
 * network is slow.
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
/* Images are scaled so their longer side fits the largest screen. */
#define IMAGE_MAX_SIDE 1920

struct run {
	const struct config *cfg;
	struct cache *c;
	int64_t now;
	int force;
	char *image_dir;
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

/* Download one image into the store, or find it there. The stored path,
 * or NULL (logged). */
static char *fetch_image(struct run *r, const struct config_feed *f, const char *url, int *fetched)
{
	char *path = cache_image_get(r->c, url);
	if (path && access(path, R_OK) == 0)
		return path;
	free(path);
	path = NULL;
	struct http_request rq = {.url = url,
				  .timeout = r->cfg->sync_timeout,
				  .max_size = r->cfg->sync_max_image_size,
				  .user_agent = r->cfg->sync_user_agent,
				  .ca_file = r->cfg->sync_ca_file};
	struct http_response rs = {0};
	char *err = NULL;
	if (http_get(&rq, &rs))
		log_warn("%s: image %s: %s", f->name, url, rs.error);
	else if (rs.status != 200)
		log_warn("%s: image %s: HTTP %d", f->name, url, rs.status);
	else if (!(path =
		       image_store(rs.body.data, rs.body.len, r->image_dir, IMAGE_MAX_SIDE, &err)))
		log_warn("%s: image %s: %s", f->name, url, err);
	else if (cache_image_put(r->c, url, path, &err))
		log_warn("%s: %s", f->name, err);
	else
		(*fetched)++;
	free(err);
	http_response_free(&rs);
	return path;
}

/* The feed's defaults on article a, and its image made local (or ""). */
static void prepare(struct run *r, const struct config_feed *f, struct article *a, int *images)
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
		if (url)
			path = fetch_image(r, f, url, images);
	}
	set(&a->image, path ? path : "");
	free(url);
	free(path);
}

/* The sync's step between parsing and storing (ingest.h): the newest
 * max_items articles, with the feed's defaults and their images. */
struct prepared {
	struct run *r;
	const struct config_feed *f;
	int images;
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
		prepare(p->r, p->f, &l->items[i], &p->images);
}

static void fail(struct run *r, const struct config_feed *f, struct cache_feed *st, int status,
		 const char *why)
{
	st->status = status;
	set(&st->error, why);
	st->failures++;
	double wait = f->every;
	for (int i = 1; i < st->failures && wait < MAX_BACKOFF; i++)
		wait *= 2;
	st->next_attempt = r->now + (int64_t)MIN(wait, (double)MAX_BACKOFF);
	fprintf(r->report, "%s: failed: %s\n", f->name, why);
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
	if (!r->force && !strcmp(hash, st->body_hash)) {
		succeed(r, f, st, 200);
		fprintf(r->report, "%s: 200, unchanged (same body as last time), %d ms\n", f->name,
			ms);
		return 0;
	}
	struct import_limits lim;
	import_limits_from_config(&lim, r->cfg);
	lim.max_file_size = (size_t)r->cfg->sync_max_size;
	lim.base_url = rs->moved_to ? rs->moved_to : f->url; /* relative links are the feed's */
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
		/* The whole feed: its body, parsing, its images, storing. */
		ms = (int)((rs->seconds + time_mono() - t0) * 1000 + 0.5);
		if (!ir.schedule)
			fprintf(r->report,
				"%s: 200, %zu items, %zu new, %zu updated, %d images, %d ms\n",
				f->name, ir.items, ir.added, ir.changed, p.images, ms);
		ret = 0;
	}
	free(charset);
	ingest_result_free(&ir);
	return ret;
}

/* What the answer means for the feed. 0 success or unchanged, 1 failure. */
static int take_response(struct run *r, const struct config_feed *f, struct cache_feed *st,
			 struct http_response *rs)
{
	if (rs->moved_to && strcmp(rs->moved_to, f->url)) {
		set(&st->moved_to, rs->moved_to);
		fprintf(r->report, "%s: moved permanently to %s; update url in [feed %s]\n",
			f->name, rs->moved_to, f->name);
	}
	if (rs->status == 304) {
		succeed(r, f, st, 304);
		fprintf(r->report, "%s: 304 not modified\n", f->name);
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
		st->next_attempt = r->now + MIN(rs->retry_after, 86400L);
	free(why);
	return 1;
}

/* One feed. 0 success, unchanged or skipped; 1 failure. */
static int sync_feed(struct run *r, const struct config_feed *f, int named)
{
	struct cache_feed st = {0};
	char *err = NULL;
	int found = cache_feed_get(r->c, f->name, &st, &err);
	if (found < 0) {
		fprintf(r->report, "%s: failed: %s\n", f->name, err);
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
		fprintf(r->report,
			"%s: gone (410); not fetched until its url changes in the config\n",
			f->name);
		cache_feed_clear(&st);
		return named;
	}
	if (!named && st.next_attempt > r->now) {
		cache_feed_clear(&st);
		return 0;
	}
	struct http_request rq = {.url = f->url,
				  .etag = r->force ? NULL : st.etag,
				  .last_modified = r->force ? NULL : st.last_modified,
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
	struct run r = {.cfg = cfg,
			.c = c,
			.now = o->now,
			.force = o->force,
			.image_dir = image_dir(),
			.report = report};
	int ret = 0;
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
	collect_garbage(&r);
	free(r.image_dir);
	return ret;
}

static void when(int64_t t, char *out, size_t n)
{
	if (!t) {
		snprintf(out, n, "never");
		return;
	}
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, n, "%Y-%m-%d %H:%MZ", &tm);
}

int sync_status(const struct config *cfg, struct cache *c, int64_t now, FILE *out)
{
	fprintf(out, "%-12s %-18s %-18s %-6s %-8s %-18s %s\n", "FEED", "LAST ATTEMPT",
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
		when(found ? st.last_attempt : 0, a, sizeof a);
		when(found ? st.last_success : 0, s, sizeof s);
		if (!f->enabled)
			snprintf(n, sizeof n, "disabled");
		else if (found && st.gone)
			snprintf(n, sizeof n, "never (410)");
		else if (!found || st.next_attempt <= now)
			snprintf(n, sizeof n, "now");
		else
			when(st.next_attempt, n, sizeof n);
		snprintf(code, sizeof code, "%d", found ? st.status : 0);
		fprintf(out, "%-12s %-18s %-18s %-6s %-8lld %-18s %s\n", f->name, a, s,
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
			fprintf(out, "feeds: %s:%d: [feed %s] has %s: %s\n",
				cfg->path ? cfg->path : "config", f->line, f->name,
				st.last_success ? "not succeeded for a day" : "never succeeded",
				*st.error ? st.error : "no answer");
			warned++;
		}
		cache_feed_clear(&st);
	}
	return warned;
}
