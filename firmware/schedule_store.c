/*
 * schedule_store — a parsed schedule into the cache: the conference's
 * stored events are read, merged with the new ones (what moved, what was
 * dropped) and replaced in one transaction, so a reader sees the old
 * programme or the new one.
 *
 * Must not: know about SDL or layout; talk to SQLite except through
 * cache.h.
 */
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "schedule.h"

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
	term_printf(report, "%s: schedule %s: %zu events, %zu changed, %zu cancelled, skipped %zu",
		path, r.conference, n, changed, cancelled, r.skipped);
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
