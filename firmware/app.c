/*
 * app — the window: rotates the deck's cards fullscreen. See app.h.
 *
 * The loop sleeps until its next deadline (the next card, the next clock
 * minute, the end of --exit-after) unless something moves (a transition,
 * the ticker). Cards are built into textures one turn ahead, right after
 * a transition ends, so no transition waits for layout. The cache is
 * asked cheaply whether it changed before each card is built; a lost
 * cache keeps the loaded cards and is retried.
 *
 * Must not: lay out text itself or write to the cache.
 */
#include "app.h"

#include <SDL.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "calendar.h"
#include "card.h"
#include "config.h"
#include "deck.h"
#include "display.h"
#include "render.h"
#include "util.h"

struct app {
	const struct config *cfg;	/* borrowed */
	const struct card_fonts *fonts; /* borrowed */
	struct deck deck;
	const char *db; /* borrowed */
	struct cache *cache;
	double cache_retry_at; /* monotonic time of the next reopen attempt */

	SDL_Window *win;
	SDL_Renderer *ren;
	SDL_Texture *target; /* the unrotated screen when cfg.rotate != 0 */
	int lw, lh;	     /* the laid-out (unrotated) screen size */
	int blocking_wait;   /* the video driver's wait really sleeps */
	int no_input;	     /* offscreen/dummy: no keys can arrive */
	int software;	     /* the software renderer: textures are memory */

	SDL_Texture *header;
	int64_t header_minute;
	/* Card-area textures: prev lives only while a transition needs it
	 * (one screen-sized buffer less the rest of the time); the slots say
	 * which card each is, so "previous" can rebuild it. */
	SDL_Texture *prev, *cur, *next;
	struct playlist_slot prev_slot, cur_slot, next_slot;
	int have_prev;	   /* prev_slot names a card of the current playlist */
	struct fade *fade; /* software crossfade in progress, or NULL */
	double next_dwell, cur_dwell;
	SDL_Texture *ticker_frame;
	SDL_Texture **ticker;
	int nticker, strip_w, ticker_area_w;
	double ticker_t0;

	double card_end; /* monotonic deadline of the current card */
	double trans_start;
	int in_transition;
	int paused, running;
	int dirty;
	unsigned long cards_shown, frames;

	/* --at and --time-scale: a fake clock for tests and previews. */
	int64_t at_base;
	double mono_base, time_scale;
};

static double app_mono(const struct app *a)
{
	return a->time_scale > 0 ? a->mono_base + (time_mono() - a->mono_base) * a->time_scale
				 : time_mono();
}

static int64_t app_now(const struct app *a)
{
	if (!a->at_base)
		return time_now_unix();
	return a->at_base + (int64_t)floor(app_mono(a) - a->mono_base);
}

/* ------------------------------------------------------------- textures */

/* The software renderer's textures are plain memory: draw the card
 * straight into a locked streaming texture, with no surface to convert
 * and copy (two screen-sized buffers less at the peak). */
static SDL_Texture *texture_in_place(struct app *a, const struct card *c)
{
	SDL_Texture *t = SDL_CreateTexture(a->ren, SDL_PIXELFORMAT_RGB888,
					   SDL_TEXTUREACCESS_STREAMING, c->w, c->h);
	void *pixels;
	int pitch;
	if (!t || SDL_LockTexture(t, NULL, &pixels, &pitch) != 0) {
		SDL_DestroyTexture(t);
		return NULL;
	}
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormatFrom(pixels, c->w, c->h, 32, pitch,
							    SDL_PIXELFORMAT_RGB888);
	if (s) {
		SDL_FillRect(s, NULL, c->background);
		display_draw_card(s, c, 0, 0);
		SDL_FreeSurface(s);
	}
	SDL_UnlockTexture(t);
	if (!s) {
		SDL_DestroyTexture(t);
		return NULL;
	}
	return t;
}

static SDL_Texture *texture_of(struct app *a, const struct card *c)
{
	if (a->software) {
		SDL_Texture *t = texture_in_place(a, c);
		if (t)
			return t;
	}
	char *err = NULL;
	SDL_Surface *s = display_card_surface(c, &err);
	if (!s) {
		log_error("card: %s", err);
		free(err);
		return NULL;
	}
	/* Opaque pixels without an alpha channel: the software renderer
	 * crossfades these on its fast constant-alpha path. */
	SDL_Surface *opaque = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_RGB888, 0);
	SDL_Texture *t = SDL_CreateTextureFromSurface(a->ren, opaque ? opaque : s);
	SDL_FreeSurface(opaque);
	SDL_FreeSurface(s);
	if (!t)
		log_error("texture: %s", SDL_GetError());
	return t;
}

