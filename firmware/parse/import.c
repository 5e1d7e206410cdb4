/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * import — the part of parsing that every format shares: limits, format
 * detection, the UTF-8 check, ids, trimming and the checks every article
 * passes. Bytes in, articles out.
 *
 * Must not: touch the cache, the file system or the network; know about
 * SDL or layout.
 */
#include "parse/import.h"

#include "base/config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse/charset.h"
#include "parse/html.h"
#include "base/lang.h"

/* Seconds a date may lie ahead of the import (clocks and zones differ). */
#define IMPORT_FUTURE_SLACK 86400

void import_limits_default(struct import_limits *l)
{
	l->max_file_size = 8u << 20;
	l->max_articles = 1000;
	l->max_title = 1000;
	l->max_body = 512u << 10;
	l->max_depth = 64;
	l->lang = NULL;
	l->base_url = NULL;
	l->time_zone = NULL;
	l->time_zone_origin = NULL;
	l->conference = NULL;
	l->charset = NULL;
	l->now = 0;
	l->horizon = 14 * 86400;
}

void import_limits_from_config(struct import_limits *l, const struct config *c)
{
	import_limits_default(l);
	l->time_zone = c->timezone;
	l->horizon = (int64_t)c->schedule_horizon;
	l->time_zone_origin = "[display] timezone";
	if (c->import_max_file_size > 0)
		l->max_file_size = (size_t)c->import_max_file_size;
	if (c->import_max_title > 0)
		l->max_title = (size_t)c->import_max_title;
	if (c->import_max_body > 0)
		l->max_body = (size_t)c->import_max_body;
}

enum import_format import_detect(const char *data, size_t len)
{
	size_t i = utf8_bom_len(data, len);
	if (len >= 2 && (memcmp(data, "\xFF\xFE", 2) == 0 || memcmp(data, "\xFE\xFF", 2) == 0))
		return IMPORT_XML; /* UTF-16: feeds are the only XML read */
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
	va_list ap;
	va_start(ap, fmt);
	buf_add_reason(&r->reasons, &r->skipped, IMPORT_MAX_REASONS, fmt, ap);
	va_end(ap);
}

int import_fail_at(struct import_result *r, const char *data, size_t len, size_t off,
		   const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *e = error_at(data, len, off, fmt, ap);
	va_end(ap);
	free(r->error);
	r->error = e;
	article_list_free(&r->articles);
	return -1;
}

char *import_make_id(const char *source, const char *title)
{
	uint64_t h = HASH_FNV1A_INIT;
	const char *parts[] = {source ? source : "", "\n", title ? title : ""};
	for (size_t p = 0; p < ARRAY_LEN(parts); p++)
		h = hash_fnv1a(h, parts[p], strlen(parts[p]));
	return xasprintf("%016llx", (unsigned long long)h);
}

#define TITLE_FROM_TEXT 160

/* See import.h. A title from the first sentence of text (an RSS item may have only a
 * description), at most TITLE_FROM_TEXT bytes, cut at a space. */
char *import_title_from(const char *text)
{
	size_t n = 0, cut = 0;
	while (text[n] && text[n] != '\n') {
		unsigned char c = (unsigned char)text[n];
		int end =
		    (c == '.' || c == '!' || c == '?') && (text[n + 1] == ' ' || !text[n + 1]);
		if (!end && strncmp(text + n, "؟", strlen("؟")) == 0)
			end = 1, n += strlen("؟") - 1;
		n++;
		if (end)
			return xstrndup(text, n);
		if (c == ' ' && n - 1 <= TITLE_FROM_TEXT)
			cut = n - 1;
		if (n > TITLE_FROM_TEXT && cut) {
			char *t = xstrndup(text, cut);
			char *r = xasprintf("%s…", t);
			free(t);
			return r;
		}
	}
	return xstrndup(text, n);
}

static char *empty_if_null(char *s)
{
	return s ? s : xstrdup("");
}

/* The checks every article passes; NULL when it may be stored, else why
 * not (static). */
static const char *refusal(const struct article *a, const struct import_result *r,
			   const struct import_limits *lim)
{
	if (!*a->title)
		return "no title";
	if (!lang_has_visible(a->title))
		return "the title has no visible character";
	if (strlen(a->title) > lim->max_title)
		return "title too long";
	if (strlen(a->body) > lim->max_body)
		return "body too long";
	if (r->articles.n >= lim->max_articles)
		return "too many";
	return NULL;
}

