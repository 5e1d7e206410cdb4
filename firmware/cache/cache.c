/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cache — the one SQLite file: the connection, articles and repair. Feed
 * state and images are cache_feed.c, a conference's talks cache_event.c;
 * what the three share is cache_int.h.
 *
 * WAL journal, so the display reads while an import writes; a busy
 * timeout, so two writers take turns instead of failing; the schema
 * version in PRAGMA user_version, migrated forward on open; every
 * statement prepared once and bound, never built from strings. One article
 * is one row, so a reader sees it whole or not at all, and a killed
 * import leaves each article present whole or absent.
 *
 * Must not: know about SDL, layout, or any import format. The cache layer
 * is the only one that includes <sqlite3.h>.
 */
#include "cache/cache.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "base/util.h"
#include "cache/cache_int.h"

/* The schema version is the number of migrations. */
#define SCHEMA_VERSION ((int)ARRAY_LEN(migrations))
#define BUSY_TIMEOUT_MS 10000
/* A WAL kept after the last writer closes is cut back to this size. */
#define WAL_SIZE_LIMIT 4194304
/* Salvage gives up after this many unreadable row ids in a row. */
#define SALVAGE_MAX_GAP 100000


/* Small columns first: reading them never walks a long body's overflow
 * pages. */
#define COLUMNS                                                                                    \
	"id, title, source, url, image, category, lang, tags, published, expires, "                \
	"imported, priority, dir, summary, body"
#define BRIEF_COLUMNS                                                                              \
	"id, title, source, url, image, category, lang, tags, published, expires, "                \
	"imported, priority, dir, '', ''"

#define EVENT_COLUMNS                                                                              \
	"conference, guid, room, start, stop, title, subtitle, track, track_color, type, lang, "   \
	"persons, abstract, url, status, changed_at, old_start, old_room, dir, all_day"

static const char *const stmt_sql[ST_N] = {
    [ST_PUT] = "INSERT INTO articles (id, title, summary, body, source, url, image, category, "
	       "lang, tags, published, expires, imported, priority, dir) VALUES (?1, ?2, ?3, ?4, "
	       "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) ON CONFLICT (id) DO UPDATE SET title = "
	       "excluded.title, "
	       "summary = excluded.summary, body = excluded.body, source = excluded.source, "
	       "url = excluded.url, image = excluded.image, category = excluded.category, "
	       "lang = excluded.lang, tags = excluded.tags, published = excluded.published, "
	       "expires = excluded.expires, "
	       "priority = excluded.priority, dir = excluded.dir WHERE NOT (title IS excluded.title AND "
	       "summary IS excluded.summary AND body IS excluded.body AND "
	       "source IS excluded.source AND url IS excluded.url AND image IS excluded.image AND "
	       "category IS excluded.category AND lang IS excluded.lang AND "
	       "tags IS excluded.tags AND published IS excluded.published AND "
	       "expires IS excluded.expires AND priority IS excluded.priority AND "
	       "dir IS excluded.dir)",
    [ST_EXISTS] = "SELECT 1 FROM articles WHERE id = ?1",
    [ST_LIST] = "SELECT " COLUMNS " FROM articles WHERE ?1 OR expires = 0 OR expires > ?2 "
		"ORDER BY priority DESC, published DESC, id",
    [ST_LIST_BRIEF] = "SELECT " BRIEF_COLUMNS " FROM articles WHERE ?1 OR expires = 0 OR "
		      "expires > ?2 ORDER BY priority DESC, published DESC, id",
    [ST_GET] = "SELECT " COLUMNS " FROM articles WHERE id = ?1",
    [ST_REMOVE] = "DELETE FROM articles WHERE id = ?1",
    [ST_PRUNE] =
	"DELETE FROM articles WHERE (expires != 0 AND expires <= ?1) OR "
	"(?2 > 0 AND (CASE WHEN published != 0 THEN published ELSE imported END) < ?1 - ?2)",
    [ST_COUNT] = "SELECT count(*) FROM articles",
    [ST_LAST] = "SELECT max(imported) FROM articles",
    [ST_BEGIN] = "BEGIN IMMEDIATE",
    [ST_COMMIT] = "COMMIT",
    [ST_ROLLBACK] = "ROLLBACK",
    [ST_EVENTS_GET] = "SELECT " EVENT_COLUMNS " FROM events WHERE conference = ?1 ORDER BY start",
    [ST_EVENTS_LIST] = "SELECT " EVENT_COLUMNS " FROM events ORDER BY start, room, guid",
    [ST_EVENTS_DELETE] = "DELETE FROM events WHERE conference = ?1",
    [ST_EVENTS_PUT] = "INSERT OR REPLACE INTO events (" EVENT_COLUMNS ") VALUES (?1, ?2, ?3, ?4, "
		      "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
    [ST_EVENT_DELETE] = "DELETE FROM events WHERE conference = ?1 AND guid = ?2",
    [ST_FEED_GET] = "SELECT name, url, etag, last_modified, body_hash, last_attempt, last_success, "
		    "status, error, failures, next_attempt, gone, moved_to, (SELECT count(*) FROM "
		    "feed_items i JOIN articles a ON a.id = i.id WHERE i.feed = ?1) FROM feeds "
		    "WHERE name = ?1",
    [ST_FEED_PUT] = "INSERT OR REPLACE INTO feeds (name, url, etag, last_modified, body_hash, "
		    "last_attempt, last_success, status, error, failures, next_attempt, gone, "
		    "moved_to) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    [ST_FEED_SEEN] = "INSERT INTO feed_items (feed, id, seen) VALUES (?1, ?2, ?3) "
		     "ON CONFLICT (feed, id) DO UPDATE SET seen = excluded.seen",
    [ST_FEED_EXPIRE] = "DELETE FROM articles WHERE priority != 1 AND id IN (SELECT id FROM "
		       "feed_items WHERE feed = ?1 AND seen < ?2)",
    [ST_FEED_FORGET] = "DELETE FROM feed_items WHERE feed = ?1 AND id NOT IN "
		       "(SELECT id FROM articles)",
    [ST_IMAGES_LIST] = "SELECT DISTINCT image FROM articles WHERE substr(image, 1, "
		       "length(?1)) = ?1",
    [ST_IMAGE_GET] = "SELECT path FROM images WHERE url = ?1",
    [ST_IMAGE_PUT] = "INSERT OR REPLACE INTO images (url, path) VALUES (?1, ?2)",
    [ST_IMAGE_DROP_URL] = "DELETE FROM images WHERE url = ?1",
    [ST_FEED_TOUCH] = "UPDATE feed_items SET seen = ?2 WHERE feed = ?1 AND seen = "
		      "(SELECT max(seen) FROM feed_items WHERE feed = ?1)",
    [ST_IMAGE_UNSET] = "UPDATE articles SET image = '' WHERE image = ?1",
    [ST_IMAGE_DROP_PATH] = "DELETE FROM images WHERE path = ?1",
    [ST_IMAGES_GC] = "DELETE FROM images WHERE path NOT IN (SELECT image FROM articles)",
    /* Articles the feed carried at its last fetch that are gone since. */
    [ST_FEED_LOST] = "SELECT count(*) FROM feed_items WHERE feed = ?1 AND seen = (SELECT "
		     "max(seen) FROM feed_items WHERE feed = ?1) AND id NOT IN (SELECT id FROM "
		     "articles)",
    /* Pictures waiting to be fetched: the article shows the URL still. */
    [ST_IMAGES_PENDING] = "SELECT DISTINCT image FROM articles WHERE (substr(image, 1, 7) = "
			  "'http://' OR substr(image, 1, 8) = 'https://') AND id NOT IN "
			  "(SELECT id FROM feed_items)",
    [ST_IMAGES_PENDING_FEED] = "SELECT DISTINCT a.image FROM articles a JOIN feed_items i ON "
			       "i.id = a.id WHERE i.feed = ?1 AND (substr(a.image, 1, 7) = "
			       "'http://' OR substr(a.image, 1, 8) = 'https://')",
    [ST_IMAGE_SHOW] = "UPDATE articles SET image = ?2 WHERE image = ?1",
    [ST_IMAGE_FAILURE_GET] = "SELECT failures, next_attempt FROM image_failures WHERE url = ?1",
    [ST_IMAGE_FAILURE_PUT] = "INSERT OR REPLACE INTO image_failures (url, failures, "
			     "next_attempt, error) VALUES (?1, ?2, ?3, ?4)",
    [ST_IMAGE_FAILURE_DROP] = "DELETE FROM image_failures WHERE url = ?1",
    [ST_IMAGE_FAILURES_GC] = "DELETE FROM image_failures WHERE url NOT IN (SELECT image FROM "
			     "articles)",
};

