/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fade — a crossfade of the differing pixels only. See fade.h.
 */
#include "screen/fade.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

struct fade {
	int w, h;
	uint32_t *spans; /* (row, x0, x1) triples */
	size_t nspans, cap;
	uint32_t *from; /* the old picture's pixels of every span, in order */
	size_t npix, pcap;
};

static const uint32_t *row_of(SDL_Surface *s, int y)
{
	return (const uint32_t *)((const uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch);
}

/* The spans of one row; a span runs on over gaps of a few equal pixels. */
static void add_row(struct fade *f, const uint32_t *p, const uint32_t *c, int y)
{
	for (int x = 0; x < f->w;) {
		if (p[x] == c[x]) {
			x++;
			continue;
		}
		int x0 = x, gap = 0;
		for (; x < f->w && gap < 8; x++)
			gap = p[x] == c[x] ? gap + 1 : 0;
		int x1 = x - gap;
		f->spans = xgrow(f->spans, &f->cap, f->nspans * 3 + 3, sizeof *f->spans);
		f->spans[f->nspans * 3] = (uint32_t)y;
		f->spans[f->nspans * 3 + 1] = (uint32_t)x0;
		f->spans[f->nspans * 3 + 2] = (uint32_t)x1;
		f->nspans++;
		f->from = xgrow(f->from, &f->pcap, f->npix + (size_t)(x1 - x0), sizeof *f->from);
		memcpy(f->from + f->npix, p + x0, (size_t)(x1 - x0) * sizeof *p);
		f->npix += (size_t)(x1 - x0);
	}
}

/* The spans of from against to, or NULL past limit differing pixels. */
static struct fade *fade_build(SDL_Surface *from, SDL_Surface *to, size_t limit)
{
	if (!from || !to || from->w != to->w || from->h != to->h ||
	    from->format->BytesPerPixel != 4 || to->format->BytesPerPixel != 4)
		return NULL;
	if (SDL_LockSurface(from))
		return NULL;
	if (SDL_LockSurface(to)) {
		SDL_UnlockSurface(from);
		return NULL;
	}
	struct fade *f = xcalloc(1, sizeof *f);
	f->w = from->w;
	f->h = from->h;
	for (int y = 0; y < f->h && f->npix <= limit; y++)
		add_row(f, row_of(from, y), row_of(to, y), y);
	SDL_UnlockSurface(to);
	SDL_UnlockSurface(from);
	if (f->npix > limit) {
		fade_free(f);
		return NULL;
	}
	return f;
}

struct fade *fade_new(SDL_Surface *from, SDL_Surface *to)
{
	return from ? fade_build(from, to, (size_t)from->w * (size_t)from->h / 2) : NULL;
}

struct fade *fade_new_any(SDL_Surface *from, SDL_Surface *to)
{
	return fade_build(from, to, SIZE_MAX);
}

void fade_step(const struct fade *f, SDL_Surface *to, SDL_Surface *dst, int x, int y, unsigned k)
{
	assert(k <= 256); /* a fraction of 256: the caller's promise */
	/* A card that would run past dst's edge (a resized screen) is left
	 * undrawn this frame. */
	if (!f || x < 0 || y < 0 || x + f->w > dst->w || y + f->h > dst->h)
		return;
	if (SDL_LockSurface(dst))
		return;
	if (SDL_LockSurface(to)) {
		SDL_UnlockSurface(dst);
		return;
	}
	const uint32_t *src = f->from;
	unsigned ik = 256 - k;
	for (size_t i = 0; i < f->nspans; i++) {
		uint32_t sy = f->spans[i * 3], x0 = f->spans[i * 3 + 1], x1 = f->spans[i * 3 + 2];
		uint32_t *d = (uint32_t *)row_of(dst, y + (int)sy) + x;
		const uint32_t *c = row_of(to, (int)sy);
		for (uint32_t px = x0; px < x1; px++, src++) {
			uint32_t a = *src, b = c[px];
			uint32_t rb = ((a & 0xFF00FF) * ik + (b & 0xFF00FF) * k) >> 8;
			uint32_t g = ((a & 0x00FF00) * ik + (b & 0x00FF00) * k) >> 8;
			d[px] = 0xFF000000u | (rb & 0xFF00FF) | (g & 0x00FF00);
		}
	}
	SDL_UnlockSurface(to);
	SDL_UnlockSurface(dst);
}

void fade_free(struct fade *f)
{
	if (!f)
		return;
	free(f->spans);
	free(f->from);
	free(f);
}
