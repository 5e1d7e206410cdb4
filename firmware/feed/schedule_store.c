/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * schedule_store — a parsed schedule into the cache: the conference's
 * stored events are read, merged with the new ones (what moved, what was
 * dropped) and replaced in one transaction, so a reader sees the old
 * programme or the new one.
 *
 * Must not: know about SDL or layout; talk to SQLite except through
 * cache.h.
 */
#include "feed/schedule_store.h"

#include <stdlib.h>
#include <string.h>

#include "cache/cache.h"

/* A list's events by id, for lookups in O(log n): the merge is then
 * O(n log n), not the O(n * m) of a scan per event (20,000 talks took
 * 7.7 s to re-import). */
struct by_id {
	const struct event **v;
	size_t n;
};

static int cmp_id(const void *a, const void *b)
{
	return strcmp((*(const struct event *const *)a)->guid,
		      (*(const struct event *const *)b)->guid);
}

static void by_id_build(struct by_id *ix, const struct event_list *l, size_t n)
{
	ix->n = n;
	ix->v = n ? xcalloc(n, sizeof *ix->v) : NULL;
	for (size_t i = 0; i < n; i++)
		ix->v[i] = &l->items[i];
	if (n)
		qsort(ix->v, n, sizeof *ix->v, cmp_id);
}

static const struct event *find_guid(const struct by_id *ix, const char *guid)
{
	struct event key = {.guid = (char *)guid};
	const struct event *k = &key, **hit = ix->n ? bsearch(&k, ix->v, ix->n, sizeof *ix->v, cmp_id)
						      : NULL;
	return hit ? *hit : NULL;
}

/* e is the fresh version of the stored o: mark what moved. */
static int merge_one(struct event *e, const struct event *o, int64_t now)
{
	int moved = e->start != o->start || e->end != o->end;
	int rehoused = strcmp(e->room, o->room) != 0;
	if (!moved && !rehoused && o->status != EVENT_CANCELLED) {
		e->status = o->status;
		e->changed_at = o->changed_at;
		e->old_start = o->old_start;
		free(e->old_room);
		e->old_room = xstrdup(o->old_room ? o->old_room : "");
		return 0;
	}
	if (!moved && !rehoused)
		return 0; /* back in the programme as it was */
	e->status = EVENT_CHANGED;
	e->changed_at = now;
	e->old_start = moved ? o->start : 0;
	free(e->old_room);
	e->old_room = xstrdup(rehoused ? o->room : "");
	return 1;
}

void schedule_merge(const struct event_list *old, struct event_list *fresh, int64_t now,
		    size_t *changed, size_t *cancelled)
{
	size_t nchanged = 0, ncancelled = 0, nadded = 0, nfresh = fresh->n;
	struct by_id olds, news;
	by_id_build(&olds, old, old->n);
	for (size_t i = 0; i < nfresh; i++) {
		struct event *e = &fresh->items[i];
		const struct event *o = find_guid(&olds, e->guid);
		if (o) {
			nchanged += merge_one(e, o, now);
		} else if (old->n) { /* a re-import: the programme did not have it */
			e->status = EVENT_NEW;
			e->changed_at = now;
			nadded++;
		}
	}
	free(olds.v);
	/* The stored talks the file no longer has, found before any is
	 * pushed (a push may move fresh's items under the index). */
	by_id_build(&news, fresh, nfresh);
	size_t *gone = old->n ? xcalloc(old->n, sizeof *gone) : NULL, ngone = 0;
	for (size_t i = 0; i < old->n; i++)
		if (old->items[i].start > now && !find_guid(&news, old->items[i].guid))
			gone[ngone++] = i;
	free(news.v);
	for (size_t k = 0; k < ngone; k++) {
		const struct event *o = &old->items[gone[k]];
		event_list_push(fresh, o);
		struct event *c = &fresh->items[fresh->n - 1];
		if (c->status != EVENT_CANCELLED) {
			c->status = EVENT_CANCELLED;
			c->changed_at = now;
			ncancelled++;
		}
	}
	free(gone);
	event_list_sort(fresh);
	if (changed)
		*changed = nchanged;
	if (cancelled)
		*cancelled = ncancelled;
}

