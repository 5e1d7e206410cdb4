/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cache — the one SQLite file (WAL) where importers write articles and the
 * display reads them. A reader sees an article whole or not at all.
 *
 * Must not: know about SDL, layout, or any import format.
 */
#ifndef KHABAR_CACHE_H
#define KHABAR_CACHE_H

#include <stdint.h>

#include "base/article.h"
#include "base/event.h"

struct cache;

/* Open (creating and migrating if needed) the database at path, creating
 * its directory. readonly: the display's mode; it never creates or
 * migrates. NULL with *err (caller frees) naming the file. */
struct cache *cache_open(const char *path, int readonly, char **err);
void cache_close(struct cache *c);
/* The default path: $XDG_DATA_HOME/khabar/khabar.db. Caller frees. NULL
 * when neither XDG_DATA_HOME nor HOME is set (NO_HOME_MESSAGE says so). */
char *cache_default_path(void);

/* How long a statement waits for another writer before it fails
 * (default 5 s; the display's plays wait only a few milliseconds). */
void cache_busy_timeout(struct cache *c, int ms);
/* Group writes into one transaction. 0 or -1 (logged). */
int cache_begin(struct cache *c);
int cache_commit(struct cache *c);
void cache_rollback(struct cache *c);

/* Insert or update by id. *updated (when not NULL) is 0 for a new row,
 * CACHE_PUT_CHANGED when the row existed and changed, CACHE_PUT_SAME when
 * it was identical and left untouched. An article keeps the imported time
 * of its first import; a new row takes a->imported, or now when 0.
 * 0, or -1 with *err. */
#define CACHE_PUT_CHANGED 1
#define CACHE_PUT_SAME 2
int cache_put(struct cache *c, const struct article *a, int *updated, char **err);

/* Articles in display order (breaking, pinned, newest first). Expired
 * ones (expires <= now) are left out unless include_expired. Appends
 * copies to out. 0 or -1 with *err. */
int cache_list(struct cache *c, int64_t now, int include_expired, struct article_list *out,
	       char **err);
/* The same without summaries and bodies (left ""), for lists of
 * headlines: it reads a tenth of the data. */
int cache_list_brief(struct cache *c, int64_t now, int include_expired, struct article_list *out,
		     char **err);
/* 1 when another connection changed what a screen shows (articles or
 * talks) since the last call, 0 when not (also when only the sync's own
 * bookkeeping changed), -1 when the file is gone or broken. Cheap: PRAGMA
 * data_version, then one row only when something was written. */
int cache_changed(struct cache *c);
/* When the last import wrote anything (Unix time), 0 when never. */
int64_t cache_last_update(struct cache *c);

/* One article by id into *out (caller clears with article_clear()).
 * 1 found, 0 not found, -1 with *err. */
int cache_get(struct cache *c, const char *id, struct article *out, char **err);
/* Delete one article. 1 deleted, 0 no such id, -1 with *err. */
int cache_remove(struct cache *c, const char *id, char **err);
/* Delete articles expired at now, and, when max_age > 0, those published
 * (or, undated, imported) before now - max_age seconds. Returns how many
 * were deleted, or -1 with *err. */
long cache_prune(struct cache *c, int64_t now, int64_t max_age, char **err);
/* Number of articles, or -1. */
long cache_count(struct cache *c);
/* Rows the last listing could not read (a damaged file; they were
 * skipped, logged once), 0 when it read them all. */
long cache_skipped(const struct cache *c);
/* 1 when c reads its file as unchanging (it cannot create the WAL's -shm
 * index: a directory it may not write); changes are still noticed. */
int cache_is_immutable(const struct cache *c);
/* Copy every readable article of the (damaged) cache at path into a new
 * file that takes its place; the damaged file (and its -wal) is moved
 * aside. Returns the path it was moved to (caller frees) with *kept and
 * *lost (rows that could not be read), or NULL with *err. */
char *cache_repair(const char *path, long *kept, long *lost, char **err);
/* PRAGMA integrity_check: 0 when "ok", else -1 with *err (caller frees)
 * holding SQLite's first complaint. */
int cache_check(struct cache *c, char **err);

/* What `khabar sync` remembers about one [feed NAME]. */
struct cache_feed {
	char *name, *url;	    /* url: the configured URL this state is for */
	char *etag, *last_modified; /* validators of the last 200 ("" for none) */
	char *body_hash;	    /* of the last body parsed */
	int64_t last_attempt, last_success, next_attempt; /* Unix time; 0 never */
	int status;					  /* last HTTP status, 0 when none came */
	char *error;					  /* last failure, "" after a success */
	int failures;					  /* in a row, for the backoff */
	int gone;	  /* 410: not fetched until the URL changes */
	char *moved_to;	  /* where a 301 pointed, "" for nowhere */
	int64_t articles; /* articles held from it (read only) */
};
/* Feed state by name into *out (clear with cache_feed_clear()). 1 found,
 * 0 not found, -1 with *err. */
int cache_feed_get(struct cache *c, const char *name, struct cache_feed *out, char **err);
/* Insert or replace a feed's state. 0 or -1 with *err. */
int cache_feed_put(struct cache *c, const struct cache_feed *f, char **err);
void cache_feed_clear(struct cache_feed *f);
/* Record that article id was in feed at time now. 0 or -1 with *err. */
int cache_feed_seen(struct cache *c, const char *feed, const char *id, int64_t now, char **err);
/* Delete feed's articles last seen before `before` (pinned ones stay) and
 * forget items whose article is gone. Returns how many were deleted, or
 * -1 with *err. */
