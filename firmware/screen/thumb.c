/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * thumb — a small JPEG of a screen's pixels. See thumb.h.
 *
 * Must not: build cards, read the clock or the cache.
 */
#include "screen/thumb.h"

#include <SDL_image.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "base/util.h"

/* One destination pixel: the mean of the source box [x0, x1) x [y0, y1)
 * (32-bit pixels, each channel alike). */
static Uint32 box_mean(const SDL_Surface *src, int x0, int x1, int y0, int y1)
{
	Uint32 sum[4] = {0, 0, 0, 0};
	for (int y = y0; y < y1; y++) {
		const Uint32 *row = (const Uint32 *)((const Uint8 *)src->pixels + (size_t)y * src->pitch);
		for (int x = x0; x < x1; x++)
			for (int k = 0; k < 4; k++)
				sum[k] += row[x] >> (8 * k) & 0xff;
	}
	Uint32 n = (Uint32)((x1 - x0) * (y1 - y0)), v = 0;
	for (int k = 0; k < 4; k++)
		v |= (sum[k] + n / 2) / n << (8 * k);
	return v;
}

/* src scaled down so its longer side is at most max_side, each pixel the
 * mean of the box it covers (a linear stretch would skip most pixels and
 * alias text), or NULL. */
static SDL_Surface *scale_down(SDL_Surface *src, int max_side)
{
	int w = src->w, h = src->h;
	if (MAX(w, h) > max_side) {
		if (w >= h) {
			h = (int)((long)h * max_side / w);
			w = max_side;
		} else {
			w = (int)((long)w * max_side / h);
			h = max_side;
		}
	}
	w = MAX(w, 1);
	h = MAX(h, 1);
	SDL_Surface *dst = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, src->format->format);
	if (!dst || SDL_LockSurface(src) != 0) {
		SDL_FreeSurface(dst);
		return NULL;
	}
	for (int y = 0; y < h; y++) {
		int y0 = (int)((long)y * src->h / h), y1 = MAX((int)((long)(y + 1) * src->h / h), y0 + 1);
		Uint32 *out = (Uint32 *)((Uint8 *)dst->pixels + (size_t)y * dst->pitch);
		for (int x = 0; x < w; x++) {
			int x0 = (int)((long)x * src->w / w);
			out[x] = box_mean(src, x0, MAX((int)((long)(x + 1) * src->w / w), x0 + 1), y0, y1);
		}
	}
	SDL_UnlockSurface(src);
	return dst;
}

int thumb_save(SDL_Surface *src, const char *path, int max_side, size_t max_bytes, size_t *size,
	       char **err)
{
	static const int quality[] = {80, 65, 50, 35, 20};
	SDL_Surface *small = scale_down(src, max_side);
	if (!small) {
		*err = xasprintf("%s: cannot scale the screen down: %s", path, SDL_GetError());
		return -1;
	}
	char *tmp = xasprintf("%s.tmp", path);
	int rc = -1;
	struct stat st = {0};
	for (size_t i = 0; i < ARRAY_LEN(quality) && rc; i++) {
		if (IMG_SaveJPG(small, tmp, quality[i]) != 0) {
			*err = xasprintf("%s: %s", tmp, IMG_GetError());
			break;
		}
		if (stat(tmp, &st) == 0 && (size_t)st.st_size <= max_bytes)
			rc = 0;
	}
	if (!rc && rename(tmp, path) != 0) {
		*err = xasprintf("%s: cannot rename %s into place", path, tmp);
		rc = -1;
	} else if (rc && !*err) {
		*err = xasprintf("%s: over %zu bytes even at the lowest quality", path, max_bytes);
	}
	if (rc)
		remove(tmp);
	else if (size)
		*size = (size_t)st.st_size;
	free(tmp);
	SDL_FreeSurface(small);
	return rc;
}
