/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests for screen and ticker: the ticker strip starts against its label,
 * moves right (Persian frame) or left (English frame, label at the left)
 * at a constant speed (within a pixel at every frame, over wraps), and a
 * ticker frame changes only the ticker's rows, by exactly the distance
 * the strip moved.
 */
#include "testutil.h"

#include <SDL.h>
#include <math.h>

#include "show/card.h"
#include "base/config.h"
#include "show/i18n.h"
#include "screen/screen.h"
#include "screen/ticker.h"

static struct card_fonts fonts;
static struct config cfg;

static int setup(void **state)
{
	(void)state;
	char *err = NULL;
	config_defaults(&cfg);
	if (card_fonts_open(&fonts, &err)) {
		fprintf(stderr, "%s\n", err);
		free(err);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	card_fonts_close(&fonts);
	config_free(&cfg);
	return 0;
}

#define HEADLINES                                                                                  \
	"\xe2\x81\xa7"                                                                             \
	"ITU از نامزدی ایران حمایت کرد"                                       \
	"\xe2\x81\xa9   •   "                                                                    \
	"\xe2\x81\xa7"                                                                             \
	"اجلاس جهانی جامعه اطلاعاتی"                                        \
	"\xe2\x81\xa9   •   "
#define ENGLISH                                                                                    \
	"\xe2\x81\xa6"                                                                             \
	"Delegates move to hall 2\xe2\x81\xa9   •   "                                            \
	"\xe2\x81\xa6"                                                                             \
	"Guest Wi-Fi: khabar-guest\xe2\x81\xa9   •   "

static void ticker_strip_starts_against_its_label(void **state)
{
	(void)state;
	struct card_geometry g;
	card_geometry(1920, 1080, 1, &g);
	struct ticker *tk = ticker_new(&g, &cfg, &fonts, HEADLINES, 0, 1700);
	assert_true(tk->width > 100);
	assert_true(tk->npieces >= 1);
	assert_int_equal(tk->h, g.ticker_h);
	int x = ticker_x(tk, 0);
	assert_true(x <= 0 && x > -tk->width);
	/* Some copy ends exactly at the area's end. */
	assert_int_equal(((1700 - x) % tk->width), 0);
	ticker_free(tk);

	struct ticker *none = ticker_new(&g, &cfg, &fonts, "", 0, 1700);
	assert_int_equal(none->width, 0);
	assert_int_equal(ticker_x(none, 12.5), 0);
	ticker_free(none);
}

/* Frames at 60 per second for five minutes (many wraps): the strip moves
 * the way dir says (1 right, -1 left) at constant speed within a pixel. */
static void check_constant_speed(const struct ticker *tk, int dir)
{
	assert_true(tk->speed > 1);
	int prev = ticker_x(tk, 0);
	double moved = 0;
	for (int f = 1; f <= 60 * 300; f++) {
		double t = f / 60.0;
		int x = ticker_x(tk, t);
		assert_true(x <= 0 && x > -tk->width);
		int d = (x - prev) * dir;
		if (d < 0)
			d += tk->width; /* wrapped */
		moved += d;
		assert_true(fabs(d - tk->speed / 60) <= 1.0);
		assert_true(fabs(moved - tk->speed * t) <= 1.0);
		prev = x;
	}
}

static void ticker_moves_right_at_constant_speed_within_a_pixel(void **state)
{
	(void)state;
	struct card_geometry g;
	card_geometry(1920, 1080, 1, &g);
	struct ticker *tk = ticker_new(&g, &cfg, &fonts, HEADLINES, 0, 1700);
	assert_false(tk->leftward);
	check_constant_speed(tk, 1);
	ticker_free(tk);
}

static void in_an_english_frame_the_ticker_starts_at_the_left_and_moves_left(void **state)
{
	(void)state;
	i18n_set(I18N_EN);
	struct card_geometry g;
	card_geometry(1920, 1080, 1, &g);
	struct ticker *tk = ticker_new(&g, &cfg, &fonts, ENGLISH, 220, 1700);
	i18n_set(I18N_FA);
	assert_true(tk->leftward);
	assert_int_equal(tk->area_x, 220);
	/* At t = 0 the strip's start (its left end) meets the area's start. */
	assert_int_equal(ticker_x(tk, 0), 0);
	/* A second later it has moved left by the speed. */
	assert_true(fabs(-ticker_x(tk, 1) - tk->speed) <= 1.0);
	check_constant_speed(tk, -1);
	ticker_free(tk);
}

static uint32_t px(SDL_Surface *s, int x, int y)
{
	return ((uint32_t *)((uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch))[x];
}

/* One ticker frame half a second on, in the frame of language lang:
 * only the strip's pixels change, each the one dx pixels the strip's way
 * before it; the label (and everything above the bar) stays. */
static void check_ticker_frame(enum i18n_lang lang)
{
	i18n_set(lang);
	struct card_geometry g;
	card_geometry(1280, 720, 1, &g);
	struct screen sc = {.g = g};
	sc.surface = SDL_CreateRGBSurfaceWithFormat(0, g.w, g.h, 32, SDL_PIXELFORMAT_RGB888);
	assert_non_null(sc.surface);
	int area_x = -1, area_w = 0;
	struct card *bar = card_ticker_bar(&g, &cfg, &fonts, &area_x, &area_w);
	struct card *header = card_header(&g, &cfg, &fonts, 1654684200, NULL);
	struct card *empty = card_empty(&g, &cfg, &fonts, 1654684200, 0);
	const char *text = lang == I18N_EN ? ENGLISH : HEADLINES;
	struct ticker *tk = ticker_new(&g, &cfg, &fonts, text, area_x, area_w);
	int dir = tk->leftward ? -1 : 1;
	assert_int_equal(dir, lang == I18N_EN ? -1 : 1);
	/* The label at the frame's start: right in Persian, left in English. */
	assert_true(area_w > g.w / 2);
	assert_int_equal(area_x, lang == I18N_EN ? g.w - area_w : 0);
	struct screen_parts p = {.background = cfg.theme.background, .ticker = tk};
	p.header = screen_image_of_card(&sc, header);
	p.card = screen_image_of_card(&sc, empty);
	p.bar = screen_image_of_card(&sc, bar);
	int n;
	p.strip = screen_strip_images(&sc, tk, &n);
	assert_int_equal(n, tk->npieces);
	screen_draw(&sc, &p);
	SDL_Surface *before = SDL_DuplicateSurface(sc.surface);

	p.ticker_t = 0.5;
	SDL_Rect r = screen_draw_ticker(&sc, &p);
	assert_int_equal(r.y, g.h - g.ticker_h);
	assert_int_equal(r.h, g.ticker_h);
	int dx = (ticker_x(tk, 0.5) - ticker_x(tk, 0)) * dir;
	if (dx < 0)
		dx += tk->width;
	assert_true(dx > 0);
	long changed = 0;
	for (int y = 0; y < g.h; y++) {
		for (int x = 0; x < g.w; x++) {
			uint32_t now = px(sc.surface, x, y);
			if (y < r.y) {
				assert_int_equal(now, px(before, x, y));
			} else if (x < area_x || x >= area_x + area_w) {
				assert_int_equal(now, px(before, x, y)); /* the label stays */
			} else if (dir > 0 && x >= area_x + dx) {
				changed += now != px(before, x, y);
				assert_int_equal(now, px(before, x - dx, y)); /* moved right */
			} else if (dir < 0 && x < area_x + area_w - dx) {
				changed += now != px(before, x, y);
				assert_int_equal(now, px(before, x + dx, y)); /* moved left */
			}
		}
	}
	assert_true(changed > 0);
	for (int i = 0; i < n; i++)
		screen_image_free(p.strip[i]);
	free(p.strip);
	screen_image_free(p.bar);
	screen_image_free(p.card);
	screen_image_free(p.header);
	ticker_free(tk);
	card_free(bar);
	card_free(header);
	card_free(empty);
	SDL_FreeSurface(before);
	SDL_FreeSurface(sc.surface);
	i18n_set(I18N_FA);
}

static void a_ticker_frame_changes_only_the_ticker_rows(void **state)
{
	(void)state;
	check_ticker_frame(I18N_FA);
}

static void
in_an_english_frame_a_ticker_frame_moves_the_strip_left_beside_a_left_label(void **state)
{
	(void)state;
	check_ticker_frame(I18N_EN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(ticker_strip_starts_against_its_label),
	    cmocka_unit_test(ticker_moves_right_at_constant_speed_within_a_pixel),
	    cmocka_unit_test(in_an_english_frame_the_ticker_starts_at_the_left_and_moves_left),
	    cmocka_unit_test(a_ticker_frame_changes_only_the_ticker_rows),
	    cmocka_unit_test(
		in_an_english_frame_a_ticker_frame_moves_the_strip_left_beside_a_left_label),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
