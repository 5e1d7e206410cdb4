/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cache_event — a conference's talks in the cache: read, replaced whole in
 * one transaction, removed.
 *
 * Must not: know about any schedule format, SDL or layout.
 */
#include <stdlib.h>
#include <string.h>

#include "base/event.h"
#include "base/lang.h"
#include "base/util.h"
#include "cache/cache.h"
#include "cache/cache_int.h"

static char *persons_join(const struct event *e)
{
	struct buf b = {0};
	buf_puts(&b, "");
	for (size_t i = 0; i < e->npersons; i++) {
		if (b.len)
			buf_putc(&b, '\n');
		size_t start = b.len;
		buf_puts(&b, e->persons[i] ? e->persons[i] : "");
		for (size_t j = start; j < b.len; j++)
			if (b.data[j] == '\n' || b.data[j] == '\r')
				b.data[j] = ' ';
	}
	return buf_steal(&b);
}

static void event_read(sqlite3_stmt *s, struct event *e)
{
	memset(e, 0, sizeof *e);
	e->conference = cache_column_dup(s, 0);
	e->guid = cache_column_dup(s, 1);
	e->room = cache_column_dup(s, 2);
	e->start = sqlite3_column_int64(s, 3);
	e->end = sqlite3_column_int64(s, 4);
	e->title = cache_column_dup(s, 5);
	e->subtitle = cache_column_dup(s, 6);
	e->track = cache_column_dup(s, 7);
	e->track_color = cache_column_dup(s, 8);
	e->type = cache_column_dup(s, 9);
	e->lang = cache_column_dup(s, 10);
	char *persons = cache_column_dup(s, 11);
	for (char *p = persons; *p;) {
		char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		e->persons = xrealloc(e->persons, (e->npersons + 1) * sizeof *e->persons);
		e->persons[e->npersons++] = xstrndup(p, n);
		if (!nl)
			break;
		p = nl + 1;
	}
	free(persons);
	e->abstract = cache_column_dup(s, 12);
	e->url = cache_column_dup(s, 13);
	int st = sqlite3_column_int(s, 14);
	e->status = st == EVENT_CHANGED || st == EVENT_CANCELLED || st == EVENT_NEW
			? (enum event_status)st
			: EVENT_SCHEDULED;
	e->changed_at = sqlite3_column_int64(s, 15);
	e->old_start = sqlite3_column_int64(s, 16);
	e->old_room = cache_column_dup(s, 17);
	const char *dir = (const char *)sqlite3_column_text(s, 18);
	if (dir && !strcmp(dir, "ltr"))
		e->dir = ARTICLE_DIR_LTR;
	else if (dir && !strcmp(dir, "rtl"))
		e->dir = ARTICLE_DIR_RTL;
	else /* stored before talks had a direction: the same rule, now */
		e->dir = lang_title_dir(e->title, e->lang);
	e->all_day = sqlite3_column_int(s, 19) != 0;
}

int cache_events_read(struct cache *c, enum stmt_id id, const char *conference,
		      struct event_list *out, char **err)
{
	sqlite3_stmt *s = cache_stmt(c, id);
	if (!s) {
		*err = cache_db_error(c, "cannot read the schedule");
		return -1;
	}
	if (conference)
		cache_bind_text(s, 1, conference);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		out->items = xgrow(out->items, &out->cap, out->n + 1, sizeof *out->items);
		event_read(s, &out->items[out->n++]);
	}
	if (rc != SQLITE_DONE)
		*err = cache_db_error(c, "cannot read the schedule");
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

int cache_events_get(struct cache *c, const char *conference, struct event_list *out, char **err)
{
	return cache_events_read(c, ST_EVENTS_GET, conference, out, err);
}

int cache_events_list(struct cache *c, struct event_list *out, char **err)
{
	if (cache_events_read(c, ST_EVENTS_LIST, NULL, out, err))
		return -1;
	char *why = NULL;
	if (cache_live_read(c, &out->live, &why)) { /* the talks still show */
		log_warn("%s", why);
		free(why);
	}
	return 0;
}

long cache_events_remove(struct cache *c, const char *conference, char **err)
{
	sqlite3_stmt *s = cache_stmt(c, ST_EVENTS_DELETE);
	if (!s || (cache_bind_text(s, 1, conference), sqlite3_step(s)) != SQLITE_DONE) {
		*err = cache_db_error(c, "cannot remove a conference");
		if (s)
			sqlite3_reset(s);
		return -1;
	}
	sqlite3_reset(s);
	return (long)sqlite3_changes(c->db);
}

int cache_event_put(struct cache *c, const char *conference, const struct event *e)
{
	sqlite3_stmt *s = cache_stmt(c, ST_EVENTS_PUT);
	if (!s)
		return -1;
	char *persons = persons_join(e);
	const char *texts[] = {conference, e->guid,	e->room,     NULL,	     NULL,
			       e->title,   e->subtitle, e->track,    e->track_color, e->type,
			       e->lang,	   persons,	e->abstract, e->url};
	for (size_t i = 0; i < ARRAY_LEN(texts); i++)
		if (i != 3 && i != 4)
			cache_bind_text(s, (int)i + 1, texts[i]);
	sqlite3_bind_int64(s, 4, e->start);
	sqlite3_bind_int64(s, 5, e->end);
	sqlite3_bind_int(s, 15, (int)e->status);
	sqlite3_bind_int64(s, 16, e->changed_at);
	sqlite3_bind_int64(s, 17, e->old_start);
	cache_bind_text(s, 18, e->old_room);
	cache_bind_text(s, 19, e->dir == ARTICLE_DIR_LTR   ? "ltr"
			       : e->dir == ARTICLE_DIR_RTL ? "rtl"
							   : "");
	sqlite3_bind_int(s, 20, e->all_day != 0);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	free(persons);
	return rc == SQLITE_DONE ? 0 : -1;
}

int cache_events_replace(struct cache *c, const char *conference, const struct event_list *l,
			 char **err)
{
	if (cache_events_remove(c, conference, err) < 0)
		return -1;
	for (size_t i = 0; i < l->n; i++)
		if (cache_event_put(c, conference, &l->items[i])) {
			*err = xasprintf("%s: cannot store event %s: %s", c->path, l->items[i].guid,
					 sqlite3_errmsg(c->db));
			return -1;
		}
	return 0;
}

int cache_event_store(struct cache *c, const char *conference, const struct event *e, char **err)
{
	if (!cache_event_put(c, conference, e))
		return 0;
	*err = xasprintf("%s: cannot store event %s: %s", c->path, e->guid, sqlite3_errmsg(c->db));
	return -1;
}

int cache_event_drop(struct cache *c, const char *conference, const char *guid, char **err)
{
	sqlite3_stmt *s = cache_stmt(c, ST_EVENT_DELETE);
	int rc = SQLITE_ERROR;
	if (s) {
		cache_bind_text(s, 1, conference);
		cache_bind_text(s, 2, guid);
		rc = sqlite3_step(s);
		sqlite3_reset(s);
	}
	if (rc == SQLITE_DONE)
		return 0;
	*err = cache_db_error(c, "cannot remove an event");
	return -1;
}
