/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests for image: header probing, the pixel limit, decoding and scaling,
 * the content-addressed store and its garbage collection.
 */
#include "testutil.h"

#include <SDL.h>
#include <SDL_image.h>
#include <sys/stat.h>
#include <unistd.h>

#include "media/image.h"
#include "screen/display.h"

static const unsigned char png_20000[] = {0x89, 'P',  'N', 'G', '\r', '\n', 0x1a, '\n', 0,    0, 0,
					  13,	'I',  'H', 'D', 'R',  0,    0,	  0x4e, 0x20, 0, 0,
					  0x4e, 0x20, 8,   2,	0,    0,    0,	  0,	0,    0, 0};

/* A w x h PNG of a gradient, as bytes (caller frees). */
static char *png_bytes(int w, int h, size_t *len)
{
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
	assert_non_null(s);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			((uint32_t *)s->pixels)[y * s->pitch / 4 + x] =
			    0xff000000u | (uint32_t)(x * 255 / w) << 16 | (uint32_t)(y * 255 / h);
	char path[] = "/tmp/khabar-image-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(IMG_SavePNG(s, path), 0);
	SDL_FreeSurface(s);
	char *err = NULL;
	char *data = file_read(path, 1 << 26, len, &err);
	assert_non_null(data);
	unlink(path);
	return data;
}

static void headers_give_type_and_size_before_decoding(void **state)
{
	(void)state;
	int w, h;
	const char *type;
	char *err = NULL;
	assert_int_equal(image_probe(png_20000, sizeof png_20000, &w, &h, &type, &err), 0);
	assert_string_equal(type, "PNG");
	assert_int_equal(w, 20000);
	assert_int_equal(h, 20000);
	/* A 320 x 240 screen whose first frame (after a comment) is 400 x 10:
	 * the decoder allocates the frame, so the larger of each counts. */
	const unsigned char gif[] = {'G', 'I', 'F', '8',  '9',	'a',  0x40, 0x01, 0xf0, 0x00,
				     0,	  0,   0,   0x21, 0xfe, 2,    'h',  'i',  0,	0x2c,
				     0,	  0,   0,   0,	  0x90, 0x01, 10,   0,	  0};
	assert_int_equal(image_probe(gif, sizeof gif, &w, &h, &type, &err), 0);
	assert_int_equal(w, 400);
	assert_int_equal(h, 240);
	const unsigned char jpeg[] = {0xff, 0xd8, 0xff, 0xe0, 0,    4, 0, 0, 0xff, 0xc0, 0, 11,
				      8,    0x01, 0xe0, 0x02, 0x80, 3, 0, 0, 0,	   0,	 0, 0};
	assert_int_equal(image_probe(jpeg, sizeof jpeg, &w, &h, &type, &err), 0);
	assert_string_equal(type, "JPG");
	assert_int_equal(w, 640);
	assert_int_equal(h, 480);
}

static void a_20000_square_header_and_html_are_refused(void **state)
{
	(void)state;
	int w, h;
	char *err = NULL;
	assert_int_equal(image_check(png_20000, sizeof png_20000, 1920, &w, &h, &err), -1);
	assert_non_null(strstr(err, "20000 x 20000 pixels is more than 50 million"));
	free(err);
	err = NULL;
	const char *html = "<!DOCTYPE html><html><body>hi</body></html>";
	assert_int_equal(image_check(html, strlen(html), 1920, &w, &h, &err), -1);
	assert_non_null(strstr(err, "not a PNG, JPEG, WebP or GIF"));
	free(err);
	/* JPEG's signature and a 257 x 257 frame header, then an SVG: the
	 * JPEG decoder refuses it, and no other decoder (SDL_image's SVG
	 * parser, which IMG_LoadTyped_RW() would pick) gets to try. */
	const char svg[] = "\xff\xd8\xff\xc0\x01\x11\x08\x01\x01\x01\x01\x03"
			   "<svg xmlns='http://www.w3.org/2000/svg' width='9' height='9'>"
			   "<rect width='9' height='9'/></svg>";
	err = NULL;
	assert_int_equal(image_check(svg, sizeof svg - 1, 1920, &w, &h, &err), -1);
	assert_non_null(strstr(err, "cannot decode the JPG image"));
	free(err);
}

