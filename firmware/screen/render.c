/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * render — puts the engine's glyphs on SDL surfaces and writes PNGs.
 *
 * Glyph ids and positions come from the text engine unchanged; bitmaps come
 * from the font module (FreeType, unhinted, quarter-pixel phases), so what
 * is drawn is exactly what was measured.
 *
 * Must not: shape or lay out text, read the cache, open windows.
 */
#include "screen/render.h"

#include <SDL_image.h>
#include <math.h>

#include "base/util.h"

SDL_Surface *render_surface_new(int w, int h, uint32_t argb, char **err)
{
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
	if (!s) {
		if (err)
			*err = xasprintf("cannot create a %dx%d surface: %s", w, h, SDL_GetError());
		return NULL;
	}
	SDL_FillRect(s, NULL, argb);
	return s;
}

/* dst = src over dst, for one channel value with coverage a (0..255). */
static inline uint32_t blend(uint32_t d, uint32_t color, unsigned a)
{
	if (a == 0)
		return d;
	unsigned ia = 255 - a;
	unsigned r = (((color >> 16) & 255) * a + ((d >> 16) & 255) * ia + 127) / 255;
	unsigned g = (((color >> 8) & 255) * a + ((d >> 8) & 255) * ia + 127) / 255;
	unsigned b = ((color & 255) * a + (d & 255) * ia + 127) / 255;
	unsigned da = (d >> 24) & 255;
	unsigned oa = a + da * ia / 255;
	return (oa << 24) | (r << 16) | (g << 8) | b;
}

void render_fill(SDL_Surface *dst, int x, int y, int w, int h, uint32_t argb)
{
	SDL_Rect r = {x, y, w, h}, clip;
	SDL_GetClipRect(dst, &clip);
	if (!SDL_IntersectRect(&r, &clip, &r))
		return;
	unsigned a = argb >> 24;
	if (a == 255) {
		SDL_FillRect(dst, &r, argb);
		return;
	}
	SDL_LockSurface(dst);
	for (int yy = r.y; yy < r.y + r.h; yy++) {
		uint32_t *row = (uint32_t *)((uint8_t *)dst->pixels + (size_t)yy * (size_t)dst->pitch);
		for (int xx = r.x; xx < r.x + r.w; xx++)
			row[xx] = blend(row[xx], argb, a);
	}
	SDL_UnlockSurface(dst);
}

static void draw_bitmap(SDL_Surface *dst, const SDL_Rect *clip, const struct font_bitmap *bm,
			int x, int y, uint32_t argb)
{
	unsigned alpha = argb >> 24;
	int x0 = MAX(x, clip->x), x1 = MIN(x + bm->width, clip->x + clip->w);
	int y0 = MAX(y, clip->y), y1 = MIN(y + bm->height, clip->y + clip->h);
	for (int yy = y0; yy < y1; yy++) {
		uint32_t *row = (uint32_t *)((uint8_t *)dst->pixels + (size_t)yy * (size_t)dst->pitch);
		const unsigned char *src = bm->pixels + (size_t)(yy - y) * (size_t)bm->width;
		for (int xx = x0; xx < x1; xx++) {
			unsigned a = src[xx - x];
			if (a)
				row[xx] = blend(row[xx], argb, alpha == 255 ? a : a * alpha / 255);
		}
	}
}

/* A colour glyph (premultiplied B, G, R, A) over dst, its opacity times
 * the text's alpha. */
static void draw_color(SDL_Surface *dst, const SDL_Rect *clip, const struct font_bitmap *bm, int x,
		       int y, uint32_t argb)
{
	unsigned alpha = argb >> 24;
	int x0 = MAX(x, clip->x), x1 = MIN(x + bm->width, clip->x + clip->w);
	int y0 = MAX(y, clip->y), y1 = MIN(y + bm->height, clip->y + clip->h);
	for (int yy = y0; yy < y1; yy++) {
		uint32_t *row = (uint32_t *)((uint8_t *)dst->pixels + (size_t)yy * (size_t)dst->pitch);
		const unsigned char *src = bm->pixels + (size_t)(yy - y) * (size_t)bm->width * 4;
		for (int xx = x0; xx < x1; xx++) {
			const unsigned char *px = src + (size_t)(xx - x) * 4;
			unsigned a = px[3] * alpha / 255;
			if (!a)
				continue;
			uint32_t d = row[xx];
			unsigned ia = 255 - a, c[3];
			for (int ch = 0; ch < 3; ch++) /* premultiplied: src + dst * (1 - a) */
				c[ch] = (px[2 - ch] * alpha / 255 + ((d >> (16 - 8 * ch)) & 255) * ia / 255);
			unsigned oa = a + ((d >> 24) & 255) * ia / 255;
			row[xx] = (MIN(oa, 255u) << 24) | (MIN(c[0], 255u) << 16) | (MIN(c[1], 255u) << 8) |
				  MIN(c[2], 255u);
		}
	}
}

/* A glyph no font has: a hollow box the size of a letter. */
static void draw_missing(SDL_Surface *dst, float x, float baseline, float advance, float size,
			 uint32_t argb)
{
	int w = (int)MAX(advance - size * 0.15f, size * 0.3f);
	int h = (int)(size * 0.7f);
	int t = MAX(1, (int)(size / 20));
	int bx = (int)lroundf(x + size * 0.07f), by = (int)lroundf(baseline) - h;
	render_fill(dst, bx, by, w, t, argb);
	render_fill(dst, bx, by + h - t, w, t, argb);
	render_fill(dst, bx, by, t, h, argb);
	render_fill(dst, bx + w - t, by, t, h, argb);
}

void render_layout(SDL_Surface *dst, const struct text_layout *l, float x, float y, uint32_t argb)
{
	SDL_Rect clip;
	SDL_GetClipRect(dst, &clip);
	SDL_LockSurface(dst);
	for (size_t i = 0; i < l->nlines; i++) {
		const struct text_line *ln = &l->lines[i];
		float base = y + ln->baseline;
		for (size_t r = 0; r < ln->nruns; r++) {
			const struct text_run *run = &ln->runs[r];
			struct font *f = font_chain_get(l->fonts, (size_t)run->font);
			if (!f)
				continue;
			for (size_t g = 0; g < run->nglyphs; g++) {
				const struct text_glyph *tg = &run->glyphs[g];
				float gx = x + run->x + tg->x;
				if (tg->id == 0) {
					float next = g + 1 < run->nglyphs ? run->glyphs[g + 1].x : run->width;
					SDL_UnlockSurface(dst);
					draw_missing(dst, gx, base, next - tg->x, l->size, argb);
					SDL_LockSurface(dst);
					continue;
				}
				float fx = floorf(gx);
				int phase = (int)((gx - fx) * 4.0f + 0.5f);
				int ix = (int)fx + phase / 4;
				const struct font_bitmap *bm = font_glyph(f, l->size, tg->id, phase & 3);
				if (!bm)
					continue;
				int by = (int)lroundf(base - tg->y) - bm->top;
				if (bm->color)
					draw_color(dst, &clip, bm, ix + bm->left, by, argb);
				else
					draw_bitmap(dst, &clip, bm, ix + bm->left, by, argb);
			}
		}
	}
	SDL_UnlockSurface(dst);
}

int render_save_png(SDL_Surface *s, const char *path, char **err)
{
	if (IMG_SavePNG(s, path) != 0) {
		if (err)
			*err = xasprintf("%s: cannot write the PNG: %s", path, SDL_GetError());
		return -1;
	}
	return 0;
}
