/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cache_plays — what a display played: one row per card shown, with its
 * start and how long it stayed, written whole in one statement when the
 * card leaves the screen, kept 30 days and at most CACHE_PLAYS_MAX rows.
 *
 * Must not: know about SDL, cards or layout; write anything but plays.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "cache/cache.h"
#include "cache/cache_int.h"

/* Rows older than this are dropped. */
#define PLAYS_KEEP_SECONDS (30 * 86400)
/* One prune per this many plays: the DELETE stays off most inserts. */
#define PLAYS_PRUNE_EVERY 64

static int plays_prune(struct cache *c, int64_t now, char **err)
{
	sqlite3_stmt *s = NULL;
	const char *sql = "DELETE FROM plays WHERE start < ?1 OR id <= "
			  "(SELECT max(id) FROM plays) - ?2";
	if (sqlite3_prepare_v2(c->db, sql, -1, &s, NULL) != SQLITE_OK) {
		*err = cache_db_error(c, "cannot prune plays");
		return -1;
	}
	sqlite3_bind_int64(s, 1, now - PLAYS_KEEP_SECONDS);
	sqlite3_bind_int64(s, 2, CACHE_PLAYS_MAX);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		*err = cache_db_error(c, "cannot prune plays");
		return -1;
	}
	return 0;
}

int cache_play_add(struct cache *c, const struct cache_play *p, int64_t now, char **err)
{
	assert(c && p && p->kind && *p->kind);
	sqlite3_stmt *s = NULL;
	const char *sql = "INSERT INTO plays (start, duration, kind, article, title, page) "
			  "VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id";
	if (sqlite3_prepare_v2(c->db, sql, -1, &s, NULL) != SQLITE_OK) {
		*err = cache_db_error(c, "cannot record a play");
		return -1;
	}
	sqlite3_bind_int64(s, 1, p->start);
	sqlite3_bind_double(s, 2, p->duration < 0 ? 0 : p->duration);
	cache_bind_text(s, 3, p->kind);
	cache_bind_text(s, 4, p->article);
	cache_bind_text(s, 5, p->title);
	sqlite3_bind_int(s, 6, p->page);
	int rc = sqlite3_step(s);
	int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	if (rc == SQLITE_ROW)
		rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		*err = cache_db_error(c, "cannot record a play");
		return -1;
	}
	return id % PLAYS_PRUNE_EVERY == 0 ? plays_prune(c, now, err) : 0;
}

int cache_plays_list(struct cache *c, int64_t since,
		     int (*each)(const struct cache_play *p, void *user), void *user, char **err)
{
	sqlite3_stmt *s = NULL;
	const char *sql = "SELECT start, duration, kind, article, title, page FROM plays "
			  "WHERE start >= ?1 ORDER BY start, id";
	if (sqlite3_prepare_v2(c->db, sql, -1, &s, NULL) != SQLITE_OK) {
		*err = cache_db_error(c, "cannot read plays");
		return -1;
	}
	sqlite3_bind_int64(s, 1, since);
	int rc, stop = 0;
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct cache_play p = {
		    .start = sqlite3_column_int64(s, 0),
		    .duration = sqlite3_column_double(s, 1),
		    .kind = cache_column_dup(s, 2),
		    .article = cache_column_dup(s, 3),
		    .title = cache_column_dup(s, 4),
		    .page = sqlite3_column_int(s, 5),
		};
		stop = each(&p, user);
		free((char *)p.kind);
		free((char *)p.article);
		free((char *)p.title);
	}
	sqlite3_finalize(s);
	if (!stop && rc != SQLITE_DONE) {
		*err = cache_db_error(c, "cannot read plays");
		return -1;
	}
	return 0;
}
