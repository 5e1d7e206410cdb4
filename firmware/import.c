/*
 * import — the part of parsing that every format shares: limits, format
 * detection, the UTF-8 check, ids, trimming and the checks every article
 * passes. Bytes in, articles out.
 *
 * Must not: touch the cache, the file system or the network; know about
 * SDL or layout.
 */
#include "import.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

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
	if (r->skipped > IMPORT_MAX_REASONS)
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
	size_t bad = utf8_first_invalid(data, len), used = 0;
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
