/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fleet — the fleet's topics and a status's fields. See fleet.h.
 *
 * Must not: talk to the broker or open the cache.
 */
#include "net/fleet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/util.h"

void fleet_topics_init(struct fleet_topics *t, const struct config *cfg)
{
	const char *p = cfg->fleet_topic;
	memset(t, 0, sizeof *t);
	t->name = config_fleet_name(cfg);
	t->status = xasprintf("%s/screen/%s/status", p, t->name);
	t->thumbnail = xasprintf("%s/screen/%s/thumbnail", p, t->name);
	t->plays = xasprintf("%s/screen/%s/plays", p, t->name);
	t->ack = xasprintf("%s/screen/%s/ack", p, t->name);
	t->sync = xasprintf("%s/screen/%s/sync", p, t->name);
	t->emergency = xasprintf("%s/emergency", p);
	for (const char *g = cfg->fleet_groups; *g;) {
		g += strspn(g, " ,");
		size_t n = strcspn(g, ",");
		size_t k = n;
		while (k && g[k - 1] == ' ')
			k--;
		if (k) {
			t->groups = xrealloc(t->groups, (t->ngroups + 1) * sizeof *t->groups);
			t->groups[t->ngroups++] = xasprintf("%s/group/%.*s/announce/#", p, (int)k, g);
		}
		g += n;
	}
}

void fleet_topics_free(struct fleet_topics *t)
{
	free(t->name);
	free(t->status);
	free(t->thumbnail);
	free(t->plays);
	free(t->ack);
	free(t->sync);
	free(t->emergency);
	for (size_t i = 0; i < t->ngroups; i++)
		free(t->groups[i]);
	free(t->groups);
	memset(t, 0, sizeof *t);
}

/* Where the value of the first "key" starts (after the colon and spaces),
 * or NULL. */
static const char *value_of(const char *json, size_t len, const char *key)
{
	size_t k = strlen(key);
	for (size_t i = 0; i + k + 2 < len; i++) {
		if (json[i] != '"' || memcmp(json + i + 1, key, k) != 0 || json[i + k + 1] != '"')
			continue;
		size_t j = i + k + 2;
		while (j < len && (json[j] == ' ' || json[j] == '\t' || json[j] == '\n'))
			j++;
		if (j >= len || json[j] != ':')
			continue;
		j++;
		while (j < len && (json[j] == ' ' || json[j] == '\t' || json[j] == '\n'))
			j++;
		return j < len ? json + j : NULL;
	}
	return NULL;
}

int fleet_json_str(const char *json, size_t len, const char *key, char *out, size_t n)
{
	const char *v = value_of(json, len, key), *end = json + len;
	size_t o = 0;
	int cut = 0;
	if (!v || *v != '"' || !n)
		return 0;
	for (v++; v < end && *v != '"'; v++) {
		char c = *v;
		if (c == '\\' && v + 1 < end) {
			c = *++v;
			if (c == 'n' || c == 't')
				c = ' ';
			else if (c == 'u' && v + 4 < end) {
				long u = strtol((char[]){v[1], v[2], v[3], v[4], 0}, NULL, 16);
				c = u > 0 && u < 0x80 ? (char)u : '?';
				v += 4;
			} else if (c != '"' && c != '\\' && c != '/')
				c = '?';
		}
		if (o + 1 < n)
			out[o++] = c;
		else
			cut = 1;
	}
	if (cut) { /* no half character at the end */
		while (o && ((unsigned char)out[o - 1] & 0xc0) == 0x80)
			o--;
		if (o && (unsigned char)out[o - 1] >= 0xc0)
			o--;
	}
	out[o] = 0;
	return v < end;
}

int fleet_json_num(const char *json, size_t len, const char *key, double *v)
{
	const char *p = value_of(json, len, key);
	char buf[40];
	size_t n = 0;
	if (!p)
		return 0;
	while (p + n < json + len && n < sizeof buf - 1 && strchr("+-.0123456789eE", p[n]))
		n++;
	if (!n)
		return 0;
	memcpy(buf, p, n);
	buf[n] = 0;
	char *e;
	*v = strtod(buf, &e);
	return e != buf;
}