static uint32_t pixel_of(const char *path, int x, int y)
{
	SDL_Surface *img = IMG_Load(path);
	assert_non_null(img);
	SDL_Surface *s = SDL_ConvertSurfaceFormat(img, SDL_PIXELFORMAT_ARGB8888, 0);
	SDL_FreeSurface(img);
	assert_non_null(s);
	uint32_t v = ((uint32_t *)s->pixels)[y * s->pitch / 4 + x];
	SDL_FreeSurface(s);
	return v;
}

static void a_gif_is_stored_as_a_png_of_its_first_frame(void **state)
{
	(void)state;
	size_t n;
	char *gif = test_read("tests/data/gif/transparent.gif", &n);
	int w = 0, h = 0;
	char *err = NULL;
	assert_int_equal(image_check(gif, n, 32, &w, &h, &err), 0);
	assert_int_equal(w, 32);
	assert_int_equal(h, 24);
	char dir[] = "/tmp/khabar-images-XXXXXX";
	assert_non_null(mkdtemp(dir));
	/* Not scaled, still a PNG: the display never decodes a feed's GIF. */
	char *p = image_store(gif, n, dir, 1920, &err);
	assert_non_null(p);
	assert_string_equal(p + strlen(p) - 4, ".png");
	assert_int_equal(pixel_of(p, 0, 0) >> 24, 0); /* the transparent corner */
	assert_int_equal(pixel_of(p, 32, 24), 0xffc03020u);
	unlink(p);
	free(p);
	/* An animation: its first frame, scaled. */
	free(gif);
	gif = test_read("tests/data/gif/anim.gif", &n);
	p = image_store(gif, n, dir, 20, &err);
	assert_non_null(p);
	assert_int_equal(pixel_of(p, 10, 7), 0xff2060c0u);
	unlink(p);
	free(p);
	free(gif);
	/* A cut-off GIF (2 x 1, its data ends after the first pixel) is
	 * refused with the decoder's reason. */
	const unsigned char cut[] = {'G', 'I', 'F', '8', '9', 'a', 1, 0, 1,    0,    0x80,
				     0,	  0,   0,   0,	 0,   0,   0, 0, 0x2c, 0,    0,
				     0,	  0,   2,   0,	 1,   0,   0, 2, 1,    0x04, 0};
	assert_int_equal(image_check(cut, sizeof cut, 1920, &w, &h, &err), -1);
	assert_non_null(strstr(err, "cut off"));
	free(err);
	rmdir(dir);
}

static void stored_images_are_scaled_and_stored_once(void **state)
{
	(void)state;
	size_t len;
	char *png = png_bytes(3000, 200, &len);
	char dir[] = "/tmp/khabar-images-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *err = NULL;
	char *a = image_store(png, len, dir, 1920, &err);
	assert_non_null(a);
	char *b = image_store(png, len, dir, 1920, &err);
	assert_string_equal(a, b); /* the same content, the same file */
	SDL_Surface *s = IMG_Load(a);
	assert_non_null(s);
	assert_int_equal(s->w, 1920);
	assert_int_equal(s->h, 128);
	SDL_FreeSurface(s);
	char *small = png_bytes(100, 50, &len);
	char *c = image_store(small, len, dir, 1920, &err);
	assert_non_null(c);
	assert_string_not_equal(a, c);
	/* Only c is used: a goes. Then a limit of 1 byte removes c too. */
	assert_int_equal(image_gc(dir, &c, 1, 1 << 20, NULL, NULL), 1);
	assert_int_equal(access(a, F_OK), -1);
	assert_int_equal(access(c, F_OK), 0);
	assert_int_equal(image_gc(dir, &c, 1, 1, NULL, NULL), 1);
	assert_int_equal(access(c, F_OK), -1);
	rmdir(dir);
	free(a);
	free(b);
	free(c);
	free(png);
	free(small);
}

/* The display's way in: a file is probed and decoded as its own type,
 * scaled to the side asked for, and refused with its path named. */
