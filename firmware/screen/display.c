/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * display — card operations to SDL surfaces, the ticker strip, rotation.
 * See display.h.
 */
#include "screen/display.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "media/image.h"
#include "screen/render.h"
#include "base/util.h"

/* Blend fit (ARGB8888, box's size) over dst at box by fit's alpha,
 * keeping dst's own alpha: SDL's blend would leave an opaque card slightly
 * transparent (253) where an image's edge is half transparent. */
static void lay_over(SDL_Surface *dst, SDL_Surface *fit, SDL_Rect box)
{
	SDL_Rect r;
	if (dst->format->format != SDL_PIXELFORMAT_ARGB8888) {
		SDL_SetSurfaceBlendMode(fit, SDL_BLENDMODE_BLEND);
		SDL_BlitSurface(fit, NULL, dst, &box);
		return;
	}
	if (!SDL_IntersectRect(&box, &dst->clip_rect, &r))
		return;
	for (int y = r.y; y < r.y + r.h; y++) {
		const uint32_t *s = (const uint32_t *)((const char *)fit->pixels +
						       (size_t)(y - box.y) * (size_t)fit->pitch) +
				    (r.x - box.x);
		uint32_t *d =
		    (uint32_t *)((char *)dst->pixels + (size_t)y * (size_t)dst->pitch) + r.x;
		for (int x = 0; x < r.w; x++) {
			uint32_t a = s[x] >> 24, p = s[x], q = d[x], out = q & 0xff000000u;
			if (a == 255) {
				d[x] = out | (p & 0xffffffu);
				continue;
			}
			for (int sh = 0; sh < 24; sh += 8) {
				uint32_t c =
				    ((p >> sh & 0xff) * a + (q >> sh & 0xff) * (255 - a) + 127) /
				    255;
				out |= c << sh;
			}
			d[x] = out;
		}
	}
}

/* An image scaled to cover the box, cropped around its centre, blended
 * over what is already drawn there. */
/* A picture is never scaled up more than this: a thumbnail blown up six
 * times is a blur. */
#define MAX_UPSCALE 1.5

void display_fit(int iw, int ih, SDL_Rect box, SDL_Rect *src, SDL_Rect *dst)
{
	*dst = box;
	*src = (SDL_Rect){0, 0, iw, ih};
	if (iw <= 0 || ih <= 0 || box.w <= 0 || box.h <= 0)
		return;
	double s = MAX((double)box.w / iw, (double)box.h / ih);
	if (s > MAX_UPSCALE) {
		/* Too small to fill the box: 1.5 times, as much as the box
		 * holds, in its middle. */
		s = MAX_UPSCALE;
		dst->w = MIN(box.w, (int)lround(iw * s));
		dst->h = MIN(box.h, (int)lround(ih * s));
		dst->x = box.x + (box.w - dst->w) / 2;
		dst->y = box.y + (box.h - dst->h) / 2;
	}
	src->w = MIN(iw, MAX(1, (int)lround(dst->w / s)));
	src->h = MIN(ih, MAX(1, (int)lround(dst->h / s)));
	src->x = (iw - src->w) / 2;
	/* A portrait-shaped picture (a person, mostly) keeps its top third in
	 * the middle of what is shown, not its centre: the head, not the
	 * chest. */
	int centre = ih > iw ? ih / 3 : ih / 2;
	src->y = MAX(0, MIN(ih - src->h, centre - src->h / 2));
}

static void draw_image(SDL_Surface *dst, const char *path, SDL_Rect box)
{
	char *err = NULL;
	/* Decoded no larger than twice the box: a big local photo is scaled
	 * once here, not kept at full size. */
	SDL_Surface *img = image_load(path, 2 * MAX(box.w, box.h), &err);
	if (!img) {
		log_warn("image %s", err);
		free(err);
		return;
	}
	SDL_Surface *conv = SDL_ConvertSurfaceFormat(img, SDL_PIXELFORMAT_ARGB8888, 0);
	SDL_FreeSurface(img);
	if (!conv || box.w <= 0 || box.h <= 0) {
		SDL_FreeSurface(conv);
		return;
	}
	SDL_Rect src, to;
	display_fit(conv->w, conv->h, box, &src, &to);
	/* Scaled as it is, then laid over the card: a transparent part (a
	 * GIF's transparent index, a PNG's alpha) shows the card's background,
	 * not a hole in the card. */
	SDL_Surface *fit =
	    SDL_CreateRGBSurfaceWithFormat(0, to.w, to.h, 32, SDL_PIXELFORMAT_ARGB8888);
	if (fit) {
		SDL_SetSurfaceBlendMode(conv, SDL_BLENDMODE_NONE);
		SDL_BlitScaled(conv, &src, fit, NULL);
		lay_over(dst, fit, to);
		SDL_FreeSurface(fit);
	}
	SDL_FreeSurface(conv);
}

