/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * gif — the first frame of a GIF, decoded by hand: the block walk up to the
 * first image descriptor, then LZW (variable code size up to 12 bits,
 * clear and end codes, the KwKwK case, a table that stops growing at 4096
 * entries) across the image's sub-blocks, de-interlacing as it writes.
 * See gif.h.
 *
 * Must not: read a byte it has not checked is inside the input, write a
 * pixel outside the canvas, recurse, or trust any length or code from the
 * file. SDL_image's own GIF decoder is never used on feed images: version
 * 2.6 frees a wild pointer on some hostile files.
 */
#include "media/gif.h"

#include <SDL.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

#define LZW_CODES 4096 /* 12-bit codes: the table never holds more */

/* What the blocks before the first frame say about it. */
struct frame {
	int screen_w, screen_h;
	int left, top, w, h;
	int interlaced;
	const unsigned char *colours; /* local table, else global; NULL if none */
	int ncolours;
	int transparent; /* palette index, or -1 */
	size_t data;	 /* offset of the LZW minimum code size byte */
};

static unsigned le16(const unsigned char *p)
{
	return (unsigned)p[1] << 8 | p[0];
}

/* Skip the sub-blocks starting at *pos, through their 0 terminator. 0, or
 * -1 when the input ends first. */
static int skip_blocks(const unsigned char *p, size_t len, size_t *pos)
{
	size_t i = *pos;
	for (;;) {
		if (i >= len)
			return -1;
		size_t n = p[i++];
		if (!n)
			break;
		if (n > len - i)
			return -1;
		i += n;
	}
	*pos = i;
	return 0;
}

/* The transparent index of a Graphic Control Extension whose sub-blocks
 * start at pos, or -1 (none, or a short block). */
static int gce_transparent(const unsigned char *p, size_t len, size_t pos)
{
	if (pos >= len || p[pos] < 4 || len - pos < 5)
		return -1;
	return (p[pos + 1] & 1) ? p[pos + 4] : -1;
}

/* Read the image descriptor at *pos (after its 0x2C) into f. 0 or -1. */
static int read_descriptor(const unsigned char *p, size_t len, size_t pos, struct frame *f,
			   char **err)
{
	if (len - pos < 10) {
		*err = xstrdup("a GIF image cut off in its first image descriptor");
		return -1;
	}
	f->left = (int)le16(p + pos + 1);
	f->top = (int)le16(p + pos + 3);
	f->w = (int)le16(p + pos + 5);
	f->h = (int)le16(p + pos + 7);
	unsigned flags = p[pos + 9];
	f->interlaced = (flags & 0x40) != 0;
	pos += 10;
	if (flags & 0x80) {
		size_t n = 3u << ((flags & 7) + 1);
		if (n > len - pos) {
			*err = xstrdup("a GIF image cut off in its local colour table");
			return -1;
		}
		f->colours = p + pos;
		f->ncolours = (int)(n / 3);
		pos += n;
	}
	if (f->w <= 0 || f->h <= 0) {
		*err = xasprintf("a GIF image whose first frame is %d x %d pixels", f->w, f->h);
		return -1;
	}
	f->data = pos;
	return 0;
}

/* Walk the header and the blocks up to the first image descriptor. 0, or
 * -1 with *err. */
