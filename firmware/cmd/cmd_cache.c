/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_cache — the commands that fill and inspect the cache: import, list,
 * prune, repair (taking things back is cmd_remove.c).
 *
 * Must not: know about SDL or layout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache/cache.h"
#include "base/calendar.h"
#include "cmd/cmd.h"
#include "base/config.h"
#include "feed/import_store.h"
#include "base/lang.h"
#include "base/util.h"

static struct cache *open_cache(const char *path, int readonly)
{
	char *err = NULL;
	struct cache *c = cache_open(path, readonly, &err);
	if (!c) {
		log_error("%s", err);
		free(err);
	}
	return c;
}

static int is_help(const char *a)
{
	return strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0;
}

static void import_usage(FILE *out)
{
	struct import_limits d;
	import_limits_default(&d);
	fprintf(out,
		"usage: khabar import [OPTIONS] PATH...\n"
		"Import plain-text, JSON, RSS or Atom files (a directory: its files, in\n"
		"name order) into the cache. The format is read from the content.\n\n"
		"  --lang TAG              language of articles whose file names none (en, fa)\n"
		"  --timezone ZONE         zone of a schedule's local times when the file names\n"
		"                          none (default: [display] timezone)\n"
		"  --conference NAME       store a schedule under NAME, not the file's name\n"
		"  --at TIME               import as at TIME (ISO 8601): a calendar's repeating\n"
		"                          events from a day before it, the change marks' time\n"
		"  --max-file-size BYTES   refuse larger files (default %zu)\n"
		"  --max-articles N        per file; the rest are skipped (default %zu)\n"
		"  --max-title BYTES       skip articles with longer titles (default %zu)\n"
		"  --max-body BYTES        skip articles with longer bodies (default %zu)\n\n"
		"Exit status: 0 all imported, 1 some file failed, 2 usage error.\n",
		d.max_file_size, d.max_articles, d.max_title, d.max_body);
}

/* --lang, --at, --conference or --timezone at a's argument into lim, checked
 * (a->status 2 when bad); 0 when it is none of them. */
static int import_text_option(struct cmd_args *a, struct import_limits *lim)
{
	const char *at = NULL;
	if (cmd_opt_str(a, "--lang", &lim->lang)) {
		char *canon = lim->lang ? lang_canonical(lim->lang) : NULL;
		if (canon && !*canon) {
			fprintf(stderr, "khabar import: --lang %s is not a language tag\n", lim->lang);
			a->status = 2;
		}
		free(canon);
	} else if (cmd_opt_str(a, "--at", &at)) {
		if (at && calendar_parse_iso8601(at, &lim->now)) {
			fprintf(stderr, "khabar import: --at: not an ISO 8601 time: '%s'\n", at);
			a->status = 2;
		}
	} else if (cmd_opt_str(a, "--conference", &lim->conference)) {
		if (lim->conference && !*lim->conference) {
			fprintf(stderr, "khabar import: --conference needs a name\n");
			a->status = 2;
		}
	} else if (cmd_opt_str(a, "--timezone", &lim->time_zone)) {
		char *id = lim->time_zone ? calendar_zone_id(lim->time_zone) : NULL;
		if (!id) {
			fprintf(stderr,
				"khabar import: --timezone %s is not a known time zone (use an IANA "
				"name such as Europe/Brussels)\n",
				lim->time_zone ? lim->time_zone : "");
			a->status = 2;
		}
		free(id);
		lim->time_zone_origin = "--timezone";
	} else {
		return 0;
	}
	return 1;
}

int cmd_import(const struct cmd_ctx *ctx, int argc, char **argv)
{
	struct import_limits lim;
	import_limits_default(&lim);
	for (int k = 1; k < argc; k++)
		if (is_help(argv[k])) {
			import_usage(stdout);
			return 0;
		}
	struct config cfg;
	char *path;
	int rc = cmd_config_load_cache(ctx, &cfg, &path);
	if (rc)
		return rc;
	/* The config's limits; options override them. */
	import_limits_from_config(&lim, &cfg);
	if (cfg.import_max_articles > 0)
		lim.max_articles = (size_t)cfg.import_max_articles;
	char *zone = xstrdup(cfg.timezone); /* lim borrows it past the config */
	lim.time_zone = zone;
	config_free(&cfg);
	int ret = 2;
	struct cmd_args a;
	cmd_args_init(&a, argc, argv);
	while (cmd_args_next(&a) && argv[a.i][0] == '-' && argv[a.i][1]) {
		long n;
		if (!strcmp(argv[a.i], "--")) {
			a.i++;
			break;
		} else if (cmd_opt_long(&a, "--max-file-size", 1, 1L << 40, &n)) {
			lim.max_file_size = (size_t)n;
		} else if (cmd_opt_long(&a, "--max-articles", 1, 10000000, &n)) {
			lim.max_articles = (size_t)n;
		} else if (cmd_opt_long(&a, "--max-title", 1, 1L << 30, &n)) {
			lim.max_title = (size_t)n;
		} else if (cmd_opt_long(&a, "--max-body", 1, 1L << 30, &n)) {
			lim.max_body = (size_t)n;
		} else if (!import_text_option(&a, &lim)) {
			cmd_args_unknown(&a);
			import_usage(stderr);
		}
	}
	if (a.status)
		goto done;
	int i = a.i;
	if (i >= argc) {
		fprintf(stderr, "khabar import: no files given\n");
		import_usage(stderr);
		goto done;
	}
	ret = 1;
	struct cache *c = open_cache(path, 0);
	if (c)
		ret = import_paths(c, argv + i, argc - i, &lim, stdout);
	cache_close(c);
done:
	free(zone);
	free(path);
	return ret;
}

