/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * article — the one record every part of khabar passes around: what the
 * importers produce, the cache stores, and the cards show.
 *
 * Must not: know how articles are stored or drawn.
 */
#ifndef KHABAR_ARTICLE_H
#define KHABAR_ARTICLE_H

#include <stddef.h>
#include <stdint.h>

/* Emergency is above breaking: it takes the whole screen until it is
 * removed or expires. */
enum article_priority { PRIORITY_NORMAL, PRIORITY_PINNED, PRIORITY_BREAKING, PRIORITY_EMERGENCY };

/* The direction an article's own text reads in (title, summary, body).
 * ARTICLE_DIR_AUTO exists only while an importer builds the article:
 * import decides RTL or LTR before it is stored, and the cache returns
 * only those two. A zeroed article counts as right to left. */
enum article_dir { ARTICLE_DIR_AUTO, ARTICLE_DIR_RTL, ARTICLE_DIR_LTR };

struct article {
	char *id;       /* stable: feed guid / JSON id, else hash of source + title */
	char *title;    /* required, non-empty */
	char *summary;  /* may be "" */
	char *body;     /* paragraphs separated by '\n'; may be "" */
	char *source, *url, *image, *category, *lang; /* may be "" */
	char **tags;
	size_t ntags;
	int64_t published; /* Unix time, UTC; 0 when unknown */
	int64_t expires;   /* Unix time, UTC; 0 for never */
	int64_t imported;  /* Unix time, UTC, set by the cache */
	enum article_priority priority;
	enum article_dir dir; /* from lang's script, else from the text */
	/* Set by the reader that loads it for a screen (article_list_check_
	 * images): a->image names a local file it cannot read. The cards take
	 * it as given and open no file themselves. */
	int image_missing;
};

struct article_list {
	struct article *items;
	size_t n, cap;
};

/* Free the strings an article owns (NULL fields are fine) and zero it. */
void article_clear(struct article *a);
/* Deep copy; dst is overwritten. */
void article_copy(struct article *dst, const struct article *src);
/* Append a deep copy of a. */
void article_list_push(struct article_list *l, const struct article *a);
void article_list_free(struct article_list *l);
const char *article_priority_name(enum article_priority p);
/* -1 when name is not one of normal, pinned, breaking, emergency. */
int article_priority_parse(const char *name);
/* "rtl" or "ltr" (AUTO counts as "rtl"); static. */
const char *article_dir_name(enum article_dir d);
/* ARTICLE_DIR_RTL or ARTICLE_DIR_LTR for "rtl" / "ltr"; -1 otherwise. */
int article_dir_parse(const char *name);

/* Mark each article of l whose image is a local file that cannot be read
 * (image_missing); a URL or no image is never missing. */
void article_list_check_images(struct article_list *l);

#endif