/* Language, direction, a date that is not in the future, trimmed tags. */
static void settle(struct article *a, const struct import_limits *lim)
{
	char *lang = lang_canonical(*a->lang || !lim->lang ? a->lang : lim->lang);
	free(a->lang);
	a->lang = lang;
	if (a->dir == ARTICLE_DIR_AUTO) {
		/* The language's script, unless the text plainly is of the
		 * other direction (a Persian blog that declares en-us). */
		const char *text = *a->body ? a->body : a->summary;
		enum article_dir by_lang = lang_dir(a->lang);
		enum article_dir by_text = lang_text_majority(a->title, text);
		a->dir = by_text != ARTICLE_DIR_AUTO ? by_text : by_lang;
		if (a->dir == ARTICLE_DIR_AUTO)
			a->dir = lang_text_dir(a->title, text);
	}
	/* A date far ahead would hold the article first for ever. */
	if (lim->now && a->published > lim->now + IMPORT_FUTURE_SLACK)
		a->published = lim->now;
	size_t kept = 0;
	for (size_t i = 0; i < a->ntags; i++) {
		char *t = str_trim(empty_if_null(a->tags[i]));
		if (*t)
			a->tags[kept++] = t;
		else
			free(t);
	}
	a->ntags = kept;
}

/* The id of an article that came without one: its link, else its title
 * and date, each scoped by the source. Caller frees. */
static char *id_of(const struct article *a)
{
	if (*a->url)
		return import_make_id(a->source, a->url);
	char *key = xasprintf("%s\n%lld", a->title, (long long)a->published);
	char *id = import_make_id(a->source, key);
	free(key);
	return id;
}

void import_add(struct import_result *r, struct article *a, size_t item,
		const struct import_limits *lim)
{
	char **fields[] = {&a->id,  &a->title, &a->summary,  &a->body, &a->source,
			   &a->url, &a->image, &a->category, &a->lang};
	for (size_t i = 0; i < ARRAY_LEN(fields); i++)
		*fields[i] = str_trim(empty_if_null(*fields[i]));
	/* Titles are one line. */
	for (char *p = a->title; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	str_trim(lang_strip_controls(a->title));
	const char *why = refusal(a, r, lim);
	if (!why) {
		if (!*a->id) {
			free(a->id);
			a->id = id_of(a);
		}
		settle(a, lim);
		/* The list takes the strings themselves, not copies. */
		r->articles.items =
		    xgrow(r->articles.items, &r->articles.cap, r->articles.n + 1, sizeof *a);
		r->articles.items[r->articles.n++] = *a;
		memset(a, 0, sizeof *a);
		return;
	}
	if (strcmp(why, "title too long") == 0)
		import_skip(r, "item %zu: title longer than %zu bytes", item, lim->max_title);
	else if (strcmp(why, "body too long") == 0)
		import_skip(r, "item %zu: body longer than %zu bytes", item, lim->max_body);
	else if (strcmp(why, "too many") == 0)
		import_skip(r, "item %zu: more than %zu articles in one file", item,
			    lim->max_articles);
	else
		import_skip(r, "item %zu: %s", item, why);
	article_clear(a);
}

/* The first n bytes of needle in the len bytes at hay, or NULL. */
static const char *find(const char *hay, size_t len, const char *needle, size_t n)
{
	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(hay + i, needle, n) == 0)
			return hay + i;
	return NULL;
}

/* The offset where an XML document's declaration starts when only spaces
 * and comments come before it (some podcast feeds), else 0. */
static size_t prolog_start(const char *data, size_t len)
{
	size_t i = 0;
	for (;;) {
		while (i < len && strchr(" \t\r\n", data[i]))
			i++;
		if (i + 4 <= len && memcmp(data + i, "<!--", 4) == 0) {
			const char *end = find(data + i + 4, len - i - 4, "-->", 3);
			if (!end)
				return 0;
			i = (size_t)(end - data) + 3;
			continue;
		}
		return i + 5 <= len && memcmp(data + i, "<?xml", 5) == 0 ? i : 0;
	}
}

/* The encoding named by the XML declaration at data (which starts with
 * "<?xml"), into out; "" when none. */
static void declared_encoding(const char *data, size_t len, char *out, size_t n)
{
	out[0] = 0;
	const char *end = find(data, MIN(len, (size_t)512), "?>", 2);
	const char *e = end ? find(data, (size_t)(end - data), "encoding", 8) : NULL;
	if (!e)
		return;
	e += 8;
	while (e < end && (*e == ' ' || *e == '='))
		e++;
	if (e >= end || (*e != '"' && *e != '\''))
		return;
	const char *close = memchr(e + 1, *e, (size_t)(end - e - 1));
	if (close && (size_t)(close - e - 1) < n) {
		memcpy(out, e + 1, (size_t)(close - e - 1));
		out[close - e - 1] = 0;
	}
}

