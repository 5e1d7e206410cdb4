/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_check — `khabar check`: validates the config, the fonts, the
 * screen's device and schedule, the cache and the [mqtt] settings
 * (--connect: the broker), one line each on stdout.
 *
 * Must not: change the cache or the config.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache/cache.h"
#include "show/card.h"
#include "cmd/cmd.h"
#include "screen/display.h"
#include "app/netproc.h"
#include "app/panel.h"
#include "base/util.h"

/* A cache file that does not exist yet (a fresh machine): 0 and a line
 * saying so when its nearest existing directory is writable, so the
 * display or the first import can create it; 1 when it is not. */
static int check_no_cache(const char *db)
{
	char *dir = xstrdup(db);
	char *slash;
	while ((slash = strrchr(dir, '/')) && slash != dir) {
		*slash = '\0';
		if (access(dir, F_OK) == 0)
			break;
	}
	if (slash == dir)
		dir[1] = '\0';
	int ok = access(slash ? dir : ".", W_OK) == 0;
	if (ok)
		printf("cache: %s: none yet (the display or the first import creates it)\n", db);
	else
		printf("cache: %s: none yet, and %s is not writable: %s\n", db, slash ? dir : ".",
		       strerror(errno));
	free(dir);
	return !ok;
}

/* [display] drm_device and the [screen] schedule: the number of problems. */
static int check_screen(const struct config *cfg)
{
	int problems = 0;
	if (*cfg->drm_device) {
		struct panel_video v;
		char *err = NULL;
		if (panel_video_choose(cfg->drm_device, NULL, 0, &v, &err)) {
			printf("screen: %s\n", err);
			free(err);
			problems++;
		} else if (access(cfg->drm_device, R_OK | W_OK) != 0) {
			printf("screen: [display] drm_device = '%s': %s\n", cfg->drm_device,
			       errno == ENOENT ? "no such device (ls /dev/dri lists the cards)"
					       : "cannot be opened for reading and writing (is the "
						 "user in group video?)");
			problems++;
		} else {
			printf("screen: %s: ok\n", cfg->drm_device);
		}
	}
	int on = panel_on_at(cfg, time_now_unix());
	if (on >= 0)
		printf("screen: %s now by the night schedule%s\n", on ? "on" : "off",
		       cfg->screen_cec ? ", with HDMI-CEC" : "");
	return problems;
}

/* The cache part: 0 ok, 1 a problem (said with the commands that fix
 * it). A warning, not a problem, when this user cannot write it. */
static int check_cache(const char *db)
{
	char *err = NULL;
	struct cache *c = cache_open(db, 1, &err);
	if (!c) {
		printf("cache: %s\n", err);
		free(err);
		return 1;
	}
	int bad = 0;
	if (cache_check(c, &err)) {
		struct article_list l = {0};
		char *lerr = NULL;
		long n = cache_list(c, 0, 1, &l, &lerr) ? 0 : (long)l.n;
		printf(
		    "cache: damaged: %s\n"
		    "cache: the display shows the %ld articles it can still read. To keep them in "
		    "a new file and set the damaged one aside, stop imports and run:\n"
		    "  khabar --db '%s' repair\n"
		    "or by hand:\n"
		    "  khabar --db '%s' list --json --all > saved.json\n"
		    "  mv '%s' '%s.damaged'; rm -f '%s-wal' '%s-shm'\n"
		    "  khabar --db '%s' import --max-articles %ld saved.json\n",
		    err, n, db, db, db, db, db, db, db, n > 1000 ? n : 1000);
		free(err);
		free(lerr);
		article_list_free(&l);
		bad = 1;
	} else {
		printf("cache: %s: ok, %ld articles%s\n", db, cache_count(c),
		       cache_is_immutable(c) ? " (read as an unchanging file: see the warning)"
					     : "");
	}
	cache_close(c);
	char *dir = xstrdup(db);
	char *slash = strrchr(dir, '/');
	const char *d = ".";
	if (slash) {
		slash[slash == dir] = 0; /* "/x.db" is in "/" */
		d = dir;
	}
	if (access(db, W_OK) != 0 || access(d, W_OK) != 0)
		printf(
		    "cache: warning: this user (uid %d) cannot write %s: `khabar import` run as "
		    "this user fails; the user who imports needs write access to the file and to "
		    "%s\n",
		    (int)getuid(), access(db, W_OK) != 0 ? db : d, d);
	free(dir);
	return bad;
}

/* The feeds' state and the [mqtt] settings, from the network program
 * (the display program links neither libcurl nor libmosquitto). */
static int check_network(const struct cmd_ctx *ctx, const struct config *cfg, int connect)
{
	char *path = netproc_path();
	int missing = access(path, X_OK) != 0;
	if (missing && (cfg->nfeeds || *cfg->mqtt_url))
		printf("network: %s: not found; the feeds and [mqtt] need it (it is installed "
		       "beside khabar or in its libexec folder)\n",
		       path);
	free(path);
	if (missing)
		return cfg->nfeeds || *cfg->mqtt_url;
	const char *args[] = {"check", connect ? "--connect" : NULL, NULL};
	return netproc_call(ctx->config_path, ctx->db_path, args, NULL, 0) ? 1 : 0;
}

