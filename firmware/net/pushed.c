/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pushed — settings pushed over the fleet. See pushed.h.
 *
 * Must not: talk to the broker, open the cache.
 */
#include "net/pushed.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/util.h"
#include "net/fleet.h"

#define MARK "; pushed on "

struct slot {
	char *topic;
	char *text; /* the fragment in force, NULL for none */
	int seen;   /* a message came since the connect */
};

struct pushed {
	struct slot *s; /* the groups' in order, then the screen's */
	size_t n;
	const char **topics;
	char *ini;	     /* the INI to check against, NULL for defaults only */
	char *path, *result; /* settings.ini, settings.result */
};

static void slot_add(struct pushed *p, char *topic)
{
	p->s = xrealloc(p->s, (p->n + 1) * sizeof *p->s);
	p->s[p->n++] = (struct slot){.topic = topic};
}

static struct slot *slot_of(struct pushed *p, const char *topic, size_t n)
{
	for (size_t i = 0; i < p->n; i++)
		if (strlen(p->s[i].topic) == n && !memcmp(p->s[i].topic, topic, n))
			return &p->s[i];
	return NULL;
}

/* The fragments in force from the settings file: each under its MARK
 * line; one of a topic this screen no longer takes is left out. */
static void read_back(struct pushed *p)
{
	size_t len = 0;
	char *err = NULL, *text = file_read(p->path, 1 << 20, &len, &err);
	free(err);
	if (!text)
		return;
	struct slot *cur = NULL;
	struct buf b = {0};
	for (char *line = text, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		size_t n = next ? (size_t)(++next - line) : strlen(line);
		if (!strncmp(line, MARK, strlen(MARK))) {
			if (cur) {
				free(cur->text);
				cur->text = buf_steal(&b);
			}
			buf_free(&b);
			const char *t = line + strlen(MARK);
			cur = slot_of(p, t, strcspn(t, "\r\n"));
			continue;
		}
		if (cur)
			buf_append(&b, line, n);
	}
	if (cur) {
		free(cur->text);
		cur->text = buf_steal(&b);
	}
	buf_free(&b);
	free(text);
}

struct pushed *pushed_new(const struct config *cfg, const char *db_path)
{
	struct pushed *p = xcalloc(1, sizeof *p);
	char *name = config_fleet_name(cfg);
	for (const char *g = cfg->fleet_groups; *g;) {
		g += strspn(g, " ,");
		size_t n = strcspn(g, ","), k = n;
		while (k && g[k - 1] == ' ')
			k--;
		if (k)
			slot_add(p,
				 xasprintf("%s/group/%.*s/settings", cfg->fleet_topic, (int)k, g));
		g += n;
	}
	slot_add(p, xasprintf("%s/screen/%s/settings", cfg->fleet_topic, name));
	free(name);
	p->topics = xcalloc(p->n, sizeof *p->topics);
	for (size_t i = 0; i < p->n; i++)
		p->topics[i] = p->s[i].topic;
	p->ini = cfg->path ? xstrdup(cfg->path) : NULL;
	const char *slash = strrchr(db_path, '/');
	int dl = slash ? (int)(slash - db_path) : 1;
	const char *dir = slash ? db_path : ".";
	p->path = xasprintf("%.*s/%s", dl, dir, CONFIG_SETTINGS_FILE);
	p->result = xasprintf("%.*s/%s", dl, dir, PUSHED_RESULT_FILE);
	read_back(p);
	return p;
}

void pushed_free(struct pushed *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++) {
		free(p->s[i].topic);
		free(p->s[i].text);
	}
	free(p->s);
	free(p->topics);
	free(p->ini);
	free(p->path);
	free(p->result);
	free(p);
}

const char *const *pushed_topics(const struct pushed *p, size_t *n)
{
	*n = p->n;
	return p->topics;
}

int pushed_is_topic(const struct pushed *p, const char *topic)
{
	return slot_of((struct pushed *)p, topic, strlen(topic)) != NULL;
}

/* The INI, then every fragment in force with text in place of the one of
 * slot `at`, as the config loader will read them. 0, or -1 with *err. */
static int check(const struct pushed *p, size_t at, const char *text, size_t len, char **err)
{
	struct config c;
	int rc = 0;
	if (p->ini)
		rc = config_read_checked(&c, p->ini, err);
	else
		config_defaults(&c);
	if (rc)
		return -1; /* c is freed */
	for (size_t i = 0; i < p->n && !rc; i++) {
		const char *t = i == at ? text : p->s[i].text;
		size_t n = i == at ? len : t ? strlen(t) : 0;
		if (t && n)
			rc = config_load_pushed(&c, t, n, p->s[i].topic, err);
	}
	config_free(&c);
	return rc ? -1 : 0;
}

