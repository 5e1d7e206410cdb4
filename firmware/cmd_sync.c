/*
 * cmd_sync — `khabar sync`: fetch the configured feeds into the cache, or
 * show their state with --status.
 *
 * Must not: know about SDL or layout; talk HTTP itself (sync.c does).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "cmd.h"
#include "config.h"
#include "http.h"
#include "sync.h"
#include "util.h"

static const char sync_usage[] =
    "usage: khabar sync [--feed NAME]... [--force] [--status]\n"
    "Fetch every [feed NAME] of the config that is due and import what changed.\n\n"
    "  --feed NAME   fetch this feed now, due or not (repeatable)\n"
    "  --force       fetch without the validators and parse even an unchanged body\n"
    "  --status      print each feed's state instead of fetching\n\n"
    "One line per feed on stderr. Exit status: 0 every feed tried succeeded or was\n"
    "unchanged, 1 some feed failed, 2 usage or configuration error.\n";

int cmd_sync(const struct cmd_ctx *ctx, int argc, char **argv)
{
	struct sync_options o = {.now = time_now_unix()};
	char **names = xcalloc((size_t)argc, sizeof *names);
	int status = 0, rc = 2;
	for (int i = 1; i < argc; i++) {
		const char *v;
		if ((v = cmd_opt(argc, argv, &i, "--feed"))) {
			names[o.nfeeds++] = (char *)v;
		} else if (!strcmp(argv[i], "--force")) {
			o.force = 1;
		} else if (!strcmp(argv[i], "--status")) {
			status = 1;
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(sync_usage, stdout);
			free(names);
			return 0;
		} else {
			fprintf(stderr, "khabar sync: unknown option '%s'\n%s", argv[i],
				sync_usage);
			free(names);
			return 2;
		}
	}
	o.feeds = names;
	struct config cfg;
	char *err = NULL, *db = NULL;
	int crc = config_read(&cfg, ctx->config_path, &err);
	if (crc) {
		fprintf(stderr, "khabar: %s\n", err);
		free(err);
		config_free(&cfg);
		free(names);
		return crc == 2 ? 2 : 1;
	}
	if (!cfg.nfeeds) {
		fprintf(stderr, "khabar sync: no [feed NAME] section in %s; nothing to fetch\n",
			cfg.path ? cfg.path : "the config (none found)");
		goto done;
	}
	db = ctx->db_path      ? xstrdup(ctx->db_path)
	     : *cfg.cache_path ? xstrdup(cfg.cache_path)
			       : cache_default_path();
	struct cache *c = cache_open(db, status, &err);
	if (!c) {
		fprintf(stderr, "khabar sync: %s\n", err);
		free(err);
		rc = 1;
		goto done;
	}
	if (status) {
		rc = sync_status(&cfg, c, o.now, stdout);
	} else if (http_init()) {
		fprintf(stderr, "khabar sync: cannot start libcurl\n");
		rc = 1;
	} else {
		rc = sync_run(&cfg, c, &o, stderr);
		http_cleanup();
	}
	cache_close(c);
done:
	free(db);
	free(names);
	config_free(&cfg);
	return rc;
}
