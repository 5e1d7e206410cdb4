/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ingest — the one door into the cache for bytes from outside: a file
 * (khabar import), a feed's body (khabar sync), an MQTT announcement and a
 * post all come in here. One sniff (a conference schedule, else articles),
 * one charset decision and one HTML and error-page rule (import_parse),
 * one hash of the bytes, one batch store.
 *
 * Must not: parse a format itself (parse/ does), fetch anything, or talk
 * to SQLite except through cache.h.
 */
#ifndef KHABAR_INGEST_H
#define KHABAR_INGEST_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/article.h"
#include "base/util.h"
#include "parse/import.h"

struct cache;

/* What came in, and from where. */
struct ingest {
	const char *name; /* names it in messages: the file, the feed, the topic */
	const char *data; /* any bytes */
	size_t len;
	const struct import_limits *lim; /* with the transport's charset and base URL */
	const char *feed; /* the [feed] the articles come from (marked seen), or NULL */
	int64_t now;	  /* the import's time */
	FILE *report;	  /* a schedule's import line goes here */
	/* Called between parsing and storing when set: the sync orders the
	 * articles, keeps max_items and fetches their images. */
	void (*prepare)(void *arg, struct article_list *l);
	void *arg;
};

/* What happened. Zero-initialise; ingest_result_free(). */
struct ingest_result {
	int schedule;	    /* the bytes were a conference schedule */
	size_t items;	    /* articles stored or tried */
	size_t added;	    /* new rows */
	size_t changed;	    /* rows that existed and changed */
	size_t same;	    /* rows that existed, identical */
	size_t skipped;	    /* articles the parser left out */
	struct buf reasons; /* why (the first few) */
	int html_page;	    /* refused as a web page, not a feed */
	char *error;	    /* why nothing (or not everything) was stored */
};
void ingest_result_free(struct ingest_result *r);

/* Sniff, parse and store in into c. A schedule goes to its conference
 * (schedule_store.h) and prints its line to in->report; articles are
 * stored with ingest_articles(). 0, or -1 with r->error (some articles may
 * have been stored: r->added + r->changed + r->same say how many). */
int ingest_bytes(struct cache *c, const struct ingest *in, struct ingest_result *r);

/* Store articles in transactions of at most INGEST_BATCH, counting into
 * r; when feed is not NULL each article is marked as seen in it at now.
 * On a database error the batch in progress is rolled back: 0, or -1 with
 * *err. Leaves the articles to the caller. */
#define INGEST_BATCH 100
int ingest_articles(struct cache *c, const struct article_list *l, const char *feed, int64_t now,
		    struct ingest_result *r, char **err);

/* The body's identity for "unchanged since last time": its FNV-1a 64 and
 * length, "%016llx-%zu", into out. */
void ingest_hash(const char *data, size_t len, char out[40]);

#endif
