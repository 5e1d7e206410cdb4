/*
 * bench_text — the text engine and renderer on the seed article at
 * 1800 px / 32 px: median layout time (fonts loaded), median time to draw
 * it to pixels (glyph cache warm, and cold on the first draw).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "text.h"
#include "util.h"

#define RUNS 41

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return v[n / 2];
}

int main(void)
{
	char *err = NULL, *path = xasprintf("%s/assets/sample/000_eddeb88cb7a96027.txt", datadir());
	size_t len;
	char *seed = file_read(path, 0, &len, &err);
	struct font_chain *fonts = font_chain_default("Regular", &err);
	if (!seed || !fonts) {
		fprintf(stderr, "bench_text: %s\n", err);
		return 1;
	}
	/* The body: from the first paragraph after the title to the trailer. */
	char *body = strstr(seed, "\n\n") + 3, *end = strstr(seed, "منبع:");
	size_t blen = (size_t)(end - body);
	struct text_style st;
	text_style_init(&st);
	st.fonts = fonts;
	st.width = 1800;
	st.size = 32;
	st.align = TEXT_ALIGN_JUSTIFY;

	double t_layout[RUNS], t_draw[RUNS], cold = 0;
	struct text_layout *l = NULL;
	for (int i = 0; i < RUNS; i++) {
		text_layout_free(l);
		double t0 = time_mono();
		l = text_layout(body, blen, &st);
		t_layout[i] = time_mono() - t0;
	}
	SDL_Surface *s = render_surface_new(1920, (int)l->height + 64, 0xFFFFFFFFu, &err);
	if (!s) {
		fprintf(stderr, "bench_text: %s\n", err);
		return 1;
	}
	for (int i = 0; i < RUNS; i++) {
		SDL_FillRect(s, NULL, 0xFFFFFFFFu);
		double t0 = time_mono();
		render_layout(s, l, 60, 32, 0xFF1B1D22u);
		t_draw[i] = time_mono() - t0;
		if (i == 0)
			cold = t_draw[0];
	}
	printf("text: seed article body (%zu bytes, %zu lines) at 1800 px / 32 px, justified\n", blen,
	       l->nlines);
	printf("text: layout median %.2f ms (target < 10 ms)\n", median(t_layout, RUNS) * 1e3);
	printf("text: draw to pixels median %.2f ms, first draw (cold glyph cache) %.2f ms\n",
	       median(t_draw, RUNS) * 1e3, cold * 1e3);
	SDL_FreeSurface(s);
	text_layout_free(l);
	font_chain_free(fonts);
	free(seed);
	free(path);
	return 0;
}
