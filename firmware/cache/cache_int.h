/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cache_int — what the cache's own files share (cache.c: the connection,
 * articles and repair; cache_feed.c: feed state and images; cache_event.c:
 * a conference's talks) and nobody else sees: the connection, the table
 * of statements, and the helpers every query uses. One statement style:
 * each query is a row of the table, prepared once and kept (cache_stmt).
 *
 * Must not: be included outside firmware/cache/.
 */
#ifndef KHABAR_CACHE_INT_H
#define KHABAR_CACHE_INT_H

#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include <sqlite3.h>

struct event;
struct event_list;

/* The statements, by name: their SQL is stmt_sql[] in cache.c. */
enum stmt_id {
	ST_PUT,
	ST_EXISTS,
	ST_LIST,
	ST_LIST_BRIEF,
	ST_GET,
	ST_REMOVE,
	ST_PRUNE,
	ST_COUNT,
	ST_LAST,
	ST_BEGIN,
	ST_COMMIT,
	ST_ROLLBACK,
	ST_EVENTS_GET,
	ST_EVENTS_LIST,
	ST_EVENTS_DELETE,
	ST_EVENTS_PUT,
	ST_EVENT_DELETE,
	ST_FEED_GET,
	ST_FEED_PUT,
	ST_FEED_SEEN,
	ST_FEED_EXPIRE,
	ST_FEED_FORGET,
	ST_IMAGES_LIST,
	ST_IMAGE_GET,
	ST_IMAGE_PUT,
	ST_IMAGE_DROP_URL,
	ST_FEED_TOUCH,
	ST_IMAGE_UNSET,
	ST_IMAGE_DROP_PATH,
	ST_IMAGES_GC,
	ST_FEED_LOST,
	ST_IMAGES_PENDING,
	ST_IMAGES_PENDING_FEED,
	ST_IMAGE_SHOW,
	ST_IMAGE_FAILURE_GET,
	ST_IMAGE_FAILURE_PUT,
	ST_IMAGE_FAILURE_DROP,
	ST_IMAGE_FAILURES_GC,
	ST_N
};

/* An open cache file (cache.h keeps it opaque). */
struct cache {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *st[ST_N];
	int64_t data_version;
	int64_t shown; /* shown.version when last asked; -1 before the table */
	dev_t dev;
	ino_t ino;
	/* Opened as an unchanging file (a reader that cannot create the
	 * WAL's -shm): changes are seen by the file's stat, then reopened. */
	int immutable;
	struct timespec mtime;
	off_t size;
	int had_shm;
	long skipped, skipped_logged; /* unreadable rows of the last listing */
	int damage_logged, immutable_logged;
};

/* The statement id, reset and cleared for a new use; NULL after logging. */
sqlite3_stmt *cache_stmt(struct cache *c, enum stmt_id id);
/* The same, or NULL with *err set. */
sqlite3_stmt *cache_stmt_err(struct cache *c, enum stmt_id id, char **err);
/* "PATH: what: SQLite's message"; caller frees. */
char *cache_db_error(struct cache *c, const char *what);
/* Run SQL that returns no rows: 0, or -1 with *err (when err is not NULL). */
int cache_exec(struct cache *c, const char *sql, char **err);
/* Bind v (NULL as "") to parameter i. */
void cache_bind_text(sqlite3_stmt *s, int i, const char *v);
/* Column i's text, copied ("" for NULL). Caller frees. */
char *cache_column_dup(sqlite3_stmt *s, int i);

/* (cache_event.c) Read the talks statement id returns (of conference,
 * when not NULL) into out; and write one talk of conference. 0 or -1. */
int cache_events_read(struct cache *c, enum stmt_id id, const char *conference,
		      struct event_list *out, char **err);
int cache_event_put(struct cache *c, const char *conference, const struct event *e);

#endif