static void build_header(struct app *a, int64_t now)
{
	struct card *c = card_header(&a->deck.g, a->cfg, a->fonts, now);
	SDL_Texture *t = texture_of(a, c);
	card_free(c);
	if (t) {
		SDL_DestroyTexture(a->header);
		a->header = t;
	}
	a->header_minute = now / 60;
	a->dirty = 1;
}

static void free_ticker(struct app *a)
{
	for (int i = 0; i < a->nticker; i++)
		SDL_DestroyTexture(a->ticker[i]);
	free(a->ticker);
	a->ticker = NULL;
	a->nticker = 0;
	a->strip_w = 0;
}

static void build_ticker(struct app *a)
{
	free_ticker(a);
	if (!a->cfg->ticker)
		return;
	if (!a->ticker_frame) {
		struct card *f =
		    display_ticker_frame(&a->deck.g, a->cfg, a->fonts, &a->ticker_area_w);
		a->ticker_frame = texture_of(a, f);
		card_free(f);
	}
	struct text_layout *l = card_ticker_layout(&a->deck.g, a->fonts, a->deck.ticker_text);
	SDL_RendererInfo info;
	int max = DISPLAY_MAX_PIECE;
	if (SDL_GetRendererInfo(a->ren, &info) == 0 && info.max_texture_width > 0)
		max = MIN(max, info.max_texture_width);
	SDL_Surface **pieces;
	int n = display_ticker_pieces(l, a->deck.g.ticker_h, max, a->cfg->theme.ticker,
				      a->cfg->theme.text, &pieces, &a->strip_w);
	text_layout_free(l);
	a->ticker = n ? xcalloc((size_t)n, sizeof *a->ticker) : NULL;
	for (int i = 0; i < n; i++) {
		a->ticker[i] = SDL_CreateTextureFromSurface(a->ren, pieces[i]);
		SDL_FreeSurface(pieces[i]);
	}
	free(pieces);
	a->nticker = n;
	a->ticker_t0 = app_mono(a);
	log_debug("ticker: %d px in %d pieces", a->strip_w, n);
}

/* ---------------------------------------------------------------- cache */

/* Read the articles again when the cache changed (or first opens). */
static void refresh(struct app *a, int force)
{
	int changed = 0;
	if (!a->cache) {
		if (app_mono(a) < a->cache_retry_at && !force)
			return;
		char *err = NULL;
		a->cache = cache_open(a->db, 1, &err);
		if (!a->cache) {
			log_warn("cache: %s; retrying in %.0f s", err, a->cfg->retry_seconds);
			free(err);
			a->cache_retry_at = app_mono(a) + a->cfg->retry_seconds;
			return;
		}
		cache_changed(a->cache); /* remember the version */
		changed = 1;
		log_info("cache: opened %s", a->db);
	} else {
		int r = cache_changed(a->cache);
		if (r < 0) {
			log_warn("cache: %s is gone or broken; keeping the loaded cards", a->db);
			cache_close(a->cache);
			a->cache = NULL;
			a->cache_retry_at = app_mono(a) + a->cfg->retry_seconds;
			return;
		}
		changed = r == 1;
	}
	if (!changed && !force)
		return;
	struct article_list list = {0};
	char *err = NULL;
	int64_t now = app_now(a);
	if (cache_list(a->cache, now, 0, &list, &err)) {
		log_warn("cache: %s; keeping the loaded cards", err);
		free(err);
		article_list_free(&list);
		return;
	}
	deck_load(&a->deck, &list, now, cache_last_update(a->cache));
	struct event_list events = {0};
	if (cache_events_list(a->cache, &events, &err)) {
		log_warn("cache: %s; no schedule", err);
		free(err);
	}
	deck_load_events(&a->deck, &events);
	event_list_free(&events);
	a->have_prev = 0; /* slots of the old playlist mean nothing now */
	log_info("cache: %zu articles, %zu to show", list.n, a->deck.playlist.articles.n);
	article_list_free(&list);
	build_ticker(a);
}

