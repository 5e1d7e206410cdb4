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

#include "cache.h"
#include "cmd.h"
#include "deck.h"
#include "display.h"
#include "calendar.h"
#include "render.h"
#include "util.h"

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
    "exactly as the display would show it at that time (default: now).\n"
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
		return;
	}
	if (cache_list(c, now, 0, out, &err)) {
		log_warn("cache: %s", err);
		free(err);
	}
	if (cache_events_list(c, events, &err)) {
		log_warn("cache: %s", err);
		free(err);
	}
	*last_update = cache_last_update(c);
	cache_close(c);
}

int cmd_render(const struct cmd_ctx *ctx, int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (!strncmp(argv[i], "--text", 6))
			return cmd_render_text(ctx, argc, argv);
	struct render_opts o = {.w = 1920, .h = 1080, .rotate = -1, .now = time_now_unix()};
	int prc = parse_render_options(argc, argv, &o);
	if (prc)
		return prc == 1 ? 0 : prc;
	int w = o.w, h = o.h;
	int64_t now = o.now;
	long card_no = o.card, rotate = o.rotate;
	const char *out = o.out;

	int rc = 1;
	char *err = NULL, *db = NULL;
	struct config cfg;
	struct card_fonts fonts = {0};
	struct deck deck = {0};
	struct article_list list = {0};
	struct event_list events = {0};
	struct card *header = NULL, *body = NULL, *frame = NULL;
	struct text_layout *ticker = NULL;
	SDL_Surface *screen = NULL, *turned = NULL, **pieces = NULL;
	int npieces = 0;
	int crc = cmd_config_load(ctx, &cfg, stderr, "khabar: ");
	if (crc)
		return crc;
	if (rotate >= 0)
		cfg.rotate = (int)rotate;
	if (card_fonts_open(&fonts, &err))
		goto fail;
	/* Lay out in the mounted orientation; turn the picture at the end. */
	int lw = cfg.rotate % 180 ? h : w, lh = cfg.rotate % 180 ? w : h;
	db = cmd_cache_path(ctx, &cfg);
	int64_t last = 0;
	load_articles(db, now, &list, &events, &last);
	deck_init(&deck, &cfg, &fonts, lw, lh);
	deck_load(&deck, &list, now, last);
	deck_load_events(&deck, &events);
	for (long i = 0; i <= card_no; i++) {
		card_free(body);
		struct playlist_slot slot;
		body = deck_next(&deck, now, &slot);
		if (i > 0 && slot.article == 0 && slot.page == -1 && !slot.repeat &&
		    deck.playlist.articles.n) {
			err = xasprintf("the playlist has %ld cards; --card %ld is past its end", i,
					card_no);
			goto fail;
		}
	}
	header = card_header(&deck.g, &cfg, &fonts, now);
	screen = render_surface_new(lw, lh, cfg.theme.background, &err);
	if (!screen)
		goto fail;
	display_draw_card(screen, header, 0, 0);
	display_draw_card(screen, body, 0, deck.g.body_y);
	if (cfg.ticker) {
		int strip_w = 0, width = 0;
		frame = display_ticker_frame(&deck.g, &cfg, &fonts, &strip_w);
		int ty = lh - deck.g.ticker_h;
		display_draw_card(screen, frame, 0, ty);
		ticker = card_ticker_layout(&deck.g, &fonts, deck.ticker_text);
		npieces = display_ticker_pieces(ticker, deck.g.ticker_h, DISPLAY_MAX_PIECE,
						cfg.theme.ticker, cfg.theme.text, &pieces, &width);
		/* At rest the strip's start (its right end) meets the label. */
		SDL_Rect clip = {0, ty, strip_w, deck.g.ticker_h};
		SDL_SetClipRect(screen, &clip);
		int x = strip_w - width;
		for (int i = 0; i < npieces; i++) {
			SDL_Rect dst = {x + i * DISPLAY_MAX_PIECE, ty, pieces[i]->w, pieces[i]->h};
			SDL_SetSurfaceBlendMode(pieces[i], SDL_BLENDMODE_NONE);
			SDL_BlitSurface(pieces[i], NULL, screen, &dst);
		}
		SDL_SetClipRect(screen, NULL);
	}
	SDL_Surface *final = screen;
	if (cfg.rotate) {
		turned = display_rotate(screen, cfg.rotate, &err);
		if (!turned)
			goto fail;
		final = turned;
	}
	if (render_save_png(final, out, &err))
		goto fail;
	rc = 0;
	goto done;
fail:
	fprintf(stderr, "khabar render: %s\n", err ? err : "failed");
	free(err);
done:
	for (int i = 0; i < npieces; i++)
		SDL_FreeSurface(pieces[i]);
	free(pieces);
	text_layout_free(ticker);
	card_free(frame);
	card_free(header);
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
