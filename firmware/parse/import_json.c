/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * import_json — articles as JSON: one article object, an array of them,
 * or {"articles": [...]}. The schema is in docs/import-json.md; the output
 * of `khabar list --json` is valid input.
 *
 * Nesting is checked before cJSON sees the text, so a document nested a
 * hundred thousand deep is refused in one linear pass, without recursion.
 *
 * Must not: touch the cache or the file system.
 */
#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "base/calendar.h"
#include "parse/import.h"

size_t import_json_too_deep_at(const char *s, size_t len, int max, int *open)
{
	int depth = 0, in_string = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = 0;
		} else if (c == '"') {
			in_string = 1;
		} else if (c == '{' || c == '[') {
			if (++depth > max)
				return i;
		} else if (c == '}' || c == ']') {
			depth--;
		}
	}
	if (open)
		*open = in_string || depth > 0;
	return len;
}

/* A string member, copied; "" when absent; -1 when it has another type. */
static int get_string(const cJSON *o, const char *name, char **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	*out = NULL;
	if (!v || cJSON_IsNull(v)) {
		*out = xstrdup("");
		return 0;
	}
	if (cJSON_IsString(v)) {
		*out = xstrdup(v->valuestring);
		return 0;
	}
	if (cJSON_IsNumber(v) && strcmp(name, "id") == 0) {
		*out = xasprintf("%.17g", v->valuedouble);
		return 0;
	}
	return -1;
}

/* Paragraphs from a string with blank lines between them: lines within a
 * paragraph are joined with a space; paragraphs end up one per line. */
static void paragraphs_from_text(struct buf *b, const char *s)
{
	int newlines = 0;
	for (; *s; s++) {
		if (*s == '\r')
			continue;
		if (*s == '\n') {
			newlines++;
			continue;
		}
		if (newlines && b->len)
			buf_putc(b, newlines >= 2 ? '\n' : ' ');
		newlines = 0;
		buf_putc(b, *s);
	}
}

/* The body member as '\n'-separated paragraphs; NULL with *why when it is
 * neither a string nor an array of strings. */
static char *get_body(const cJSON *o, const char **why)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "body");
	struct buf b = {0};
	buf_puts(&b, "");
	if (!v || cJSON_IsNull(v))
		return buf_steal(&b);
	if (cJSON_IsString(v)) {
		paragraphs_from_text(&b, v->valuestring);
		return buf_steal(&b);
	}
	if (!cJSON_IsArray(v)) {
		*why = "body is neither a string nor an array of strings";
		buf_free(&b);
		return NULL;
	}
	const cJSON *p;
	cJSON_ArrayForEach(p, v)
	{
		if (!cJSON_IsString(p)) {
			*why = "body array holds something other than strings";
			buf_free(&b);
			return NULL;
		}
		struct buf para = {0};
		buf_puts(&para, "");
		paragraphs_from_text(&para, p->valuestring);
		char *t = str_trim(buf_steal(&para));
		if (*t) {
			if (b.len)
				buf_putc(&b, '\n');
			buf_puts(&b, t);
		}
		free(t);
	}
	return buf_steal(&b);
}

static int get_time(const cJSON *o, const char *name, int64_t *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	*out = 0;
	if (!v || cJSON_IsNull(v) || (cJSON_IsString(v) && !*v->valuestring))
		return 0;
	if (!cJSON_IsString(v))
		return -1;
	return calendar_parse_iso8601(v->valuestring, out);
}