/* Build the next card's texture (one turn ahead). */
static void prebuild(struct app *a)
{
	refresh(a, 0);
	double t0 = time_mono();
	struct playlist_slot slot;
	struct card *c = deck_next(&a->deck, app_now(a), &slot);
	a->next = texture_of(a, c);
	a->next_dwell = c->dwell;
	a->next_slot = slot;
	card_free(c);
	if (slot.article == (size_t)-1)
		log_debug("card: the empty card built in %.1f ms", (time_mono() - t0) * 1000);
	else
		log_debug("card: article %zu page %d built in %.1f ms", slot.article, slot.page + 1,
			  (time_mono() - t0) * 1000);
}

/* ------------------------------------------------------ software fade */

/* A crossfade for the software renderer that touches only the pixels in
 * which the two cards differ (text, bars; the shared background is most
 * of the screen): they are found once, the old card's values kept, and
 * each frame blends them into the old card's own texture, which is then
 * copied out opaque. About a third of SDL's whole-area alpha blit here. */
struct fade {
	uint32_t *spans; /* (row, x0, x1) triples */
	size_t nspans, cap;
	uint32_t *from; /* the old card's pixels of every span, in order */
	size_t npix;
};

static void fade_free(struct fade *f)
{
	if (!f)
		return;
	free(f->spans);
	free(f->from);
	free(f);
}

/* NULL when the cards differ too much for it to pay (then SDL blends). */
static struct fade *fade_new(SDL_Texture *from, SDL_Texture *to)
{
	int w, h, w2, h2;
	Uint32 fmt;
	if (SDL_QueryTexture(from, &fmt, NULL, &w, &h) ||
	    SDL_QueryTexture(to, NULL, NULL, &w2, &h2) || w != w2 || h != h2 ||
	    SDL_BYTESPERPIXEL(fmt) != 4)
		return NULL;
	void *pp, *cp;
	int ppitch, cpitch;
	if (SDL_LockTexture(from, NULL, &pp, &ppitch))
		return NULL;
	if (SDL_LockTexture(to, NULL, &cp, &cpitch)) {
		SDL_UnlockTexture(from);
		return NULL;
	}
	struct fade *f = xcalloc(1, sizeof *f);
	size_t limit = (size_t)w * (size_t)h / 2, pcap = 0;
	for (int y = 0; y < h && f->npix <= limit; y++) {
		const uint32_t *p = (const uint32_t *)((uint8_t *)pp + (size_t)y * (size_t)ppitch);
		const uint32_t *c = (const uint32_t *)((uint8_t *)cp + (size_t)y * (size_t)cpitch);
		for (int x = 0; x < w;) {
			if (p[x] == c[x]) {
				x++;
				continue;
			}
			int x0 = x, gap = 0;
			/* A span runs on over gaps of a few equal pixels. */
			for (; x < w && gap < 8; x++)
				gap = p[x] == c[x] ? gap + 1 : 0;
			int x1 = x - gap;
			f->spans = xgrow(f->spans, &f->cap, f->nspans * 3 + 3, sizeof *f->spans);
			f->spans[f->nspans * 3] = (uint32_t)y;
			f->spans[f->nspans * 3 + 1] = (uint32_t)x0;
			f->spans[f->nspans * 3 + 2] = (uint32_t)x1;
			f->nspans++;
			f->from =
			    xgrow(f->from, &pcap, f->npix + (size_t)(x1 - x0), sizeof *f->from);
			memcpy(f->from + f->npix, p + x0, (size_t)(x1 - x0) * sizeof *p);
			f->npix += (size_t)(x1 - x0);
		}
	}
	SDL_UnlockTexture(to);
	SDL_UnlockTexture(from);
	if (f->npix > limit) {
		fade_free(f);
		return NULL;
	}
	return f;
}

/* Blend the differing pixels of from (the texture the fade was made
 * from) towards to, by k in 0..256. */
