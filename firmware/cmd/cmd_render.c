/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_render — `khabar render`: card N of the playlist as the whole
 * screen (header, card, ticker) at a given time, to a PNG, with no
 * display. With --text it hands over to cmd_render_text (cmd_text.c).
 *
 * Must not: open a window or write to the cache.
 */
#include <SDL.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache/cache.h"
#include "base/calendar.h"
#include "cmd/cmd.h"
#include "show/deck.h"
#include "screen/display.h"
#include "screen/render.h"
#include "screen/screen.h"
#include "screen/ticker.h"
#include "base/util.h"

struct render_opts {
	const char *out;
	long card;
	int w, h;
	long rotate; /* -1: the config's */
	int64_t now;
};

static const char render_card_usage[] =
    "usage: khabar render --out FILE.png [--card N] [--size WxH] [--rotate DEG] "
    "[--at ISO-8601-TIME]\n"
    "Draws card N of the playlist (0: the first) as the whole screen,\n"
    "exactly as the display would show it at that time (default: now);\n"
    "an emergency in the cache is drawn instead, as it takes the whole screen.\n"
    "Defaults: card 0, 1920x1080, the config's rotate.\n\n"
    "       khabar render --text FILE|- --out FILE.png [layout options]\n"
    "Draws laid-out text instead (see khabar render --text - --help).\n";

/* 0, 1 for --help (printed), or 2 after a message. */
static int parse_render_options(int argc, char **argv, struct render_opts *o)
{
	struct cmd_args a;
	const char *at = NULL;
	cmd_args_init(&a, argc, argv);
	while (cmd_args_next(&a)) {
		if (cmd_opt_str(&a, "--out", &o->out) ||
		    cmd_opt_long(&a, "--card", 0, 100000, &o->card) ||
		    cmd_opt_size(&a, "--size", &o->w, &o->h) || cmd_opt_str(&a, "--at", &at))
			continue;
		if (cmd_opt_long(&a, "--rotate", 0, 270, &o->rotate)) {
			if (!a.status && o->rotate % 90) {
				fprintf(stderr,
					"khabar render: --rotate takes 0, 90, 180 or 270\n");
				return 2;
			}
		} else if (cmd_opt_flag(&a, "--help")) {
			fputs(render_card_usage, stdout);
			return 1;
		} else {
			cmd_args_unknown(&a);
		}
	}
	if (a.status)
		return a.status;
	if (!o->out) {
		fprintf(stderr, "khabar render: --out FILE.png is required\n");
		return 2;
	}
	if (at && calendar_parse_iso8601(at, &o->now)) {
		fprintf(stderr,
			"khabar render: --at '%s' is not a time like 2022-06-07T11:39:14Z\n", at);
		return 2;
	}
	return 0;
}

/* Articles from the cache at path (none when it is missing or broken,
 * with a log line). */
static void load_articles(const char *db, int64_t now, struct article_list *out,
			  struct event_list *events, int64_t *last_update)
{
	char *err = NULL;
	*last_update = 0;
	struct cache *c = cache_open(db, 1, &err);
	if (!c) {
		log_info("cache: %s; showing the empty card", err);
		free(err);
		if (access(db, F_OK) == 0)
			*last_update = -1; /* there, but unreadable: not an empty cache */
		return;
	}
	if (cache_list(c, now, 0, out, &err)) {
		log_warn("cache: %s", err);
		free(err);
		*last_update = -1;
	} else {
		article_list_check_images(out);
		*last_update = cache_last_update(c);
	}
	if (cache_events_list(c, events, &err)) {
		log_warn("cache: %s", err);
		free(err);
	}
	cache_close(c);
}

/* Card n of the deck's playlist as of now. NULL with *err when the
 * playlist has fewer cards. Caller frees. */
static struct card *nth_card(struct deck *deck, long n, int64_t now, char **err)
{
	struct card *body = NULL;
	for (long i = 0; i <= n; i++) {
		card_free(body);
		struct playlist_slot slot;
		body = deck_next(deck, now, &slot);
		if (i > 0 && slot.article == 0 && slot.page == -1 && !slot.repeat &&
		    deck->playlist.articles.n) {
			*err = xasprintf("the playlist has %ld cards; --card %ld is past its end",
					 i, n);
			card_free(body);
			return NULL;
		}
	}
	return body;
}

/* The whole lw x lh screen with body in the card area and the ticker at
 * rest, composed as the window composes it. NULL with *err. */