static void json_field(struct buf *b, const char *name, const char *v, int *first)
{
	buf_printf(b, "%s\n    \"%s\": ", *first ? "" : ",", name);
	buf_json_string(b, v ? v : "", v ? strlen(v) : 0);
	*first = 0;
}

/* One article as a JSON object in the import schema, plus imported and
 * published_jalali. */
static void article_json(struct buf *b, const struct article *a, struct calendar_fmt *jalali)
{
	char t[32];
	int first = 1;
	buf_puts(b, "  {");
	json_field(b, "id", a->id, &first);
	json_field(b, "title", a->title, &first);
	json_field(b, "summary", a->summary, &first);
	buf_puts(b, ",\n    \"body\": [");
	const char *p = a->body;
	for (int n = 0; p && *p; n++) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		buf_puts(b, n ? ",\n      " : "\n      ");
		buf_json_string(b, p, len);
		p = nl ? nl + 1 : p + len;
	}
	buf_puts(b, a->body && *a->body ? "\n    ]" : "]");
	json_field(b, "source", a->source, &first);
	json_field(b, "url", a->url, &first);
	json_field(b, "image", a->image, &first);
	json_field(b, "category", a->category, &first);
	buf_puts(b, ",\n    \"tags\": [");
	for (size_t i = 0; i < a->ntags; i++) {
		buf_puts(b, i ? ", " : "");
		buf_json_string(b, a->tags[i], strlen(a->tags[i]));
	}
	buf_puts(b, "]");
	json_field(b, "lang", a->lang, &first);
	json_field(b, "dir", article_dir_name(a->dir), &first);
	if (a->published) {
		calendar_format_iso8601(a->published, t, sizeof t);
		json_field(b, "published", t, &first);
		char j[64];
		json_field(b, "published_jalali",
			   calendar_fmt_format(jalali, a->published, j, sizeof j) ? "" : j, &first);
	} else {
		buf_puts(b, ",\n    \"published\": null");
	}
	if (a->expires) {
		calendar_format_iso8601(a->expires, t, sizeof t);
		json_field(b, "expires", t, &first);
	} else {
		buf_puts(b, ",\n    \"expires\": null");
	}
	json_field(b, "priority", article_priority_name(a->priority), &first);
	calendar_format_iso8601(a->imported, t, sizeof t);
	json_field(b, "imported", t, &first);
	buf_puts(b, "\n  }");
}

/* One line per article: priority mark, Jalali time, id, source, title. */
static void article_line(struct buf *b, const struct article *a, int64_t now,
			 struct calendar_fmt *jalali)
{
	char j[64];
	if (!a->published || calendar_fmt_format(jalali, a->published, j, sizeof j))
		strcpy(j, "-");
	const char *mark = a->priority == PRIORITY_BREAKING ? "!"
			   : a->priority == PRIORITY_PINNED ? "*"
							    : " ";
	buf_printf(b, "%s %-16s  %-16s  %s", mark, j, a->id, a->title);
	if (a->source && *a->source)
		buf_printf(b, "  (%s)", a->source);
	if (a->expires && a->expires <= now)
		buf_puts(b, "  [expired]");
	buf_putc(b, '\n');
}

