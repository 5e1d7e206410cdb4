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

/* Whether the JSON string at p (after its opening quote, end bounding it)
 * starts with VERSION_PREFIX once unescaped: PHP writes "https:\/\/...". */
static int names_json_feed(const char *p, const char *end)
{
	const char *want = VERSION_PREFIX;
	while (*want) {
		if (p < end && *p == '\\' && end - p >= 2 && p[1] == '/')
			p++;
		if (p >= end || *p != *want)
			return 0;
		p++, want++;
	}
	return 1;
}

/* Whether a "version" key with a JSON Feed's value starts at key. Each
 * "version" is looked at once, over at most a few dozen bytes. */
static int version_key_at(const char *key, const char *end)
{
	const char *p = key + 9;
	while (p < end && strchr(" \t\r\n", *p))
		p++;
	if (p >= end || *p++ != ':')
		return 0;
	while (p < end && strchr(" \t\r\n", *p))
		p++;
	return p < end && *p == '"' && names_json_feed(p + 1, end);
}

int import_jsonfeed_is(const char *data, size_t len)
{
	static const char key[] = "\"version\"";
	size_t n = sizeof key - 1;
	const char *end = data + len;
	for (const char *p = data; (size_t)(end - p) >= n;) {
		const char *q = memchr(p, '"', (size_t)(end - p) - n + 1);
		if (!q)
			return 0;
		if (!memcmp(q, key, n) && version_key_at(q, end))
			return 1;
		p = q + 1;
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
	if (!a.title && (a.body || a.summary)) /* as an RSS item's */
		a.title = import_title_from(a.body ? a.body : a.summary);
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
	/* cJSON has unescaped the value: "https:\/\/" reads "https://". */
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
