/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_post — `khabar post`: an announcement from a shell, into the local
 * cache or, with --mqtt, published to the broker for every screen
 * (`khabar remove --mqtt` in cmd_remove.c takes them back).
 *
 * The announcement is written as an article in the import JSON format and
 * read back through the JSON importer, so it is checked exactly like
 * `khabar import` (and like the message every screen receives).
 *
 * The broker is the network program's (khabar-net post and remove,
 * app/netproc.h): the display program links no MQTT library.
 *
 * Must not: know about SDL or layout; talk to the broker itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache/cache.h"
#include "base/calendar.h"
#include "cmd/cmd.h"
#include "feed/ingest.h"
#include "base/config.h"
#include "parse/import.h"
#include "app/netproc.h"
#include "base/util.h"

static const char post_usage[] =
    "usage: khabar post [--emergency|--breaking|--pinned] [--expires WHEN] [--category C] [--url U]\n"
    "                   [--mqtt [--group G]] TITLE [BODY]\n"
    "Puts an announcement into the cache at once and prints its id (`khabar remove ID`\n"
    "takes it back). With --mqtt it is published to the [mqtt] broker instead, retained,\n"
    "for every screen subscribed to [mqtt] topic; the id printed is its topic\n"
    "(`khabar remove --mqtt ID` takes it back from every screen).\n\n"
    "  --emergency      takes the whole screen at once, no ticker, no rotation,\n"
    "                   until it is removed or expires\n"
    "  --breaking       shown first, at the next card change\n"
    "  --group G        with --mqtt: only the screens of [fleet] group G\n"
    "  --pinned         shown before other news\n"
    "  --expires WHEN   a duration (90s, 30m, 2h, 3d) or an ISO 8601 time\n"
    "  --category C     the article's category (for [playlist] filters)\n"
    "  --url U          a link to more\n"
    "  BODY             one paragraph: shown under the title; several, separated by\n"
    "                   a blank line: the announcement's pages\n\n"
    "Posting the same title again updates that announcement.\n"
    "Exit status: 0 posted, 1 refused or not delivered, 2 usage error.\n";

struct post {
	const char *title, *body, *category, *url, *priority;
	int64_t expires; /* 0: never */
	int mqtt;
	const char *group; /* --group: that group's screens only */
};

/* "90s", "30m", "2h", "3d" from now, or an ISO 8601 time. 0 or -1. */
static int parse_when(const char *v, int64_t now, int64_t *out)
{
	char *end;
	double n = strtod(v, &end);
	if (end != v && n > 0 && end[0] && !end[1]) {
		double unit = end[0] == 's'   ? 1
			      : end[0] == 'm' ? 60
			      : end[0] == 'h' ? 3600
			      : end[0] == 'd' ? 86400
					      : 0;
		if (unit && n * unit < 1e10) {
			*out = now + (int64_t)(n * unit);
			return 0;
		}
	}
	return calendar_parse_iso8601(v, out);
}

static void field(struct buf *b, const char *name, const char *v)
{
	if (!v)
		return;
	buf_printf(b, ", \"%s\": ", name);
	buf_json_string(b, v, strlen(v));
}

/* The announcement as one article in the import JSON format. */
static char *post_json(const struct post *p, const char *id, int64_t now)
{
	struct buf b = {0};
	char t[32];
	buf_puts(&b, "{\"id\": ");
	buf_json_string(&b, id, strlen(id));
	field(&b, "title", p->title);
	/* One paragraph is shown under the title on the headline card;
	 * several are the article's pages. */
	int pages = p->body && strstr(p->body, "\n\n");
	field(&b, pages ? "body" : "summary", p->body);
	field(&b, "category", p->category);
	field(&b, "url", p->url);
	field(&b, "priority", p->priority);
	calendar_format_iso8601(now, t, sizeof t);
	field(&b, "published", t);
	if (p->expires) {
		calendar_format_iso8601(p->expires, t, sizeof t);
		field(&b, "expires", t);
	}
	buf_puts(&b, "}\n");
	return buf_steal(&b);
}

/* Options and arguments into *p. 0, 1 for --help (printed), or 2 after a
 * usage message. */
static int parse_args(int argc, char **argv, struct post *p)
{
	int64_t now = time_now_unix();
	struct cmd_args a;
	cmd_args_init(&a, argc, argv);
	const char *v;
	while (cmd_args_next(&a) && argv[a.i][0] == '-' && argv[a.i][1]) {
		if (!strcmp(argv[a.i], "--")) {
			a.i++;
			break;
		} else if (cmd_opt_flag(&a, "--help")) {
			fputs(post_usage, stdout);
			return 1;
		} else if (cmd_opt_flag(&a, "--breaking") || cmd_opt_flag(&a, "--pinned") ||
			   cmd_opt_flag(&a, "--emergency")) {
			const char *want = argv[a.i] + 2;
			if (strcmp(p->priority, "normal") && strcmp(p->priority, want)) {
				fprintf(stderr, "khabar post: --emergency, --breaking and "
						"--pinned: choose one\n");
				return 2;
			}
			p->priority = want;
		} else if (cmd_opt_flag(&a, "--mqtt")) {
			p->mqtt = 1;
		} else if (cmd_opt_str(&a, "--expires", &v)) {
			if (!a.status && (parse_when(v, now, &p->expires) || p->expires <= now)) {
				fprintf(stderr,
					"khabar post: --expires '%s' is not a duration (90s, 30m, "
					"2h, 3d) or a future ISO 8601 time\n",
					v);
				return 2;
			}
		} else if (cmd_opt_str(&a, "--group", &p->group)) {
			if (!a.status && (!*p->group || strpbrk(p->group, "/+#"))) {
				fprintf(stderr,
					"khabar post: --group '%s' is not a group name (no /, + "
					"or #)\n",
					p->group);
				return 2;
			}
		} else if (cmd_opt_str(&a, "--category", &p->category)) {
		} else if (cmd_opt_str(&a, "--url", &p->url)) {
			if (!a.status && !url_is_web(p->url)) {
				fprintf(stderr,
					"khabar post: --url '%s' is not a link a phone can open; "
					"use an http:// or https:// URL\n",
					p->url);
				return 2;
			}
		} else {
			cmd_args_unknown(&a);
			fputs(post_usage, stderr);
		}
	}
	if (a.status)
		return a.status;
	int i = a.i;
	if (i >= argc || argc - i > 2) {
		fprintf(stderr, "khabar post: %s\n%s",
			i >= argc ? "no title given"
				  : "too many arguments (quote the title and body)",
			post_usage);
		return 2;
	}
	p->title = argv[i];
	p->body = i + 1 < argc ? argv[i + 1] : NULL;
	return 0;
}

