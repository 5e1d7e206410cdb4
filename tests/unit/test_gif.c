/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests for gif: the first frame of a GIF on its canvas. Tiny GIFs are
 * written here as bytes or built by a small encoder (literal codes, so the
 * pixels are known); the files in tests/data/gif/ were made once with
 * ImageMagick and are also decoded by SDL_image as an oracle (it is right
 * on benign files).
 */
#include "testutil.h"

#include <SDL.h>
#include <SDL_image.h>

#include "media/gif.h"

#define LIMIT 50000000LL

static uint32_t px(SDL_Surface *s, int x, int y)
{
	return ((uint32_t *)s->pixels)[(size_t)y * (size_t)s->pitch / 4 + (size_t)x];
}

/* LSB-first codes of the given sizes, split into sub-blocks and ended by
 * a 0 block. */
struct out {
	unsigned char b[1 << 16];
	size_t n;
};

static void out_put(struct out *o, const void *p, size_t n)
{
	assert_true(o->n + n <= sizeof o->b);
	memcpy(o->b + o->n, p, n);
	o->n += n;
}

static void out_byte(struct out *o, unsigned v)
{
	unsigned char c = (unsigned char)v;
	out_put(o, &c, 1);
}

static void out_le16(struct out *o, unsigned v)
{
	out_byte(o, v & 0xff);
	out_byte(o, v >> 8);
}

struct codes {
	unsigned char bytes[1 << 15];
	size_t n;
	uint32_t acc;
	int nbits;
};

static void code_put(struct codes *c, unsigned code, int size)
{
	c->acc |= (uint32_t)code << c->nbits;
	c->nbits += size;
	while (c->nbits >= 8) {
		assert_true(c->n < sizeof c->bytes);
		c->bytes[c->n++] = (unsigned char)(c->acc & 0xff);
		c->acc >>= 8;
		c->nbits -= 8;
	}
}

static void codes_flush(struct codes *c, struct out *o)
{
	if (c->nbits > 0)
		c->bytes[c->n++] = (unsigned char)(c->acc & 0xff);
	for (size_t i = 0; i < c->n; i += 255) {
		size_t k = c->n - i < 255 ? c->n - i : 255;
		out_byte(o, (unsigned)k);
		out_put(o, c->bytes + i, k);
	}
	out_byte(o, 0);
}

/* Indices as literal codes of min + 1 bits, a clear code before every
 * second one so the code size never grows, then the end code. */
static void codes_literal(struct codes *c, int min, const unsigned char *idx, size_t n)
{
	unsigned clear = 1u << min;
	for (size_t i = 0; i < n; i++) {
		if (i % 2 == 0)
			code_put(c, clear, min + 1);
		code_put(c, idx[i], min + 1);
	}
	code_put(c, clear + 1, min + 1);
}

/* What a test GIF holds. */
struct spec {
	int sw, sh;
	const unsigned char *gct; /* 2^k RGB entries */
	int gct_bits;		  /* k - 1, -1 for none */
	int transparent;	  /* -1 for no Graphic Control Extension */
	int left, top, w, h, interlaced;
	const unsigned char *lct;
	int lct_bits;
	int extras; /* an application, a comment and a plain text extension first */
};

static void gif_head(struct out *o, const struct spec *s)
{
	out_put(o, "GIF89a", 6);
	out_le16(o, (unsigned)s->sw);
	out_le16(o, (unsigned)s->sh);
	out_byte(o, s->gct_bits >= 0 ? 0x80u | (unsigned)s->gct_bits : 0);
	out_byte(o, 0);
	out_byte(o, 0);
	if (s->gct_bits >= 0)
		out_put(o, s->gct, 3u << (s->gct_bits + 1));
	if (s->extras) {
		out_put(o, "\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00", 19);
		out_put(o,
			"\x21\xfe\x05hello\x03"
			"abc\x00",
			13);
		out_put(o, "\x21\x01\x0c\x00\x00\x00\x00\x08\x00\x08\x00\x08\x08\x01\x00\x02hi\x00",
			19);
	}
	if (s->transparent >= 0) {
		out_put(o, "\x21\xf9\x04\x01\x0a\x00", 6);
		out_byte(o, (unsigned)s->transparent);
		out_byte(o, 0);
	}
	out_byte(o, 0x2c);
	out_le16(o, (unsigned)s->left);
	out_le16(o, (unsigned)s->top);
	out_le16(o, (unsigned)s->w);
	out_le16(o, (unsigned)s->h);
	unsigned flags = s->interlaced ? 0x40 : 0;
	if (s->lct)
		flags |= 0x80u | (unsigned)s->lct_bits;
	out_byte(o, flags);
	if (s->lct)
		out_put(o, s->lct, 3u << (s->lct_bits + 1));
}