/* The text of an HTML page's <title>; "" when none. Caller frees. */
static char *html_title(const char *data, size_t len)
{
	const char *t = NULL;
	for (size_t i = 0; i + 7 <= len && !t; i++)
		if (strncasecmp(data + i, "<title", 6) == 0 &&
		    (data[i + 6] == '>' || data[i + 6] == ' '))
			t = memchr(data + i, '>', len - i);
	if (!t)
		return xstrdup("");
	t++;
	const char *end = t;
	while ((size_t)(end - data) < len && *end != '<' && end - t < 200)
		end++;
	char *s = html_to_text(t, (size_t)(end - t));
	return s;
}

/* The offset after the XML declaration, DOCTYPE and comments at data. */
static size_t skip_prolog(const char *data, size_t len)
{
	size_t i = prolog_start(data, len);
	for (;;) {
		while (i < len && strchr(" \t\r\n", data[i]))
			i++;
		const char *end = NULL;
		if (i + 4 <= len && memcmp(data + i, "<!--", 4) == 0)
			end = find(data + i, len - i, "-->", 3);
		else if (i + 2 <= len &&
			 (memcmp(data + i, "<?", 2) == 0 || memcmp(data + i, "<!", 2) == 0))
			end = find(data + i, len - i, ">", 1);
		else
			return i;
		if (!end)
			return len;
		i = (size_t)(end - data) + (data[i + 1] == '!' && data[i + 2] == '-' ? 3 : 1);
	}
}

/* Whether the document at data is an HTML page (an error, login or
 * "moved" page saved under a feed's name): its first element is <html>,
 * <head> or <body>. */
static int is_html(const char *data, size_t len)
{
	static const char *const tags[] = {"<html", "<head", "<body"};
	size_t i = skip_prolog(data, len);
	for (size_t k = 0; k < ARRAY_LEN(tags); k++)
		if (i + 5 <= len && strncasecmp(data + i, tags[k], 5) == 0 &&
		    (i + 5 == len || strchr(" >\r\n\t", data[i + 5])))
			return 1;
	return 0;
}

/* Whether plain text is an error message rather than an article: a curl
 * error, an HTTP status line, or a status phrase alone on the first line. */
