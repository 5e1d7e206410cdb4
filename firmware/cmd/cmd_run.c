/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_run — `khabar run`, the default command: options, config and fonts,
 * then the window (app.c).
 *
 * Must not: draw or touch the cache; app.c does.
 */
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "cmd/cmd.h"
#include "base/calendar.h"
#include "base/util.h"

static const char run_usage[] =
    "usage: khabar [run] [--windowed WxH] [--exit-after SECONDS] [--at ISO-8601-TIME]\n"
    "                    [--time-scale FACTOR] [--no-network]\n"
    "Shows the cards fullscreen. Keys: Left/n next, Right/p previous, Space pause,\n"
    "Escape/q quit (unless [display] allow_quit = no). The feeds and [mqtt] are\n"
    "fetched by the network program khabar-net, started as a child; --no-network\n"
    "leaves it out (under systemd, khabar-net.service runs it).\n";

/* The options into o: 0, 1 for --help (printed), or 2 after a message. */
static int parse_run_options(int argc, char **argv, struct app_options *o)
{
	struct cmd_args a;
	const char *at;
	cmd_args_init(&a, argc, argv);
	while (cmd_args_next(&a)) {
		if (cmd_opt_size(&a, "--windowed", &o->w, &o->h) ||
		    cmd_opt_double(&a, "--exit-after", 0, 1e9, &o->exit_after) ||
		    cmd_opt_double(&a, "--time-scale", 0.01, 1000, &o->time_scale))
			continue;
		if (cmd_opt_str(&a, "--at", &at)) {
			if (!a.status && calendar_parse_iso8601(at, &o->at)) {
				fprintf(stderr,
					"khabar run: --at '%s' is not a time like "
					"2022-06-07T11:39:14Z\n",
					at);
				return 2;
			}
		} else if (cmd_opt_flag(&a, "--no-network")) {
			o->no_net = 1;
		} else if (cmd_opt_flag(&a, "--help")) {
			fputs(run_usage, stdout);
			return 1;
		} else {
			cmd_args_unknown(&a);
			fputs(run_usage, stderr);
		}
	}
	return a.status;
}

int cmd_run(const struct cmd_ctx *ctx, int argc, char **argv)
{
	struct app_options o = {.start = time_mono(), .config_path = ctx->config_path};
	/* Screen-sized buffers come and go with every card. A fixed mmap
	 * threshold keeps them out of the heap, so each one freed goes back
	 * to the system (glibc would otherwise raise the threshold after the
	 * first, and the heap would keep the high-water mark for months). */
	mallopt(M_MMAP_THRESHOLD, 256 * 1024);
	mallopt(M_TRIM_THRESHOLD, 1024 * 1024);
	int rc = parse_run_options(argc, argv, &o);
	if (rc)
		return rc == 1 ? 0 : rc;
	struct config cfg;
	/* Under systemd, why the service will not start is an error in the
	 * journal (`journalctl -p warning` shows it). */
	char prefix[16];
	snprintf(prefix, sizeof prefix, "%skhabar: ", log_priority(LOG_ERROR));
	if ((rc = cmd_config_load(ctx, &cfg, stderr, prefix)))
		return rc;
	struct card_fonts fonts;
	char *err = NULL;
	if (card_fonts_open(&fonts, &err)) {
		fprintf(stderr, "%s%s\n", prefix, err);
		free(err);
		config_free(&cfg);
		return 1;
	}
	char *db = cmd_cache_path(ctx, &cfg);
	/* Settings pushed over the fleet, beside the cache, over the INI; a
	 * file that no longer passes is left out and said in the status. */
	char *sp = app_settings_path(db), *serr = NULL;
	rc = config_apply_settings(&cfg, ctx->config_path, sp, &serr);
	free(sp);
	if (rc == 1) {
		log_error("settings: %s; the INI's settings alone", serr);
		o.settings_refused = serr;
	} else if (rc) {
		fprintf(stderr, "%s%s\n", prefix, serr);
		free(serr);
		free(db);
		card_fonts_close(&fonts);
		return 2;
	}
	/* Feeds and announcements come in through khabar-net, the window's
	 * child (app/netproc.h); the window meets them in the cache. */
	rc = app_run(&cfg, &fonts, db, &o);
	free(serr);
	free(db);
	card_fonts_close(&fonts);
	config_free(&cfg);
	return rc;
}
