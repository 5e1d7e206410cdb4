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
