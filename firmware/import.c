/*
 * import — the part of importing that every format shares: limits, format
 * detection, the UTF-8 check, ids, dates, and import_paths(), which reads
 * files, runs the parser and writes the articles to the cache in
 * transactions of at most IMPORT_BATCH articles.
 *
 * Must not: know about SDL or layout; talk to SQLite except through cache.h.
 */
#include "import.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "cache.h"
#include "schedule.h"

/* Articles per transaction: a reader waits for at most this many. */
#define IMPORT_BATCH 100
/* Reasons listed on one result line before "and N more". */
#define MAX_REASONS 5

void import_limits_default(struct import_limits *l)
{
	l->max_file_size = 8u << 20;
	l->max_articles = 1000;
	l->max_title = 1000;
	l->max_body = 512u << 10;
	l->max_depth = 64;
}

enum import_format import_detect(const char *data, size_t len)
{
	size_t i = 0;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r'))
		i++;
	if (i < len && (data[i] == '{' || data[i] == '['))
		return IMPORT_JSON;
	if (i < len && data[i] == '<')
		return IMPORT_XML;
	return IMPORT_TEXT;
}

const char *import_format_name(enum import_format f)
{
	return f == IMPORT_JSON ? "JSON" : f == IMPORT_XML ? "XML feed" : "plain text";
}

void import_result_free(struct import_result *r)
{
	if (!r)
		return;
	article_list_free(&r->articles);
	buf_free(&r->reasons);
	free(r->error);
	memset(r, 0, sizeof *r);
}

void import_skip(struct import_result *r, const char *fmt, ...)
{
	r->skipped++;
	if (r->skipped > MAX_REASONS)
		return;
	if (r->reasons.len)
		buf_puts(&r->reasons, "; ");
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&r->reasons, fmt, ap);
	va_end(ap);
}

int import_fail_at(struct import_result *r, const char *data, size_t len, size_t off,
		   const char *fmt, ...)
{
	size_t line = 1;
	if (off > len)
		off = len;
	for (size_t i = 0; i < off; i++)
		line += data[i] == '\n';
	struct buf b = {0};
	buf_printf(&b, "line %zu, byte %zu: ", line, off);
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	free(r->error);
	r->error = buf_steal(&b);
	article_list_free(&r->articles);
	return -1;
}

char *import_make_id(const char *source, const char *title)
{
	uint64_t h = 0xcbf29ce484222325u;
	const char *parts[] = {source ? source : "", "\n", title ? title : ""};
	for (size_t p = 0; p < ARRAY_LEN(parts); p++)
		for (const unsigned char *s = (const unsigned char *)parts[p]; *s; s++) {
			h ^= *s;
			h *= 0x100000001b3u;
		}
	return xasprintf("%016llx", (unsigned long long)h);
}

char *import_trim(char *s)
{
	size_t n = strlen(s), start = 0;
	for (;;) {
		if (start < n && strchr(" \t\r\n\f\v", s[start]))
			start++;
		else if (start + 1 < n && (unsigned char)s[start] == 0xC2 &&
			 (unsigned char)s[start + 1] == 0xA0)
			start += 2;
		else
			break;
	}
	while (n > start) {
		if (strchr(" \t\r\n\f\v", s[n - 1]))
			n--;
		else if (n >= start + 2 && (unsigned char)s[n - 2] == 0xC2 &&
			 (unsigned char)s[n - 1] == 0xA0)
			n -= 2;
		else
			break;
	}
	memmove(s, s + start, n - start);
	s[n - start] = 0;
	return s;
}

static char *empty_if_null(char *s)
{
	return s ? s : xstrdup("");
}

