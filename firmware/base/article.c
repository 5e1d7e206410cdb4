/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * article — freeing, copying and naming articles.
 */
#include "base/article.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/util.h"

void article_clear(struct article *a)
{
	if (!a)
		return;
	free(a->id);
	free(a->title);
	free(a->summary);
	free(a->body);
	free(a->source);
	free(a->url);
	free(a->image);
	free(a->category);
	free(a->lang);
	for (size_t i = 0; i < a->ntags; i++)
		free(a->tags[i]);
	free(a->tags);
	memset(a, 0, sizeof *a);
}

static char *dup_or_empty(const char *s)
{
	return xstrdup(s ? s : "");
}

void article_copy(struct article *dst, const struct article *src)
{
	*dst = *src;
	dst->id = dup_or_empty(src->id);
	dst->title = dup_or_empty(src->title);
	dst->summary = dup_or_empty(src->summary);
	dst->body = dup_or_empty(src->body);
	dst->source = dup_or_empty(src->source);
	dst->url = dup_or_empty(src->url);
	dst->image = dup_or_empty(src->image);
	dst->category = dup_or_empty(src->category);
	dst->lang = dup_or_empty(src->lang);
	dst->tags = src->ntags ? xcalloc(src->ntags, sizeof *dst->tags) : NULL;
	for (size_t i = 0; i < src->ntags; i++)
		dst->tags[i] = dup_or_empty(src->tags[i]);
}

void article_list_push(struct article_list *l, const struct article *a)
{
	l->items = xgrow(l->items, &l->cap, l->n + 1, sizeof *l->items);
	article_copy(&l->items[l->n++], a);
}

void article_list_free(struct article_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		article_clear(&l->items[i]);
	free(l->items);
	memset(l, 0, sizeof *l);
}

static const char *const priority_names[] = {"normal", "pinned", "breaking", "emergency"};

const char *article_priority_name(enum article_priority p)
{
	return (unsigned)p < ARRAY_LEN(priority_names) ? priority_names[p] : "normal";
}

int article_priority_parse(const char *name)
{
	for (size_t i = 0; name && i < ARRAY_LEN(priority_names); i++)
		if (strcmp(name, priority_names[i]) == 0)
			return (int)i;
	return -1;
}

const char *article_dir_name(enum article_dir d)
{
	return d == ARTICLE_DIR_LTR ? "ltr" : "rtl";
}

int article_dir_parse(const char *name)
{
	if (name && strcmp(name, "rtl") == 0)
		return ARTICLE_DIR_RTL;
	if (name && strcmp(name, "ltr") == 0)
		return ARTICLE_DIR_LTR;
	return -1;
}

void article_list_check_images(struct article_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		const char *p = l->items[i].image;
		l->items[i].image_missing = p && *p && !strstr(p, "://") && access(p, R_OK) != 0;
	}
}