long cache_feed_expire(struct cache *c, const char *feed, int64_t before, char **err);
/* The articles of feed last seen at its latest time are seen again at now
 * (the feed did not change). 0 or -1 with *err. */
int cache_feed_touch(struct cache *c, const char *feed, int64_t now, char **err);
/* Each distinct image URL (http or https) that articles of feed (NULL:
 * articles of no feed, such as MQTT announcements) show while their picture is not stored yet, to each(url,
 * user); url is borrowed for the call. 0 or -1 with *err. */
int cache_images_pending(struct cache *c, const char *feed,
			 void (*each)(const char *url, void *user), void *user, char **err);
/* The picture of url is stored at path: recorded, every article waiting
 * for url shows path, and url's failures are forgotten. 0 or -1 with
 * *err. */
int cache_image_stored(struct cache *c, const char *url, const char *path, char **err);
/* The failures in a row of url and when to try it again: 1 found, 0 never
 * failed (or since succeeded), -1 on a database error. */
int cache_image_failure_get(struct cache *c, const char *url, int *failures, int64_t *next);
/* Record that url failed (failures in a row, next attempt, why). 0 or -1
 * with *err. Rows of URLs no article shows go with cache_images(). */
int cache_image_failure_put(struct cache *c, const char *url, int failures, int64_t next,
			    const char *error, char **err);
/* How many articles the feed carried when it was last seen are no longer
 * in the cache (pruned, removed, lost to a repair): its validators and body
 * hash then say nothing about the cache, and the next fetch must be whole.
 * -1 with *err on a database error. */
long cache_feed_lost(struct cache *c, const char *feed, char **err);
/* The stored file for image URL url, or NULL. Caller frees. */
char *cache_image_get(struct cache *c, const char *url);
/* Remember (path not NULL) or forget (NULL) the stored file of url. 0 or
 * -1 with *err. */
int cache_image_put(struct cache *c, const char *url, const char *path, char **err);
/* The image file path is gone: articles showing it show none, and it is
 * no longer remembered for its URL. 0 or -1 with *err. */
int cache_image_forget(struct cache *c, const char *path, char **err);
/* Forget remembered images no article uses, then call each(path) for
 * every distinct article image starting with prefix. 0 or -1 with *err. */
int cache_images(struct cache *c, const char *prefix, void (*each)(const char *path, void *user),
		 void *user, char **err);
/* Schedules. Events of one conference (any order) or of all conferences
 * (by start, room, guid), appended to out as copies. 0 or -1 with *err. */
int cache_events_get(struct cache *c, const char *conference, struct event_list *out, char **err);
int cache_events_list(struct cache *c, struct event_list *out, char **err);
/* Replace a conference's events with l (its status and change fields
 * included); run it inside cache_begin()/cache_commit() so readers see
 * the old schedule or the new one. 0 or -1 with *err. */
int cache_events_replace(struct cache *c, const char *conference, const struct event_list *l,
			 char **err);
/* Delete a conference's events: how many, or -1 with *err. */
long cache_events_remove(struct cache *c, const char *conference, char **err);
/* Store one event of conference (a new one, or over the one with its id),
 * and remove one by its id; inside cache_begin()/cache_commit() for a
 * whole programme. 0 or -1 with *err. */
int cache_event_store(struct cache *c, const char *conference, const struct event *e, char **err);
int cache_event_drop(struct cache *c, const char *conference, const char *guid, char **err);

/* The halls' live state (cache_hall.c). Mark room full (full 1) at now,
 * or open again (0). 0 or -1 with *err. */
int cache_hall_set(struct cache *c, const char *room, int full, int64_t now, char **err);
/* A schedule came in at now from source: a [feed NAME]'s name (feed 1),
 * else the file's. 0 or -1 with *err. */
int cache_schedule_seen(struct cache *c, const char *source, int feed, int64_t now, char **err);
/* The halls marked full, when a schedule last came in, and the schedule
 * feed failing longest (with its last success) into out (cleared first).
 * cache_events_list() reads it into its list. 0 (a file from before
 * these tables: nothing), or -1 with *err. */
struct event_live;
int cache_live_read(struct cache *c, struct event_live *out, char **err);
/* What a display played: one card, whole. Strings are borrowed. */
struct cache_play {
	int64_t start;	   /* Unix time it came on screen */
	double duration;   /* seconds it stayed */
	const char *kind;  /* "headline", "page", "schedule", "intermission", "empty",
			    * "emergency" */
	const char *article; /* its article's id, "" for none */
	const char *title; /* its article's title, "" for none */
	int page;	   /* the article page, -1 for none */
};
/* Most plays kept; older ones go first (as do those over 30 days old). */
#define CACHE_PLAYS_MAX 200000
/* Record one play in one statement: a reader (or a kill -9) sees it
 * whole or not at all. Now prunes the old ones now and then. 0 or -1
 * with *err. */
int cache_play_add(struct cache *c, const struct cache_play *p, int64_t now, char **err);
/* Call each(p) for every play starting at or after since, oldest first,
 * until it returns non-zero. 0 or -1 with *err. */
int cache_plays_list(struct cache *c, int64_t since,
		     int (*each)(const struct cache_play *p, void *user), void *user, char **err);

#endif
