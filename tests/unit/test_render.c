/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_render — drawing the engine's layouts: SDL_ttf agrees with the
 * engine's measure of every run, ink lands inside the line boxes, missing
 * glyphs show as boxes, and PNGs are written.
 */
#include "testutil.h"

#include <SDL_image.h>
#include <SDL_ttf.h>

#include "screen/render.h"
#include "text/text.h"

static struct font_chain *fonts;
static char *seed;

static int setup(void **state)
{
	(void)state;
	fonts = test_vazirmatn();
	seed = test_read("assets/sample/000_eddeb88cb7a96027.txt", NULL);
	*strstr(seed, "منبع:") = 0; /* title and body */
	return SDL_Init(0) == 0 && TTF_Init() == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	font_chain_free(fonts);
	free(seed);
	TTF_Quit();
	SDL_Quit();
	return 0;
}

static struct text_layout *lay(const char *text, double width, double size, enum text_align a)
{
	struct text_style st;
	text_style_init(&st);
	st.fonts = fonts;
	st.width = width;
	st.size = size;
	st.align = a;
	return text_layout(text, strlen(text), &st);
}

/* SDL_ttf, given each run with the direction and script the engine shaped
 * it with, draws it at the engine's width (within 1 px). */
static void sdl_ttf_draws_each_run_at_the_engine_width(void **state)
{
	(void)state;
	char *path = test_path("fonts/Vazirmatn-Regular.ttf");
	TTF_Font *f = TTF_OpenFont(path, 32);
	assert_non_null(f);
	TTF_SetFontHinting(f, TTF_HINTING_NONE); /* the engine's advances are unhinted */
	struct text_layout *l = lay(seed, 1800, 32, TEXT_ALIGN_START);
	int runs = 0;
	for (size_t i = 0; i < l->nlines; i++) {
		for (size_t r = 0; r < l->lines[i].nruns; r++) {
			const struct text_run *run = &l->lines[i].runs[r];
			const char *para = l->paragraphs[l->lines[i].paragraph];
			char *s = xstrndup(para + run->start, run->end - run->start);
			assert_int_equal(TTF_SetFontDirection(f, run->rtl ? TTF_DIRECTION_RTL
									 : TTF_DIRECTION_LTR), 0);
			assert_int_equal(TTF_SetFontScriptName(f, run->script), 0);
			SDL_Surface *drawn = TTF_RenderUTF8_Blended(f, s, (SDL_Color){0, 0, 0, 255});
			assert_non_null(drawn);
			int engine = (int)(run->width + 0.5f);
			if (abs(drawn->w - engine) > 1)
				fail_msg("run '%s': SDL_ttf drew %d px, the engine measured %.2f", s,
					 drawn->w, run->width);
			SDL_FreeSurface(drawn);
			free(s);
			runs++;
		}
	}
	assert_true(runs > 50);
	text_layout_free(l);
	TTF_CloseFont(f);
	free(path);
}

/* Bounding box of pixels differing from the background. */
static int ink_box(SDL_Surface *s, uint32_t bg, SDL_Rect *box)
{
	int x0 = s->w, y0 = s->h, x1 = -1, y1 = -1;
	for (int y = 0; y < s->h; y++) {
		const uint32_t *row = (const uint32_t *)((uint8_t *)s->pixels + y * s->pitch);
		for (int x = 0; x < s->w; x++)
			if (row[x] != bg) {
				x0 = MIN(x0, x);
				x1 = MAX(x1, x);
				y0 = MIN(y0, y);
				y1 = MAX(y1, y);
			}
	}
	*box = (SDL_Rect){x0, y0, x1 - x0 + 1, y1 - y0 + 1};
	return x1 >= 0;
}

static void seed_article_ink_stays_inside_its_box(void **state)
{
	(void)state;
	struct text_layout *l = lay(seed, 1800, 32, TEXT_ALIGN_JUSTIFY);
	uint32_t bg = 0xFFFFFFFFu;
	SDL_Surface *s = render_surface_new(1900, (int)l->height + 100, bg, NULL);
	assert_non_null(s);
	render_layout(s, l, 50, 50, 0xFF000000u);
	SDL_Rect ink;
	assert_true(ink_box(s, bg, &ink));
	/* Justified RTL: ink reaches both edges (within a glyph's side
	 * bearing) and stays inside the lines' vertical extent. */
	assert_true(ink.x >= 50 - 4 && ink.x <= 50 + 4);
	assert_true(ink.x + ink.w <= 1850 + 4 && ink.x + ink.w >= 1850 - 4);
	assert_true(ink.y >= 50 && ink.y + ink.h <= 50 + (int)l->height + 8);
	char *out = xasprintf("%s/seed.png", test_tmp());
	assert_int_equal(render_save_png(s, out, NULL), 0);
	SDL_Surface *back = IMG_Load(out);
	assert_non_null(back);
	assert_int_equal(back->w, 1900);
	SDL_FreeSurface(back);
	free(out);
	SDL_FreeSurface(s);
	text_layout_free(l);
}

static void each_glyph_is_drawn_where_the_engine_placed_it(void **state)
{
	(void)state;
	/* Two words far apart in a centred line: ink sits in the run's box. */
	struct text_layout *l = lay("خبر", 400, 40, TEXT_ALIGN_CENTER);
	uint32_t bg = 0xFFFFFFFFu;
	SDL_Surface *s = render_surface_new(400, 100, bg, NULL);
	render_layout(s, l, 0, 0, 0xFF000000u);
	SDL_Rect ink;
	assert_true(ink_box(s, bg, &ink));
	const struct text_run *r = &l->lines[0].runs[0];
	assert_true(abs(ink.x - (int)r->x) <= 3);
	assert_true(abs(ink.x + ink.w - (int)(r->x + r->width)) <= 3);
	SDL_FreeSurface(s);
	text_layout_free(l);
}

static void missing_glyphs_draw_as_visible_boxes(void **state)
{
	(void)state;
	struct text_layout *l = lay("\xf0\x9f\x87\xae", 400, 40, TEXT_ALIGN_START); /* 🇮 */
	assert_int_equal(l->missing_glyphs, 1);
	uint32_t bg = 0xFFFFFFFFu;
	SDL_Surface *s = render_surface_new(400, 100, bg, NULL);
	render_layout(s, l, 0, 0, 0xFF000000u);
	SDL_Rect ink;
	assert_true(ink_box(s, bg, &ink));
	assert_true(ink.w >= 10 && ink.h >= 20);
	SDL_FreeSurface(s);
	text_layout_free(l);
}

static void drawing_clips_to_the_surface(void **state)
{
	(void)state;
	struct text_layout *l = lay(seed, 1800, 32, TEXT_ALIGN_START);
	SDL_Surface *s = render_surface_new(300, 200, 0xFFFFFFFFu, NULL);
	render_layout(s, l, -500, -300, 0xFF000000u); /* mostly off the surface */
	render_layout(s, l, 250, 150, 0x80000000u);
	SDL_FreeSurface(s);
	text_layout_free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sdl_ttf_draws_each_run_at_the_engine_width),
		cmocka_unit_test(seed_article_ink_stays_inside_its_box),
		cmocka_unit_test(each_glyph_is_drawn_where_the_engine_placed_it),
		cmocka_unit_test(missing_glyphs_draw_as_visible_boxes),
		cmocka_unit_test(drawing_clips_to_the_surface),
	};
	return cmocka_run_group_tests_name("render", tests, setup, teardown);
}
