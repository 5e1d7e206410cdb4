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

static const struct event *find_guid(const struct event_list *l, const char *guid)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->items[i].guid, guid) == 0)
			return &l->items[i];
	return NULL;
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
	for (size_t i = 0; i < nfresh; i++) {
		struct event *e = &fresh->items[i];
		const struct event *o = find_guid(old, e->guid);
		if (o) {
			nchanged += merge_one(e, o, now);
		} else if (old->n) { /* a re-import: the programme did not have it */
			e->status = EVENT_NEW;
			e->changed_at = now;
			nadded++;
		}
	}
	for (size_t i = 0; i < old->n; i++) {
		const struct event *o = &old->items[i];
		if (o->start <= now || find_guid(fresh, o->guid))
			continue;
		event_list_push(fresh, o);
		struct event *c = &fresh->items[fresh->n - 1];
		if (c->status != EVENT_CANCELLED) {
			c->status = EVENT_CANCELLED;
			c->changed_at = now;
			ncancelled++;
		}
	}
	event_list_sort(fresh);
	if (changed)
		*changed = nchanged;
	if (cancelled)
		*cancelled = ncancelled;
}

/* Reasons listed on one result line before "and more". */
#define MAX_REASONS 5

/* Merge r's events with the stored ones and replace them, in one
 * transaction. 0, or -1 with *err. */
static int store(struct cache *c, struct schedule_result *r, size_t *changed, size_t *cancelled,
		 char **err)
{
	struct event_list old = {0};
	if (cache_begin(c)) {
		*err = xstrdup("cannot start a transaction (is the cache locked?)");
		return -1;
	}
	if (cache_events_get(c, r->conference, &old, err))
		goto fail;
	schedule_merge(&old, &r->events, time_now_unix(), changed, cancelled);
	if (cache_events_replace(c, r->conference, &r->events, err))
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
	if (schedule_parse(data, len, lim, name, &r)) {
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
	if (store(c, &r, &changed, &cancelled, &err)) {
		log_error("%s: %s", path, err);
		goto done;
	}
	fprintf(report, "%s: schedule %s: %zu events, %zu changed, %zu cancelled", path,
		r.conference, n, changed, cancelled);
	if (r.zone_used)
		fprintf(report, ", local times in %s (%s)", r.zone_used, r.zone_origin);
	if (r.renamed)
		fprintf(report, ", %zu with an id used before (kept as ID@START)", r.renamed);
	fprintf(report, ", skipped %zu", r.skipped);
	if (r.skipped)
		fprintf(report, ": %s%s", r.reasons.data,
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