static int find_frame(const unsigned char *p, size_t len, struct frame *f, char **err)
{
	memset(f, 0, sizeof *f);
	f->transparent = -1;
	if (len < 13 || (memcmp(p, "GIF87a", 6) && memcmp(p, "GIF89a", 6))) {
		*err = xstrdup("not a GIF image");
		return -1;
	}
	f->screen_w = (int)le16(p + 6);
	f->screen_h = (int)le16(p + 8);
	size_t pos = 13;
	if (p[10] & 0x80) {
		size_t n = 3u << ((p[10] & 7) + 1);
		if (n > len - pos) {
			*err = xstrdup("a GIF image cut off in its global colour table");
			return -1;
		}
		f->colours = p + pos;
		f->ncolours = (int)(n / 3);
		pos += n;
	}
	while (pos < len) {
		if (p[pos] == 0x2C)
			return read_descriptor(p, len, pos, f, err);
		if (p[pos] == 0x3B)
			break;
		if (p[pos] != 0x21) {
			*err = xasprintf("a GIF image with an unknown block 0x%02x at byte %zu",
					 p[pos], pos);
			return -1;
		}
		if (len - pos < 2)
			break;
		/* Extensions: graphic control (the transparent index of the
		 * next frame), application, comment, plain text: all are
		 * sub-blocks after the label. */
		unsigned label = p[pos + 1];
		pos += 2;
		if (label == 0xF9)
			f->transparent = gce_transparent(p, len, pos);
		if (skip_blocks(p, len, &pos)) {
			*err =
			    xasprintf("a GIF image cut off in an extension block (0x%02x)", label);
			return -1;
		}
	}
	*err = xstrdup("a GIF image without any frame");
	return -1;
}

int gif_probe(const void *data, size_t len, int *w, int *h, char **err)
{
	struct frame f;
	if (find_frame(data, len, &f, err))
		return -1;
	*w = MAX(f.screen_w, f.left + f.w);
	*h = MAX(f.screen_h, f.top + f.h);
	return 0;
}

/* LZW codes, least significant bit first, read across sub-blocks. */
struct bits {
	const unsigned char *p;
	size_t len, pos; /* next byte of the input */
	size_t left;	 /* bytes left in the current sub-block */
	uint32_t acc;
	int nbits;
	int end; /* the sub-blocks (or the input) ended */
};

/* The next n-bit code (n <= 12). 0, or -1 when the data has ended. */
static int bits_get(struct bits *b, int n, unsigned *code)
{
	while (b->nbits < n) {
		if (b->end)
			return -1;
		if (!b->left) {
			if (b->pos >= b->len || !b->p[b->pos]) {
				b->end = 1;
				return -1;
			}
			b->left = b->p[b->pos++];
		}
		if (b->pos >= b->len) {
			b->end = 1;
			return -1;
		}
		b->acc |= (uint32_t)b->p[b->pos++] << b->nbits;
		b->nbits += 8;
		b->left--;
	}
	*code = b->acc & ((1u << n) - 1);
	b->acc >>= n;
	b->nbits -= n;
	return 0;
}

/* Where decoded palette indices go: the frame's pixels on the canvas, in
 * interlaced row order when the frame says so. */
struct sink {
	uint32_t *canvas;
	size_t stride; /* in pixels */
	const struct frame *f;
	size_t done, total;
	int x, y, pass;
};

static void sink_put(struct sink *s, unsigned idx)
{
	static const int start[] = {0, 4, 2, 1}, step[] = {8, 8, 4, 2};
	const struct frame *f = s->f;
	if (s->done >= s->total || s->y >= f->h)
		return;
	if ((int)idx != f->transparent) {
		uint32_t argb = 0xff000000u; /* an index past the table: black */
		if ((int)idx < f->ncolours) {
			const unsigned char *c = f->colours + 3 * idx;
			argb |= (uint32_t)c[0] << 16 | (uint32_t)c[1] << 8 | c[2];
		}
		s->canvas[(size_t)(f->top + s->y) * s->stride + (size_t)(f->left + s->x)] = argb;
	}
	s->done++;
	if (++s->x < f->w)
		return;
	s->x = 0;
	if (!f->interlaced) {
		s->y++;
		return;
	}
	s->y += step[s->pass];
	while (s->y >= f->h && s->pass < 3) {
		s->pass++;
		s->y = start[s->pass];
	}
}

/* The LZW table: each code is its prefix code plus one byte. */
struct lzw {
	uint16_t prefix[LZW_CODES];
	uint16_t length[LZW_CODES];
	uint8_t suffix[LZW_CODES];
	uint8_t first[LZW_CODES];
	uint8_t out[LZW_CODES]; /* one code's string, written back to front */
};

