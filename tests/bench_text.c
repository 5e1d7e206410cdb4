/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench_text — the text engine and renderer on the seed article at
 * 1800 px / 32 px: median layout time (fonts loaded), median time to draw
 * it to pixels (glyph cache warm, and cold on the first draw). Then the
 * justification corpus check: every paragraph of the seed and the sample
 * articles justified with kashida at 500-1800 px in 100 px steps (38 px,
 * the article page's size): the lines that miss a margin and the largest
 * single stretch, measured against the same lines unjustified.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/import.h"
#include "screen/render.h"
#include "text/text.h"
#include "base/util.h"

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

struct corpus_figures {
	size_t paragraphs, lines, justified, failing, one_word;
	double stretch, kashida; /* largest single stretch, px: anywhere, at a tatweel */
	size_t with_kashida;	 /* justified lines with at least one tatweel */
	double space_factor;	 /* the widest justified space, of its natural width */
};

/* The glyph id of U+0640 in the bundled font. */
static uint32_t tatweel_id(const struct text_style *base)
{
	struct text_style st = *base;
	st.align = TEXT_ALIGN_START;
	struct text_layout *l = text_layout("\xD9\x80", 2, &st);
	uint32_t id = l->nlines && l->lines[0].nruns ? l->lines[0].runs[0].glyphs[0].id : 0;
	text_layout_free(l);
	return id;
}

/* The glyph after g in run r that is not a tatweel, or r->nglyphs. */
static size_t next_glyph(const struct text_run *r, size_t g, uint32_t tw)
{
	for (g++; g < r->nglyphs && r->glyphs[g].id == tw; g++)
		;
	return g;
}

/* Compare line j of a justified layout with the same line unjustified:
 * every gap between two glyphs (or a glyph and the run's end) grew by the
 * stretch put there. */
static void measure_line(const struct text_line *jl, const struct text_line *nl, uint32_t tw,
			 const char *text, struct corpus_figures *f)
{
	int tatweels = 0;
	for (size_t r = 0; r < jl->nruns && r < nl->nruns; r++) {
		const struct text_run *a = &jl->runs[r], *b = &nl->runs[r];
		size_t g = next_glyph(a, (size_t)-1, tw), h = 0;
		while (g < a->nglyphs && h < b->nglyphs) {
			size_t g2 = next_glyph(a, g, tw), h2 = h + 1;
			double ja = (g2 < a->nglyphs ? a->glyphs[g2].x : a->width) - a->glyphs[g].x;
			double na = (h2 < b->nglyphs ? b->glyphs[h2].x : b->width) - b->glyphs[h].x;
			f->stretch = MAX(f->stretch, ja - na);
			if (g2 != g + 1)
				f->kashida = MAX(f->kashida, ja - na);
			tatweels += g2 != g + 1;
			if (text[a->glyphs[g].cluster] == ' ' && na > 0)
				f->space_factor = MAX(f->space_factor, ja / na);
			g = g2;
			h = h2;
		}
	}
	f->with_kashida += tatweels > 0;
}

/* One body at one width. */
static void check_body(const char *body, const struct text_style *base, uint32_t tw,
		       struct corpus_figures *f)
{
	struct text_style st = *base;
	struct text_layout *j = text_layout(body, strlen(body), &st);
	st.align = TEXT_ALIGN_START;
	struct text_layout *n = text_layout(body, strlen(body), &st);
	for (size_t i = 0; i < j->nlines && i < n->nlines; i++) {
		const struct text_line *ln = &j->lines[i];
		f->lines++;
		if (i + 1 == j->nlines || j->lines[i + 1].paragraph != ln->paragraph || !ln->nruns)
			continue;
		f->justified++;
		const struct text_run *last = &ln->runs[ln->nruns - 1];
		if (fabsf(ln->runs[0].x) > 1 ||
		    fabsf(last->x + last->width - (float)st.width) > 1) {
			f->failing++;
			size_t lo = SIZE_MAX, hi = 0;
			for (size_t r = 0; r < ln->nruns; r++) {
				lo = MIN(lo, ln->runs[r].start);
				hi = MAX(hi, ln->runs[r].end);
			}
			const char *t = j->paragraphs[ln->paragraph];
			f->one_word += !memchr(t + lo, ' ', hi - lo);
		}
		measure_line(ln, &n->lines[i], tw, j->paragraphs[ln->paragraph], f);
	}
	text_layout_free(j);
	text_layout_free(n);
}

/* Every body and summary of the seed and the samples justified at the
 * widths from w0 to w1 in steps of step px, into *f. 0, or 1 with a
 * message. */
static int corpus_run(struct font_chain *fonts, double w0, double w1, double step,
		      struct corpus_figures *f)
{
	static const char *const files[] = {"000_eddeb88cb7a96027.txt", "articles.json",
					    "feed-atom.xml", "feed-rss.xml"};
	struct text_style st;
	text_style_init(&st);
	st.fonts = fonts;
	st.size = 38;
	st.line_height = 1.75;
	st.align = TEXT_ALIGN_JUSTIFY;
	uint32_t tw = tatweel_id(&st);
	for (size_t i = 0; i < ARRAY_LEN(files); i++) {
		char *err = NULL, *path = xasprintf("%s/assets/sample/%s", datadir(), files[i]);
		size_t len;
		char *data = file_read(path, 0, &len, &err);
		struct import_limits lim;
		import_limits_default(&lim);
		struct import_result r = {0};
		if (!data || import_parse(data, len, &lim, &r) != 0) {
			fprintf(stderr, "bench_text: %s: %s\n", path, err ? err : r.error);
			return 1;
		}
		for (size_t a = 0; a < r.articles.n; a++) {
			const struct article *art = &r.articles.items[a];
			for (int k = 0; k < 2; k++) {
				const char *body = k ? art->body : art->summary;
				for (const char *c = body; c && *c;
				     c = strchr(c, '\n') ? strchr(c, '\n') + 1 : "")
					f->paragraphs += *c != '\n';
				for (st.width = w0; body && *body && st.width <= w1;
				     st.width += step)
					check_body(body, &st, tw, f);
			}
		}
		import_result_free(&r);
		free(data);
		free(path);
	}
	return 0;
}

static int corpus_check(struct font_chain *fonts)
{
	struct corpus_figures f = {0};
	if (corpus_run(fonts, 500, 1800, 100, &f))
		return 1;
	double size = 38;
	printf("justify: %zu paragraphs of the seed and samples at 500-1800 px (step 100), 38 px, "
	       "kashida: %zu lines, %zu justified\n",
	       f.paragraphs, f.lines, f.justified);
	printf("justify: %zu lines miss a margin by more than 1 px (%zu of them one word with no "
	       "kashida point; target 0 others)\n",
	       f.failing, f.one_word);
	printf("justify: largest single stretch %.2f em (at a kashida %.2f em)\n", f.stretch / size,
	       f.kashida / size);
	/* The two article columns: portrait (952 px) and landscape (1728 px). */
	static const double columns[] = {952, 1728};
	for (size_t i = 0; i < ARRAY_LEN(columns); i++) {
		struct corpus_figures c = {0};
		if (corpus_run(fonts, columns[i], columns[i], 1, &c))
			return 1;
		printf("justify: at %.0f px %zu of %zu justified lines carry kashida (%.0f%%); "
		       "the widest space %.2fx its width\n",
		       columns[i], c.with_kashida, c.justified,
		       c.justified ? 100.0 * (double)c.with_kashida / (double)c.justified : 0,
		       c.space_factor);
	}
	return 0;
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
	printf("text: seed article body (%zu bytes, %zu lines) at 1800 px / 32 px, justified\n",
	       blen, l->nlines);
	printf("text: layout median %.2f ms (target < 10 ms)\n", median(t_layout, RUNS) * 1e3);
	printf("text: draw to pixels median %.2f ms, first draw (cold glyph cache) %.2f ms\n",
	       median(t_draw, RUNS) * 1e3, cold * 1e3);
	SDL_FreeSurface(s);
	text_layout_free(l);
	int rc = corpus_check(fonts);
	font_chain_free(fonts);
	free(seed);
	free(path);
	return rc;
}