static void fade_step(struct fade *f, SDL_Texture *from, SDL_Texture *to, unsigned k)
{
	void *pp, *cp;
	int ppitch, cpitch;
	if (SDL_LockTexture(from, NULL, &pp, &ppitch))
		return;
	if (SDL_LockTexture(to, NULL, &cp, &cpitch)) {
		SDL_UnlockTexture(from);
		return;
	}
	const uint32_t *src = f->from;
	unsigned ik = 256 - k;
	for (size_t i = 0; i < f->nspans; i++) {
		uint32_t y = f->spans[i * 3], x0 = f->spans[i * 3 + 1], x1 = f->spans[i * 3 + 2];
		uint32_t *p = (uint32_t *)((uint8_t *)pp + (size_t)y * (size_t)ppitch);
		const uint32_t *c = (const uint32_t *)((uint8_t *)cp + (size_t)y * (size_t)cpitch);
		for (uint32_t x = x0; x < x1; x++, src++) {
			uint32_t a = *src, b = c[x];
			uint32_t rb = ((a & 0xFF00FF) * ik + (b & 0xFF00FF) * k) >> 8;
			uint32_t g = ((a & 0x00FF00) * ik + (b & 0x00FF00) * k) >> 8;
			p[x] = 0xFF000000u | (rb & 0xFF00FF) | (g & 0x00FF00);
		}
	}
	SDL_UnlockTexture(to);
	SDL_UnlockTexture(from);
}

/* --------------------------------------------------------------- frames */

static void draw_card_area(struct app *a, double t)
{
	const struct card_geometry *g = &a->deck.g;
	SDL_Rect area = {0, g->body_y, a->lw, g->body_h};
	if (!a->in_transition || !a->prev) {
		if (a->cur) {
			SDL_SetTextureBlendMode(a->cur, SDL_BLENDMODE_NONE);
			SDL_RenderCopy(a->ren, a->cur, NULL, &area);
		}
		return;
	}
	double p = (t - a->trans_start) / a->cfg->transition_time;
	p = p < 0 ? 0 : p > 1 ? 1 : p;
	double e = p * p * (3 - 2 * p);
	if (a->cfg->transition == TRANSITION_CROSSFADE && a->fade) {
		fade_step(a->fade, a->prev, a->cur, (unsigned)lround(e * 256));
		SDL_SetTextureBlendMode(a->prev, SDL_BLENDMODE_NONE);
		SDL_RenderCopy(a->ren, a->prev, NULL, &area);
	} else if (a->cfg->transition == TRANSITION_CROSSFADE) {
		SDL_SetTextureBlendMode(a->prev, SDL_BLENDMODE_NONE);
		SDL_RenderCopy(a->ren, a->prev, NULL, &area);
		SDL_SetTextureBlendMode(a->cur, SDL_BLENDMODE_BLEND);
		SDL_SetTextureAlphaMod(a->cur, (Uint8)lround(e * 255));
		SDL_RenderCopy(a->ren, a->cur, NULL, &area);
		SDL_SetTextureAlphaMod(a->cur, 255);
	} else {
		/* Right to left reading: the next card comes in from the left. */
		int off = (int)lround(e * a->lw);
		SDL_Rect old = area, neu = area;
		old.x = off;
		neu.x = off - a->lw;
		SDL_RenderSetClipRect(a->ren, &area);
		SDL_SetTextureBlendMode(a->prev, SDL_BLENDMODE_NONE);
		SDL_SetTextureBlendMode(a->cur, SDL_BLENDMODE_NONE);
		SDL_RenderCopy(a->ren, a->prev, NULL, &old);
		SDL_RenderCopy(a->ren, a->cur, NULL, &neu);
		SDL_RenderSetClipRect(a->ren, NULL);
	}
}

static void draw_ticker(struct app *a, double t)
{
	const struct card_geometry *g = &a->deck.g;
	int ty = a->lh - g->ticker_h;
	if (a->ticker_frame) {
		SDL_Rect r = {0, ty, a->lw, g->ticker_h};
		SDL_RenderCopy(a->ren, a->ticker_frame, NULL, &r);
	}
	if (!a->nticker || a->strip_w <= 0)
		return;
	/* Headlines read right to left: the strip moves right, so each
	 * headline's first word enters first. */
	double speed = a->cfg->ticker_speed * g->unit;
	int offset = (int)fmod((t - a->ticker_t0) * speed, a->strip_w);
	int x = a->ticker_area_w - a->strip_w + offset;
	while (x > 0)
		x -= a->strip_w;
	SDL_Rect clip = {0, ty, a->ticker_area_w, g->ticker_h};
	SDL_RenderSetClipRect(a->ren, &clip);
	for (; x < a->ticker_area_w; x += a->strip_w) {
		for (int i = 0; i < a->nticker; i++) {
			int px = x + i * DISPLAY_MAX_PIECE;
			int w, h;
			SDL_QueryTexture(a->ticker[i], NULL, NULL, &w, &h);
			if (px + w <= 0 || px >= a->ticker_area_w)
				continue;
			SDL_Rect r = {px, ty, w, h};
			SDL_RenderCopy(a->ren, a->ticker[i], NULL, &r);
		}
	}
	SDL_RenderSetClipRect(a->ren, NULL);
}