/* Each migration takes the schema from version i to i + 1. */
static const char *const migrations[] = {
    /* A rowid table: rows are whole articles of a few kilobytes, too big
     * for WITHOUT ROWID to pay off. */
    "CREATE TABLE articles ("
    " id TEXT NOT NULL UNIQUE,"
    " title TEXT NOT NULL CHECK (title != ''),"
    " source TEXT NOT NULL DEFAULT '',"
    " url TEXT NOT NULL DEFAULT '',"
    " image TEXT NOT NULL DEFAULT '',"
    " category TEXT NOT NULL DEFAULT '',"
    " lang TEXT NOT NULL DEFAULT '',"
    " tags TEXT NOT NULL DEFAULT ''," /* one tag per line */
    " published INTEGER NOT NULL DEFAULT 0,"
    " expires INTEGER NOT NULL DEFAULT 0,"
    " imported INTEGER NOT NULL DEFAULT 0,"
    " priority INTEGER NOT NULL DEFAULT 0,"
    " summary TEXT NOT NULL DEFAULT '',"
    " body TEXT NOT NULL DEFAULT ''"
    ");"
    /* Display order, covering every column but summary and body: a
     * listing reads only this index, never the rows with their bodies. */
    "CREATE INDEX articles_order ON articles (priority DESC, published DESC, id, title, source,"
    " category, expires, tags, imported, url, image, lang);",
    /* The direction of the article's text; rows from before are Persian
     * unless their language says otherwise. The display-order index
     * keeps covering the listing. */
    "ALTER TABLE articles ADD COLUMN dir TEXT NOT NULL DEFAULT 'rtl';"
    "UPDATE articles SET dir = 'ltr' WHERE lang != '' AND lower(substr(lang, 1, 2)) NOT IN"
    " ('fa', 'ar', 'ur', 'he', 'ps', 'yi', 'ku', 'ck', 'sd', 'ug', 'dv', 'iw');"
    "DROP INDEX articles_order;"
    "CREATE INDEX articles_order ON articles (priority DESC, published DESC, id, title, source,"
    " category, expires, tags, imported, url, image, lang, dir);",
    /* Feed state for `khabar sync`: validators, the last body's hash,
     * failures and backoff per [feed NAME]; and when each article was last
     * seen in its feed, so one that left it goes after `keep`. */
    "CREATE TABLE feeds ("
    " name TEXT PRIMARY KEY,"
    " url TEXT NOT NULL DEFAULT '',"
    " etag TEXT NOT NULL DEFAULT '',"
    " last_modified TEXT NOT NULL DEFAULT '',"
    " body_hash TEXT NOT NULL DEFAULT '',"
    " last_attempt INTEGER NOT NULL DEFAULT 0,"
    " last_success INTEGER NOT NULL DEFAULT 0,"
    " status INTEGER NOT NULL DEFAULT 0,"
    " error TEXT NOT NULL DEFAULT '',"
    " failures INTEGER NOT NULL DEFAULT 0,"
    " next_attempt INTEGER NOT NULL DEFAULT 0,"
    " gone INTEGER NOT NULL DEFAULT 0,"
    " moved_to TEXT NOT NULL DEFAULT ''"
    ");"
    "CREATE TABLE feed_items ("
    " feed TEXT NOT NULL,"
    " id TEXT NOT NULL,"
    " seen INTEGER NOT NULL,"
    " PRIMARY KEY (feed, id)"
    ") WITHOUT ROWID;"
    /* Lead images already stored, by the URL they came from. */
    "CREATE TABLE images (url TEXT PRIMARY KEY, path TEXT NOT NULL) WITHOUT ROWID;",
    /* Conference schedules: one row per talk, persons one per line. A
     * cancelled talk stays (status 2) until it would have started. */
    "CREATE TABLE events ("
    " conference TEXT NOT NULL,"
    " guid TEXT NOT NULL,"
    " room TEXT NOT NULL,"
    " start INTEGER NOT NULL,"
    " stop INTEGER NOT NULL,"
    " title TEXT NOT NULL,"
    " subtitle TEXT NOT NULL DEFAULT '',"
    " track TEXT NOT NULL DEFAULT '',"
    " track_color TEXT NOT NULL DEFAULT '',"
    " type TEXT NOT NULL DEFAULT '',"
    " lang TEXT NOT NULL DEFAULT '',"
    " persons TEXT NOT NULL DEFAULT '',"
    " abstract TEXT NOT NULL DEFAULT '',"
    " url TEXT NOT NULL DEFAULT '',"
    " status INTEGER NOT NULL DEFAULT 0,"
    " changed_at INTEGER NOT NULL DEFAULT 0,"
    " old_start INTEGER NOT NULL DEFAULT 0,"
    " old_room TEXT NOT NULL DEFAULT '',"
    " PRIMARY KEY (conference, guid)"
    ");"
    "CREATE INDEX events_start ON events (start, room);",
    /* What a screen shows changed: bumped by every write to articles or
     * events, not by the sync's bookkeeping (feeds, feed_items, images),
     * so a display does not reload its cards after every fetch. */
    "CREATE TABLE shown (version INTEGER NOT NULL);"
    "INSERT INTO shown VALUES (0);"
    "CREATE TRIGGER articles_added AFTER INSERT ON articles"
    " BEGIN UPDATE shown SET version = version + 1; END;"
    "CREATE TRIGGER articles_updated AFTER UPDATE ON articles"
    " BEGIN UPDATE shown SET version = version + 1; END;"
    "CREATE TRIGGER articles_removed AFTER DELETE ON articles"
    " BEGIN UPDATE shown SET version = version + 1; END;"
    "CREATE TRIGGER events_added AFTER INSERT ON events"
    " BEGIN UPDATE shown SET version = version + 1; END;"
    "CREATE TRIGGER events_updated AFTER UPDATE ON events"
    " BEGIN UPDATE shown SET version = version + 1; END;"
    "CREATE TRIGGER events_removed AFTER DELETE ON events"
    " BEGIN UPDATE shown SET version = version + 1; END;",
    /* Image URLs that failed, so the sync tries them again after a
     * backoff, not every round; an article waiting for its picture keeps
     * the picture's http(s) URL as its image (the display shows none). */
    "CREATE TABLE image_failures ("
    " url TEXT PRIMARY KEY,"
    " failures INTEGER NOT NULL,"
    " next_attempt INTEGER NOT NULL,"
    " error TEXT NOT NULL DEFAULT ''"
    ") WITHOUT ROWID;",
    /* A talk's title direction, settled at import: 'ltr', 'rtl', or ''
     * (a row stored before this column: event_read() settles it). */
    "ALTER TABLE events ADD COLUMN dir TEXT NOT NULL DEFAULT '';",
    /* A calendar's all-day event: a day banner, not a hall's talk. */
    "ALTER TABLE events ADD COLUMN all_day INTEGER NOT NULL DEFAULT 0;",
    /* What a display showed: one row per card, written whole when the
     * card leaves the screen (a display killed mid-card loses that card,
     * never half a row). No trigger: a play is not news. */
    "CREATE TABLE plays ("
    " id INTEGER PRIMARY KEY,"
    " start INTEGER NOT NULL,"
    " duration REAL NOT NULL CHECK (duration >= 0),"
    " kind TEXT NOT NULL CHECK (kind != ''),"
    " article TEXT NOT NULL DEFAULT '',"
    " title TEXT NOT NULL DEFAULT '',"
    " page INTEGER NOT NULL DEFAULT -1"
    ");"
    "CREATE INDEX plays_start ON plays (start);",
    /* The halls' live state (cache_hall.c): a hall a steward marked full
     * (a row; open: none), and where each schedule came from and when,
     * for the board's "updated 12 minutes ago". A screen shows them: their
     * writes bump shown, and so does each round of a schedule's feed (its
     * freshness, or its failures, changed). */
    "CREATE TABLE halls (room TEXT PRIMARY KEY, state TEXT NOT NULL,"
    " changed INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE schedule_sources (source TEXT PRIMARY KEY, feed INTEGER NOT NULL,"
    " updated INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE TRIGGER halls_added AFTER INSERT ON halls"
    " BEGIN UPDATE shown SET version = version + 1; END;"
    "CREATE TRIGGER halls_updated AFTER UPDATE ON halls"
    " BEGIN UPDATE shown SET version = version + 1; END;"
    "CREATE TRIGGER halls_removed AFTER DELETE ON halls"
    " BEGIN UPDATE shown SET version = version + 1; END;"
    "CREATE TRIGGER schedule_sources_added AFTER INSERT ON schedule_sources"
    " BEGIN UPDATE shown SET version = version + 1; END;"
    "CREATE TRIGGER schedule_sources_updated AFTER UPDATE ON schedule_sources"
    " BEGIN UPDATE shown SET version = version + 1; END;"
    "CREATE TRIGGER schedule_feed_round AFTER INSERT ON feeds"
    " WHEN new.name IN (SELECT source FROM schedule_sources WHERE feed)"
    " BEGIN UPDATE shown SET version = version + 1; END;",
};