/* A whole GIF of spec s whose frame holds idx (stream order), literal
 * codes with minimum code size min. */
/* A GIF up to its image data with a minimum code size of 2, codes to
 * follow by hand with code_put(). */
static void codes_start(struct out *o, struct codes *c, const struct spec *s)
{
	memset(c, 0, sizeof *c);
	o->n = 0;
	gif_head(o, s);
	out_byte(o, 2);
}

static void gif_build(struct out *o, const struct spec *s, int min, const unsigned char *idx,
		      size_t n)
{
	static struct codes c;
	memset(&c, 0, sizeof c);
	o->n = 0;
	gif_head(o, s);
	out_byte(o, (unsigned)min);
	codes_literal(&c, min, idx, n);
	codes_flush(&c, o);
	out_byte(o, 0x3b);
}

static const unsigned char four[] = {0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255};

static SDL_Surface *decode_ok(const void *p, size_t n)
{
	char *err = NULL;
	SDL_Surface *s = gif_decode(p, n, LIMIT, &err);
	if (!s)
		fail_msg("%s", err);
	return s;
}

static char *decode_err(const void *p, size_t n)
{
	char *err = NULL;
	SDL_Surface *s = gif_decode(p, n, LIMIT, &err);
	assert_null(s);
	assert_non_null(err);
	return err;
}

static void a_one_colour_1x1_gif_is_that_colour(void **state)
{
	(void)state;
	/* 1 x 1, a 2-entry global table (orange, black), codes clear, 0, end. */
	const unsigned char gif[] = {'G', 'I',	'F',  '8',  '7', 'a', 1, 0,    1,    0, 0x80, 0,
				     0,	  0xf0, 0x80, 0x10, 0,	 0,   0, 0x2c, 0,    0, 0,    0,
				     1,	  0,	1,    0,    0,	 2,   2, 0x44, 0x01, 0, 0x3b};
	SDL_Surface *s = decode_ok(gif, sizeof gif);
	assert_int_equal(s->w, 1);
	assert_int_equal(s->h, 1);
	assert_int_equal(s->format->format, SDL_PIXELFORMAT_ARGB8888);
	assert_int_equal(px(s, 0, 0), 0xfff08010u);
	SDL_FreeSurface(s);
	int w, h;
	char *err = NULL;
	assert_int_equal(gif_probe(gif, sizeof gif, &w, &h, &err), 0);
	assert_int_equal(w, 1);
	assert_int_equal(h, 1);
}

static void repeated_pixels_use_the_kwkwk_code(void **state)
{
	(void)state;
	/* Six pixels of index 1: clear, 1, then 6 (= "1 1", the code being
	 * defined), 7 (= "1 1 1"), which grows the code to 4 bits, then end. */
	struct spec sp = {
	    .sw = 6, .sh = 1, .gct = four, .gct_bits = 1, .transparent = -1, .w = 6, .h = 1};
	static struct out o;
	static struct codes c;
	codes_start(&o, &c, &sp);
	code_put(&c, 4, 3);
	code_put(&c, 1, 3);
	code_put(&c, 6, 3);
	code_put(&c, 7, 3);
	code_put(&c, 5, 4);
	codes_flush(&c, &o);
	out_byte(&o, 0x3b);
	SDL_Surface *s = decode_ok(o.b, o.n);
	for (int x = 0; x < 6; x++)
		assert_int_equal(px(s, x, 0), 0xffff0000u);
	SDL_FreeSurface(s);
}

/* 5000 pixels as literal codes without a clear after the first: the
 * table fills at 4096 entries and the codes stay 12 bits. */
