/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_gif — libFuzzer entry point for khabar's GIF decoder: any bytes
 * decode to the first frame or to an error, never a crash, a leak or a
 * read or write outside the input or the canvas, and a decoded canvas has
 * the size the probe announced.
 */
#include <SDL.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "media/gif.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int w = 0, h = 0;
	char *err = NULL;
	int probed = gif_probe(data, size, &w, &h, &err);
	free(err);
	err = NULL;
	/* A limit of 4 megapixels keeps each run small; the limit itself is
	 * checked before any allocation, like the real one. */
	SDL_Surface *s = gif_decode(data, size, 4000000, &err);
	if (s) {
		if (probed || s->w != w || s->h != h || (long long)w * h > 4000000)
			abort();
		SDL_FreeSurface(s);
	} else if (!err) {
		abort(); /* a failure always says why */
	}
	free(err);
	return 0;
}