void import_add(struct import_result *r, struct article *a, size_t item,
		const struct import_limits *lim)
{
	char **fields[] = {&a->id,  &a->title, &a->summary,  &a->body, &a->source,
			   &a->url, &a->image, &a->category, &a->lang};
	for (size_t i = 0; i < ARRAY_LEN(fields); i++)
		*fields[i] = import_trim(empty_if_null(*fields[i]));
	/* Titles are one line. */
	for (char *p = a->title; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	if (!*a->title)
		import_skip(r, "item %zu: no title", item);
	else if (strlen(a->title) > lim->max_title)
		import_skip(r, "item %zu: title longer than %zu bytes", item, lim->max_title);
	else if (strlen(a->body) > lim->max_body)
		import_skip(r, "item %zu: body longer than %zu bytes", item, lim->max_body);
	else if (r->articles.n >= lim->max_articles)
		import_skip(r, "item %zu: more than %zu articles in one file", item,
			    lim->max_articles);
	else {
		if (!*a->id) {
			free(a->id);
			a->id = import_make_id(a->source, a->title);
		}
		size_t kept = 0;
		for (size_t i = 0; i < a->ntags; i++) {
			char *t = import_trim(empty_if_null(a->tags[i]));
			if (*t)
				a->tags[kept++] = t;
			else
				free(t);
		}
		a->ntags = kept;
		/* The list takes the strings themselves, not copies. */
		r->articles.items =
		    xgrow(r->articles.items, &r->articles.cap, r->articles.n + 1, sizeof *a);
		r->articles.items[r->articles.n++] = *a;
		memset(a, 0, sizeof *a);
		return;
	}
	article_clear(a);
}

/* Digits at *s into *v (at most max of them, at least one). */
static int digits(const char **s, int max, int *v)
{
	int n = 0;
	*v = 0;
	while (n < max && **s >= '0' && **s <= '9') {
		*v = *v * 10 + (**s - '0');
		(*s)++;
		n++;
	}
	return n ? 0 : -1;
}

static int64_t days_from_civil(int y, int m, int d)
{
	/* Howard Hinnant's algorithm: proleptic Gregorian, no time zone. */
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int valid_civil(int y, int mo, int d, int h, int mi, int s)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return y >= 1 && y <= 9999 && mo >= 1 && mo <= 12 && d >= 1 && d <= mdays[mo - 1] &&
	       h >= 0 && h <= 24 && mi >= 0 && mi <= 59 && s >= 0 && s <= 60;
}

int import_parse_iso8601(const char *s, int64_t *out)
{
	int y, mo, d, h = 0, mi = 0, sec = 0, off = 0;
	while (*s == ' ')
		s++;
	if (digits(&s, 4, &y) || *s++ != '-' || digits(&s, 2, &mo) || *s++ != '-' ||
	    digits(&s, 2, &d))
		return -1;
	if (*s == 'T' || *s == 't' || *s == ' ') {
		s++;
		if (digits(&s, 2, &h) || *s++ != ':' || digits(&s, 2, &mi))
			return -1;
		if (*s == ':') {
			s++;
			if (digits(&s, 2, &sec))
				return -1;
			if (*s == '.' || *s == ',') {
				s++;
				int frac;
				if (digits(&s, 9, &frac))
					return -1;
			}
		}
		if (*s == 'Z' || *s == 'z') {
			s++;
		} else if (*s == '+' || *s == '-') {
			int sign = *s++ == '-' ? -1 : 1, oh, om = 0;
			if (digits(&s, 2, &oh))
				return -1;
			if (*s == ':')
				s++;
			if (*s >= '0' && *s <= '9' && digits(&s, 2, &om))
				return -1;
			if (oh > 23 || om > 59)
				return -1;
			off = sign * (oh * 3600 + om * 60);
		}
	}
	while (*s == ' ')
		s++;
	if (*s || !valid_civil(y, mo, d, h, mi, sec))
		return -1;
	*out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - off;
	return 0;
}

int import_parse_rfc822(const char *s, int64_t *out)
{
	static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
					     "jul", "aug", "sep", "oct", "nov", "dec"};
	static const struct {
		const char *name;
		int off;
	} zones[] = {{"GMT", 0},	 {"UT", 0},	     {"UTC", 0},
		     {"Z", 0},		 {"EST", -5 * 3600}, {"EDT", -4 * 3600},
		     {"CST", -6 * 3600}, {"CDT", -5 * 3600}, {"MST", -7 * 3600},
		     {"MDT", -6 * 3600}, {"PST", -8 * 3600}, {"PDT", -7 * 3600}};
	int d, mo = -1, y, h, mi, sec = 0, off = 0;
	while (*s == ' ')
		s++;
	/* An optional day name and comma. */
	const char *comma = strchr(s, ',');
	if (comma && comma - s <= 10)
		s = comma + 1;
	while (*s == ' ')
		s++;
	if (digits(&s, 2, &d))
		return -1;
	while (*s == ' ')
		s++;
	for (int i = 0; i < 12; i++)
		if (strncasecmp(s, months[i], 3) == 0)
			mo = i + 1;
	if (mo < 0)
		return -1;
	while (*s && *s != ' ')
		s++;
	while (*s == ' ')
		s++;
	if (digits(&s, 4, &y))
		return -1;
	if (y < 100)
		y += y < 50 ? 2000 : 1900;
	while (*s == ' ')
		s++;
	if (digits(&s, 2, &h) || *s++ != ':' || digits(&s, 2, &mi))
		return -1;
	if (*s == ':') {
		s++;
		if (digits(&s, 2, &sec))
			return -1;
	}
	while (*s == ' ')
		s++;
	if (*s == '+' || *s == '-') {
		int sign = *s++ == '-' ? -1 : 1, hhmm;
		const char *start = s;
		if (digits(&s, 4, &hhmm) || s - start != 4)
			return -1;
		off = sign * ((hhmm / 100) * 3600 + (hhmm % 100) * 60);
	} else if (*s) {
		size_t i = 0;
		for (; i < ARRAY_LEN(zones); i++)
			if (strncasecmp(s, zones[i].name, strlen(zones[i].name)) == 0 &&
			    !s[strlen(zones[i].name)])
				break;
		if (i == ARRAY_LEN(zones))
			return -1;
		off = zones[i].off;
		s += strlen(zones[i].name);
	}
	while (*s == ' ')
		s++;
	if (*s || !valid_civil(y, mo, d, h, mi, sec))
		return -1;
	*out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - off;
	return 0;
}

