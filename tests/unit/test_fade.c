/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests for fade: the differing-pixels crossfade starts at the old
 * picture, ends exactly at the new one, blends in between, touches no
 * pixel the two pictures share, and gives up on pictures too different
 * for it to pay.
 */
#include "testutil.h"

#include <SDL.h>

#include "screen/fade.h"

static SDL_Surface *picture(int w, int h, uint32_t bg)
{
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_RGB888);
	assert_non_null(s);
	SDL_FillRect(s, NULL, bg);
	return s;
}

static uint32_t px(SDL_Surface *s, int x, int y)
{
	return ((uint32_t *)((uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch))[x] & 0xFFFFFF;
}

static int same(SDL_Surface *a, SDL_Surface *b)
{
	for (int y = 0; y < a->h; y++)
		for (int x = 0; x < a->w; x++)
			if (px(a, x, y) != px(b, x, y))
				return 0;
	return 1;
}

/* Two cards on one background: a dark block on the old, a light one
 * elsewhere on the new. The screen (dst) is bigger, the card at (5, 7). */
static void crossfade_goes_from_the_old_card_to_the_new_one_exactly(void **state)
{
	(void)state;
	SDL_Surface *from = picture(64, 40, 0x102030), *to = picture(64, 40, 0x102030);
	SDL_Rect r1 = {4, 4, 20, 10}, r2 = {30, 20, 20, 10};
	SDL_FillRect(from, &r1, 0x000000);
	SDL_FillRect(to, &r2, 0xFFFFFF);
	struct fade *f = fade_new(from, to);
	assert_non_null(f);
	SDL_Surface *screen = picture(80, 60, 0xABCDEF);
	SDL_Rect at = {5, 7, 64, 40};
	SDL_BlitSurface(from, NULL, screen, &at);

	fade_step(f, to, screen, 5, 7, 0);
	SDL_Surface *card = picture(64, 40, 0);
	SDL_BlitSurface(screen, &at, card, NULL);
	assert_true(same(card, from));

	fade_step(f, to, screen, 5, 7, 128);
	assert_int_equal(px(screen, 5 + 10, 7 + 8), 0x081018);	/* half of 0x102030 */
	assert_int_equal(px(screen, 5 + 40, 7 + 25), 0x878f97); /* half way to white */
	assert_int_equal(px(screen, 5 + 60, 7 + 2), 0x102030);	/* shared: untouched */
	assert_int_equal(px(screen, 2, 2), 0xABCDEF);		/* outside the card */

	fade_step(f, to, screen, 5, 7, 256);
	SDL_BlitSurface(screen, &at, card, NULL);
	assert_true(same(card, to));
	fade_free(f);
	SDL_FreeSurface(card);
	SDL_FreeSurface(screen);
	SDL_FreeSurface(from);
	SDL_FreeSurface(to);
}

static void pictures_that_differ_almost_everywhere_get_no_fade(void **state)
{
	(void)state;
	SDL_Surface *from = picture(32, 32, 0x000000), *to = picture(32, 32, 0xFFFFFF);
	assert_null(fade_new(from, to));
	SDL_Surface *small = picture(16, 16, 0);
	assert_null(fade_new(from, small)); /* sizes differ */
	fade_free(NULL);
	SDL_FreeSurface(small);
	SDL_FreeSurface(from);
	SDL_FreeSurface(to);
}

static void a_step_outside_the_screen_is_ignored(void **state)
{
	(void)state;
	SDL_Surface *from = picture(32, 32, 0), *to = picture(32, 32, 0);
	SDL_Rect r = {1, 1, 3, 3};
	SDL_FillRect(to, &r, 0xFFFFFF);
	struct fade *f = fade_new(from, to);
	assert_non_null(f);
	SDL_Surface *screen = picture(40, 40, 0x123456);
	fade_step(f, to, screen, 20, 20, 256); /* would run past the edge */
	assert_int_equal(px(screen, 21, 21), 0x123456);
	fade_free(f);
	SDL_FreeSurface(screen);
	SDL_FreeSurface(from);
	SDL_FreeSurface(to);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(crossfade_goes_from_the_old_card_to_the_new_one_exactly),
	    cmocka_unit_test(pictures_that_differ_almost_everywhere_get_no_fade),
	    cmocka_unit_test(a_step_outside_the_screen_is_ignored),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