static const char *feed_result(const struct cache_feed *f)
{
	if (f->gone)
		return "gone";
	if (!f->last_attempt)
		return "never";
	return f->last_success >= f->last_attempt && !*f->error ? "ok" : "failed";
}

void fleet_feeds_json(struct buf *b, const struct cache_feed *f, size_t n)
{
	buf_puts(b, ", \"feeds\": [");
	for (size_t i = 0; i < n && i < FLEET_MAX_FEEDS; i++) {
		const char *name = f[i].name ? f[i].name : "", *err = f[i].error ? f[i].error : "";
		size_t cut = strlen(err);
		if (cut > 160) { /* never half a character */
			cut = 160;
			while (cut && ((unsigned char)err[cut] & 0xc0) == 0x80)
				cut--;
		}
		buf_puts(b, i ? ", {\"name\": " : "{\"name\": ");
		buf_json_string(b, name, strlen(name));
		buf_printf(
		    b, ", \"last_attempt\": %lld, \"last_success\": %lld, \"result\": \"%s\"",
		    (long long)f[i].last_attempt, (long long)f[i].last_success, feed_result(&f[i]));
		buf_printf(b, ", \"http\": %d, \"articles\": %lld, \"error\": ", f[i].status,
			   (long long)f[i].articles);
		buf_json_string(b, err, cut);
		buf_putc(b, '}');
	}
	buf_putc(b, ']');
	if (n > FLEET_MAX_FEEDS)
		buf_printf(b, ", \"feeds_more\": %zu", n - FLEET_MAX_FEEDS);
}

char *fleet_status_merge(const char *status, size_t len, const char *members, size_t *outlen)
{
	size_t end = len;
	while (end &&
	       (status[end - 1] == '\n' || status[end - 1] == ' ' || status[end - 1] == '\r'))
		end--;
	if (!end || status[end - 1] != '}' || !memchr(status, '{', end))
		return NULL;
	struct buf b = {0};
	buf_append(&b, status, end - 1);
	buf_puts(&b, members);
	buf_puts(&b, "}\n");
	*outlen = b.len;
	return buf_steal(&b);
}

/* The end of the object or array that starts at p (a '{' or '['), or
 * NULL when it does not end before end. Strings are skipped whole. */
static const char *json_end(const char *p, const char *end)
{
	int depth = 0, str = 0;
	for (; p < end; p++) {
		if (str) {
			if (*p == '\\')
				p++;
			else if (*p == '"')
				str = 0;
		} else if (*p == '"') {
			str = 1;
		} else if (*p == '{' || *p == '[') {
			depth++;
		} else if ((*p == '}' || *p == ']') && --depth == 0) {
			return p + 1;
		}
	}
	return NULL;
}

int fleet_feeds_summary(const char *json, size_t len, double *when, int *feeds, int *failed)
{
	const char *v = value_of(json, len, "feeds"), *end = json + len;
	*when = 0;
	*feeds = *failed = 0;
	if (!v || *v != '[' || !(end = json_end(v, end)))
		return 0;
	for (const char *p = v + 1; p < end; p++) {
		if (*p != '{')
			continue;
		const char *e = json_end(p, end);
		if (!e)
			break;
		double t = 0;
		char result[16] = "";
		if (fleet_json_num(p, (size_t)(e - p), "last_attempt", &t) && t > *when)
			*when = t;
		fleet_json_str(p, (size_t)(e - p), "result", result, sizeof result);
		*failed += !strcmp(result, "failed") || !strcmp(result, "gone");
		(*feeds)++;
		p = e - 1;
	}
	return 1;
}

int fleet_json_member(const char *json, size_t len, const char *object, const char *key, char *out,
		      size_t n)
{
	const char *v = value_of(json, len, object), *end;
	*out = 0;
	if (!v || *v != '{' || !(end = json_end(v, json + len)))
		return 0;
	return fleet_json_str(v, (size_t)(end - v), key, out, n);
}