char *cache_db_error(struct cache *c, const char *what)
{
	return xasprintf("%s: %s: %s", c->path, what, sqlite3_errmsg(c->db));
}

/* A prepared statement, reset and cleared for a new use. */
sqlite3_stmt *cache_stmt(struct cache *c, enum stmt_id id)
{
	sqlite3_stmt *s = c->st[id];
	if (!s && sqlite3_prepare_v3(c->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &s,
				     NULL) != SQLITE_OK) {
		log_error("%s: cannot prepare a statement: %s", c->path, sqlite3_errmsg(c->db));
		return NULL;
	}
	c->st[id] = s;
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return s;
}

sqlite3_stmt *cache_stmt_err(struct cache *c, enum stmt_id id, char **err)
{
	sqlite3_stmt *s = cache_stmt(c, id);
	if (!s)
		*err = cache_db_error(c, "cannot prepare a statement");
	return s;
}

int cache_exec(struct cache *c, const char *sql, char **err)
{
	char *msg = NULL;
	if (sqlite3_exec(c->db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return 0;
	if (err)
		*err = xasprintf("%s: %s", c->path, msg ? msg : sqlite3_errmsg(c->db));
	sqlite3_free(msg);
	return -1;
}

static int64_t pragma_int(struct cache *c, const char *sql)
{
	sqlite3_stmt *s = NULL;
	int64_t v = -1;
	if (sqlite3_prepare_v2(c->db, sql, -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* Bring the schema to SCHEMA_VERSION inside one write transaction, so two
 * processes opening a new file at once do not both create it. */
static int migrate(struct cache *c, char **err)
{
	if (cache_exec(c, "BEGIN IMMEDIATE", err))
		return -1;
	int64_t v = pragma_int(c, "PRAGMA user_version");
	if (v < 0 || v > SCHEMA_VERSION) {
		*err = v < 0 ? cache_db_error(c, "cannot read the schema version")
			     : xasprintf("%s: schema version %lld is newer than this khabar "
					 "understands (%d); upgrade khabar",
					 c->path, (long long)v, SCHEMA_VERSION);
		goto fail;
	}
	for (; v < SCHEMA_VERSION; v++) {
		if (cache_exec(c, migrations[v], err))
			goto fail;
		char sql[64];
		snprintf(sql, sizeof sql, "PRAGMA user_version = %lld", (long long)v + 1);
		if (cache_exec(c, sql, err))
			goto fail;
	}
	return cache_exec(c, "COMMIT", err);
fail:
	cache_exec(c, "ROLLBACK", NULL);
	return -1;
}

char *cache_default_path(void)
{
	char *dir = user_data_dir();
	if (!dir)
		return NULL;
	char *p = xasprintf("%s/khabar.db", dir);
	free(dir);
	return p;
}

/* The directory holding path (caller frees); "." for a bare name. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/* A file: URI naming path with immutable=1 (caller frees). */
static char *immutable_uri(const char *path)
{
	struct buf b = {0};
	buf_puts(&b, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#' || *p <= ' ' || *p >= 0x7f)
			buf_printf(&b, "%%%02X", *p);
		else
			buf_putc(&b, (char)*p);
	}
	buf_puts(&b, "?immutable=1");
	return buf_steal(&b);
}

static void remember_stat(struct cache *c)
{
	struct stat st;
	if (stat(c->path, &st) == 0) {
		c->dev = st.st_dev;
		c->ino = st.st_ino;
		c->mtime = st.st_mtim;
		c->size = st.st_size;
	}
	char *shm = xasprintf("%s-shm", c->path);
	c->had_shm = access(shm, F_OK) == 0;
	free(shm);
}

/* Connect c->db: the file itself, or with immutable, its URI. */
static int db_connect(struct cache *c, int flags, int immutable)
{
	char *uri = immutable ? immutable_uri(c->path) : NULL;
	for (int i = 0; i < ST_N; i++) {
		sqlite3_finalize(c->st[i]);
		c->st[i] = NULL;
	}
	sqlite3_close(c->db);
	c->db = NULL;
	int rc = sqlite3_open_v2(uri ? uri : c->path, &c->db,
				 flags | SQLITE_OPEN_NOMUTEX | (uri ? SQLITE_OPEN_URI : 0), NULL);
	free(uri);
	if (rc != SQLITE_OK)
		return -1;
	c->immutable = immutable;
	sqlite3_busy_timeout(c->db, BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(c->db, 1);
	/* Reading through a mapping saves copying every page of a full list;
	 * 64 MB of address space is affordable on a 32-bit board. */
	cache_exec(c, "PRAGMA mmap_size = 67108864", NULL);
	return 0;
}

/* The display's connection. A WAL file can be read only where SQLite can
 * open its -shm: when the directory is not writable and no writer left
 * one behind, read the file as unchanging instead (a clear log line; the
 * file's stat then tells when to read it again). */
static int open_reader(struct cache *c, char **err)
{
	int64_t v = -1;
	if (db_connect(c, SQLITE_OPEN_READONLY, 0) == 0)
		v = pragma_int(c, "PRAGMA user_version");
	if (v < 0 && c->db) {
		int code = sqlite3_errcode(c->db) & 0xff;
		char *dir = dir_of(c->path);
		if ((code == SQLITE_READONLY || code == SQLITE_CANTOPEN) &&
		    access(c->path, R_OK) == 0 && access(dir, W_OK) != 0) {
			if (!c->immutable_logged)
				log_warn(
				    "cache: %s: this user cannot write %s, where SQLite keeps the "
				    "file's -shm index, and no writer left one there; reading it "
				    "as "
				    "an unchanging file, read again when it changes. For live "
				    "updates let this user write %s, or run `khabar import` once "
				    "so "
				    "the -wal and -shm files stay",
				    c->path, dir, dir);
			c->immutable_logged = 1;
			if (db_connect(c, SQLITE_OPEN_READONLY, 1) == 0)
				v = pragma_int(c, "PRAGMA user_version");
		}
		free(dir);
	}
	if (v != SCHEMA_VERSION) {
		if (!c->db)
			*err = xasprintf("%s: cannot open the cache", c->path);
		else if (v < 0)
			*err = cache_db_error(c, "not a khabar cache");
		else
			*err = xasprintf("%s: schema version %lld, expected %d; run `khabar "
					 "import` once to migrate it",
					 c->path, (long long)v, SCHEMA_VERSION);
		return -1;
	}
	return 0;
}

/* As root in a directory that belongs to another user (the package's
 * /var/lib/khabar), files made here would be root's and that user could
 * no longer write them: refused with the fix. */
static int root_in_foreign_dir(const char *path, const char *dir, char **err)
{
	struct stat st;
	if (geteuid() != 0 || stat(dir, &st) || st.st_uid == 0)
		return 0;
	struct stat f;
	if (stat(path, &f) == 0 && f.st_uid == 0)
		return 0; /* root's own file already */
	*err = xasprintf("%s: its directory %s belongs to uid %u, and files root made there "
			 "would lock that user out of them; run khabar as that user (sudo -u khabar "
			 "khabar ...)",
			 path, dir, (unsigned)st.st_uid);
	return -1;
}

static int open_writer(struct cache *c, char **err)
{
	char *dir = dir_of(c->path);
	int made = mkdir_p(dir);
	if (made != 0)
		*err =
		    xasprintf("%s: cannot create directory %s: %s", c->path, dir, strerror(errno));
	else if (root_in_foreign_dir(c->path, dir, err))
		made = -1;
	free(dir);
	if (made != 0)
		return -1;
	/* A new cache is its owner's alone (SQLite gives its -wal and -shm
	 * the same mode); an existing one keeps the mode it has. */
	int fd = open(c->path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd >= 0)
		close(fd);
	if (db_connect(c, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, 0) != 0) {
		*err = c->db ? cache_db_error(c, "cannot open the cache")
			     : xasprintf("%s: cannot open the cache", c->path);
		return -1;
	}
	/* Keep the -wal and -shm files when the last writer closes: a display
	 * that may not write the directory can then still read the file live
	 * (SQLite 3.22 and later read a WAL through a read-only -shm). */
	int persist = 1;
	sqlite3_file_control(c->db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
	char limit[64];
	snprintf(limit, sizeof limit, "PRAGMA journal_size_limit = %d", WAL_SIZE_LIMIT);
	cache_exec(c, limit, NULL);
	/* WAL survives power loss with synchronous=NORMAL: a cut loses at
	 * most the last transactions, never consistency. */
	return cache_exec(c, "PRAGMA journal_mode = WAL", err) ||
		       cache_exec(c, "PRAGMA synchronous = NORMAL", err) || migrate(c, err)
		   ? -1
		   : 0;
}

struct cache *cache_open(const char *path, int readonly, char **err)
{
	struct cache *c = xcalloc(1, sizeof *c);
	c->path = xstrdup(path);
	if (readonly ? open_reader(c, err) : open_writer(c, err)) {
		cache_close(c);
		return NULL;
	}
	c->data_version = pragma_int(c, "PRAGMA data_version");
	c->shown = pragma_int(c, "SELECT version FROM shown");
	remember_stat(c);
	return c;
}

int cache_is_immutable(const struct cache *c)
{
	return c->immutable;
}

void cache_close(struct cache *c)
{
	if (!c)
		return;
	for (int i = 0; i < ST_N; i++)
		sqlite3_finalize(c->st[i]);
	sqlite3_close(c->db);
	free(c->path);
	free(c);
}

static int step_done(struct cache *c, enum stmt_id id)
{
	sqlite3_stmt *s = cache_stmt(c, id);
	if (!s)
		return -1;
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		log_error("%s: %s failed: %s", c->path, stmt_sql[id], sqlite3_errmsg(c->db));
		return -1;
	}
	return 0;
}

void cache_busy_timeout(struct cache *c, int ms)
{
	sqlite3_busy_timeout(c->db, ms);
}

int cache_begin(struct cache *c)
{
	return step_done(c, ST_BEGIN);
}

int cache_commit(struct cache *c)
{
	return step_done(c, ST_COMMIT);
}

void cache_rollback(struct cache *c)
{
	if (c && !sqlite3_get_autocommit(c->db))
		step_done(c, ST_ROLLBACK);
}

void cache_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	sqlite3_bind_text(s, i, v ? v : "", -1, SQLITE_STATIC);
}

/* Tags joined one per line; a line break inside a tag becomes a space. */
static char *tags_join(const struct article *a)
{
	struct buf b = {0};
	buf_puts(&b, "");
	for (size_t i = 0; i < a->ntags; i++) {
		if (!a->tags[i])
			continue;
		if (b.len)
			buf_putc(&b, '\n');
		size_t start = b.len;
		buf_puts(&b, a->tags[i]);
		for (size_t j = start; j < b.len; j++)
			if (b.data[j] == '\n' || b.data[j] == '\r')
				b.data[j] = ' ';
	}
	return buf_steal(&b);
}

int cache_put(struct cache *c, const struct article *a, int *updated, char **err)
{
	char *tags = NULL;
	int ret = -1;
	if (updated)
		*updated = 0;
	if (!a->id || !*a->id || !a->title || !*a->title) {
		*err = xasprintf("%s: an article needs an id and a title", c->path);
		return -1;
	}
	sqlite3_stmt *s = cache_stmt(c, ST_EXISTS);
	if (!s)
		goto db_fail;
	cache_bind_text(s, 1, a->id);
	int rc = sqlite3_step(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		goto db_fail;
	if (updated)
		*updated = rc == SQLITE_ROW;
	sqlite3_reset(s);

	if (!(s = cache_stmt(c, ST_PUT)))
		goto db_fail;
	tags = tags_join(a);
	cache_bind_text(s, 1, a->id);
	cache_bind_text(s, 2, a->title);
	cache_bind_text(s, 3, a->summary);
	cache_bind_text(s, 4, a->body);
	cache_bind_text(s, 5, a->source);
	cache_bind_text(s, 6, a->url);
	cache_bind_text(s, 7, a->image);
	cache_bind_text(s, 8, a->category);
	cache_bind_text(s, 9, a->lang);
	cache_bind_text(s, 10, tags);
	sqlite3_bind_int64(s, 11, a->published);
	sqlite3_bind_int64(s, 12, a->expires);
	sqlite3_bind_int64(s, 13, a->imported ? a->imported : time_now_unix());
	sqlite3_bind_int(s, 14, (int)a->priority);
	cache_bind_text(s, 15, article_dir_name(a->dir));
	if (sqlite3_step(s) != SQLITE_DONE)
		goto db_fail;
	if (updated && *updated && sqlite3_changes(c->db) == 0)
		*updated = CACHE_PUT_SAME;
	ret = 0;
	goto done;
db_fail:
	*err = xasprintf("%s: cannot store article %s: %s", c->path, a->id, sqlite3_errmsg(c->db));
done:
	if (s)
		sqlite3_reset(s);
	free(tags);
	return ret;
}

char *cache_column_dup(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return xstrndup(t ? (const char *)t : "", (size_t)sqlite3_column_bytes(s, i));
}

/* The row s points at, its columns from k on, into *a (zeroed first);
 * column text is copied. */
static void row_read_at(sqlite3_stmt *s, int k, struct article *a)
{
	memset(a, 0, sizeof *a);
	a->id = cache_column_dup(s, k + 0);
	a->title = cache_column_dup(s, k + 1);
	a->source = cache_column_dup(s, k + 2);
	a->url = cache_column_dup(s, k + 3);
	a->image = cache_column_dup(s, k + 4);
	a->category = cache_column_dup(s, k + 5);
	a->lang = cache_column_dup(s, k + 6);
	char *tags = cache_column_dup(s, k + 7);
	for (char *p = tags; *p;) {
		char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		a->tags = xrealloc(a->tags, (a->ntags + 1) * sizeof *a->tags);
		a->tags[a->ntags++] = xstrndup(p, n);
		if (!nl)
			break;
		p = nl + 1;
	}
	free(tags);
	a->published = sqlite3_column_int64(s, k + 8);
	a->expires = sqlite3_column_int64(s, k + 9);
	a->imported = sqlite3_column_int64(s, k + 10);
	int p = sqlite3_column_int(s, k + 11);
	a->priority = p >= PRIORITY_NORMAL && p <= PRIORITY_EMERGENCY ? (enum article_priority)p
								      : PRIORITY_NORMAL;
	const unsigned char *dir = sqlite3_column_text(s, k + 12);
	a->dir = dir && strcmp((const char *)dir, "ltr") == 0 ? ARTICLE_DIR_LTR : ARTICLE_DIR_RTL;
	a->summary = cache_column_dup(s, k + 13);
	a->body = cache_column_dup(s, k + 14);
}

static void row_read(sqlite3_stmt *s, struct article *a)
{
	row_read_at(s, 0, a);
}

/* Display order: priority, then newest, then id (as the SQL orders). */
static int display_order(const void *pa, const void *pb)
{
	const struct article *a = pa, *b = pb;
	if (a->priority != b->priority)
		return a->priority > b->priority ? -1 : 1;
	if (a->published != b->published)
		return a->published > b->published ? -1 : 1;
	return strcmp(a->id, b->id);
}

/* One step of a salvage statement: 1 a row (read into *a when usable,
 * else a->id stays NULL), 0 done, -1 unreadable. */
static int salvage_step(sqlite3_stmt *s, int64_t *rowid, struct article *a)
{
	int rc = sqlite3_step(s);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return -1;
	*rowid = sqlite3_column_int64(s, 0);
	memset(a, 0, sizeof *a);
	/* A damaged cell can decode as a row of the wrong types. */
	if (sqlite3_column_type(s, 1) == SQLITE_TEXT && sqlite3_column_type(s, 2) == SQLITE_TEXT &&
	    sqlite3_column_bytes(s, 1) > 0 && sqlite3_column_bytes(s, 2) > 0)
		row_read_at(s, 1, a);
	return 1;
}

/* Rows the display-order index lists (it holds expires), or -1. */
static long count_indexed(struct cache *c, int64_t now, int include_expired)
{
	sqlite3_stmt *s = NULL;
	long n = -1;
	if (sqlite3_prepare_v2(c->db,
			       "SELECT count(*) FROM articles INDEXED BY articles_order "
			       "WHERE ?1 OR expires = 0 OR expires > ?2",
			       -1, &s, NULL) == SQLITE_OK) {
		sqlite3_bind_int(s, 1, include_expired != 0);
		sqlite3_bind_int64(s, 2, now);
		if (sqlite3_step(s) == SQLITE_ROW)
			n = (long)sqlite3_column_int64(s, 0);
	}
	sqlite3_finalize(s);
	return n;
}

/* Every row SQLite can still read, in row id order: a scan that stops at
 * a damaged page resumes at the next row id a lookup can reach. Sorted
 * into display order. Returns the rows that could not be read (those
 * the index lists beyond the ones read), or -1 when nothing was readable
 * and the first step failed. */
static long salvage(struct cache *c, int brief, int64_t now, int include_expired,
		    struct article_list *out)
{
	char *sql = xasprintf("SELECT rowid, %s FROM articles NOT INDEXED WHERE rowid >= ?1 AND "
			      "(?2 OR expires = 0 OR expires > ?3) ORDER BY rowid",
			      brief ? BRIEF_COLUMNS : COLUMNS);
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(c->db, sql, -1, &s, NULL);
	free(sql);
	if (rc != SQLITE_OK)
		return -1;
	/* The last row id, from the table or else from the index. */
	int64_t max = pragma_int(c, "SELECT max(rowid) FROM articles");
	int64_t imax = pragma_int(c, "SELECT max(rowid) FROM articles INDEXED BY articles_order");
	max = imax > max ? imax : max;
	size_t first = out->n;
	int64_t next = 1, gap = 0;
	long bad_steps = 0;
	for (;;) {
		sqlite3_reset(s);
		sqlite3_bind_int64(s, 1, next);
		sqlite3_bind_int(s, 2, include_expired != 0);
		sqlite3_bind_int64(s, 3, now);
		int64_t rowid = next;
		int progressed = 0, r;
		struct article a;
		while ((r = salvage_step(s, &rowid, &a)) == 1) {
			if (a.id) {
				out->items =
				    xgrow(out->items, &out->cap, out->n + 1, sizeof *out->items);
				out->items[out->n++] = a;
			} else {
				bad_steps++;
			}
			next = rowid + 1;
			progressed = 1;
			gap = 0;
		}
		if (r == 0)
			break;
		/* The scan failed past next: seek there afresh, which may go
		 * round a damaged page; a seek that fails moves one row on. */
		if (!progressed) {
			bad_steps++;
			next++;
			if (++gap > SALVAGE_MAX_GAP || (max > 0 && next > max))
				break;
		}
	}
	sqlite3_finalize(s);
	if (out->n == first && max < 0)
		return -1;
	if (out->n > first)
		qsort(out->items + first, out->n - first, sizeof *out->items, display_order);
	/* The index (when readable) says how many rows there were. */
	long indexed = count_indexed(c, now, include_expired);
	long read = (long)(out->n - first);
	if (indexed >= 0)
		return indexed > read ? indexed - read : 0;
	return bad_steps;
}

static int list(struct cache *c, enum stmt_id id, int64_t now, int include_expired,
		struct article_list *out, char **err)
{
	sqlite3_stmt *s = cache_stmt(c, id);
	if (!s) {
		*err = cache_db_error(c, "cannot list articles");
		return -1;
	}
	sqlite3_bind_int(s, 1, include_expired != 0);
	sqlite3_bind_int64(s, 2, now);
	size_t first = out->n;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		out->items = xgrow(out->items, &out->cap, out->n + 1, sizeof *out->items);
		row_read(s, &out->items[out->n++]);
	}
	sqlite3_reset(s);
	c->skipped = 0;
	if (rc != SQLITE_DONE) {
		/* A damaged page: keep every row that can still be read. */
		char *why = cache_db_error(c, "cannot list articles");
		while (out->n > first)
			article_clear(&out->items[--out->n]);
		long lost = salvage(c, id == ST_LIST_BRIEF, now, include_expired, out);
		if (lost < 0 || (lost > 0 && out->n == first)) {
			/* Nothing readable is not an empty cache. */
			*err = why;
			return -1;
		}
		c->skipped = lost;
		if (c->skipped != c->skipped_logged || !c->damage_logged)
			log_warn(
			    "cache: %s; read the %zu readable articles row by row, %ld damaged "
			    "rows skipped. `khabar --db %s repair` keeps the readable ones "
			    "in a new file",
			    why, out->n - first, c->skipped, c->path);
		c->damage_logged = 1;
		c->skipped_logged = c->skipped;
		free(why);
	}
	return 0;
}

long cache_skipped(const struct cache *c)
{
	return c->skipped;
}

int cache_list(struct cache *c, int64_t now, int include_expired, struct article_list *out,
	       char **err)
{
	return list(c, ST_LIST, now, include_expired, out, err);
}

int cache_list_brief(struct cache *c, int64_t now, int include_expired, struct article_list *out,
		     char **err)
{
	return list(c, ST_LIST_BRIEF, now, include_expired, out, err);
}

int cache_get(struct cache *c, const char *id, struct article *out, char **err)
{
	sqlite3_stmt *s = cache_stmt(c, ST_GET);
	if (!s) {
		*err = cache_db_error(c, "cannot read an article");
		return -1;
	}
	cache_bind_text(s, 1, id);
	int rc = sqlite3_step(s), ret = 0;
	if (rc == SQLITE_ROW) {
		row_read(s, out);
		ret = 1;
	} else if (rc != SQLITE_DONE) {
		*err = cache_db_error(c, "cannot read an article");
		ret = -1;
	}
	sqlite3_reset(s);
	return ret;
}

int cache_remove(struct cache *c, const char *id, char **err)
{
	sqlite3_stmt *s = cache_stmt(c, ST_REMOVE);
	if (!s || (cache_bind_text(s, 1, id), sqlite3_step(s)) != SQLITE_DONE) {
		*err = cache_db_error(c, "cannot remove an article");
		if (s)
			sqlite3_reset(s);
		return -1;
	}
	sqlite3_reset(s);
	return sqlite3_changes(c->db) > 0;
}

long cache_prune(struct cache *c, int64_t now, int64_t max_age, char **err)
{
	sqlite3_stmt *s = cache_stmt(c, ST_PRUNE);
	if (!s) {
		*err = cache_db_error(c, "cannot prune");
		return -1;
	}
	sqlite3_bind_int64(s, 1, now);
	sqlite3_bind_int64(s, 2, max_age);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		*err = cache_db_error(c, "cannot prune");
		return -1;
	}
	return (long)sqlite3_changes(c->db);
}

static int64_t single_int(struct cache *c, enum stmt_id id, int64_t fallback)
{
	sqlite3_stmt *s = cache_stmt(c, id);
	int64_t v = fallback;
	if (s && sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	if (s)
		sqlite3_reset(s);
	return v;
}

long cache_count(struct cache *c)
{
	return (long)single_int(c, ST_COUNT, -1);
}

int64_t cache_last_update(struct cache *c)
{
	return single_int(c, ST_LAST, 0);
}

/* An unchanging-file reader: 1 when the file (or its -shm, a writer
 * arriving) changed and was opened again, 0 when not, -1 when it cannot
 * be read any more. */
static int immutable_changed(struct cache *c)
{
	struct stat st;
	char *shm = xasprintf("%s-shm", c->path);
	int has_shm = access(shm, F_OK) == 0;
	free(shm);
	if (stat(c->path, &st) != 0)
		return -1;
	if (st.st_ino == c->ino && st.st_dev == c->dev && st.st_size == c->size &&
	    st.st_mtim.tv_sec == c->mtime.tv_sec && st.st_mtim.tv_nsec == c->mtime.tv_nsec &&
	    has_shm == c->had_shm)
		return 0;
	char *err = NULL;
	if (open_reader(c, &err)) {
		log_warn("%s", err);
		free(err);
		return -1;
	}
	c->data_version = pragma_int(c, "PRAGMA data_version");
	c->shown = pragma_int(c, "SELECT version FROM shown");
	remember_stat(c);
	return 1;
}

int cache_changed(struct cache *c)
{
	if (c->immutable)
		return immutable_changed(c);
	struct stat st;
	if (stat(c->path, &st) != 0 || st.st_dev != c->dev || st.st_ino != c->ino)
		return -1;
	int64_t v = pragma_int(c, "PRAGMA data_version");
	if (v < 0)
		return -1;
	if (v == c->data_version)
		return 0;
	c->data_version = v;
	/* Something was written: was it something a screen shows? (A file
	 * from before the shown table, read-only here: every write counts.) */
	int64_t shown = pragma_int(c, "SELECT version FROM shown");
	int changed = shown < 0 || shown != c->shown;
	c->shown = shown;
	return changed;
}

int cache_check(struct cache *c, char **err)
{
	sqlite3_stmt *s = NULL;
	int ret = -1;
	if (sqlite3_prepare_v2(c->db, "PRAGMA integrity_check", -1, &s, NULL) != SQLITE_OK ||
	    sqlite3_step(s) != SQLITE_ROW) {
		*err = cache_db_error(c, "integrity check failed");
		goto done;
	}
	const char *r = (const char *)sqlite3_column_text(s, 0);
	if (r && strcmp(r, "ok") == 0)
		ret = 0;
	else
		*err = xasprintf("%s: integrity check: %s", c->path, r ? r : "no answer");
done:
	sqlite3_finalize(s);
	return ret;
}

/* Remove the -wal and -shm files of path, and path too when all. */
static void remove_files(const char *path, int all)
{
	const char *sfx[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = all ? 0 : 1; i < sizeof sfx / sizeof *sfx; i++) {
		char *f = xasprintf("%s%s", path, sfx[i]);
		unlink(f);
		free(f);
	}
}

/* Write list into a new cache file at path, standing alone (no -wal).
 * 0 or -1 with *err. */

static int write_copy(const char *path, const struct article_list *l,
		      const struct event_list *events, char **err)
{
	remove_files(path, 1);
	struct cache *d = cache_open(path, 0, err);
	if (!d)
		return -1;
	int ok = cache_begin(d) == 0;
	for (size_t i = 0; ok && i < l->n; i++)
		ok = cache_put(d, &l->items[i], NULL, err) == 0;
	/* The schedule comes along (what of it can be read). */
	for (size_t i = 0; ok && i < events->n; i++)
		if (cache_event_put(d, events->items[i].conference, &events->items[i]))
			log_warn("%s: a talk of the schedule could not be copied", path);
	if (ok && cache_commit(d) != 0) {
		*err = cache_db_error(d, "cannot commit");
		ok = 0;
	}
	/* A rollback-journal file needs no -shm: any reader opens it. The
	 * next import turns WAL on again. */
	if (ok && cache_exec(d, "PRAGMA journal_mode = DELETE", err))
		ok = 0;
	cache_rollback(d);
	cache_close(d);
	remove_files(path, ok == 0);
	return ok ? 0 : -1;
}

char *cache_repair(const char *path, long *kept, long *lost, char **err)
{
	struct cache *c = cache_open(path, 1, err);
	if (!c)
		return NULL;
	struct article_list l = {0};
	char *tmp = xasprintf("%s.repair", path), *saved = NULL;
	int rc = list(c, ST_LIST, 0, 1, &l, err);
	struct event_list events = {0};
	char *eerr = NULL;
	if (!rc && cache_events_read(c, ST_EVENTS_LIST, NULL, &events, &eerr)) {
		log_warn("%s; the schedule is not copied (import it again)", eerr);
		free(eerr);
	}
	*lost = c->skipped;
	cache_close(c);
	if (rc || write_copy(tmp, &l, &events, err))
		goto done;
	*kept = (long)l.n;
	char stamp[32];
	time_t t = (time_t)time_now_unix();
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", gmtime(&t));
	saved = xasprintf("%s.damaged-%s", path, stamp);
	char *wal = xasprintf("%s-wal", path), *saved_wal = xasprintf("%s-wal", saved);
	char *shm = xasprintf("%s-shm", path);
	if (rename(path, saved) != 0) {
		*err =
		    xasprintf("%s: cannot move it aside to %s: %s", path, saved, strerror(errno));
		free(saved);
		saved = NULL;
	} else {
		rename(wal, saved_wal); /* the WAL belongs with its file */
		unlink(shm);
		if (rename(tmp, path) != 0) {
			*err = xasprintf("%s: cannot put the repaired copy %s in its place: %s",
					 path, tmp, strerror(errno));
			free(saved);
			saved = NULL;
		}
	}
	free(wal);
	free(saved_wal);
	free(shm);
done:
	article_list_free(&l);
	event_list_free(&events);
	free(tmp);
	return saved;
}

/* Persons one per line; a line break inside a name becomes a space. */