static void a_full_table_stops_growing_and_decoding_goes_on(void **state)
{
	(void)state;
	enum { W = 100, H = 50, N = W * H };
	static unsigned char idx[N];
	for (int i = 0; i < N; i++)
		idx[i] = (unsigned char)((i * 7 + i / 13) % 4);
	struct spec sp = {
	    .sw = W, .sh = H, .gct = four, .gct_bits = 1, .transparent = -1, .w = W, .h = H};
	static struct out o;
	static struct codes c;
	codes_start(&o, &c, &sp);
	int size = 3;
	unsigned next = 6;
	code_put(&c, 4, size);
	for (int i = 0; i < N; i++) {
		code_put(&c, idx[i], size);
		if (i > 0 && next < 4096 && ++next == 1u << size && size < 12)
			size++;
	}
	assert_int_equal(size, 12);
	code_put(&c, 5, size);
	codes_flush(&c, &o);
	out_byte(&o, 0x3b);
	SDL_Surface *s = decode_ok(o.b, o.n);
	for (int i = 0; i < N; i++) {
		const unsigned char *rgb = four + 3 * idx[i];
		uint32_t want =
		    0xff000000u | (uint32_t)rgb[0] << 16 | (uint32_t)rgb[1] << 8 | rgb[2];
		assert_int_equal(px(s, i % W, i / W), want);
	}
	SDL_FreeSurface(s);
}

static void an_interlaced_frame_puts_each_row_in_its_place(void **state)
{
	(void)state;
	/* 2 x 11, row r coloured r: the stream holds rows 0 8 | 4 | 2 6 10 |
	 * 1 3 5 7 9. */
	static unsigned char pal[16 * 3];
	for (int i = 0; i < 16; i++) {
		pal[3 * i] = (unsigned char)(i * 16);
		pal[3 * i + 1] = (unsigned char)(255 - i * 16);
		pal[3 * i + 2] = 7;
	}
	const int order[] = {0, 8, 4, 2, 6, 10, 1, 3, 5, 7, 9};
	unsigned char idx[22];
	for (int i = 0; i < 11; i++)
		idx[2 * i] = idx[2 * i + 1] = (unsigned char)order[i];
	struct spec sp = {.sw = 2,
			  .sh = 11,
			  .gct = pal,
			  .gct_bits = 3,
			  .transparent = -1,
			  .w = 2,
			  .h = 11,
			  .interlaced = 1};
	static struct out o;
	gif_build(&o, &sp, 4, idx, sizeof idx);
	SDL_Surface *s = decode_ok(o.b, o.n);
	for (int y = 0; y < 11; y++)
		for (int x = 0; x < 2; x++)
			assert_int_equal(px(s, x, y), 0xff000007u | (uint32_t)(y * 16) << 16 |
							  (uint32_t)(255 - y * 16) << 8);
	SDL_FreeSurface(s);
}

static void the_transparent_index_gives_alpha_zero(void **state)
{
	(void)state;
	const unsigned char idx[] = {0, 1, 2, 3};
	struct spec sp = {.sw = 2,
			  .sh = 2,
			  .gct = four,
			  .gct_bits = 1,
			  .transparent = 2,
			  .w = 2,
			  .h = 2,
			  .extras = 1};
	static struct out o;
	gif_build(&o, &sp, 2, idx, sizeof idx);
	SDL_Surface *s = decode_ok(o.b, o.n);
	assert_int_equal(px(s, 0, 0), 0xff000000u);
	assert_int_equal(px(s, 1, 0), 0xffff0000u);
	assert_int_equal(px(s, 0, 1) >> 24, 0);
	assert_int_equal(px(s, 1, 1), 0xff0000ffu);
	SDL_FreeSurface(s);
}

