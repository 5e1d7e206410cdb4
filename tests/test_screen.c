/*
 * Tests for screen and ticker: the ticker strip starts against its label,
 * moves right at a constant speed (within a pixel at every frame, over
 * wraps), and a ticker frame changes only the ticker's rows, by exactly
 * the distance the strip moved.
 */
#include "testutil.h"

#include <SDL.h>
#include <math.h>

#include "card.h"
#include "config.h"
#include "screen.h"
#include "ticker.h"

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

static void ticker_strip_starts_against_its_label(void **state)
{
	(void)state;
	struct card_geometry g;
	card_geometry(1920, 1080, 1, &g);
	struct ticker *tk = ticker_new(&g, &cfg, &fonts, HEADLINES, 1700);
	assert_true(tk->width > 100);
	assert_true(tk->npieces >= 1);
	assert_int_equal(tk->h, g.ticker_h);
	int x = ticker_x(tk, 0);
	assert_true(x <= 0 && x > -tk->width);
	/* Some copy ends exactly at the area's end. */
	assert_int_equal(((1700 - x) % tk->width), 0);
	ticker_free(tk);

	struct ticker *none = ticker_new(&g, &cfg, &fonts, "", 1700);
	assert_int_equal(none->width, 0);
	assert_int_equal(ticker_x(none, 12.5), 0);
	ticker_free(none);
}

static void ticker_moves_right_at_constant_speed_within_a_pixel(void **state)
{
	(void)state;
	struct card_geometry g;
	card_geometry(1920, 1080, 1, &g);
	struct ticker *tk = ticker_new(&g, &cfg, &fonts, HEADLINES, 1700);
	assert_true(tk->speed > 1);
	int x0 = ticker_x(tk, 0), prev = x0;
	double moved = 0;
	/* Five minutes of frames at 60 per second: many wraps. */
	for (int f = 1; f <= 60 * 300; f++) {
		double t = f / 60.0;
		int x = ticker_x(tk, t);
		int d = x - prev;
		if (d < 0)
			d += tk->width; /* wrapped */
		moved += d;
		assert_true(fabs(d - tk->speed / 60) <= 1.0);
		assert_true(fabs(moved - tk->speed * t) <= 1.0);
		prev = x;
	}
	ticker_free(tk);
}

static uint32_t px(SDL_Surface *s, int x, int y)
{
	return ((uint32_t *)((uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch))[x];
}

static void a_ticker_frame_changes_only_the_ticker_rows(void **state)
{
	(void)state;
	struct card_geometry g;
	card_geometry(1280, 720, 1, &g);
	struct screen sc = {.g = g};
	sc.surface = SDL_CreateRGBSurfaceWithFormat(0, g.w, g.h, 32, SDL_PIXELFORMAT_RGB888);
	assert_non_null(sc.surface);
	int area_w = 0;
	struct card *bar = card_ticker_bar(&g, &cfg, &fonts, &area_w);
	struct card *header = card_header(&g, &cfg, &fonts, 1654684200);
	struct card *empty = card_empty(&g, &cfg, &fonts, 1654684200, 0);
	struct ticker *tk = ticker_new(&g, &cfg, &fonts, HEADLINES, area_w);
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
	int dx = ticker_x(tk, 0.5) - ticker_x(tk, 0);
	if (dx < 0)
		dx += tk->width;
	assert_true(dx > 0);
	long changed = 0;
	for (int y = 0; y < g.h; y++) {
		for (int x = 0; x < g.w; x++) {
			uint32_t now = px(sc.surface, x, y);
			if (y < r.y) {
				assert_int_equal(now, px(before, x, y));
			} else if (x >= area_w) {
				assert_int_equal(now, px(before, x, y)); /* the label stays */
			} else if (x >= dx) {
				changed += now != px(before, x, y);
				assert_int_equal(now, px(before, x - dx, y)); /* moved right */
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
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(ticker_strip_starts_against_its_label),
	    cmocka_unit_test(ticker_moves_right_at_constant_speed_within_a_pixel),
	    cmocka_unit_test(a_ticker_frame_changes_only_the_ticker_rows),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