int cmd_list(const struct cmd_ctx *ctx, int argc, char **argv)
{
	int json = 0, all = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			json = 1;
		} else if (!strcmp(argv[i], "--all")) {
			all = 1;
		} else if (is_help(argv[i])) {
			printf("usage: khabar list [--json] [--all]\n"
			       "The articles the display would show, in order (breaking, pinned,\n"
			       "then newest first). --all includes expired ones. --json prints\n"
			       "{\"articles\": [...]} in the import format.\n");
			return 0;
		} else {
			fprintf(stderr, "khabar list: unknown argument '%s'\n", argv[i]);
			return 2;
		}
	}
	struct config cfg;
	char *path;
	int rc = cmd_config_load_cache(ctx, &cfg, &path);
	if (rc)
		return rc;
	config_free(&cfg);
	/* A reader, like the display: no migration, no checkpoint on close.
	 * A cache that does not exist yet holds no articles. */
	if (access(path, F_OK) != 0) {
		fputs(json ? "{\"articles\": []}\n" : "", stdout);
		free(path);
		return 0;
	}
	struct cache *c = open_cache(path, 1);
	free(path);
	if (!c)
		return 1;
	struct article_list l = {0};
	struct buf out = {0};
	char *err = NULL;
	int64_t now = time_now_unix();
	int ret = 1;
	struct calendar_fmt *jalali = calendar_fmt_open(CALENDAR_TEHRAN, "yyyy/MM/dd HH:mm", 0);
	if (!jalali) {
		log_error("cannot format Persian dates (ICU data missing?)");
		goto done;
	}
	if ((json ? cache_list : cache_list_brief)(c, now, all, &l, &err)) {
		log_error("%s", err);
		goto done;
	}
	if (json) {
		buf_puts(&out, "{\"articles\": [");
		for (size_t i = 0; i < l.n; i++) {
			buf_puts(&out, i ? ",\n" : "\n");
			article_json(&out, &l.items[i], jalali);
		}
		buf_puts(&out, l.n ? "\n]}\n" : "]}\n");
	} else {
		for (size_t i = 0; i < l.n; i++)
			article_line(&out, &l.items[i], now, jalali);
		term_clean(out.data, out.len); /* JSON escapes them instead */
	}
	fwrite(out.data ? out.data : "", 1, out.len, stdout);
	ret = fflush(stdout) == 0 ? 0 : 1;
done:
	calendar_fmt_close(jalali);
	free(err);
	buf_free(&out);
	article_list_free(&l);
	cache_close(c);
	return ret;
}

int cmd_prune(const struct cmd_ctx *ctx, int argc, char **argv)
{
	struct config cfg;
	char *path;
	int rc = cmd_config_load_cache(ctx, &cfg, &path);
	if (rc)
		return rc;
	long days = cfg.prune_days; /* the option overrides the config */
	config_free(&cfg);
	struct cmd_args a;
	cmd_args_init(&a, argc, argv);
	while (cmd_args_next(&a)) {
		if (cmd_opt_long(&a, "--max-age-days", 0, 100000, &days))
			continue;
		if (cmd_opt_flag(&a, "--help")) {
			printf("usage: khabar prune [--max-age-days N]\n"
			       "Drop expired articles and those published more than N days ago\n"
			       "(default: [cache] prune_days of the config, 30; 0 keeps old\n"
			       "articles and drops only expired ones).\n");
			free(path);
			return 0;
		}
		cmd_args_unknown(&a);
	}
	if (a.status) {
		free(path);
		return a.status;
	}
	struct cache *c = open_cache(path, 0);
	free(path);
	if (!c)
		return 1;
	char *err = NULL;
	long n = cache_prune(c, time_now_unix(), (int64_t)days * 86400, &err);
	if (n < 0)
		log_error("%s", err);
	else
		printf("pruned %ld, %ld left\n", n, cache_count(c));
	free(err);
	cache_close(c);
	return n < 0;
}

int cmd_repair(const struct cmd_ctx *ctx, int argc, char **argv)
{
	struct cmd_args a;
	cmd_args_init(&a, argc, argv);
	while (cmd_args_next(&a)) {
		if (cmd_opt_flag(&a, "--help")) {
			printf(
			    "usage: khabar repair\n"
			    "Copy every article of a damaged cache that can still be read into a\n"
			    "new file that takes its place; the damaged file is kept beside it as\n"
			    "FILE.damaged-DATE. Stop imports while it runs.\n");
			return 0;
		}
		cmd_args_unknown(&a);
	}
	if (a.status)
		return a.status;
	struct config cfg;
	char *path;
	int rc = cmd_config_load_cache(ctx, &cfg, &path);
	if (rc)
		return rc;
	config_free(&cfg);
	long kept = 0, lost = 0;
	char *err = NULL;
	char *saved = cache_repair(path, &kept, &lost, &err);
	if (!saved) {
		log_error("%s", err);
		free(err);
		free(path);
		return 1;
	}
	printf("%s: kept %ld articles, %ld unreadable rows lost; the damaged file is %s\n", path,
	       kept, lost, saved);
	free(saved);
	free(path);
	return 0;
}