static void a_local_colour_table_wins_over_the_global_one(void **state)
{
	(void)state;
	const unsigned char local[] = {10, 20, 30, 40, 50, 60};
	const unsigned char idx[] = {1, 0, 3};
	struct spec sp = {.sw = 3,
			  .sh = 1,
			  .gct = four,
			  .gct_bits = 1,
			  .transparent = -1,
			  .w = 3,
			  .h = 1,
			  .lct = local,
			  .lct_bits = 0};
	static struct out o;
	gif_build(&o, &sp, 2, idx, sizeof idx);
	SDL_Surface *s = decode_ok(o.b, o.n);
	assert_int_equal(px(s, 0, 0), 0xff28323cu);
	assert_int_equal(px(s, 1, 0), 0xff0a141eu);
	assert_int_equal(px(s, 2, 0), 0xff000000u); /* past the 2-entry table: black */
	SDL_FreeSurface(s);
	/* No table at all is an error. */
	sp.lct = NULL;
	sp.gct_bits = -1;
	gif_build(&o, &sp, 2, idx, sizeof idx);
	char *err = decode_err(o.b, o.n);
	assert_non_null(strstr(err, "without a colour table"));
	free(err);
}

static void the_frame_sits_at_its_offset_on_the_logical_screen(void **state)
{
	(void)state;
	const unsigned char idx[] = {1, 2, 3, 1, 2, 3};
	struct spec sp = {.sw = 6,
			  .sh = 5,
			  .gct = four,
			  .gct_bits = 1,
			  .transparent = -1,
			  .left = 2,
			  .top = 3,
			  .w = 3,
			  .h = 2};
	static struct out o;
	gif_build(&o, &sp, 2, idx, sizeof idx);
	SDL_Surface *s = decode_ok(o.b, o.n);
	assert_int_equal(s->w, 6);
	assert_int_equal(s->h, 5);
	for (int y = 0; y < 5; y++)
		for (int x = 0; x < 6; x++) {
			int in = x >= 2 && x < 5 && y >= 3;
			if (!in)
				assert_int_equal(px(s, x, y), 0); /* transparent around it */
		}
	assert_int_equal(px(s, 2, 3), 0xffff0000u);
	assert_int_equal(px(s, 4, 4), 0xff0000ffu);
	SDL_FreeSurface(s);
	/* A frame reaching past a smaller screen grows the canvas. */
	sp.sw = sp.sh = 1;
	gif_build(&o, &sp, 2, idx, sizeof idx);
	s = decode_ok(o.b, o.n);
	assert_int_equal(s->w, 5);
	assert_int_equal(s->h, 5);
	assert_int_equal(px(s, 4, 4), 0xff0000ffu);
	SDL_FreeSurface(s);
	int w, h;
	char *err = NULL;
	assert_int_equal(gif_probe(o.b, o.n, &w, &h, &err), 0);
	assert_int_equal(w, 5);
	assert_int_equal(h, 5);
	/* ImageMagick's: a 30 x 20 frame at +25+15 on an 80 x 60 screen. */
	size_t n;
	char *file = test_read("tests/data/gif/offset.gif", &n);
	s = decode_ok(file, n);
	assert_int_equal(s->w, 80);
	assert_int_equal(s->h, 60);
	assert_int_equal(px(s, 24, 14), 0);
	assert_int_equal(px(s, 25, 15), 0xff208040u);
	assert_int_equal(px(s, 54, 34), 0xff208040u);
	assert_int_equal(px(s, 55, 35), 0);
	SDL_FreeSurface(s);
	free(file);
}

static void only_the_first_frame_of_an_animation_is_decoded(void **state)
{
	(void)state;
	size_t n;
	char *file = test_read("tests/data/gif/anim.gif", &n);
	SDL_Surface *s = decode_ok(file, n);
	assert_int_equal(s->w, 40);
	assert_int_equal(s->h, 30);
	for (int y = 0; y < 30; y++)
		for (int x = 0; x < 40; x++)
			assert_int_equal(px(s, x, y), 0xff2060c0u);
	SDL_FreeSurface(s);
	free(file);
}