static void draw_frame(struct app *a, double t)
{
	SDL_SetRenderTarget(a->ren, a->target);
	if (!a->cur || !a->header) { /* otherwise every pixel is drawn below */
		uint32_t bg = a->cfg->theme.background;
		SDL_SetRenderDrawColor(a->ren, (bg >> 16) & 255, (bg >> 8) & 255, bg & 255, 255);
		SDL_RenderClear(a->ren);
	}
	if (a->header) {
		SDL_Rect r = {0, 0, a->lw, a->deck.g.header_h};
		SDL_RenderCopy(a->ren, a->header, NULL, &r);
	}
	draw_card_area(a, t);
	if (a->cfg->ticker)
		draw_ticker(a, t);
	if (a->target) {
		SDL_SetRenderTarget(a->ren, NULL);
		int ww, wh;
		SDL_GetRendererOutputSize(a->ren, &ww, &wh);
		SDL_Rect dst = {(ww - a->lw) / 2, (wh - a->lh) / 2, a->lw, a->lh};
		SDL_RenderCopyEx(a->ren, a->target, NULL, &dst, a->cfg->rotate, NULL,
				 SDL_FLIP_NONE);
	}
	SDL_RenderPresent(a->ren);
	a->frames++;
}

/* Show the prebuilt next card (or, going back, the previous one). */
static void advance(struct app *a, int back, double t)
{
	if (back) {
		/* Rebuild the card before this one; the one we leave comes
		 * next again. One step back, as a maintenance key. */
		if (!a->have_prev)
			return;
		struct card *c = deck_card(&a->deck, &a->prev_slot, app_now(a));
		SDL_Texture *tex = c ? texture_of(a, c) : NULL;
		double dwell = c ? c->dwell : 0;
		card_free(c);
		if (!tex)
			return;
		SDL_DestroyTexture(a->prev);
		a->prev = NULL;
		fade_free(a->fade);
		a->fade = NULL;
		SDL_DestroyTexture(a->next);
		a->next = a->cur;
		a->next_slot = a->cur_slot;
		a->next_dwell = a->cur_dwell;
		a->cur = tex;
		a->cur_slot = a->prev_slot;
		a->cur_dwell = dwell;
		a->have_prev = 0;
		a->in_transition = 0;
		a->card_end = t + a->cur_dwell;
		a->dirty = 1;
		log_info("card: back to the previous card");
		return;
	}
	if (!a->next)
		prebuild(a);
	if (!a->next)
		return; /* keep the current card; try again at the next deadline */
	SDL_DestroyTexture(a->prev);
	a->prev = a->cur;
	a->have_prev = a->cur != NULL;
	a->prev_slot = a->cur_slot;
	a->cur = a->next;
	a->cur_slot = a->next_slot;
	a->cur_dwell = a->next_dwell;
	a->next = NULL;
	a->card_end = t + a->cur_dwell;
	a->in_transition =
	    a->prev && a->cfg->transition != TRANSITION_NONE && a->cfg->transition_time > 0;
	fade_free(a->fade);
	a->fade = a->in_transition && a->software && a->cfg->transition == TRANSITION_CROSSFADE
		      ? fade_new(a->prev, a->cur)
		      : NULL;
	a->trans_start = t;
	a->dirty = 1;
	a->cards_shown++;
	log_info("card %lu on screen for %.1f s", a->cards_shown, a->cur_dwell);
}

/* A schedule card on screen is rebuilt every minute, so its progress
 * bars and countdowns move (not during a transition: it shows next). */
static void rebuild_schedule(struct app *a)
{
	if (a->cur_slot.article != DECK_SLOT_SCHEDULE || a->in_transition || !a->cur)
		return;
	struct card *c = deck_card(&a->deck, &a->cur_slot, app_now(a));
	SDL_Texture *tex = c ? texture_of(a, c) : NULL;
	card_free(c);
	if (!tex)
		return;
	SDL_DestroyTexture(a->cur);
	a->cur = tex;
	a->dirty = 1;
}

