/*
 * cmd_check — `khabar check`: validates the config, the fonts, the
 * cache and the [mqtt] settings (--connect: the broker), one line each
 * on stdout.
 *
 * Must not: change the cache or the config.
 */
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "card.h"
#include "cmd.h"
#include "mqtt.h"
#include "util.h"

int cmd_check(const struct cmd_ctx *ctx, int argc, char **argv)
{
	struct cmd_args a;
	cmd_args_init(&a, argc, argv);
	int connect = 0;
	while (cmd_args_next(&a)) {
		if (cmd_opt_flag(&a, "--help")) {
			printf("usage: khabar check [--connect]\nValidates the config, the fonts and "
			       "the cache; --connect also tries the [mqtt] broker once.\n");
			return 0;
		} else if (cmd_opt_flag(&a, "--connect")) {
			connect = 1;
		} else {
			cmd_args_unknown(&a);
		}
	}
	if (a.status)
		return a.status;
	struct config cfg;
	int rc = cmd_config_load(ctx, &cfg, stdout, "config: ");
	if (rc)
		return rc;
	char *path = config_find(ctx->config_path);
	printf("config: %s: ok\n", path ? path : "(no file; defaults)");
	free(path);
	int problems = 0;
	char *err = NULL;
	struct card_fonts fonts;
	if (card_fonts_open(&fonts, &err)) {
		printf("fonts: %s\n", err);
		free(err);
		problems++;
	} else {
		printf("fonts: Vazirmatn Regular, Medium, Bold: ok\n");
		card_fonts_close(&fonts);
	}
	char *db = cmd_cache_path(ctx, &cfg);
	struct cache *c = cache_open(db, 1, &err);
	if (!c) {
		printf("cache: %s\n", err);
		free(err);
		problems++;
	} else if (cache_check(c, &err)) {
		printf("cache: %s: %s\n", db, err);
		free(err);
		problems++;
	} else {
		printf("cache: %s: ok, %ld articles\n", db, cache_count(c));
		problems += cmd_schedule_check(c, &cfg, stdout);
	}
	cache_close(c);
	free(db);
	problems += mqtt_check(&cfg, connect, stdout);
	config_free(&cfg);
	return problems ? 1 : 0;
}