/* The topic of announcement id under [mqtt] topic: the filter without its
 * final "#" ("khabar/announce/" + id); NULL when it does not end in "/#". */
static char *announce_topic(const struct config *cfg, const char *id)
{
	size_t n = strlen(cfg->mqtt_topic);
	if (n < 2 || strcmp(cfg->mqtt_topic + n - 2, "/#") != 0)
		return NULL;
	return xasprintf("%.*s%s", (int)(n - 1), cfg->mqtt_topic, id);
}

/* The config and the limits it sets. 0 or the exit code after a message. */
static int read_config(const struct cmd_ctx *ctx, struct config *cfg, struct import_limits *lim)
{
	int rc = cmd_config_load(ctx, cfg, stderr, "khabar: ");
	if (rc)
		return rc;
	import_limits_from_config(lim, cfg);
	lim->now = time_now_unix();
	return 0;
}

/* Check json as an import would; 0, or 1 after a message. */
static int validate(const char *json, const struct import_limits *lim, struct article *out)
{
	struct import_result r = {0};
	int ret = 1;
	if (import_parse(json, strlen(json), lim, &r))
		log_error("post: %s", r.error);
	else if (r.articles.n != 1)
		log_error("post: refused: %s", r.reasons.data ? r.reasons.data : "no article");
	else {
		*out = r.articles.items[0];
		memset(&r.articles.items[0], 0, sizeof *out);
		ret = 0;
	}
	import_result_free(&r);
	return ret;
}

static int post_local(const struct cmd_ctx *ctx, const struct config *cfg, struct article *a)
{
	char *err = NULL;
	char *path = cmd_cache_path(ctx, cfg);
	struct cache *c = cache_open(path, 0, &err);
	struct article_list l = {.items = a, .n = 1};
	struct ingest_result r = {0};
	int ret = 1;
	if (!c || ingest_articles(c, &l, NULL, time_now_unix(), &r, &err))
		log_error("post: %s", err);
	else
		ret = 0;
	ingest_result_free(&r);
	if (!ret)
		printf("%s\n", a->id);
	free(err);
	free(path);
	cache_close(c);
	return ret;
}

int cmd_post(const struct cmd_ctx *ctx, int argc, char **argv)
{
	struct post p = {.priority = "normal"};
	int rc = parse_args(argc, argv, &p);
	if (rc)
		return rc == 1 ? 0 : rc;
	struct config cfg;
	struct import_limits lim;
	if ((rc = read_config(ctx, &cfg, &lim)))
		return rc;
	char *hash = import_make_id("khabar post", p.title);
	char *id = xasprintf("post-%s", hash);
	free(hash);
	if (p.group && !p.mqtt) {
		fprintf(stderr, "khabar post: --group needs --mqtt (it goes to that group's "
				"screens through the broker)\n");
		free(id);
		config_free(&cfg);
		return 2;
	}
	if (p.mqtt) {
		/* The emergency has one topic for the whole fleet; a group's
		 * announcements go below the group. */
		char *topic = !strcmp(p.priority, "emergency")
				  ? xasprintf("%s/emergency", cfg.fleet_topic)
			      : p.group ? xasprintf("%s/group/%s/announce/%s", cfg.fleet_topic, p.group, id)
					: announce_topic(&cfg, id);
		if (!*cfg.mqtt_url || !topic) {
			fprintf(stderr,
				"khabar post: --mqtt needs [mqtt] url and a topic ending in "
				"/# in the config (it is '%s')\n",
				cfg.mqtt_topic);
			free(topic);
			free(id);
			config_free(&cfg);
			return 2;
		}
		free(id);
		id = topic; /* the id every screen gives it */
	}
	char *json = post_json(&p, id, time_now_unix());
	struct article a = {0};
	rc = validate(json, &lim, &a);
	if (!rc && p.mqtt) {
		const char *args[] = {"post", id, NULL};
		rc = netproc_call(ctx->config_path, ctx->db_path, args, json, strlen(json)) ? 1 : 0;
		if (!rc)
			printf("%s\n", id);
	} else if (!rc) {
		rc = post_local(ctx, &cfg, &a);
	}
	article_clear(&a);
	free(json);
	free(id);
	config_free(&cfg);
	return rc;
}