static SDL_Surface *draw_screen(const struct config *cfg, const struct card_fonts *fonts,
				const struct deck *deck, const struct card *body, int64_t now,
				char **err)
{
	const struct card_geometry *g = &deck->g;
	struct screen sc = {.g = *g};
	sc.surface = render_surface_new(g->w, g->h, cfg->theme.background, err);
	if (!sc.surface)
		return NULL;
	struct screen_parts p = {.background = cfg->theme.background};
	char *logo = path_if_readable(card_logo_path(cfg), "header: logo");
	struct card *header = card_header(g, cfg, fonts, now, logo), *bar = NULL;
	free(logo);
	struct ticker *tk = NULL;
	p.header = screen_image_of_card(&sc, header);
	p.card = screen_image_of_card(&sc, body);
	int nstrip = 0;
	if (cfg->ticker && *deck->ticker_text) { /* nothing to say: no bar */
		int area_x = 0, area_w = 0;
		bar = card_ticker_bar(g, cfg, fonts, &area_x, &area_w);
		p.bar = screen_image_of_card(&sc, bar);
		tk = ticker_new(g, cfg, fonts, deck->ticker_text, area_x, area_w);
		p.ticker = tk;
		p.strip = screen_strip_images(&sc, tk, &nstrip);
	}
	screen_draw(&sc, &p);
	for (int i = 0; i < nstrip; i++)
		screen_image_free(p.strip[i]);
	free(p.strip);
	ticker_free(tk);
	screen_image_free(p.bar);
	screen_image_free(p.card);
	screen_image_free(p.header);
	card_free(bar);
	card_free(header);
	return sc.surface;
}

/* An emergency in list takes the whole screen, as on the display: its
 * screen (or NULL when list holds none, or with *err). The emergencies
 * leave list either way: they are never cards of the playlist. */
static SDL_Surface *emergency_screen(const struct config *cfg, const struct card_fonts *fonts,
				     struct article_list *list, int w, int h, int *found,
				     char **err)
{
	SDL_Surface *out = NULL;
	size_t k = 0;
	*found = 0;
	for (size_t i = 0; i < list->n; i++) {
		struct article *e = &list->items[i];
		if (e->priority != PRIORITY_EMERGENCY) {
			list->items[k++] = *e;
			continue;
		}
		if (!(*found)++) {
			struct screen sc = {0};
			card_geometry(w, h, 0, &sc.g);
			struct card *c = card_emergency(w, h, cfg, fonts, e);
			struct screen_image *im = NULL;
			if ((sc.surface = render_surface_new(w, h, 0xff000000, err)) &&
			    (im = screen_image_of_card(&sc, c)))
				screen_draw_whole(&sc, im);
			screen_image_free(im);
			card_free(c);
			out = sc.surface;
		}
		article_clear(e);
	}
	list->n = k;
	return out;
}

int cmd_render(const struct cmd_ctx *ctx, int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (!strncmp(argv[i], "--text", 6))
			return cmd_render_text(ctx, argc, argv);
	struct render_opts o = {.w = 1920, .h = 1080, .rotate = -1, .now = time_now_unix()};
	int rc = parse_render_options(argc, argv, &o);
	if (rc)
		return rc == 1 ? 0 : rc;
	struct config cfg;
	if ((rc = cmd_config_load(ctx, &cfg, stderr, "khabar: ")))
		return rc;
	rc = 1;
	char *err = NULL, *db = NULL;
	struct card_fonts fonts = {0};
	struct deck deck = {0};
	struct article_list list = {0};
	struct event_list events = {0};
	struct card *body = NULL;
	SDL_Surface *screen = NULL, *turned = NULL;
	if (o.rotate >= 0)
		cfg.rotate = (int)o.rotate;
	if (card_fonts_open(&fonts, &err))
		goto fail;
	/* Lay out in the mounted orientation; turn the picture at the end. */
	int lw = cfg.rotate % 180 ? o.h : o.w, lh = cfg.rotate % 180 ? o.w : o.h;
	db = cmd_cache_path(ctx, &cfg);
	int64_t last = 0;
	load_articles(db, o.now, &list, &events, &last);
	int emergency = 0;
	screen = emergency_screen(&cfg, &fonts, &list, lw, lh, &emergency, &err);
	if (emergency && !screen)
		goto fail;
	deck_init(&deck, &cfg, &fonts, lw, lh);
	deck_load(&deck, &list, o.now, last);
	deck_load_events(&deck, &events);
	if (!emergency && !(body = nth_card(&deck, o.card, o.now, &err)))
		goto fail;
	if (!emergency && !(screen = draw_screen(&cfg, &fonts, &deck, body, o.now, &err)))
		goto fail;
	if (cfg.rotate && !(turned = display_rotate(screen, cfg.rotate, &err)))
		goto fail;
	if (render_save_png(turned ? turned : screen, o.out, &err))
		goto fail;
	rc = 0;
	goto done;
fail:
	fprintf(stderr, "khabar render: %s\n", err ? err : "failed");
	free(err);
done:
	card_free(body);
	SDL_FreeSurface(turned);
	SDL_FreeSurface(screen);
	deck_free(&deck);
	article_list_free(&list);
	event_list_free(&events);
	card_fonts_close(&fonts);
	free(db);
	config_free(&cfg);
	return rc;
}