void import_format_iso8601(int64_t t, char *out, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm) || !strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(out, n, "1970-01-01T00:00:00Z");
}

/* The first byte that is not UTF-8 text (an invalid sequence or NUL), or
 * len when there is none. */
static size_t first_bad_byte(const char *data, size_t len)
{
	const unsigned char *u = (const unsigned char *)data;
	size_t i = 0;
	while (i < len) {
		if (u[i] >= 0x01 && u[i] < 0x80) {
			i++;
			continue;
		}
		if (u[i] == 0)
			return i;
		size_t used;
		uint32_t cp = utf8_decode(u + i, len - i, &used);
		if (cp == 0xFFFD && !(used == 3 && u[i] == 0xEF))
			return i;
		i += used;
	}
	return len;
}

int import_parse(const char *data, size_t len, const struct import_limits *lim,
		 struct import_result *r)
{
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	}
	size_t i = 0;
	while (i < len && strchr(" \t\r\n", data[i]))
		i++;
	if (i == len)
		return import_fail_at(r, data, len, 0, "empty file, no articles");
	size_t bad = first_bad_byte(data, len), used = 0;
	if (bad < len && utf8_decode((const unsigned char *)data + bad, len - bad, &used) &&
	    bad + used == len && used < 4 && (unsigned char)data[bad] >= 0xC2)
		return import_fail_at(r, data, len, bad,
				      "file ends inside a UTF-8 character (cut off?)");
	if (bad < len)
		return import_fail_at(r, data, len, bad,
				      data[bad] ? "not UTF-8 text (invalid byte 0x%02X)"
						: "not UTF-8 text (NUL byte, 0x%02X)",
				      (unsigned char)data[bad]);
	switch (import_detect(data, len)) {
	case IMPORT_JSON: return import_json_parse(data, len, lim, r);
	case IMPORT_XML: return import_feed_parse(data, len, lim, r);
	case IMPORT_TEXT: break;
	}
	return import_text_parse(data, len, lim, r);
}

/* Write r's articles to c in transactions of IMPORT_BATCH. Counts what
 * happened; on a database error the batch in progress is rolled back and
 * -1 returned with *err. */
static int store(struct cache *c, struct import_result *r, size_t *added, size_t *updated,
		 char **err)
{
	for (size_t i = 0; i < r->articles.n; i += IMPORT_BATCH) {
		if (cache_begin(c)) {
			*err = xstrdup("cannot start a transaction (is the cache locked?)");
			return -1;
		}
		size_t end = MIN(r->articles.n, i + IMPORT_BATCH), a = 0, u = 0;
		for (size_t j = i; j < end; j++) {
			int up = 0;
			if (cache_put(c, &r->articles.items[j], &up, err)) {
				cache_rollback(c);
				return -1;
			}
			up ? u++ : a++;
		}
		if (cache_commit(c)) {
			cache_rollback(c);
			*err = xstrdup("cannot commit (is the disk full?)");
			return -1;
		}
		*added += a;
		*updated += u;
	}
	return 0;
}

static int import_file(struct cache *c, const char *path, const struct import_limits *lim,
		       FILE *report)
{
	struct import_result r = {0};
	char *err = NULL;
	size_t len = 0, added = 0, updated = 0;
	int ret = 1;
	char *data = file_read(path, lim->max_file_size, &len, &err);
	if (!data) {
		log_error("%s", err);
		goto done;
	}
	/* Conference schedules go to their own table. */
	if (schedule_detect(data, len) != SCHEDULE_NONE) {
		ret = schedule_import(c, path, data, len, lim, report);
		goto done;
	}
	if (import_parse(data, len, lim, &r)) {
		log_error("%s: %s", path, r.error);
		goto done;
	}
	if (store(c, &r, &added, &updated, &err)) {
		log_error("%s: %s", path, err);
		goto done;
	}
	fprintf(report, "%s: imported %zu, updated %zu, skipped %zu", path, added, updated,
		r.skipped);
	if (r.skipped)
		fprintf(report, ": %s%s", r.reasons.data,
			r.skipped > MAX_REASONS ? "; and more" : "");
	fputc('\n', report);
	fflush(report);
	ret = 0;
done:
	free(data);
	free(err);
	import_result_free(&r);
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