/* Reasons listed on one result line before "and more". */
#define MAX_REASONS 5

/* Make the stored programme old into fresh, writing only the rows that
 * differ (a re-import mostly changes few): a tenth of 20,000 talks
 * moved is 2,000 writes, not 40,000. 0, or -1 with *err. */
static int write_changes(struct cache *c, const char *conference, const struct event_list *old,
			 const struct event_list *fresh, char **err)
{
	struct by_id olds, news;
	by_id_build(&olds, old, old->n);
	by_id_build(&news, fresh, fresh->n);
	int rc = 0;
	for (size_t i = 0; !rc && i < fresh->n; i++) {
		const struct event *o = find_guid(&olds, fresh->items[i].guid);
		if (!o || !event_same(o, &fresh->items[i]))
			rc = cache_event_store(c, conference, &fresh->items[i], err);
	}
	for (size_t i = 0; !rc && i < old->n; i++)
		if (!find_guid(&news, old->items[i].guid))
			rc = cache_event_drop(c, conference, old->items[i].guid, err);
	free(olds.v);
	free(news.v);
	return rc;
}

/* Merge r's events with the stored ones and store what changed, in one
 * transaction. 0, or -1 with *err. */
static int store(struct cache *c, struct schedule_result *r, int64_t now, size_t *changed,
		 size_t *cancelled, char **err)
{
	struct event_list old = {0};
	if (cache_begin(c)) {
		*err = xstrdup("cannot start a transaction (is the cache locked?)");
		return -1;
	}
	if (cache_events_get(c, r->conference, &old, err))
		goto fail;
	schedule_merge(&old, &r->events, now, changed, cancelled);
	if (write_changes(c, r->conference, &old, &r->events, err))
		goto fail;
	event_list_free(&old);
	if (cache_commit(c)) {
		cache_rollback(c);
		*err = xstrdup("cannot commit (is the disk full?)");
		return -1;
	}
	return 0;
fail:
	event_list_free(&old);
	cache_rollback(c);
	return -1;
}

/* The file's name without directories or extension: the conference's
 * name when the file gives none. Caller frees. */
static char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *b = xstrdup(slash ? slash + 1 : path);
	char *dot = strchr(b, '.');
	if (dot && dot != b)
		*dot = 0;
	return b;
}

int schedule_import(struct cache *c, const char *path, const char *data, size_t len,
		    const struct import_limits *lim, FILE *report)
{
	struct schedule_result r = {0};
	char *err = NULL, *name = base_name(path);
	size_t changed = 0, cancelled = 0;
	int ret = 1;
	struct import_limits at = *lim; /* a repeating event's window starts now */
	if (!at.now)
		at.now = time_now_unix();
	if (schedule_parse(data, len, &at, name, &r)) {
		log_error("%s: %s", path, r.error);
		goto done;
	}
	size_t n = r.events.n;
	if (!n) {
		/* An empty or broken export must not wipe the programme. */
		log_error("%s: schedule %s: no whole event (skipped %zu%s%s); the stored programme "
			  "is kept",
			  path, r.conference, r.skipped, r.skipped ? ": " : "",
			  r.reasons.data ? r.reasons.data : "");
		goto done;
	}
	if (store(c, &r, at.now, &changed, &cancelled, &err)) {
		log_error("%s: %s", path, err);
		goto done;
	}
	term_printf(report, "%s: schedule %s: %zu events, %zu changed, %zu cancelled", path,
		r.conference, n, changed, cancelled);
	if (r.zone_used)
		term_printf(report, ", local times in %s (%s)", r.zone_used, r.zone_origin);
	if (r.renamed)
		term_printf(report, ", %zu with an id used before (kept as ID@START)", r.renamed);
	term_printf(report, ", skipped %zu", r.skipped);
	if (r.skipped)
		term_printf(report, ": %s%s", r.reasons.data,
			r.skipped > MAX_REASONS ? "; and more" : "");
	fputc('\n', report);
	fflush(report);
	ret = 0;
done:
	free(err);
	free(name);
	schedule_result_free(&r);
	return ret;
}