static void handle_event(struct app *a, const SDL_Event *ev)
{
	if (ev->type == SDL_QUIT) {
		log_info("quit requested");
		a->running = 0;
	} else if (ev->type == SDL_WINDOWEVENT && ev->window.event == SDL_WINDOWEVENT_EXPOSED) {
		a->dirty = 1;
	} else if (ev->type == SDL_KEYDOWN && !ev->key.repeat) {
		double t = app_mono(a);
		switch (ev->key.keysym.sym) {
		case SDLK_LEFT: /* right to left: left is forward */
		case SDLK_n:
		case SDLK_PAGEDOWN: advance(a, 0, t); break;
		case SDLK_RIGHT:
		case SDLK_p:
		case SDLK_PAGEUP: advance(a, 1, t); break;
		case SDLK_SPACE:
		case SDLK_PAUSE:
			a->paused = !a->paused;
			a->card_end = t + a->cur_dwell;
			log_info("rotation %s", a->paused ? "paused" : "resumed");
			break;
		case SDLK_ESCAPE:
		case SDLK_q:
			if (a->cfg->allow_quit) {
				log_info("quit key");
				a->running = 0;
			}
			break;
		default: break;
		}
	}
}

/* Sleep until deadline (monotonic, in the app's clock) or an event. */
static void wait_until(struct app *a, double deadline)
{
	double left = deadline - app_mono(a);
	if (left <= 0)
		return;
	double scale = a->time_scale > 0 ? a->time_scale : 1;
	int ms = (int)ceil(left * 1000 / scale);
	if (a->blocking_wait) {
		SDL_WaitEventTimeout(NULL, ms);
	} else {
		/* This driver's wait polls: sleep ourselves, waking a few times
		 * a second only where keys can arrive. */
		SDL_Delay((Uint32)(a->no_input ? ms : MIN(ms, 250)));
	}
}

/* ---------------------------------------------------------------- setup */

static int open_window(struct app *a, int ww, int wh)
{
	const char *want = a->cfg->renderer == RENDERER_SOFTWARE ? "software"
			   : a->cfg->renderer == RENDERER_GPU	 ? "gpu"
								 : "auto";
	if (a->cfg->renderer != RENDERER_GPU)
		SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
	SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
	if (SDL_Init(SDL_INIT_VIDEO) != 0) {
		log_error("no display: %s (set SDL_VIDEODRIVER, e.g. kmsdrm, x11 or offscreen)",
			  SDL_GetError());
		return -1;
	}
	const char *driver = SDL_GetCurrentVideoDriver();
	driver = driver ? driver : "?";
	a->blocking_wait = !strcmp(driver, "x11") || !strcmp(driver, "wayland");
	a->no_input = !strcmp(driver, "offscreen") || !strcmp(driver, "dummy");
	/* auto: the GPU where it pays (KMSDRM on a Pi), software elsewhere,
	 * which on X11 or offscreen skips Mesa's software GL entirely. */
	int gpu = a->cfg->renderer == RENDERER_GPU ||
		  (a->cfg->renderer == RENDERER_AUTO && !strcmp(driver, "KMSDRM"));
	if (!gpu)
		SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
	Uint32 flags = ww ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP;
	if (!ww) {
		SDL_DisplayMode m;
		if (SDL_GetDesktopDisplayMode(0, &m) == 0) {
			ww = m.w;
			wh = m.h;
		} else {
			ww = 1920;
			wh = 1080;
		}
	}
	a->win = SDL_CreateWindow("khabar", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, ww, wh,
				  flags);
	if (!a->win) {
		log_error("window: %s", SDL_GetError());
		return -1;
	}
	a->ren =
	    SDL_CreateRenderer(a->win, -1, gpu ? SDL_RENDERER_ACCELERATED : SDL_RENDERER_SOFTWARE);
	if (!a->ren && gpu) {
		log_warn("GPU renderer: %s; using the software renderer", SDL_GetError());
		a->ren = SDL_CreateRenderer(a->win, -1, SDL_RENDERER_SOFTWARE);
	}
	if (!a->ren) {
		log_error("renderer: %s", SDL_GetError());
		return -1;
	}
	SDL_ShowCursor(SDL_DISABLE);
	SDL_DisableScreenSaver();
	SDL_RendererInfo ri;
	a->software = SDL_GetRendererInfo(a->ren, &ri) == 0 && (ri.flags & SDL_RENDERER_SOFTWARE);
	int ow, oh;
	SDL_GetRendererOutputSize(a->ren, &ow, &oh);
	SDL_RendererInfo info;
	SDL_GetRendererInfo(a->ren, &info);
	int turned = a->cfg->rotate % 180 != 0;
	a->lw = turned ? oh : ow;
	a->lh = turned ? ow : oh;
	if (a->cfg->rotate) {
		a->target = SDL_CreateTexture(a->ren, SDL_PIXELFORMAT_ARGB8888,
					      SDL_TEXTUREACCESS_TARGET, a->lw, a->lh);
		if (!a->target) {
			log_error("rotation: %s", SDL_GetError());
			return -1;
		}
	}
	log_info("display: %s driver, %s renderer (%s asked), %dx%d, rotate %d", driver, info.name,
		 want, ow, oh, a->cfg->rotate);
	return 0;
}

