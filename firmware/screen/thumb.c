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

/* src scaled down so its longer side is at most max_side, or NULL. */
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
	SDL_Surface *dst =
	    SDL_CreateRGBSurfaceWithFormat(0, MAX(w, 1), MAX(h, 1), 32, src->format->format);
	if (dst && SDL_SoftStretchLinear(src, NULL, dst, NULL) != 0) {
		SDL_FreeSurface(dst);
		dst = NULL;
	}
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