static void a_stream_cut_off_is_refused_at_every_length(void **state)
{
	(void)state;
	size_t n;
	char *file = test_read("tests/data/gif/photo.gif", &n);
	char *err = decode_err(file, n / 2);
	assert_non_null(strstr(err, "cut off"));
	free(err);
	/* Every shorter prefix fails cleanly; only the whole file (without
	 * its trailer, which is not needed) decodes. */
	for (size_t k = 0; k + 8 < n; k += (k < 2000 ? 1 : 97)) {
		char *cut = xmalloc(k ? k : 1);
		memcpy(cut, file, k);
		err = decode_err(cut, k);
		free(err);
		free(cut);
	}
	SDL_FreeSurface(decode_ok(file, n - 1));
	free(file);
	/* An end code before the last pixel. */
	const unsigned char idx[] = {1, 2, 3, 1};
	struct spec sp = {
	    .sw = 4, .sh = 2, .gct = four, .gct_bits = 1, .transparent = -1, .w = 4, .h = 2};
	static struct out o;
	gif_build(&o, &sp, 2, idx, sizeof idx);
	err = decode_err(o.b, o.n);
	assert_non_null(strstr(err, "ends after 4 of 8 pixels"));
	free(err);
}

static void a_code_not_yet_in_the_table_is_refused(void **state)
{
	(void)state;
	struct spec sp = {
	    .sw = 4, .sh = 1, .gct = four, .gct_bits = 1, .transparent = -1, .w = 4, .h = 1};
	static struct out o;
	static struct codes c;
	codes_start(&o, &c, &sp);
	code_put(&c, 4, 3);
	code_put(&c, 1, 3);
	code_put(&c, 7, 3); /* only 6 could come next */
	codes_flush(&c, &o);
	out_byte(&o, 0x3b);
	char *err = decode_err(o.b, o.n);
	assert_non_null(strstr(err, "bad LZW code 7 at pixel 1"));
	free(err);
	/* The code being defined straight after a clear has no prefix. */
	codes_start(&o, &c, &sp);
	code_put(&c, 4, 3);
	code_put(&c, 6, 3);
	codes_flush(&c, &o);
	err = decode_err(o.b, o.n);
	assert_non_null(strstr(err, "bad LZW code 6 at pixel 0"));
	free(err);
	/* A minimum code size no GIF has. */
	o.n = 0;
	gif_head(&o, &sp);
	out_byte(&o, 12);
	out_put(&o, "\x01\x00\x00\x3b", 4);
	err = decode_err(o.b, o.n);
	assert_non_null(strstr(err, "minimum code size of 12"));
	free(err);
}

static void zero_size_frames_and_frameless_files_are_refused(void **state)
{
	(void)state;
	const unsigned char idx[] = {1};
	struct spec sp = {
	    .sw = 4, .sh = 4, .gct = four, .gct_bits = 1, .transparent = -1, .w = 0, .h = 4};
	static struct out o;
	gif_build(&o, &sp, 2, idx, sizeof idx);
	char *err = decode_err(o.b, o.n);
	assert_non_null(strstr(err, "first frame is 0 x 4 pixels"));
	free(err);
	int w, h;
	err = NULL;
	assert_int_equal(gif_probe(o.b, o.n, &w, &h, &err), -1);
	free(err);
	const unsigned char none[] = {'G', 'I', 'F', '8', '9', 'a', 4, 0, 4, 0, 0, 0, 0, 0x3b};
	err = decode_err(none, sizeof none);
	assert_non_null(strstr(err, "without any frame"));
	free(err);
	const unsigned char odd[] = {'G', 'I', 'F', '8', '9', 'a', 4, 0, 4, 0, 0, 0, 0, 0x99};
	err = decode_err(odd, sizeof odd);
	assert_non_null(strstr(err, "unknown block 0x99 at byte 13"));
	free(err);
	const unsigned char cut_ext[] = {'G', 'I', 'F', '8', '9',  'a',	 4, 0,	4,
					 0,   0,   0,	0,   0x21, 0xfe, 9, 'a'};
	err = decode_err(cut_ext, sizeof cut_ext);
	assert_non_null(strstr(err, "cut off in an extension block (0xfe)"));
	free(err);
}

