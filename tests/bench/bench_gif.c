/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench_gif — khabar's GIF decoder on tests/data/gif/photo.gif (160 x 120,
 * 256 colours, the LZW table filled and cleared) and its interlaced twin:
 * median time per decode and megapixels a second, beside SDL_image's
 * decoder on the same bytes.
 */
#include <SDL.h>
#include <SDL_image.h>
#include <stdio.h>
#include <stdlib.h>

#include "media/gif.h"
#include "base/util.h"

#define RUNS 201

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Median seconds of one decode, by khabar (sdl = 0) or SDL_image. */
static double median_decode(const char *data, size_t len, int sdl)
{
	static double t[RUNS];
	for (int i = 0; i < RUNS; i++) {
		double t0 = time_mono();
		SDL_Surface *s;
		char *err = NULL;
		if (sdl)
			s = IMG_LoadTyped_RW(SDL_RWFromConstMem(data, (int)len), 1, "GIF");
		else
			s = gif_decode(data, len, 50000000LL, &err);
		t[i] = time_mono() - t0;
		if (!s) {
			fprintf(stderr, "bench_gif: %s\n", err ? err : IMG_GetError());
			exit(1);
		}
		SDL_FreeSurface(s);
		free(err);
	}
	qsort(t, RUNS, sizeof *t, cmp_double);
	return t[RUNS / 2];
}

int main(void)
{
	static const char *const files[] = {"photo.gif", "interlaced.gif"};
	for (size_t i = 0; i < ARRAY_LEN(files); i++) {
		char *err = NULL, *path = xasprintf("%s/tests/data/gif/%s", datadir(), files[i]);
		size_t len;
		char *data = file_read(path, 0, &len, &err);
		int w, h;
		if (!data || gif_probe(data, len, &w, &h, &err)) {
			fprintf(stderr, "bench_gif: %s: %s\n", path, err);
			return 1;
		}
		double mine = median_decode(data, len, 0), theirs = median_decode(data, len, 1);
		double mp = (double)w * h / 1e6;
		printf("gif: %s (%d x %d, %zu bytes): %.3f ms median, %.0f MP/s; SDL_image "
		       "%.3f ms\n",
		       files[i], w, h, len, mine * 1e3, mp / mine, theirs * 1e3);
		free(data);
		free(path);
	}
	return 0;
}