static void the_display_loads_files_through_the_same_checks(void **state)
{
	(void)state;
	char dir[] = "/tmp/khabar-images-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[64];
	char *err = NULL;
	/* A local GIF (64 x 48): decoded by gif.c, not SDL_image. */
	SDL_Surface *s = image_load("tests/data/gif/transparent.gif", 1920, &err);
	assert_non_null(s);
	assert_int_equal(s->w, 64);
	assert_int_equal(s->h, 48);
	SDL_FreeSurface(s);
	/* A large PNG comes back no larger than asked. */
	size_t len;
	char *png = png_bytes(3000, 200, &len);
	snprintf(path, sizeof path, "%s/big.png", dir);
	assert_int_equal(file_write(path, png, len), 0);
	s = image_load(path, 600, &err);
	assert_non_null(s);
	assert_int_equal(s->w, 600);
	assert_int_equal(s->h, 40);
	SDL_FreeSurface(s);
	unlink(path);
	free(png);
	/* A JPEG signature with SVG inside: the JPEG decoder's no, with the
	 * file named. */
	const char svg[] = "\xff\xd8\xff\xc0\x01\x11\x08\x01\x01\x01\x01\x03"
			   "<svg xmlns='http://www.w3.org/2000/svg' width='9' height='9'>"
			   "<rect width='9' height='9'/></svg>";
	snprintf(path, sizeof path, "%s/svg.jpg", dir);
	assert_int_equal(file_write(path, svg, sizeof svg - 1), 0);
	assert_null(image_load(path, 1920, &err));
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, "cannot decode the JPG image"));
	free(err);
	unlink(path);
	/* A header claiming 20000 x 20000: refused unread. */
	snprintf(path, sizeof path, "%s/huge.png", dir);
	assert_int_equal(file_write(path, png_20000, sizeof png_20000), 0);
	err = NULL;
	assert_null(image_load(path, 1920, &err));
	assert_non_null(strstr(err, "refused"));
	free(err);
	unlink(path);
	/* A missing file. */
	err = NULL;
	assert_null(image_load("/nonexistent/khabar.png", 1920, &err));
	assert_non_null(strstr(err, "/nonexistent/khabar.png"));
	free(err);
	rmdir(dir);
}

static void a_portrait_photo_is_cropped_toward_its_top_third_and_never_blown_up(void **state)
{
	(void)state;
	SDL_Rect src, dst, box = {10, 20, 600, 400};
	/* Landscape into a wider box: the whole width, the middle rows. */
	display_fit(1200, 1200, box, &src, &dst);
	assert_int_equal(dst.w, 600);
	assert_int_equal(src.w, 1200);
	assert_int_equal(src.y, (1200 - src.h) / 2);
	/* Portrait: the window's middle at a third of the height (the head),
	 * not at half (the chest). */
	display_fit(800, 1600, box, &src, &dst);
	assert_int_equal(src.w, 800);
	assert_int_equal(src.h, 533);
	assert_int_equal(src.y + src.h / 2, 1600 / 3);
	/* A tall one whose top third is near the top: the crop starts at 0. */
	display_fit(400, 500, (SDL_Rect){0, 0, 400, 400}, &src, &dst);
	assert_int_equal(src.h, 400);
	assert_int_equal(src.y, 0);
	/* A 140 px thumbnail for a 600 px box: 1.5 times (210 px), centred,
	 * never six times. */
	display_fit(140, 93, box, &src, &dst);
	assert_int_equal(dst.w, 210);
	assert_true(dst.h <= 140 && dst.h >= 139);
	assert_int_equal(dst.x, 10 + (600 - 210) / 2);
	assert_int_equal(src.w, 140);
	/* Filling needs at most 1.5 times: the whole box. */
	display_fit(400, 300, box, &src, &dst);
	assert_int_equal(dst.w, 600);
	assert_int_equal(dst.h, 400);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(headers_give_type_and_size_before_decoding),
	    cmocka_unit_test(a_20000_square_header_and_html_are_refused),
	    cmocka_unit_test(a_gif_is_stored_as_a_png_of_its_first_frame),
	    cmocka_unit_test(stored_images_are_scaled_and_stored_once),
	    cmocka_unit_test(the_display_loads_files_through_the_same_checks),
	    cmocka_unit_test(a_portrait_photo_is_cropped_toward_its_top_third_and_never_blown_up),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