/* Put code's string into the sink. */
static void lzw_emit(struct lzw *t, unsigned code, struct sink *s)
{
	unsigned n = t->length[code];
	for (unsigned k = n; k-- > 0;) {
		t->out[k] = t->suffix[code];
		code = t->prefix[code];
	}
	for (unsigned k = 0; k < n; k++)
		sink_put(s, t->out[k]);
}

/* Decode the image data at f->data into s until every pixel is set. 0, or
 * -1 with *err. */
static int lzw_decode(const unsigned char *p, size_t len, const struct frame *f, struct sink *s,
		      char **err)
{
	if (f->data >= len) {
		*err = xstrdup("a GIF image cut off before its first frame's data");
		return -1;
	}
	int min = p[f->data];
	if (min < 1 || min > 8) {
		*err = xasprintf("a GIF image with an LZW minimum code size of %d (1 to 8)", min);
		return -1;
	}
	struct lzw *t = xmalloc(sizeof *t);
	unsigned clear = 1u << min, eoi = clear + 1;
	for (unsigned i = 0; i < clear; i++) {
		t->prefix[i] = 0;
		t->length[i] = 1;
		t->suffix[i] = t->first[i] = (uint8_t)i;
	}
	struct bits b = {.p = p, .len = len, .pos = f->data + 1};
	int size = min + 1, rc = 0;
	unsigned next = clear + 2, code;
	long prev = -1;
	while (s->done < s->total) {
		if (bits_get(&b, size, &code) || code == eoi)
			break;
		if (code == clear) {
			size = min + 1;
			next = clear + 2;
			prev = -1;
			continue;
		}
		if (code > next || (code == next && prev < 0)) {
			*err =
			    xasprintf("a GIF image with a bad LZW code %u at pixel %zu (%u codes "
				      "defined)",
				      code, s->done, next);
			rc = -1;
			break;
		}
		if (prev >= 0 && next < LZW_CODES) {
			/* code == next is the KwKwK case: prev's string and its
			 * own first byte. */
			unsigned pv = (unsigned)prev;
			t->prefix[next] = (uint16_t)pv;
			t->length[next] = (uint16_t)(t->length[pv] + 1);
			t->first[next] = t->first[pv];
			t->suffix[next] = code < next ? t->first[code] : t->first[pv];
			next++;
			if (next == 1u << size && size < 12)
				size++;
		}
		lzw_emit(t, code, s);
		prev = (long)code;
	}
	free(t);
	if (!rc && s->done < s->total) {
		*err = xasprintf("a GIF image cut off: its first frame's data ends after %zu of "
				 "%zu pixels",
				 s->done, s->total);
		rc = -1;
	}
	return rc;
}

struct SDL_Surface *gif_decode(const void *data, size_t len, long long max_pixels, char **err)
{
	struct frame f;
	if (find_frame(data, len, &f, err))
		return NULL;
	int w = MAX(f.screen_w, f.left + f.w), h = MAX(f.screen_h, f.top + f.h);
	if ((long long)w * h > max_pixels) {
		*err = xasprintf("%d x %d pixels is more than %lld million; refused", w, h,
				 max_pixels / 1000000);
		return NULL;
	}
	if (!f.colours) {
		*err = xstrdup("a GIF image without a colour table");
		return NULL;
	}
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
	if (!s) {
		*err = xasprintf("cannot allocate %d x %d pixels: %s", w, h, SDL_GetError());
		return NULL;
	}
	for (int y = 0; y < h; y++)
		memset((char *)s->pixels + (size_t)y * (size_t)s->pitch, 0, (size_t)w * 4);
	struct sink k = {.canvas = s->pixels,
			 .stride = (size_t)s->pitch / 4,
			 .f = &f,
			 .total = (size_t)f.w * (size_t)f.h};
	if (lzw_decode(data, len, &f, &k, err)) {
		SDL_FreeSurface(s);
		return NULL;
	}
	return s;
}