static void app_close(struct app *a)
{
	fade_free(a->fade);
	SDL_DestroyTexture(a->header);
	SDL_DestroyTexture(a->prev);
	SDL_DestroyTexture(a->cur);
	SDL_DestroyTexture(a->next);
	SDL_DestroyTexture(a->ticker_frame);
	free_ticker(a);
	SDL_DestroyTexture(a->target);
	if (a->ren)
		SDL_DestroyRenderer(a->ren);
	if (a->win)
		SDL_DestroyWindow(a->win);
	SDL_Quit();
	cache_close(a->cache);
	deck_free(&a->deck);
}

int app_run(const struct config *cfg, const struct card_fonts *fonts, const char *db,
	    const struct app_options *o)
{
	struct app a;
	memset(&a, 0, sizeof a);
	a.cfg = cfg;
	a.fonts = fonts;
	a.db = db;
	a.at_base = o->at;
	a.time_scale = o->time_scale;
	a.mono_base = time_mono();
	int rc = 1;
	if (open_window(&a, o->w, o->h))
		goto done;
	deck_init(&a.deck, a.cfg, a.fonts, a.lw, a.lh);
	refresh(&a, 1);
	build_header(&a, app_now(&a));
	a.running = 1;
	advance(&a, 0, app_mono(&a));
	draw_frame(&a, app_mono(&a));
	a.dirty = 0;
	log_info("first card on screen %.0f ms after start", (time_mono() - o->start) * 1000);

	double exit_after = o->exit_after;
	double end =
	    exit_after > 0 ? app_mono(&a) + exit_after * (a.time_scale > 0 ? a.time_scale : 1) : 0;
	double frame_dt = 1.0 / 60;
	double last_frame = 0;
	while (a.running) {
		SDL_Event ev;
		while (SDL_PollEvent(&ev))
			handle_event(&a, &ev);
		double t = app_mono(&a);
		if (end && t >= end) {
			log_info("exit after %.1f s: %lu cards, %lu frames", exit_after,
				 a.cards_shown, a.frames);
			break;
		}
		if (app_now(&a) / 60 != a.header_minute) {
			build_header(&a, app_now(&a));
			rebuild_schedule(&a);
		}
		if (!a.paused && t >= a.card_end)
			advance(&a, 0, t);
		int animating = a.in_transition || (a.cfg->ticker && a.nticker);
		if (a.dirty || animating) {
			draw_frame(&a, t);
			last_frame = t;
			a.dirty = 0;
		}
		if (a.in_transition && t >= a.trans_start + a.cfg->transition_time)
			a.in_transition = 0;
		if (!a.in_transition && a.prev) {
			SDL_DestroyTexture(a.prev); /* "previous" rebuilds it */
			a.prev = NULL;
			fade_free(a.fade);
			a.fade = NULL;
			a.dirty = 1;
			continue;
		}
		if (!a.in_transition && !a.next) {
			prebuild(&a); /* off the critical path: between transitions */
			continue;
		}
		double scale = a.time_scale > 0 ? a.time_scale : 1;
		if (animating) {
			wait_until(&a, last_frame + frame_dt * scale);
			continue;
		}
		double deadline = a.paused ? t + 3600 : a.card_end;
		double minute = (double)((app_now(&a) / 60 + 1) * 60 - app_now(&a));
		deadline = MIN(deadline, t + minute);
		if (end)
			deadline = MIN(deadline, end);
		wait_until(&a, deadline);
	}
	rc = 0;
done:
	app_close(&a);
	return rc;
}
