/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * jpeg — a JPEG decoded by libjpeg(-turbo) directly, scaled down by 1/2,
 * 1/4 or 1/8 while it is decoded (scale_denom), so a 50-megapixel photo
 * for a 1920-pixel card never sits in memory whole, and with libjpeg's own
 * memory held to a budget (a progressive JPEG keeps every coefficient of
 * the full-size picture: over the budget it is refused, not swapped in).
 *
 * Must not: decode anything but a JPEG; longjmp past its own frame.
 */
#include "media/jpeg.h"

#include <limits.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

#include <jerror.h> /* after jpeglib.h, whose types it names */

#include <SDL.h>

#include "base/util.h"

struct fail {
	struct jpeg_error_mgr mgr;
	jmp_buf jump;
	char why[JMSG_LENGTH_MAX];
};

static void on_error(j_common_ptr ci)
{
	struct fail *f = (struct fail *)ci->err;
	f->mgr.format_message(ci, f->why);
	longjmp(f->jump, 1);
}

static void on_message(j_common_ptr ci)
{
	(void)ci; /* warnings (a corrupt-data notice) are not worth a line */
}

/* The largest of 1, 2, 4 and 8 that keeps the longer side at least
 * max_side (the scaler after this does the rest, smoothly). */
static unsigned denominator(unsigned w, unsigned h, int max_side)
{
	unsigned longer = w > h ? w : h, d = 1;
	while (d < 8 && (longer + 2 * d - 1) / (2 * d) >= (unsigned)max_side)
		d *= 2;
	return d;
}

/* Rows of the decompressor into s (RGB24). */
static void read_rows(struct jpeg_decompress_struct *ci, SDL_Surface *s)
{
	while (ci->output_scanline < ci->output_height) {
		JSAMPROW row = (JSAMPROW)s->pixels + (size_t)ci->output_scanline * (size_t)s->pitch;
		jpeg_read_scanlines(ci, &row, 1);
	}
}

SDL_Surface *jpeg_decode(const void *data, size_t len, int max_side, long long budget, char **err)
{
	struct jpeg_decompress_struct ci;
	struct fail f;
	SDL_Surface *volatile s = NULL;
	memset(&ci, 0, sizeof ci);
	ci.err = jpeg_std_error(&f.mgr);
	f.mgr.error_exit = on_error;
	f.mgr.output_message = on_message;
	if (setjmp(f.jump)) {
		if (f.mgr.msg_code == JERR_NO_BACKING_STORE) /* over max_memory_to_use */
			*err = xasprintf("the JPG image needs more than the budget of %lld MB "
					 "([sync] max_image_pixels) to decode (a progressive "
					 "JPEG is held whole); refused",
					 budget >> 20);
		else
			*err = xasprintf("cannot decode the JPG image: %s", f.why);
		jpeg_destroy_decompress(&ci);
		SDL_FreeSurface(s);
		return NULL;
	}
	jpeg_create_decompress(&ci);
	ci.mem->max_memory_to_use = (long)MIN(budget, (long long)LONG_MAX);
	jpeg_mem_src(&ci, (const unsigned char *)data, (unsigned long)len);
	jpeg_read_header(&ci, TRUE);
	ci.out_color_space = JCS_RGB;
	ci.scale_num = 1;
	ci.scale_denom = denominator(ci.image_width, ci.image_height, max_side);
	jpeg_calc_output_dimensions(&ci);
	if ((long long)ci.output_width * ci.output_height * 4 > budget) {
		*err = xasprintf("%u x %u pixels decoded is over the budget of %lld MB "
				 "([sync] max_image_pixels); refused",
				 ci.output_width, ci.output_height, budget >> 20);
		jpeg_destroy_decompress(&ci);
		return NULL;
	}
	s = SDL_CreateRGBSurfaceWithFormat(0, (int)ci.output_width, (int)ci.output_height, 24,
					   SDL_PIXELFORMAT_RGB24);
	if (!s) {
		*err = xasprintf("cannot decode the JPG image: %s", SDL_GetError());
		jpeg_destroy_decompress(&ci);
		return NULL;
	}
	jpeg_start_decompress(&ci);
	read_rows(&ci, s);
	jpeg_finish_decompress(&ci);
	jpeg_destroy_decompress(&ci);
	return s;
}
