/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * import_jsonfeed — JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1):
 * an object with "version" and "items". Each item's id, title, summary,
 * content_text (else content_html reduced to text), url (else
 * external_url), image (else banner_image), date_published (else
 * date_modified), tags and language become an article; the feed's title
 * is its source and its language the default.
 *
 * Nesting is checked before cJSON sees the text, as in import_json.c.
 *
 * Must not: touch the cache or the file system.
 */
#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "base/calendar.h"
#include "parse/html.h"
#include "parse/import.h"

#define VERSION_PREFIX "https://jsonfeed.org/version/"

/* Whether the text before end (back to start) ends in "version" : "https:// */
static int after_version_key(const char *start, const char *end)
{
	static const char scheme[] = "\"https://";
	size_t n = sizeof scheme - 1;
	if ((size_t)(end - start) < n || memcmp(end - n, scheme, n))
		return 0;
	const char *p = end - n;
	while (p > start && strchr(" \t\r\n", p[-1]))
		p--;
	if (p == start || *--p != ':')
		return 0;
	while (p > start && strchr(" \t\r\n", p[-1]))
		p--;
	return (size_t)(p - start) >= 9 && !memcmp(p - 9, "\"version\"", 9);
}

int import_jsonfeed_is(const char *data, size_t len)
{
	static const char needle[] = "jsonfeed.org/version/";
	size_t n = sizeof needle - 1, left = len;
	for (const char *p = data; left >= n;) {
		const char *j = memchr(p, 'j', left - n + 1);
		if (!j)
			return 0;
		if (!memcmp(j, needle, n) && after_version_key(data, j))
			return 1;
		left -= (size_t)(j - p) + 1;
		p = j + 1;
	}
	return 0;
}

/* The string member name, else fallback's, copied; NULL when neither is a
 * non-empty string. */
static char *str(const cJSON *o, const char *name, const char *fallback)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	if (cJSON_IsString(v) && *v->valuestring)
		return xstrdup(v->valuestring);
	if (fallback) {
		v = cJSON_GetObjectItemCaseSensitive(o, fallback);
		if (cJSON_IsString(v) && *v->valuestring)
			return xstrdup(v->valuestring);
	}
	return NULL;
}

static int64_t when(const cJSON *o)
{
	int64_t t = 0;
	char *s = str(o, "date_published", "date_modified");
	if (s && calendar_parse_iso8601(s, &t))
		t = 0;
	free(s);
	return t;
}

static void take_tags(const cJSON *o, struct article *a)
{
	const cJSON *tags = cJSON_GetObjectItemCaseSensitive(o, "tags"), *t;
	if (!cJSON_IsArray(tags))
		return;
	cJSON_ArrayForEach(t, tags)
	{
		if (!cJSON_IsString(t) || a->ntags >= 32)
			continue;
		a->tags = xrealloc(a->tags, (a->ntags + 1) * sizeof *a->tags);
		a->tags[a->ntags++] = xstrdup(t->valuestring);
	}
}

static void take_item(const cJSON *o, size_t item, const char *source, const char *lang,
		      const struct import_limits *lim, struct import_result *r)
{
	if (!cJSON_IsObject(o)) {
		import_skip(r, "item %zu: not an object", item);
		return;
	}
	struct article a = {0};
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "id");
	if (cJSON_IsNumber(id))
		a.id = xasprintf("%.17g", id->valuedouble);
	else
		a.id = str(o, "id", NULL);
	a.title = str(o, "title", NULL);
	a.summary = str(o, "summary", NULL);
	a.body = str(o, "content_text", NULL);
	char *h = str(o, "content_html", NULL);
	if (!a.body && h)
		a.body = html_to_text(h, strlen(h));
	if (a.summary) {
		char *plain = html_to_text(a.summary, strlen(a.summary));
		free(a.summary);
		a.summary = plain;
	}
	a.url = str(o, "url", "external_url");
	a.image = str(o, "image", "banner_image");
	if (!a.image && h) /* else the first picture of its HTML */
		a.image = html_first_image(h, strlen(h));
	free(h);
	a.lang = str(o, "language", NULL);
	if (!a.lang && lang)
		a.lang = xstrdup(lang);
	a.source = source ? xstrdup(source) : NULL;
	a.published = when(o);
	take_tags(o, &a);
	import_add(r, &a, item, lim);
}

int import_jsonfeed_parse(const char *data, size_t len, const struct import_limits *lim,
			  struct import_result *r)
{
	size_t deep = import_json_too_deep_at(data, len, lim->max_depth, NULL);
	if (deep < len)
		return import_fail_at(r, data, len, deep, "JSON nested deeper than %d levels",
				      lim->max_depth);
	const char *end = NULL;
	cJSON *root = cJSON_ParseWithLengthOpts(data, len, &end, 0);
	if (!root) {
		size_t off = end && end >= data && end <= data + len ? (size_t)(end - data) : len;
		return import_fail_at(r, data, len, off, "not valid JSON");
	}
	const cJSON *version = cJSON_GetObjectItemCaseSensitive(root, "version");
	const cJSON *items = cJSON_GetObjectItemCaseSensitive(root, "items");
	int ret = 0;
	if (!cJSON_IsString(version) ||
	    strncmp(version->valuestring, VERSION_PREFIX, sizeof VERSION_PREFIX - 1)) {
		ret = import_fail_at(r, data, len, 0, "a JSON Feed needs \"version\": \"%s1.1\"",
				     VERSION_PREFIX);
	} else if (!cJSON_IsArray(items)) {
		ret = import_fail_at(r, data, len, 0, "a JSON Feed needs an \"items\" array");
	} else {
		char *source = str(root, "title", NULL), *lang = str(root, "language", NULL);
		size_t item = 0;
		const cJSON *o;
		cJSON_ArrayForEach(o, items) take_item(o, ++item, source, lang, lim, r);
		free(source);
		free(lang);
	}
	cJSON_Delete(root);
	return ret;
}