int display_image_size(const char *path, int *w, int *h, char **err)
{
	SDL_Surface *img = image_load(path, INT_MAX, err);
	if (!img)
		return -1;
	*w = img->w;
	*h = img->h;
	SDL_FreeSurface(img);
	return 0;
}

void display_draw_card(SDL_Surface *dst, const struct card *c, int x, int y)
{
	render_fill(dst, x, y, c->w, c->h, c->background);
	for (size_t i = 0; i < c->nops; i++) {
		const struct card_op *op = &c->ops[i];
		switch (op->kind) {
		case CARD_OP_RECT:
			render_fill(dst, x + (int)lroundf(op->x), y + (int)lroundf(op->y),
				    (int)lroundf(op->w), (int)lroundf(op->h), op->argb);
			break;
		case CARD_OP_TEXT: {
			if (!op->text || op->first_line >= op->text->nlines || !op->nlines)
				break;
			/* A view of the chosen lines, so a page draws only its own. */
			struct text_layout view = *op->text;
			view.lines = op->text->lines + op->first_line;
			view.nlines = MIN(op->nlines, op->text->nlines - op->first_line);
			float top = view.lines[0].y;
			render_layout(dst, &view, (float)x + op->x, (float)y + op->y - top,
				      op->argb);
			break;
		}
		case CARD_OP_IMAGE: {
			SDL_Rect box = {x + (int)lroundf(op->x), y + (int)lroundf(op->y),
					(int)lroundf(op->w), (int)lroundf(op->h)};
			draw_image(dst, op->image, box);
			break;
		}
		}
	}
}

SDL_Surface *display_card_surface(const struct card *c, char **err)
{
	SDL_Surface *s = render_surface_new(c->w, c->h, c->background, err);
	if (s)
		display_draw_card(s, c, 0, 0);
	return s;
}

SDL_Rect display_rotate_into(SDL_Surface *src, SDL_Rect r, SDL_Surface *dst, int dx, int dy,
			     int deg)
{
	int q = ((deg / 90) % 4 + 4) % 4, sw = src->w, sh = src->h;
	SDL_Rect all = {0, 0, sw, sh}, out;
	if (!SDL_IntersectRect(&r, &all, &r))
		return (SDL_Rect){0, 0, 0, 0};
	/* Where r lands: the image of its corners. */
	switch (q) {
	case 1: /* clockwise */ out = (SDL_Rect){sh - r.y - r.h, r.x, r.h, r.w}; break;
	case 2: out = (SDL_Rect){sw - r.x - r.w, sh - r.y - r.h, r.w, r.h}; break;
	case 3: out = (SDL_Rect){r.y, sw - r.x - r.w, r.h, r.w}; break;
	default: out = r;
	}
	out.x += dx;
	out.y += dy;
	SDL_Rect dall = {0, 0, dst->w, dst->h}, clipped;
	if (!SDL_IntersectRect(&out, &dall, &clipped) || clipped.w != out.w || clipped.h != out.h)
		return (SDL_Rect){0, 0, 0, 0}; /* a turned screen always fits its window */
	/* The destination index is affine in (x, y): an origin and a step
	 * for each, in pixels (32-bit pixels: the pitch divides by 4). */
	ptrdiff_t p = dst->pitch / 4, sx, sy, o;
	switch (q) {
	case 1: /* (x, y) -> (sh - 1 - y, x) */
		sx = p, sy = -1, o = (ptrdiff_t)dy * p + dx + sh - 1;
		break;
	case 2: /* (x, y) -> (sw - 1 - x, sh - 1 - y) */
		sx = -1, sy = -p, o = (ptrdiff_t)(dy + sh - 1) * p + dx + sw - 1;
		break;
	case 3: /* (x, y) -> (y, sw - 1 - x) */
		sx = -p, sy = 1, o = (ptrdiff_t)(dy + sw - 1) * p + dx;
		break;
	default: sx = 1, sy = p, o = (ptrdiff_t)dy * p + dx;
	}
	SDL_LockSurface(src);
	SDL_LockSurface(dst);
	uint32_t *d = dst->pixels;
	for (int y = r.y; y < r.y + r.h; y++) {
		const uint32_t *row =
		    (const uint32_t *)((const char *)src->pixels + (size_t)y * src->pitch);
		uint32_t *to = d + o + y * sy + r.x * sx;
		for (int x = r.x; x < r.x + r.w; x++, to += sx)
			*to = row[x];
	}
	SDL_UnlockSurface(dst);
	SDL_UnlockSurface(src);
	return out;
}

SDL_Surface *display_rotate(SDL_Surface *s, int deg, char **err)
{
	int quarter = ((deg / 90) % 4 + 4) % 4;
	int w = quarter % 2 ? s->h : s->w, h = quarter % 2 ? s->w : s->h;
	SDL_Surface *out = render_surface_new(w, h, 0xff000000, err);
	if (!out)
		return NULL;
	display_rotate_into(s, (SDL_Rect){0, 0, s->w, s->h}, out, 0, 0, deg);
	return out;
}