/* One style's letter body at the configured distance; a warning under
 * CARD_WARN_ARCMIN. */
static void legible_line(const struct card_sight *s, const char *name, double design, double px)
{
	double am = card_arcmin(s, px);
	printf("legibility: %-34s %5.1f px -> %5.1f px, letter body %4.1f px = %4.1f'%s\n", name,
	       design, px, px * s->body_em, am,
	       am < CARD_WARN_ARCMIN - 0.05 ? " (warning: under 12', unreadable there)" : "");
}

/* [display] viewing_distance: every text style's letter body on the
 * configured screen (w x h, EDID or [display] diagonal), in arc minutes. */
static void check_legibility(const struct config *cfg, const struct card_fonts *f, int w, int h)
{
	struct card_sight s;
	if (!(cfg->viewing_distance > 0)) {
		printf("legibility: no [display] viewing_distance: the design's sizes\n");
		return;
	}
	if (card_sight(cfg, f, w, h, &s) != 0) {
		printf("legibility: [display] viewing_distance = %g m, but the panel's size is unknown "
		       "(its EDID gives none): set [display] diagonal; the design's sizes\n",
		       cfg->viewing_distance);
		return;
	}
	float floor = card_legibility(cfg, f, w, h), u = (float)MIN(w, h) / 1080.0f;
	double want = CARD_LEGIBLE_ARCMIN / card_arcmin(&s, 1); /* arc minutes grow with size */
	printf("legibility: %dx%d on a %.1f\" panel (%s) seen from %g m; letter body %.3f em; "
	       "%g' takes %.1f px: every style at least %.1f px%s\n",
	       w, h, s.diagonal_mm / 25.4, s.from_edid ? "its EDID" : "[display] diagonal",
	       cfg->viewing_distance, s.body_em, CARD_LEGIBLE_ARCMIN, want, floor,
	       floor < want - 0.05 ? " (at most a twelfth of the screen)" : "");
	const struct card_type_size *t;
	for (int part = 0; part < 2; part++) {
		size_t n = part ? card_schedule_type_sizes(&t) : card_type_sizes(&t);
		for (size_t i = 0; i < n; i++)
			legible_line(&s, t[i].name, t[i].size * u, card_size(t[i].size * u));
	}
}

int cmd_check(const struct cmd_ctx *ctx, int argc, char **argv)
{
	struct cmd_args a;
	cmd_args_init(&a, argc, argv);
	int connect = 0, config_only = 0, w = 1920, h = 1080;
	while (cmd_args_next(&a)) {
		if (cmd_opt_flag(&a, "--help")) {
			printf("usage: khabar check [--connect] [--config-only] [--size WxH]\nValidates the "
			       "config, the fonts, the screen's device and schedule, and the cache; "
			       "--connect also tries the [mqtt] broker once; --config-only checks the "
			       "config alone (exit 2 when it is refused: systemctl reload runs it "
			       "first). With [display] viewing_distance it prints each text style's "
			       "letter body in minutes of arc on a screen of --size pixels (default "
			       "1920x1080).\n");
			return 0;
		} else if (cmd_opt_size(&a, "--size", &w, &h)) {
		} else if (cmd_opt_flag(&a, "--connect")) {
			connect = 1;
		} else if (cmd_opt_flag(&a, "--config-only")) {
			config_only = 1;
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
	if (config_only) {
		config_free(&cfg);
		return 0;
	}
	int problems = 0;
	char *err = NULL;
	struct card_fonts fonts;
	if (card_fonts_open(&fonts, &err)) {
		printf("fonts: %s\n", err);
		free(err);
		problems++;
	} else {
		printf("fonts: Vazirmatn Regular, Medium, Bold: ok\n");
		check_legibility(&cfg, &fonts, w, h);
		card_fonts_close(&fonts);
	}
	char *logo = card_logo_path(&cfg);
	int lw, lh;
	if (logo && display_image_size(logo, &lw, &lh, &err)) {
		printf("logo: %s\n", err);
		free(err);
		problems++;
	} else if (logo) {
		printf("logo: %s: ok, %dx%d\n", logo, lw, lh);
	}
	free(logo);
	problems += check_screen(&cfg);
	char *db = cmd_cache_path(ctx, &cfg);
	if (access(db, F_OK) != 0 && errno == ENOENT)
		problems += check_no_cache(db);
	else
		problems += check_cache(db);
	problems += cmd_schedule_check(db, &cfg, stdout);
	problems += check_network(ctx, &cfg, connect);
	free(db);
	config_free(&cfg);
	return problems ? 1 : 0;
}
