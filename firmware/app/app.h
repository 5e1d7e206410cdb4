/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * app — the window: shows the deck's cards fullscreen (or in a window),
 * with the header clock, transitions and the ticker, until it is told to
 * quit. `khabar run` (cmd_run.c) parses the options and calls app_run().
 *
 * Must not: lay out text itself, write to the cache, parse options.
 */
#ifndef KHABAR_APP_H
#define KHABAR_APP_H

#include <stdint.h>

#include "show/card.h"
#include "base/config.h"

struct app_options {
	int w, h;	   /* --windowed WxH; 0 x 0 for fullscreen */
	double exit_after; /* --exit-after seconds; 0 runs until quit */
	int64_t at;	   /* --at: the clock starts at this Unix time; 0 for the real clock */
	double time_scale; /* --time-scale: the clock runs this much faster; 0 for real time */
	double start;	   /* time_mono() when the process started, for the first-card log */
	const char *config_path; /* --config, read again on SIGHUP; NULL: the default search */
	int no_net; /* --no-network: do not start khabar-net (it runs as its own service) */
	const char *settings_refused; /* why the pushed settings were left out of the
				       * config, NULL when they are in it (or none) */
};

/* Open the window and rotate the cards of the cache at db until a quit
 * key, SDL_QUIT, SIGTERM/SIGINT or --exit-after; SIGHUP reloads the
 * config (a new one that is invalid is refused with a log line). cfg and
 * fonts are borrowed. Returns 0, or 1 when there is no display (after a
 * log line). */
/* The pushed settings file beside the cache at db. Caller frees. */
char *app_settings_path(const char *db);
int app_run(const struct config *cfg, const struct card_fonts *fonts, const char *db,
	    const struct app_options *o);

#endif
