/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ingest — bytes from a file, a feed, a message or a post into the cache
 * (ingest.h).
 *
 * Must not: parse a format itself, fetch anything, or talk to SQLite
 * except through cache.h.
 */
#include "feed/ingest.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "cache/cache.h"
#include "feed/schedule_store.h"
#include "parse/schedule.h"

void ingest_result_free(struct ingest_result *r)
{
	buf_free(&r->reasons);
	free(r->error);
	memset(r, 0, sizeof *r);
}

void ingest_hash(const char *data, size_t len, char out[40])
{
	snprintf(out, 40, "%016llx-%zu", (unsigned long long)hash_fnv1a(HASH_FNV1A_INIT, data, len),
		 len);
}

/* One batch of l's articles from i on, in one transaction. */
static int store_batch(struct cache *c, const struct article_list *l, size_t i, const char *feed,
		       int64_t now, struct ingest_result *r, char **err)
{
	size_t end = MIN(l->n, i + INGEST_BATCH), added = 0, changed = 0, same = 0;
	if (cache_begin(c)) {
		*err = xstrdup("cannot start a transaction (is the cache locked?)");
		return -1;
	}
	for (size_t j = i; j < end; j++) {
		int state = 0;
		if (cache_put(c, &l->items[j], &state, err) ||
		    (feed && cache_feed_seen(c, feed, l->items[j].id, now, err))) {
			cache_rollback(c);
			return -1;
		}
		state == CACHE_PUT_SAME ? same++ : state ? changed++ : added++;
	}
	if (cache_commit(c)) {
		cache_rollback(c);
		*err = xstrdup("cannot commit (is the disk full?)");
		return -1;
	}
	r->added += added;
	r->changed += changed;
	r->same += same;
	return 0;
}

int ingest_articles(struct cache *c, const struct article_list *l, const char *feed, int64_t now,
		    struct ingest_result *r, char **err)
{
	r->items += l->n;
	for (size_t i = 0; i < l->n; i += INGEST_BATCH)
		if (store_batch(c, l, i, feed, now, r, err))
			return -1;
	return 0;
}

int ingest_bytes(struct cache *c, const struct ingest *in, struct ingest_result *r)
{
	if (schedule_detect(in->data, in->len) != SCHEDULE_NONE) {
		r->schedule = 1;
		int bad = schedule_import(c, in->name, in->data, in->len, in->lim, in->report);
		char *err = NULL;
		if (bad)
			r->error =
			    xstrdup("a schedule that cannot be read or stored (see the log)");
		else if (cache_schedule_seen(c, in->feed ? in->feed : in->name, in->feed != NULL,
					     in->lim->now	 ? in->lim->now
					     : in->now ? in->now
						       : time_now_unix(),
					     &err)) {
			log_warn("%s (the board's \"updated\" line may be late)", err);
			free(err);
		}
		return bad ? -1 : 0;
	}
	struct import_result ir = {0};
	struct import_limits lim = *in->lim;
	lim.now = in->now;
	int ret = -1;
	if (import_parse(in->data, in->len, &lim, &ir)) {
		r->error = ir.error;
		r->html_page = ir.html_page;
		ir.error = NULL;
		goto done;
	}
	r->skipped = ir.skipped;
	if (ir.reasons.len)
		buf_append(&r->reasons, ir.reasons.data, ir.reasons.len);
	if (in->prepare)
		in->prepare(in->arg, &ir.articles);
	ret = ingest_articles(c, &ir.articles, in->feed, in->now, r, &r->error);
done:
	import_result_free(&ir);
	return ret;
}
