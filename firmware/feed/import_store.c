/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * import_store — importing files into the cache: walking paths and
 * directories, reading each file and passing it through the one door
 * (ingest.h), with one report line per file.
 *
 * Must not: parse any format itself; talk to SQLite except through
 * cache.h.
 */
#include "feed/import_store.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cache/cache.h"
#include "feed/ingest.h"
#include "parse/import.h"

/* Why a file's content does not match its name (feed.xml holding plain
 * text: a saved error message); NULL when it does or the name says
 * nothing. */
static const char *misnamed(const char *path, const char *data, size_t len)
{
	static const char *const xml[] = {".xml", ".rss", ".atom", ".rdf"};
	size_t n = strlen(path);
	enum import_format got = import_detect(data, len);
	if (len >= 2 && (unsigned char)data[0] == 0x1F && (unsigned char)data[1] == 0x8B)
		return NULL; /* compressed: the parser says so */
	/* Empty, or bytes that are not text: the parser says which. */
	if (len == strspn(data, " \t\r\n") || utf8_first_invalid(data, len) < len)
		return NULL;
	for (size_t i = 0; i < ARRAY_LEN(xml); i++) {
		size_t e = strlen(xml[i]);
		if (n > e && strcasecmp(path + n - e, xml[i]) == 0 && got != IMPORT_XML)
			return got == IMPORT_JSON
				   ? "named as an XML feed but holds JSON"
				   : "named as an XML feed but holds plain text, not "
				     "XML (an error message saved as a feed?)";
	}
	if (n > 5 && strcasecmp(path + n - 5, ".json") == 0 && got != IMPORT_JSON)
		return "named as JSON but does not hold JSON (an error page saved as JSON?)";
	return NULL;
}

static int import_file(struct cache *c, const char *path, const struct import_limits *lim,
		       FILE *report)
{
	struct ingest_result r = {0};
	char *err = NULL;
	size_t len = 0;
	int ret = 1;
	struct stat st;
	/* Opening a FIFO would wait for a writer for ever. */
	if (strcmp(path, "-") != 0 && stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		log_warn("%s: not a regular file (a FIFO, socket or device); skipped", path);
		return 0;
	}
	char *data = file_read(path, lim->max_file_size, &len, &err);
	if (!data) {
		log_error("%s", err);
		goto done;
	}
	const char *wrong = misnamed(path, data, len);
	if (wrong) {
		log_error("%s: %s", path, wrong);
		goto done;
	}
	struct ingest in = {.name = path, .data = data, .len = len, .lim = lim,
			    .now = time_now_unix(), .report = report};
	size_t stored = 0;
	if (ingest_bytes(c, &in, &r)) {
		stored = r.added + r.changed + r.same;
		if (r.schedule)
			; /* schedule_import logged why */
		else if (!r.items)
			log_error("%s: %s", path, r.error);
		else if (stored)
			log_error("%s: %s; %zu of its %zu articles were stored, the rest were not",
				  path, r.error, stored, r.items);
		else
			log_error("%s: %s; none of its %zu articles were stored", path, r.error,
				  r.items);
		goto done;
	}
	ret = 0;
	if (r.schedule)
		goto done; /* its line is printed */
	term_printf(report, "%s: imported %zu, updated %zu, skipped %zu", path, r.added,
		r.changed + r.same, r.skipped);
	if (r.skipped)
		term_printf(report, ": %s%s", r.reasons.data,
			r.skipped > IMPORT_MAX_REASONS ? "; and more" : "");
	fputc('\n', report);
	fflush(report);
done:
	free(data);
	free(err);
	ingest_result_free(&r);
	return ret;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int import_dir(struct cache *c, const char *path, const struct import_limits *lim,
		      FILE *report)
{
	DIR *d = opendir(path);
	if (!d) {
		log_error("%s: cannot open directory: %s", path, strerror(errno));
		return 1;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue; /* ., .., hidden files and editors' temporaries */
		names = xgrow(names, &cap, n + 1, sizeof *names);
		names[n++] =
		    xasprintf("%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/", e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, by_name);
	int ret = 0;
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		if (stat(names[i], &st) == 0 && S_ISDIR(st.st_mode))
			log_info("%s: a directory inside a directory; not descending", names[i]);
		else if (import_file(c, names[i], lim, report))
			ret = 1;
		free(names[i]);
	}
	free(names);
	return ret;
}

int import_paths(struct cache *c, char **paths, int npaths, const struct import_limits *lim,
		 FILE *report)
{
	int ret = 0;
	for (int i = 0; i < npaths; i++) {
		struct stat st;
		if (strcmp(paths[i], "-") != 0 && stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if (import_dir(c, paths[i], lim, report))
				ret = 1;
		} else if (import_file(c, paths[i], lim, report)) {
			ret = 1;
		}
	}
	return ret;
}
