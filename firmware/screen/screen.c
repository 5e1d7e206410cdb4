/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * screen — places the header, the card area and the ticker. See screen.h.
 */
#include "screen/screen.h"

#include <math.h>
#include <stdlib.h>

#include "screen/display.h"
#include "screen/render.h"
#include "base/util.h"

/* A surface the target blits fastest: its own 32-bit format, filled with
 * bg. Its pixels are not zeroed first, as SDL_CreateRGBSurface would: the
 * fill is their first write, so a card's fresh pages are touched once. */
static SDL_Surface *surface_for(const struct screen *sc, int w, int h, uint32_t bg)
{
	Uint32 fmt = SDL_PIXELFORMAT_ARGB8888;
	if (sc->surface && (sc->surface->format->format == SDL_PIXELFORMAT_RGB888 ||
			    sc->surface->format->format == SDL_PIXELFORMAT_ARGB8888))
		fmt = sc->surface->format->format;
	if (w <= 0 || h <= 0 || w > 16384 || h > 16384)
		return SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, fmt); /* its error */
	void *px = SDL_malloc((size_t)w * (size_t)h * 4);
	SDL_Surface *s = px ? SDL_CreateRGBSurfaceWithFormatFrom(px, w, h, 32, w * 4, fmt) : NULL;
	if (!s) {
		SDL_free(px);
		return NULL;
	}
	s->flags &= ~(Uint32)SDL_PREALLOC; /* SDL_FreeSurface() frees the pixels */
	SDL_FillRect(s, NULL, bg);
	return s;
}

struct screen_image *screen_image_of_surface(const struct screen *sc, SDL_Surface *s)
{
	if (!s)
		return NULL;
	struct screen_image *im = xcalloc(1, sizeof *im);
	im->w = s->w;
	im->h = s->h;
	if (sc->surface) {
		if (s->format->format != sc->surface->format->format) {
			SDL_Surface *c = SDL_ConvertSurface(s, sc->surface->format, 0);
			SDL_FreeSurface(s);
			s = c;
		}
		im->s = s;
	} else {
		/* Opaque pixels without an alpha channel: the software renderer
		 * crossfades these on its fast constant-alpha path. */
		SDL_Surface *opaque = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_RGB888, 0);
		im->t = SDL_CreateTextureFromSurface(sc->ren, opaque ? opaque : s);
		SDL_FreeSurface(opaque);
		SDL_FreeSurface(s);
	}
	if (!im->s && !im->t) {
		log_error("screen: %dx%d picture: %s", im->w, im->h, SDL_GetError());
		free(im);
		return NULL;
	}
	if (im->s)
		SDL_SetSurfaceBlendMode(im->s, SDL_BLENDMODE_NONE);
	return im;
}

struct screen_image *screen_image_of_card(const struct screen *sc, const struct card *c)
{
	SDL_Surface *s = surface_for(sc, c->w, c->h, c->background);
	if (!s) {
		log_error("card: %s", SDL_GetError());
		return NULL;
	}
	display_draw_card(s, c, 0, 0);
	return screen_image_of_surface(sc, s);
}

void screen_image_free(struct screen_image *im)
{
	if (!im)
		return;
	SDL_FreeSurface(im->s);
	if (im->t)
		SDL_DestroyTexture(im->t);
	free(im);
}

struct screen_image **screen_strip_images(const struct screen *sc, struct ticker *tk, int *n)
{
	*n = 0;
	if (!tk->npieces)
		return NULL;
	struct screen_image **v = xcalloc((size_t)tk->npieces, sizeof *v);
	for (int i = 0; i < tk->npieces; i++) {
		v[i] = screen_image_of_surface(sc, tk->pieces[i]);
		tk->pieces[i] = NULL; /* taken */
		if (!v[i]) {
			for (int j = 0; j < i; j++)
				screen_image_free(v[j]);
			free(v);
			return NULL;
		}
	}
	*n = tk->npieces;
	return v;
}

/* Copy im to (x, y), opaque or with alpha (0..255), within clip. */
static void put(const struct screen *sc, struct screen_image *im, int x, int y, int alpha,
		const SDL_Rect *clip)
{
	SDL_Rect dst = {x, y, im->w, im->h};
	if (sc->surface) {
		SDL_SetClipRect(sc->surface, clip);
		SDL_SetSurfaceBlendMode(im->s,
					alpha < 255 ? SDL_BLENDMODE_BLEND : SDL_BLENDMODE_NONE);
		SDL_SetSurfaceAlphaMod(im->s, (Uint8)alpha);
		SDL_BlitSurface(im->s, NULL, sc->surface, &dst);
		SDL_SetSurfaceAlphaMod(im->s, 255);
		SDL_SetClipRect(sc->surface, NULL);
		return;
	}
	SDL_RenderSetClipRect(sc->ren, clip);
	SDL_SetTextureBlendMode(im->t, alpha < 255 ? SDL_BLENDMODE_BLEND : SDL_BLENDMODE_NONE);
	SDL_SetTextureAlphaMod(im->t, (Uint8)alpha);
	SDL_RenderCopy(sc->ren, im->t, NULL, &dst);
	SDL_SetTextureAlphaMod(im->t, 255);
	SDL_RenderSetClipRect(sc->ren, NULL);
}

