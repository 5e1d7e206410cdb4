/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * import — articles from the bytes of a file: plain-text pages
 * (import_text.c), JSON (import_json.c), RSS 0.90 to 2.0, RSS 1.0 (RDF)
 * and Atom 0.3 and 1.0 (import_feed.c). The format is detected from the
 * content; feeds in other encodings are converted (charset.h).
 *
 * The parsers take bytes in memory and return articles; they never touch
 * the cache or the file system, so they are tested and fuzzed alone.
 * import_store.h reads files, runs a parser and writes to the cache.
 *
 * Must not: know about SDL, layout, the cache or files.
 */
#ifndef KHABAR_IMPORT_H
#define KHABAR_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "base/article.h"
#include "base/util.h"

/* What one file may hold. The config file or command-line options set
 * these; import_limits_default() gives the defaults. */
struct import_limits {
	size_t max_file_size; /* bytes; default 8 MB */
	size_t max_articles;  /* per file; default 1000; the rest are skipped */
	size_t max_title;     /* bytes; default 1000; longer titles skip the article */
	size_t max_body;      /* bytes; default 512 KB; longer bodies skip the article */
	int max_depth;	      /* JSON / XML nesting; default 64 */
	/* Not a limit: the language of articles whose item and feed name
	 * none (the feed's configured language, `import --lang`); borrowed,
	 * NULL for none. */
	const char *lang;
	/* Not a limit either: the URL the document was fetched from, the
	 * base of its relative links where no xml:base says otherwise;
	 * borrowed, NULL for a local file (links are then the item's or the
	 * channel's). */
	const char *base_url;
	/* Not a limit: the encoding the transport named (HTTP's
	 * Content-Type charset), for bytes that are not UTF-8 and name none
	 * themselves (no byte order mark, no XML declaration); borrowed, NULL
	 * for none. */
	const char *charset;
	/* Nor this: the zone of a schedule's local times when the file names
	 * none (a feed's timezone, `import --timezone`, else [display]
	 * timezone), and where it comes from, for the import line ("[display]
	 * timezone"); borrowed, NULL for none (UTC). */
	const char *time_zone, *time_zone_origin;
	/* And this: the name a schedule is stored under, over the file's
	 * (`import --conference`); borrowed, NULL for the file's own. */
	const char *conference;
	/* Not a limit: the time of the import (Unix seconds), given by the
	 * caller since a parser reads no clock. A date more than a day after
	 * it becomes it; 0 keeps dates as written. A repeating calendar
	 * event's occurrences are taken from a day before it until horizon
	 * seconds after it (now 0: from each event's own first start). Default
	 * 0 and 14 days. */
	int64_t now, horizon;
};

void import_limits_default(struct import_limits *l);

struct config;
/* import_limits_default(), then the config's [import] limits every import
 * honours: max_file_size, max_title and max_body. max_articles is `khabar
 * import`'s own (the caller applies it); the sync sets its own max_size. */
void import_limits_from_config(struct import_limits *l, const struct config *c);

enum import_format { IMPORT_TEXT, IMPORT_JSON, IMPORT_XML };

/* JSON when the first non-space byte is { or [, XML when it is <, else
 * plain text. */
enum import_format import_detect(const char *data, size_t len);
const char *import_format_name(enum import_format f);

/* What a parser found in one file. Zero-initialise; import_result_free(). */
struct import_result {
	struct article_list articles; /* whole, valid articles only */
	size_t skipped;		      /* articles left out, each with a reason */
	struct buf reasons;	      /* "item 3: no title; item 5: ..." */
	char *error; /* set when the whole file was refused: "line 3, byte 120: ..." */
	int html_page; /* refused as a web page (an error or login page), not a feed */
};
/* Reasons kept in import_result.reasons; later ones are only counted. */
#define IMPORT_MAX_REASONS 5
void import_result_free(struct import_result *r);
/* Record one skipped article and why (printf-style). */
void import_skip(struct import_result *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Set r->error to "line L, byte B: " + message, the place being byte
 * offset off in data. Returns -1 for the parser to return. */
int import_fail_at(struct import_result *r, const char *data, size_t len, size_t off,
		   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* The parsers. Each fills r and returns 0, or -1 with r->error when the
 * file as a whole cannot be read (articles found before are dropped: a
 * truncated file is not half-imported). data need not be NUL-terminated
 * and may hold any bytes. */
int import_text_parse(const char *data, size_t len, const struct import_limits *lim,
		      struct import_result *r);
int import_json_parse(const char *data, size_t len, const struct import_limits *lim,
		      struct import_result *r);
int import_feed_parse(const char *data, size_t len, const struct import_limits *lim,
		      struct import_result *r);
/* JSON Feed 1.0 / 1.1 (import_jsonfeed.c); import_jsonfeed_is() tells one
 * from other JSON by its "version": "https://jsonfeed.org/version/..." */
int import_jsonfeed_parse(const char *data, size_t len, const struct import_limits *lim,
			  struct import_result *r);
int import_jsonfeed_is(const char *data, size_t len);
/* For the JSON parsers, before cJSON (which recurses): the offset of the
 * first place JSON text nests deeper than max, or len; *open (may be
 * NULL) is set when the text ends inside a string, object or array. */
size_t import_json_too_deep_at(const char *s, size_t len, int max, int *open);
/* Detect the format, make a feed in another encoding UTF-8 (its byte order
 * mark, its XML declaration, else a guess), check the bytes are UTF-8
 * text, refuse HTML pages and error messages, and run the parser. */
int import_parse(const char *data, size_t len, const struct import_limits *lim,
		 struct import_result *r);

/* What the parsers share. */

/* Check a finished article against the limits, fill in the id when it has
 * none (a hash of source and link, else of source, title and date: two
 * stories with one headline stay two), and add it to r, or skip it with a
 * reason naming item (1-based). Takes ownership of *a (cleared). */
void import_add(struct import_result *r, struct article *a, size_t item,
		const struct import_limits *lim);
/* A stable id for an article without one: 16 hex digits of the FNV-1a
 * 64-bit hash of source, a newline, and title. Caller frees. */
char *import_make_id(const char *source, const char *title);
/* ref resolved against base as a browser would (RFC 3986): "/a.jpg"
 * against "https://x.ir/news/1" is "https://x.ir/a.jpg". ref unchanged when
 * it has a scheme or base has none (base may be NULL); "" for NULL. Caller
 * frees. */
char *import_resolve_url(const char *base, const char *ref);
/* A title from the first sentence of text (an item with only a body), at
 * most 160 bytes cut at a space and ended with "…". Caller frees. */
char *import_title_from(const char *text);

#endif
