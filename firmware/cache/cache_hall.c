/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cache_hall — the halls' live state in the cache: a hall a steward marked
 * full, and where each schedule came from and when (its freshness on the
 * board), read back beside the talks.
 *
 * Must not: know about MQTT, any schedule format, SDL or layout.
 */
#include <stdlib.h>
#include <string.h>

#include "base/event.h"
#include "base/util.h"
#include "cache/cache.h"
#include "cache/cache_int.h"

/* Run sql with text a and ints i, j bound as ?1, ?2, ?3 (those it has).
 * 0 or -1 with *err naming what. */
static int write(struct cache *c, const char *sql, const char *a, int64_t i, int64_t j,
		 const char *what, char **err)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(c->db, sql, -1, &s, NULL);
	if (rc == SQLITE_OK) {
		cache_bind_text(s, 1, a);
		if (sqlite3_bind_parameter_count(s) >= 3) {
			sqlite3_bind_int64(s, 2, i);
			sqlite3_bind_int64(s, 3, j);
		} else if (sqlite3_bind_parameter_count(s) == 2) {
			sqlite3_bind_int64(s, 2, i);
		}
		rc = sqlite3_step(s);
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return 0;
	*err = cache_db_error(c, what);
	return -1;
}

int cache_hall_set(struct cache *c, const char *room, int full, int64_t now, char **err)
{
	if (!full)
		return write(c, "DELETE FROM halls WHERE room = ?1", room,
			     0, 0, "cannot mark a hall open", err);
	return write(c,
		     "INSERT INTO halls (room, state, changed) VALUES (?1, 'full', ?2) "
		     "ON CONFLICT (room) DO NOTHING",
		     room, now, 0, "cannot mark a hall full", err);
}

int cache_schedule_seen(struct cache *c, const char *source, int feed, int64_t now, char **err)
{
	return write(c,
		     "INSERT OR REPLACE INTO schedule_sources (source, feed, updated) "
		     "VALUES (?1, ?3, ?2)",
		     source, now, feed != 0, "cannot record where a schedule came from", err);
}

/* The halls marked full into v. 0, 1 when the cache is from before the
 * table (read as none), or -1. */
static int read_full(struct cache *c, struct event_live *v)
{
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(c->db, "SELECT room FROM halls WHERE state = 'full' ORDER BY room",
			       -1, &s, NULL) != SQLITE_OK) {
		sqlite3_finalize(s);
		return 1;
	}
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		v->full = xgrow(v->full, &cap, v->nfull + 1, sizeof *v->full);
		v->full[v->nfull++] = cache_column_dup(s, 0);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* When a schedule last came in, and the schedule feed failing longest. */
static int read_fresh(struct cache *c, struct event_live *v)
{
	static const char *const sql[] = {
	    "SELECT max(max(s.updated, coalesce(f.last_success, 0))) FROM schedule_sources s "
	    "LEFT JOIN feeds f ON s.feed AND f.name = s.source",
	    "SELECT f.name, f.last_success FROM schedule_sources s JOIN feeds f "
	    "ON f.name = s.source WHERE s.feed AND f.failures > 0 "
	    "ORDER BY f.last_success, f.name LIMIT 1"};
	for (int q = 0; q < 2; q++) {
		sqlite3_stmt *s = NULL;
		if (sqlite3_prepare_v2(c->db, sql[q], -1, &s, NULL) != SQLITE_OK) {
			sqlite3_finalize(s);
			return -1;
		}
		int rc = sqlite3_step(s);
		if (rc == SQLITE_ROW && q == 0)
			v->updated = sqlite3_column_int64(s, 0);
		else if (rc == SQLITE_ROW) {
			v->feed = cache_column_dup(s, 0);
			v->feed_ok = sqlite3_column_int64(s, 1);
		}
		sqlite3_finalize(s);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return -1;
	}
	return 0;
}

int cache_live_read(struct cache *c, struct event_live *out, char **err)
{
	event_live_clear(out);
	int r = read_full(c, out);
	if (r == 1)
		return 0; /* a file from before the halls' state: none */
	if (r < 0 || read_fresh(c, out)) {
		event_live_clear(out);
		*err = cache_db_error(c, "cannot read the halls' state");
		return -1;
	}
	return 0;
}