static void fill(const struct screen *sc, SDL_Rect r, uint32_t argb)
{
	if (sc->surface) {
		SDL_FillRect(sc->surface, &r, argb);
		return;
	}
	SDL_SetRenderDrawColor(sc->ren, (argb >> 16) & 255, (argb >> 8) & 255, argb & 255, 255);
	SDL_RenderFillRect(sc->ren, &r);
}

double screen_ease(double p)
{
	p = p < 0 ? 0 : p > 1 ? 1 : p;
	return p * p * (3 - 2 * p);
}

SDL_Rect screen_draw_card_area(const struct screen *sc, const struct screen_parts *p)
{
	const struct card_geometry *g = &sc->g;
	SDL_Rect area = {0, g->body_y, g->w, g->body_h};
	if (!p->card) {
		fill(sc, area, p->background);
		return area;
	}
	if ((!p->prev && !p->fade) || p->transition == TRANSITION_NONE) {
		put(sc, p->card, 0, area.y, 255, &area);
		return area;
	}
	double e = screen_ease(p->progress);
	if (p->transition == TRANSITION_CROSSFADE && p->fade && sc->surface && p->card->s) {
		/* Outside the spans the two cards are the same; inside, the
		 * fade keeps the old pixels: no old picture needed. */
		put(sc, p->card, 0, area.y, 255, &area);
		fade_step(p->fade, p->card->s, sc->surface, 0, area.y, (unsigned)lround(e * 256));
		return area;
	}
	if (p->transition == TRANSITION_CROSSFADE) {
		put(sc, p->prev, 0, area.y, 255, &area);
		if (p->fade && sc->surface && p->card->s)
			fade_step(p->fade, p->card->s, sc->surface, 0, area.y,
				  (unsigned)lround(e * 256));
		else
			put(sc, p->card, 0, area.y, (int)lround(e * 255), &area);
		return area;
	}
	/* Slide. Right to left reading: the next card comes in from the left. */
	int off = (int)lround(e * g->w);
	put(sc, p->prev, off, area.y, 255, &area);
	put(sc, p->card, off - g->w, area.y, 255, &area);
	return area;
}

SDL_Rect screen_draw_ticker(const struct screen *sc, const struct screen_parts *p)
{
	const struct card_geometry *g = &sc->g;
	SDL_Rect bar = {0, g->h - g->ticker_h, g->w, g->ticker_h};
	if (!g->ticker_h || !p->bar)
		return (SDL_Rect){0, 0, 0, 0};
	const struct ticker *tk = p->ticker;
	if (!tk || tk->width <= 0 || !p->strip) {
		put(sc, p->bar, 0, bar.y, 255, &bar);
		return bar;
	}
	/* The strip's copies cover the whole area: the bar shows beside it
	 * (the label's side, either end). */
	int ax = tk->area_x, aw = tk->area_w;
	if (ax > 0)
		put(sc, p->bar, 0, bar.y, 255, &(SDL_Rect){0, bar.y, ax, g->ticker_h});
	if (ax + aw < g->w)
		put(sc, p->bar, 0, bar.y, 255,
		    &(SDL_Rect){ax + aw, bar.y, g->w - ax - aw, g->ticker_h});
	SDL_Rect clip = {ax, bar.y, aw, g->ticker_h};
	for (int x = ticker_x(tk, p->ticker_t); x < aw; x += tk->width) {
		for (int i = 0; i < tk->npieces; i++) {
			int px = x + i * TICKER_MAX_PIECE;
			if (px + p->strip[i]->w > 0 && px < aw)
				put(sc, p->strip[i], ax + px, bar.y, 255, &clip);
		}
	}
	return bar;
}

void screen_draw(const struct screen *sc, const struct screen_parts *p)
{
	const struct card_geometry *g = &sc->g;
	if (p->header)
		put(sc, p->header, 0, 0, 255, NULL);
	else
		fill(sc, (SDL_Rect){0, 0, g->w, g->header_h}, p->background);
	screen_draw_card_area(sc, p);
	if (g->ticker_h && p->bar)
		screen_draw_ticker(sc, p);
	else if (g->ticker_h)
		fill(sc, (SDL_Rect){0, g->h - g->ticker_h, g->w, g->ticker_h}, p->background);
}

void screen_draw_whole(const struct screen *sc, struct screen_image *im)
{
	put(sc, im, 0, 0, 255, NULL);
}