static void more_than_50_megapixels_is_refused_before_allocating(void **state)
{
	(void)state;
	/* The screen is 10000 x 5001; the frame 1 x 1. */
	const unsigned char idx[] = {1};
	struct spec sp = {
	    .sw = 10000, .sh = 5001, .gct = four, .gct_bits = 1, .transparent = -1, .w = 1, .h = 1};
	static struct out o;
	gif_build(&o, &sp, 2, idx, sizeof idx);
	char *err = decode_err(o.b, o.n);
	assert_string_equal(err, "10000 x 5001 pixels is more than 50 million; refused");
	free(err);
	/* And the frame's own size counts as much as the screen's. */
	sp.sw = sp.sh = 1;
	sp.w = 65535;
	sp.h = 65535;
	gif_build(&o, &sp, 2, idx, sizeof idx);
	err = decode_err(o.b, o.n);
	assert_non_null(strstr(err, "65535 x 65535 pixels is more than 50 million"));
	free(err);
}

/* gif_decode() and SDL_image agree on a benign file: the same colour for
 * every opaque pixel, and the same transparent ones. */
static void check_against_sdl_image(const char *rel)
{
	size_t n;
	char *file = test_read(rel, &n);
	SDL_Surface *mine = decode_ok(file, n);
	SDL_RWops *rw = SDL_RWFromConstMem(file, (int)n);
	SDL_Surface *img = IMG_LoadTyped_RW(rw, 1, "GIF");
	assert_non_null(img);
	SDL_Surface *theirs = SDL_ConvertSurfaceFormat(img, SDL_PIXELFORMAT_ARGB8888, 0);
	SDL_FreeSurface(img);
	assert_non_null(theirs);
	assert_int_equal(mine->w, theirs->w);
	assert_int_equal(mine->h, theirs->h);
	size_t opaque = 0;
	for (int y = 0; y < mine->h; y++)
		for (int x = 0; x < mine->w; x++) {
			uint32_t a = px(mine, x, y), b = px(theirs, x, y);
			if (a >> 24 == 0 || b >> 24 == 0) {
				if ((a >> 24) != (b >> 24))
					fail_msg("%s: pixel %d,%d: %08x, SDL_image %08x", rel, x, y,
						 a, b);
				continue;
			}
			if (a != b)
				fail_msg("%s: pixel %d,%d: %08x, SDL_image %08x", rel, x, y, a, b);
			opaque++;
		}
	assert_true(opaque > 0);
	SDL_FreeSurface(mine);
	SDL_FreeSurface(theirs);
	free(file);
}

static void sdl_image_decodes_the_same_pixels_from_real_files(void **state)
{
	(void)state;
	check_against_sdl_image("tests/data/gif/photo.gif");
	check_against_sdl_image("tests/data/gif/interlaced.gif");
	check_against_sdl_image("tests/data/gif/transparent.gif");
	check_against_sdl_image("tests/data/gif/anim.gif");
	/* The interlaced file is the photo, reordered. */
	size_t n1, n2;
	char *a = test_read("tests/data/gif/photo.gif", &n1);
	char *b = test_read("tests/data/gif/interlaced.gif", &n2);
	SDL_Surface *s1 = decode_ok(a, n1), *s2 = decode_ok(b, n2);
	for (int y = 0; y < s1->h; y++)
		assert_memory_equal((char *)s1->pixels + y * s1->pitch,
				    (char *)s2->pixels + y * s2->pitch, (size_t)s1->w * 4);
	SDL_FreeSurface(s1);
	SDL_FreeSurface(s2);
	free(a);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(a_one_colour_1x1_gif_is_that_colour),
	    cmocka_unit_test(repeated_pixels_use_the_kwkwk_code),
	    cmocka_unit_test(a_full_table_stops_growing_and_decoding_goes_on),
	    cmocka_unit_test(an_interlaced_frame_puts_each_row_in_its_place),
	    cmocka_unit_test(the_transparent_index_gives_alpha_zero),
	    cmocka_unit_test(a_local_colour_table_wins_over_the_global_one),
	    cmocka_unit_test(the_frame_sits_at_its_offset_on_the_logical_screen),
	    cmocka_unit_test(only_the_first_frame_of_an_animation_is_decoded),
	    cmocka_unit_test(a_stream_cut_off_is_refused_at_every_length),
	    cmocka_unit_test(a_code_not_yet_in_the_table_is_refused),
	    cmocka_unit_test(zero_size_frames_and_frameless_files_are_refused),
	    cmocka_unit_test(more_than_50_megapixels_is_refused_before_allocating),
	    cmocka_unit_test(sdl_image_decodes_the_same_pixels_from_real_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
