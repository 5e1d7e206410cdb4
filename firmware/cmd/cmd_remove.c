/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_remove — `khabar remove`: articles from the cache by id, a
 * conference's schedule (--conference), announcements from every screen
 * through the broker (--mqtt). The one home of taking things back.
 *
 * Must not: parse or store anything, or talk to the broker: cache.h and
 * the network program (app/netproc.h) do.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "cache/cache.h"
#include "cmd/cmd.h"
#include "app/netproc.h"

static int remove_conference(const struct cmd_ctx *ctx, int argc, char **argv)
{
	struct cmd_args a;
	const char *name = NULL;
	cmd_args_init(&a, argc, argv);
	while (cmd_args_next(&a))
		if (!cmd_opt_str(&a, "--conference", &name))
			cmd_args_unknown(&a);
	if (a.status || !name) {
		fprintf(stderr, "usage: khabar remove --conference NAME\n");
		return 2;
	}
	struct config cfg;
	char *path, *err = NULL;
	int rc = cmd_config_load_cache(ctx, &cfg, &path);
	if (rc)
		return rc;
	config_free(&cfg);
	struct cache *c = cache_open(path, 0, &err);
	free(path);
	long n = c ? cache_events_remove(c, name, &err) : -1;
	if (n < 0)
		log_error("%s", err);
	else if (n == 0)
		log_error("%s: no conference of this name in the cache", name);
	else
		printf("%s: removed %ld events\n", name, n);
	free(err);
	cache_close(c);
	return n > 0 ? 0 : 1;
}

/* An empty retained message on each of the argc topics in argv, which
 * removes those announcements from every screen: the network program's
 * (`khabar-net remove`), as the display program links no MQTT library. */
static int remove_mqtt(const struct cmd_ctx *ctx, int argc, char **argv)
{
	const char **args = xcalloc((size_t)argc + 2, sizeof *args);
	args[0] = "remove";
	for (int i = 0; i < argc; i++)
		args[i + 1] = argv[i];
	int rc = netproc_call(ctx->config_path, ctx->db_path, args, NULL, 0);
	free(args);
	return rc;
}

static const char remove_usage[] =
    "usage: khabar remove [--mqtt] [--] ID...\n"
    "       khabar remove --conference NAME\n"
    "Deletes the articles with these ids (as `khabar list` and `khabar post` print\n"
    "them) from the cache. With --mqtt, takes announcements back from every screen\n"
    "subscribed to the [mqtt] broker: an empty retained message on each ID, which is\n"
    "the announcement's topic. With --conference, deletes that conference's schedule.\n"
    "Exit status: 0 all removed, 1 some id was not there or not removed, 2 usage error.\n";

int cmd_remove(const struct cmd_ctx *ctx, int argc, char **argv)
{
	if (argc >= 2 && !strncmp(argv[1], "--conference", 12))
		return remove_conference(ctx, argc, argv);
	if (argc < 2 || (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(remove_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (!strcmp(argv[1], "--mqtt")) {
		if (argc < 3)
			fprintf(stderr, "usage: khabar remove [--mqtt] ID...\n");
		return argc < 3 ? 2 : remove_mqtt(ctx, argc - 2, argv + 2);
	}
	/* Ids after "--" may start with a dash; before it, a dash is an option. */
	int first = 1;
	if (!strcmp(argv[1], "--") && argc > 2)
		first = 2;
	else if (argv[1][0] == '-') {
		fprintf(stderr,
			"khabar remove: unknown option '%s' (ids that start with '-' go "
			"after --)\n%s",
			argv[1], remove_usage);
		return 2;
	}
	struct config cfg;
	char *path;
	int rc = cmd_config_load_cache(ctx, &cfg, &path);
	if (rc)
		return rc;
	config_free(&cfg);
	char *err = NULL;
	struct cache *c = cache_open(path, 0, &err);
	free(path);
	if (!c) {
		log_error("%s", err);
		free(err);
		return 1;
	}
	int ret = 0;
	for (int i = first; i < argc; i++) {
		err = NULL;
		int r = cache_remove(c, argv[i], &err);
		if (r < 0) {
			log_error("%s", err);
			ret = 1;
		} else if (r == 0) {
			log_error("%s: no article with this id", argv[i]);
			ret = 1;
		} else {
			printf("%s: removed\n", argv[i]);
		}
		free(err);
	}
	cache_close(c);
	return ret;
}