static int is_error_text(const char *data, size_t len)
{
	static const char *const phrases[] = {
	    "not found",       "forbidden",	    "access denied",	   "unauthorized",
	    "bad gateway",     "bad request",	    "service unavailable", "internal server error",
	    "gateway timeout", "too many requests", "request timeout"};
	size_t i = 0;
	while (i < len && strchr(" \t\r\n", data[i]))
		i++;
	size_t end = i;
	while (end < len && data[end] != '\n' && data[end] != '\r')
		end++;
	char *line = str_trim(xstrndup(data + i, end - i));
	const char *p = line;
	int bad = strncmp(p, "curl: (", 7) == 0;
	if (strncmp(p, "HTTP/", 5) == 0) {
		p += strcspn(p, " ");
		while (*p == ' ')
			p++;
	}
	if (p[0] >= '1' && p[0] <= '5' && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' &&
	    p[2] <= '9' && (!p[3] || p[3] == ' ')) {
		bad = 1;
		for (const char *q = p + 3; *q; q++)
			bad &= (*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z') || *q == ' ' ||
			       *q == '-' || *q == '\'';
	}
	for (size_t k = 0; k < ARRAY_LEN(phrases); k++)
		bad |= strcasecmp(line, phrases[k]) == 0;
	free(line);
	return bad;
}

/* The UTF-8 check: 0, or -1 with r->error naming the first bad byte. */
static int check_utf8(const char *data, size_t len, struct import_result *r)
{
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
	return 0;
}

/* An XML document in another encoding made UTF-8: the one its byte order
 * mark or declaration names, else ICU's guess when it is not UTF-8.
 * *out is NULL when data is to be read as it is. -1 with r->error. */
static int xml_to_utf8(const char *data, size_t len, char **out, size_t *out_len,
		       struct import_result *r)
{
	char enc[64] = "", *err = NULL;
	*out = NULL;
	if (len >= 2 && (memcmp(data, "\xFF\xFE", 2) == 0 || memcmp(data, "\xFE\xFF", 2) == 0))
		strcpy(enc, data[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE");
	else if (len >= 4 && (memcmp(data, "<\0?\0", 4) == 0 || memcmp(data, "\0<\0?", 4) == 0))
		strcpy(enc, data[0] == '<' ? "UTF-16LE" : "UTF-16BE");
	else {
		size_t p = prolog_start(data, len);
		if (p + 5 <= len && memcmp(data + p, "<?xml", 5) == 0)
			declared_encoding(data + p, len - p, enc, sizeof enc);
		if (*enc && (charset_is_utf8(enc) || strcasecmp(enc, "us-ascii") == 0))
			return 0; /* the UTF-8 check says what is wrong, if anything */
		/* Text that is valid UTF-8 is UTF-8, whatever the declaration
		 * says: a feed saved as UTF-8 keeps its ISO-8859-1 header, while
		 * Latin-1 text is almost never valid UTF-8 by chance. */
		if (utf8_first_invalid(data, len) == len)
			return 0;
		if (!*enc && (utf8_first_invalid(data, len) == len ||
			      charset_guess(data, len, enc, sizeof enc)))
			return 0;
	}
	size_t skip = len >= 2 && (data[0] == '\xFF' || data[0] == '\xFE') ? 2 : 0;
	*out = charset_to_utf8(data + skip, len - skip, enc, out_len, &err);
	if (!*out && utf8_first_invalid(data, len) == len) {
		/* An encoding nobody knows, on a document that is UTF-8 anyway. */
		free(err);
		return 0;
	}
	if (!*out) {
		import_fail_at(r, data, len, 0, "%s", err);
		free(err);
		return -1;
	}
	return 0;
}

static int parse_utf8(const char *data, size_t len, const struct import_limits *lim,
		      struct import_result *r)
{
	if (check_utf8(data, len, r))
		return -1;
	enum import_format f = import_detect(data, len);
	if (f == IMPORT_XML && is_html(data, len)) {
		char *title = html_title(data, len);
		import_fail_at(r, data, len, 0,
			       "an HTML page%s%s%s, not a feed (an error or login page saved "
			       "as a feed?)",
			       *title ? " (\"" : "", title, *title ? "\")" : "");
		free(title);
		r->html_page = 1;
		return -1;
	}
	if (f == IMPORT_TEXT && is_error_text(data, len))
		return import_fail_at(r, data, len, 0,
				      "an error message, not an article (a failed download?)");
	switch (f) {
	case IMPORT_JSON:
		if (import_jsonfeed_is(data, len))
			return import_jsonfeed_parse(data, len, lim, r);
		return import_json_parse(data, len, lim, r);
	case IMPORT_XML: {
		size_t p = prolog_start(data, len);
		return import_feed_parse(data + p, len - p, lim, r);
	}
	case IMPORT_TEXT: break;
	}
	return import_text_parse(data, len, lim, r);
}

/* Whether the bytes name their own encoding: a byte order mark, or an
 * XML declaration with encoding="...". */
static int names_encoding(const char *d, size_t n)
{
	if (utf8_bom_len(d, n) || (n >= 2 && (!memcmp(d, "\xFF\xFE", 2) || !memcmp(d, "\xFE\xFF", 2))))
		return 1;
	size_t p = prolog_start(d, n);
	char enc[64] = "";
	if (p + 5 <= n && memcmp(d + p, "<?xml", 5) == 0)
		declared_encoding(d + p, n - p, enc, sizeof enc);
	return *enc != 0;
}

/* Bytes that are not UTF-8 and name no encoding, in the one the transport
 * named, as UTF-8; NULL when that does not apply. Caller frees. */
static char *transport_to_utf8(const char *d, size_t n, const char *charset, size_t *out_len)
{
	char *err = NULL, *conv = NULL;
	if (!charset || !*charset || charset_is_utf8(charset) || names_encoding(d, n) ||
	    utf8_first_invalid(d, n) == n)
		return NULL;
	conv = charset_to_utf8(d, n, charset, out_len, &err);
	if (err)
		log_warn("charset %s named by the transport: %s", charset, err);
	free(err);
	return conv;
}

static int parse_bytes(const char *data, size_t len, const struct import_limits *lim,
		       struct import_result *r);

int import_parse(const char *data, size_t len, const struct import_limits *lim,
		 struct import_result *r)
{
	size_t conv_len = 0;
	char *conv = transport_to_utf8(data, len, lim->charset, &conv_len);
	int ret = conv ? parse_bytes(conv, conv_len, lim, r) : parse_bytes(data, len, lim, r);
	free(conv);
	return ret;
}

static int parse_bytes(const char *data, size_t len, const struct import_limits *lim,
		       struct import_result *r)
{
	size_t bom = utf8_bom_len(data, len);
	data += bom;
	len -= bom;
	size_t i = 0;
	while (i < len && strchr(" \t\r\n", data[i]))
		i++;
	if (i == len)
		return import_fail_at(r, data, len, 0, "empty file, no articles");
	if (len >= 2 && (unsigned char)data[0] == 0x1F && (unsigned char)data[1] == 0x8B)
		return import_fail_at(r, data, len, 0,
				      "a gzip-compressed file; unpack it first (gunzip)");
	char *conv = NULL;
	size_t conv_len = 0;
	if (import_detect(data, len) == IMPORT_XML && xml_to_utf8(data, len, &conv, &conv_len, r))
		return -1;
	/* A byte order mark says UTF-16, which is read only in feeds: random
	 * bytes after one decode to random letters, never an article. */
	if (conv && len >= 2 && (data[0] == '\xFF' || data[0] == '\xFE') &&
	    import_detect(conv, conv_len) != IMPORT_XML) {
		free(conv);
		return import_fail_at(r, data, len, 0,
				      "UTF-16 (a byte order mark) but not an XML feed; khabar "
				      "reads UTF-16 only in RSS and Atom feeds (save the file as "
				      "UTF-8)");
	}
	int ret = conv ? parse_utf8(conv, conv_len, lim, r) : parse_utf8(data, len, lim, r);
	free(conv);
	return ret;
}

/* The length of a URL's scheme and colon ("https:" 6), 0 when it has none. */
static size_t scheme_len(const char *s)
{
	size_t i = 0;
	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return 0;
	while (s[i] && (strchr("+-.", s[i]) || (s[i] >= '0' && s[i] <= '9') ||
			(s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
		i++;
	return s[i] == ':' ? i + 1 : 0;
}

/* path (n bytes, from its first '/') without "." and ".." segments,
 * appended to b; what follows the path (query, fragment) is kept. */
static void put_path(struct buf *b, const char *path)
{
	size_t n = strcspn(path, "?#"), start = b->len;
	const char *p = path, *end = path + n;
	while (p < end) {
		const char *slash = memchr(p + 1, '/', (size_t)(end - p - 1));
		const char *seg_end = slash ? slash : end;
		size_t sl = (size_t)(seg_end - p); /* "/seg" */
		if (sl == 2 && p[1] == '.') {
			if (!slash)
				buf_putc(b, '/');
		} else if (sl == 3 && p[1] == '.' && p[2] == '.') {
			while (b->len > start && b->data[b->len - 1] != '/')
				b->len--;
			if (b->len > start)
				b->len--;
			if (!slash)
				buf_putc(b, '/');
			b->data[b->len] = 0;
		} else {
			buf_append(b, p, sl);
		}
		p = seg_end;
	}
	buf_puts(b, end);
}

char *import_resolve_url(const char *base, const char *ref)
{
	if (!ref)
		return xstrdup("");
	size_t bs = base ? scheme_len(base) : 0;
	if (!*ref || scheme_len(ref) || !bs)
		return xstrdup(ref);
	struct buf b = {0};
	buf_puts(&b, "");
	if (ref[0] == '/' && ref[1] == '/') {
		buf_append(&b, base, bs);
		buf_puts(&b, ref);
		return buf_steal(&b);
	}
	/* The authority: after "//", up to the path. */
	const char *auth_end = base + bs;
	if (auth_end[0] == '/' && auth_end[1] == '/')
		auth_end += 2 + strcspn(auth_end + 2, "/?#");
	buf_append(&b, base, (size_t)(auth_end - base));
	size_t path_len = strcspn(auth_end, "?#");
	if (ref[0] == '/') {
		put_path(&b, ref);
	} else if (ref[0] == '?' || ref[0] == '#') {
		size_t keep = ref[0] == '?' ? path_len : strcspn(auth_end, "#");
		buf_append(&b, auth_end, keep);
		buf_puts(&b, ref);
	} else {
		/* Merge: the base's directory, then the reference. */
		const char *dir_end = auth_end + path_len;
		while (dir_end > auth_end && dir_end[-1] != '/')
			dir_end--;
		char *merged = xasprintf("%s%.*s%s", dir_end == auth_end ? "/" : "",
					 (int)(dir_end - auth_end), auth_end, ref);
		put_path(&b, merged);
		free(merged);
	}
	return buf_steal(&b);
}
