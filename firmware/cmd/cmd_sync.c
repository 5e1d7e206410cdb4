/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_sync — `khabar sync`: fetch the configured feeds into the cache, or
 * show their state with --status.
 *
 * Must not: know about SDL or layout; talk HTTP itself (sync.c does).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache/cache.h"
#include "cmd/cmd.h"
#include "base/config.h"
#include "feed/http.h"
#include "feed/sync.h"
#include "base/util.h"

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
	struct cmd_args args;
	cmd_args_init(&args, argc, argv);
	while (cmd_args_next(&args)) {
		const char *v;
		if (cmd_opt_flag(&args, "--help")) {
			fputs(sync_usage, stdout);
			free(names);
			return 0;
		} else if (cmd_opt_str(&args, "--feed", &v)) {
			names[o.nfeeds++] = (char *)v;
		} else if (cmd_opt_flag(&args, "--force")) {
			o.force = 1;
		} else if (cmd_opt_flag(&args, "--status")) {
			status = 1;
		} else {
			cmd_args_unknown(&args);
		}
	}
	if (args.status) {
		free(names);
		return args.status;
	}
	o.feeds = names;
	struct config cfg;
	char *err = NULL, *db = NULL;
	int crc = cmd_config_load(ctx, &cfg, stderr, "khabar: ");
	if (crc) {
		free(names);
		return crc;
	}
	if (!cfg.nfeeds && status) { /* a fresh install: nothing wrong */
		printf("no feeds: %s has no [feed NAME] section\n",
		       cfg.path ? cfg.path : "the config (none found)");
		rc = 0;
		goto done;
	}
	if (!cfg.nfeeds) {
		fprintf(stderr, "khabar sync: no [feed NAME] section in %s; nothing to fetch\n",
			cfg.path ? cfg.path : "the config (none found)");
		goto done;
	}
	db = cmd_cache_path(ctx, &cfg);
	if (status && access(db, F_OK) != 0) {
		printf("no feed fetched yet: there is no cache at %s\n", db);
		rc = 0;
		goto done;
	}
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
