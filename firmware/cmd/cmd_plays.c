/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_plays — `khabar plays`: what the display played, one card a line
 * (or JSON, or CSV), from the cache's plays table.
 *
 * Must not: write to the cache.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/calendar.h"
#include "base/util.h"
#include "cache/cache.h"
#include "cmd/cmd.h"

enum plays_format { PLAYS_TEXT, PLAYS_JSON, PLAYS_CSV };

struct plays_out {
	enum plays_format format;
	struct buf b;
	long n;
};

static const char plays_usage[] =
    "usage: khabar plays [--since TIME|AGO] [--json|--csv]\n"
    "What the display played: each card with when it came on screen (UTC) and\n"
    "how many seconds it stayed. --since takes an ISO 8601 time\n"
    "(2026-12-06T08:00:00Z) or a span back from now (90m, 24h, 7d); default 24h.\n"
    "Plays are kept 30 days.\n";

/* "24h", "90m", "7d", "30s": seconds before now; -1 when not one. */
static int64_t parse_ago(const char *s)
{
	char *end;
	double v = strtod(s, &end);
	if (end == s || v < 0 || v > 1e9)
		return -1;
	int64_t unit = !*end ? 1 : !strcmp(end, "s") ? 1 : !strcmp(end, "m") ? 60
			   : !strcmp(end, "h")		  ? 3600
			   : !strcmp(end, "d")		  ? 86400
							  : -1;
	return unit < 0 ? -1 : (int64_t)(v * (double)unit);
}

/* A CSV field: quoted when it holds a comma, a quote or a line break. */
static void csv_field(struct buf *b, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		buf_puts(b, s);
		return;
	}
	buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

static int plays_each(const struct cache_play *p, void *user)
{
	struct plays_out *o = user;
	char when[32];
	time_t t = (time_t)p->start;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (o->format == PLAYS_JSON) {
		buf_puts(&o->b, o->n ? ",\n  {\"start\": \"" : "\n  {\"start\": \"");
		buf_printf(&o->b, "%s\", \"duration\": %.1f, \"kind\": ", when, p->duration);
		buf_json_string(&o->b, p->kind, strlen(p->kind));
		buf_puts(&o->b, ", \"id\": ");
		buf_json_string(&o->b, p->article, strlen(p->article));
		buf_puts(&o->b, ", \"title\": ");
		buf_json_string(&o->b, p->title, strlen(p->title));
		buf_printf(&o->b, ", \"page\": %d}", p->page);
	} else if (o->format == PLAYS_CSV) {
		buf_printf(&o->b, "%s,%.1f,", when, p->duration);
		csv_field(&o->b, p->kind);
		buf_putc(&o->b, ',');
		csv_field(&o->b, p->article);
		buf_putc(&o->b, ',');
		csv_field(&o->b, p->title);
		buf_printf(&o->b, ",%d\n", p->page);
	} else {
		buf_printf(&o->b, "%s %7.1f s  %-9s %s%s%s\n", when, p->duration, p->kind,
			   p->article, *p->title ? "  " : "", p->title);
	}
	o->n++;
	return 0;
}

/* 0, 1 after --help (printed), or 2 after a message. */
static int plays_options(int argc, char **argv, int64_t *since, enum plays_format *f)
{
	struct cmd_args a;
	const char *s = NULL;
	cmd_args_init(&a, argc, argv);
	while (cmd_args_next(&a)) {
		if (cmd_opt_str(&a, "--since", &s))
			continue;
		if (cmd_opt_flag(&a, "--json"))
			*f = PLAYS_JSON;
		else if (cmd_opt_flag(&a, "--csv"))
			*f = PLAYS_CSV;
		else if (cmd_opt_flag(&a, "--help")) {
			fputs(plays_usage, stdout);
			return 1;
		} else
			cmd_args_unknown(&a);
	}
	if (a.status)
		return a.status;
	int64_t ago = s ? parse_ago(s) : 86400;
	if (ago >= 0) {
		*since = time_now_unix() - ago;
	} else if (calendar_parse_iso8601(s, since)) {
		fprintf(stderr,
			"khabar plays: --since '%s' is neither a time like 2026-12-06T08:00:00Z "
			"nor a span like 24h\n",
			s);
		return 2;
	}
	return 0;
}

int cmd_plays(const struct cmd_ctx *ctx, int argc, char **argv)
{
	int64_t since = 0;
	struct plays_out o = {0};
	int rc = plays_options(argc, argv, &since, &o.format);
	if (rc)
		return rc == 1 ? 0 : rc;
	struct config cfg;
	char *path, *err = NULL;
	if ((rc = cmd_config_load_cache(ctx, &cfg, &path)))
		return rc;
	config_free(&cfg);
	buf_puts(&o.b, o.format == PLAYS_JSON ? "{\"plays\": [" : "");
	if (o.format == PLAYS_CSV)
		buf_puts(&o.b, "start,duration,kind,id,title,page\n");
	struct cache *c = access(path, F_OK) == 0 ? cache_open(path, 1, &err) : NULL;
	rc = 0;
	if (err || (c && cache_plays_list(c, since, plays_each, &o, &err))) {
		log_error("%s", err);
		rc = 1;
	}
	if (o.format == PLAYS_JSON)
		buf_puts(&o.b, o.n ? "\n]}\n" : "]}\n");
	if (!rc)
		fputs(o.b.data, stdout);
	free(err);
	free(o.b.data);
	cache_close(c);
	free(path);
	return rc;
}