/* One article object into r (added or skipped with a reason). */
static void take_article(const cJSON *o, size_t item, const char *lang,
			 const struct import_limits *lim, struct import_result *r)
{
	struct article a = {0};
	const char *why = NULL;
	static const char *const names[] = {"id",  "title", "summary",	"source",
					    "url", "image", "category", "lang"};
	char **fields[] = {&a.id,  &a.title, &a.summary,  &a.source,
			   &a.url, &a.image, &a.category, &a.lang};
	if (!cJSON_IsObject(o)) {
		import_skip(r, "item %zu: not an object", item);
		return;
	}
	for (size_t i = 0; i < ARRAY_LEN(names); i++)
		if (get_string(o, names[i], fields[i])) {
			import_skip(r, "item %zu: %s is not a string", item, names[i]);
			goto fail;
		}
	if (!(a.body = get_body(o, &why))) {
		import_skip(r, "item %zu: %s", item, why);
		goto fail;
	}
	const cJSON *tags = cJSON_GetObjectItemCaseSensitive(o, "tags");
	if (tags && !cJSON_IsNull(tags)) {
		if (!cJSON_IsArray(tags)) {
			import_skip(r, "item %zu: tags is not an array of strings", item);
			goto fail;
		}
		const cJSON *t;
		cJSON_ArrayForEach(t, tags)
		{
			if (!cJSON_IsString(t)) {
				import_skip(r, "item %zu: tags is not an array of strings", item);
				goto fail;
			}
			a.tags = xrealloc(a.tags, (a.ntags + 1) * sizeof *a.tags);
			a.tags[a.ntags++] = xstrdup(t->valuestring);
		}
	}
	if (get_time(o, "published", &a.published)) {
		import_skip(r, "item %zu: published is not an ISO 8601 time", item);
		goto fail;
	}
	if (get_time(o, "expires", &a.expires)) {
		import_skip(r, "item %zu: expires is not an ISO 8601 time", item);
		goto fail;
	}
	if (!*a.lang && lang) {
		free(a.lang);
		a.lang = xstrdup(lang);
	}
	const cJSON *dir = cJSON_GetObjectItemCaseSensitive(o, "dir");
	if (dir && !cJSON_IsNull(dir)) {
		int d = cJSON_IsString(dir) ? article_dir_parse(dir->valuestring) : -1;
		if (d < 0) {
			import_skip(r, "item %zu: dir is not rtl or ltr", item);
			goto fail;
		}
		a.dir = (enum article_dir)d;
	}
	const cJSON *pr = cJSON_GetObjectItemCaseSensitive(o, "priority");
	if (pr && !cJSON_IsNull(pr)) {
		int p = cJSON_IsString(pr) ? article_priority_parse(pr->valuestring) : -1;
		if (p < 0) {
			import_skip(r, "item %zu: priority is not normal, pinned or breaking",
				    item);
			goto fail;
		}
		a.priority = (enum article_priority)p;
	}
	import_add(r, &a, item, lim);
	return;
fail:
	article_clear(&a);
}

int import_json_parse(const char *data, size_t len, const struct import_limits *lim,
		      struct import_result *r)
{
	int open = 0;
	size_t deep = import_json_too_deep_at(data, len, lim->max_depth, &open);
	if (deep < len)
		return import_fail_at(r, data, len, deep, "JSON nested deeper than %d levels",
				      lim->max_depth);
	const char *end = NULL;
	cJSON *root = cJSON_ParseWithLengthOpts(data, len, &end, 0);
	if (!root) {
		size_t off = end && end >= data && end <= data + len ? (size_t)(end - data) : len;
		return import_fail_at(r, data, len, open ? len : off, "%s",
				      open ? "JSON ends before the document is complete"
					   : "not valid JSON");
	}
	const cJSON *list = root, *lang = NULL;
	if (cJSON_IsObject(root) && cJSON_GetObjectItemCaseSensitive(root, "articles")) {
		list = cJSON_GetObjectItemCaseSensitive(root, "articles");
		/* The language of every article that names none. */
		lang = cJSON_GetObjectItemCaseSensitive(root, "lang");
	}
	const char *deflang = cJSON_IsString(lang) ? lang->valuestring : NULL;
	/* {"articles": [...]} is what `khabar list --json` writes: a whole
	 * cache imports again, however many articles it holds. */
	struct import_limits all = *lim;
	if (list != root)
		all.max_articles = SIZE_MAX;
	lim = &all;
	int ret = 0;
	if (cJSON_IsArray(list)) {
		size_t item = 0;
		const cJSON *o;
		cJSON_ArrayForEach(o, list) take_article(o, ++item, deflang, lim, r);
	} else if (cJSON_IsObject(list) && list == root) {
		take_article(list, 1, NULL, lim, r);
	} else {
		ret = import_fail_at(r, data, len, 0,
				     "expected an article object, an array of them, or "
				     "{\"articles\": [...]}");
	}
	cJSON_Delete(root);
	return ret;
}
