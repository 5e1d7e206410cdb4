/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cache_feed — the cache's record of each [feed]: its validators and
 * state (cache_feed_get/put), which articles it carried and when
 * (feed_items), and the images the sync stored for their URLs.
 *
 * Must not: know about HTTP, any format, SDL or layout.
 */
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "cache/cache.h"
#include "cache/cache_int.h"

static void feed_read(sqlite3_stmt *s, struct cache_feed *f)
{
	memset(f, 0, sizeof *f);
	f->name = cache_column_dup(s, 0);
	f->url = cache_column_dup(s, 1);
	f->etag = cache_column_dup(s, 2);
	f->last_modified = cache_column_dup(s, 3);
	f->body_hash = cache_column_dup(s, 4);
	f->last_attempt = sqlite3_column_int64(s, 5);
	f->last_success = sqlite3_column_int64(s, 6);
	f->status = sqlite3_column_int(s, 7);
	f->error = cache_column_dup(s, 8);
	f->failures = sqlite3_column_int(s, 9);
	f->next_attempt = sqlite3_column_int64(s, 10);
	f->gone = sqlite3_column_int(s, 11);
	f->moved_to = cache_column_dup(s, 12);
	f->articles = sqlite3_column_int64(s, 13);
}

int cache_feed_get(struct cache *c, const char *name, struct cache_feed *out, char **err)
{
	sqlite3_stmt *s = cache_stmt_err(c, ST_FEED_GET, err);
	if (!s)
		return -1;
	cache_bind_text(s, 1, name);
	int rc = sqlite3_step(s), ret = 0;
	if (rc == SQLITE_ROW) {
		feed_read(s, out);
		ret = 1;
	} else if (rc != SQLITE_DONE) {
		*err = cache_db_error(c, "cannot read feed state");
		ret = -1;
	}
	sqlite3_reset(s);
	return ret;
}

int cache_feed_put(struct cache *c, const struct cache_feed *f, char **err)
{
	sqlite3_stmt *s = cache_stmt_err(c, ST_FEED_PUT, err);
	if (!s)
		return -1;
	cache_bind_text(s, 1, f->name);
	cache_bind_text(s, 2, f->url);
	cache_bind_text(s, 3, f->etag);
	cache_bind_text(s, 4, f->last_modified);
	cache_bind_text(s, 5, f->body_hash);
	sqlite3_bind_int64(s, 6, f->last_attempt);
	sqlite3_bind_int64(s, 7, f->last_success);
	sqlite3_bind_int(s, 8, f->status);
	cache_bind_text(s, 9, f->error);
	sqlite3_bind_int(s, 10, f->failures);
	sqlite3_bind_int64(s, 11, f->next_attempt);
	sqlite3_bind_int(s, 12, f->gone);
	cache_bind_text(s, 13, f->moved_to);
	int rc = sqlite3_step(s);
	if (rc != SQLITE_DONE)
		*err = cache_db_error(c, "cannot store feed state");
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

void cache_feed_clear(struct cache_feed *f)
{
	if (!f)
		return;
	free(f->name);
	free(f->url);
	free(f->etag);
	free(f->last_modified);
	free(f->body_hash);
	free(f->error);
	free(f->moved_to);
	memset(f, 0, sizeof *f);
}

int cache_feed_seen(struct cache *c, const char *feed, const char *id, int64_t now, char **err)
{
	sqlite3_stmt *s = cache_stmt_err(c, ST_FEED_SEEN, err);
	if (!s)
		return -1;
	cache_bind_text(s, 1, feed);
	cache_bind_text(s, 2, id);
	sqlite3_bind_int64(s, 3, now);
	int rc = sqlite3_step(s);
	if (rc != SQLITE_DONE)
		*err = cache_db_error(c, "cannot record a feed item");
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

long cache_feed_expire(struct cache *c, const char *feed, int64_t before, char **err)
{
	sqlite3_stmt *s = cache_stmt_err(c, ST_FEED_EXPIRE, err);
	if (!s)
		return -1;
	cache_bind_text(s, 1, feed);
	sqlite3_bind_int64(s, 2, before);
	int rc = sqlite3_step(s);
	long n = (long)sqlite3_changes(c->db);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		*err = cache_db_error(c, "cannot remove old feed items");
		return -1;
	}
	/* Forget items whose article is gone (expired here, pruned or removed). */
	s = cache_stmt_err(c, ST_FEED_FORGET, err);
	if (!s)
		return -1;
	cache_bind_text(s, 1, feed);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		*err = cache_db_error(c, "cannot remove old feed items");
		return -1;
	}
	return n;
}

int cache_images(struct cache *c, const char *prefix, void (*each)(const char *path, void *user),
		 void *user, char **err)
{
	/* Forget the pictures no article shows any more. */
	sqlite3_stmt *s = cache_stmt_err(c, ST_IMAGES_GC, err);
	if (!s)
		return -1;
	int gc = sqlite3_step(s);
	sqlite3_reset(s);
	if (gc != SQLITE_DONE) {
		*err = cache_db_error(c, "cannot forget old images");
		return -1;
	}
	s = cache_stmt_err(c, ST_IMAGES_LIST, err);
	if (!s)
		return -1;
	cache_bind_text(s, 1, prefix);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		each((const char *)sqlite3_column_text(s, 0), user);
	if (rc != SQLITE_DONE)
		*err = cache_db_error(c, "cannot list images");
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

char *cache_image_get(struct cache *c, const char *url)
{
	char *err = NULL;
	sqlite3_stmt *s = cache_stmt_err(c, ST_IMAGE_GET, &err);
	if (!s) {
		free(err);
		return NULL;
	}
	cache_bind_text(s, 1, url);
	char *path = sqlite3_step(s) == SQLITE_ROW ? cache_column_dup(s, 0) : NULL;
	sqlite3_reset(s);
	return path;
}

int cache_image_put(struct cache *c, const char *url, const char *path, char **err)
{
	sqlite3_stmt *s =
	    path ? cache_stmt_err(c, ST_IMAGE_PUT, err) : cache_stmt_err(c, ST_IMAGE_DROP_URL, err);
	if (!s)
		return -1;
	cache_bind_text(s, 1, url);
	if (path)
		cache_bind_text(s, 2, path);
	int rc = sqlite3_step(s);
	if (rc != SQLITE_DONE)
		*err = cache_db_error(c, "cannot record an image");
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

int cache_feed_touch(struct cache *c, const char *feed, int64_t now, char **err)
{
	sqlite3_stmt *s = cache_stmt_err(c, ST_FEED_TOUCH, err);
	if (!s)
		return -1;
	cache_bind_text(s, 1, feed);
	sqlite3_bind_int64(s, 2, now);
	int rc = sqlite3_step(s);
	if (rc != SQLITE_DONE)
		*err = cache_db_error(c, "cannot record feed items");
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

int cache_image_forget(struct cache *c, const char *path, char **err)
{
	sqlite3_stmt *s = cache_stmt_err(c, ST_IMAGE_UNSET, err);
	if (!s)
		return -1;
	cache_bind_text(s, 1, path);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_DONE && (s = cache_stmt_err(c, ST_IMAGE_DROP_PATH, err))) {
		cache_bind_text(s, 1, path);
		rc = sqlite3_step(s);
		sqlite3_reset(s);
	} else if (rc == SQLITE_DONE) {
		return -1;
	}
	if (rc != SQLITE_DONE)
		*err = cache_db_error(c, "cannot forget an image");
	return rc == SQLITE_DONE ? 0 : -1;
}