/* The settings file from the slots; none when every one is empty. */
static int write_back(const struct pushed *p)
{
	struct buf b = {0};
	for (size_t i = 0; i < p->n; i++)
		if (p->s[i].text && *p->s[i].text) {
			if (!b.len)
				buf_puts(&b, "; Settings pushed over the fleet; khabar-net writes "
					     "this file (docs/fleet.md).\n");
			buf_printf(&b, MARK "%s\n%s", p->s[i].topic, p->s[i].text);
			if (b.data[b.len - 1] != '\n')
				buf_putc(&b, '\n');
		}
	int rc = b.len ? file_write(p->path, b.data, b.len)
		       : (unlink(p->path) == 0 || errno == ENOENT ? 0 : -1);
	if (rc)
		log_error("mqtt: cannot write %s: %s", p->path, strerror(errno));
	buf_free(&b);
	return rc;
}

/* The verdict for the display's status, one line each. */
static void verdict(const struct pushed *p, const char *topic, const char *sum, const char *result)
{
	char *text = xasprintf("%s\n%s\n%s\n", topic, sum, result);
	if (file_write(p->result, text, strlen(text)))
		log_warn("mqtt: cannot write %s: %s", p->result, strerror(errno));
	free(text);
}

/* Slot s takes text (len bytes, NULL or 0: withdrawn) when the whole
 * passes the check; the verdict either way. */
static void take(struct pushed *p, struct slot *s, const char *text, size_t len, const char *sum)
{
	char *err = NULL;
	if (check(p, (size_t)(s - p->s), text, len, &err)) {
		/* One line: the status carries it as one string. */
		for (char *c = err; c && *c; c++)
			if (*c == '\n' || *c == '\r')
				*c = ' ';
		log_error("mqtt: %s: settings refused, the old ones stay in force: %s", s->topic,
			  err ? err : "?");
		char *r = xasprintf("refused: %s", err ? err : "?");
		verdict(p, s->topic, sum, r);
		free(r);
		free(err);
		return;
	}
	char *old = s->text;
	s->text = len ? xstrndup(text, len) : NULL;
	if (write_back(p)) {
		free(s->text);
		s->text = old;
		verdict(p, s->topic, sum, "refused: the settings file cannot be written");
		return;
	}
	free(old);
	log_info("mqtt: %s: settings %s %s (%s)", s->topic, sum, len ? "applied" : "withdrawn",
		 p->path);
	verdict(p, s->topic, sum, len ? "applied" : "withdrawn");
}

/* Whether text has a line of the settings file's own (MARK), which would
 * split it into fragments of other topics when it is read back. */
static int has_mark(const char *text, size_t len)
{
	size_t m = strlen(MARK);
	for (size_t i = 0; i + m <= len; i++)
		if ((i == 0 || text[i - 1] == '\n') && !memcmp(text + i, MARK, m))
			return 1;
	return 0;
}

void pushed_message(struct pushed *p, const char *topic, const void *payload, size_t len)
{
	struct slot *s = slot_of(p, topic, strlen(topic));
	if (!s)
		return;
	s->seen = 1;
	char sum[17];
	snprintf(sum, sizeof sum, "%016llx",
		 (unsigned long long)hash_fnv1a(HASH_FNV1A_INIT, payload, len));
	const char *text = payload;
	char *r = NULL;
	if (len > PUSHED_MAX_MESSAGE)
		r = xasprintf("refused: a message of %zu bytes is over the limit of %d", len,
			      PUSHED_MAX_MESSAGE);
	else if (has_mark(text, len))
		r = xstrdup("refused: a line starting '" MARK "' (the settings file's own)");
	if (r) {
		log_error("mqtt: %s: settings %s", topic, r);
		verdict(p, topic, sum, r);
		free(r);
		return;
	}
	if ((!len && !s->text) ||
	    (s->text && strlen(s->text) == len && !memcmp(s->text, text, len)))
		return; /* nothing new: the retained one again after a connect */
	take(p, s, text, len, sum);
}

void pushed_connected(struct pushed *p)
{
	for (size_t i = 0; i < p->n; i++)
		p->s[i].seen = 0;
}

void pushed_synced(struct pushed *p)
{
	for (size_t i = 0; i < p->n; i++)
		if (!p->s[i].seen && p->s[i].text) {
			log_info("mqtt: %s: no settings at the broker any more", p->s[i].topic);
			take(p, &p->s[i], NULL, 0, "0000000000000000");
		}
}
