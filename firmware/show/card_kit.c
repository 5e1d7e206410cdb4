/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * card_kit — the type, draw operations and mirror that both card modules
 * use (card.c and card_schedule.c; declared in card.h under "the kit").
 *
 * Must not: draw, read the cache or the wall clock, or know what a card
 * shows.
 */
#include "show/card.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/config.h"
#include "base/util.h"
#include "show/i18n.h"
#include "text/font.h"

/* The smallest text size for the screen being drawn, px; 0: none. One
 * screen a process, like the frame's language. */
static float min_size;

float card_min_size(void)
{
	return min_size;
}

float card_size(float px)
{
	return MAX(px, min_size);
}

int card_sight(const struct config *cfg, const struct card_fonts *f, int w, int h,
	       struct card_sight *s)
{
	memset(s, 0, sizeof *s);
	s->distance_mm = cfg->viewing_distance * 1000.0;
	s->from_edid = cfg->panel_mm > 0;
	s->diagonal_mm = s->from_edid ? cfg->panel_mm : cfg->diagonal * 25.4;
	if (w > 0 && h > 0)
		s->mm_per_px = s->diagonal_mm / sqrt((double)w * w + (double)h * h);
	struct font *r = f && f->regular ? font_chain_get(f->regular, 0) : NULL;
	s->body_em = r ? font_body_em(r) : 0;
	return s->distance_mm > 0 && s->mm_per_px > 0 && s->body_em > 0 ? 0 : -1;
}

double card_arcmin(const struct card_sight *s, double size)
{
	if (!(s->distance_mm > 0))
		return 0;
	double body_mm = size * s->body_em * s->mm_per_px;
	return 2 * atan(body_mm / (2 * s->distance_mm)) * (180 * 60 / M_PI);
}

float card_legibility(const struct config *cfg, const struct card_fonts *f, int w, int h)
{
	struct card_sight s;
	min_size = 0;
	if (card_sight(cfg, f, w, h, &s) != 0)
		return 0;
	double body_mm = 2 * s.distance_mm * tan(CARD_LEGIBLE_ARCMIN / 2 / 60 * M_PI / 180);
	double px = body_mm / s.mm_per_px / s.body_em;
	min_size = (float)MIN(px, MIN(w, h) / 12.0);
	return min_size;
}

struct text_style card_style(const struct card_type *t, const struct card_fonts *f, float u,
			     double width, enum text_dir dir)
{
	struct text_style s;
	text_style_init(&s); /* the engine's defaults for anything not set here */
	s.fonts = t->weight == CARD_BOLD     ? f->bold
		  : t->weight == CARD_MEDIUM ? f->medium
					     : f->regular;
	s.size = card_size(t->size * u);
	s.width = width;
	s.align = t->align;
	s.dir = dir;
	s.line_height = t->line_height;
	s.max_lines = t->max_lines;
	s.balance = t->balance;
	if (dir == TEXT_DIR_LTR) {
		/* Left to right: digits as written, no kashida. */
		s.norm &= ~(unsigned)TEXT_NORM_DIGITS;
		s.justify = TEXT_JUSTIFY_SPACES;
	}
	return s;
}

struct text_layout *card_keep(struct card *c, struct text_layout *l)
{
	c->layouts = xgrow(c->layouts, &c->layouts_cap, c->nlayouts + 1, sizeof *c->layouts);
	c->layouts[c->nlayouts++] = l;
	return l;
}

struct text_layout *card_lay(struct card *c, const struct card_fonts *f, float u, const char *text,
			     const struct card_type *t, double width, enum text_dir dir)
{
	struct text_style s = card_style(t, f, u, width, dir);
	return card_keep(c, text_layout(text, strlen(text), &s));
}

struct card_op *card_op_add(struct card *c, enum card_op_kind kind)
{
	c->ops = xgrow(c->ops, &c->cap, c->nops + 1, sizeof *c->ops);
	struct card_op *op = &c->ops[c->nops++];
	memset(op, 0, sizeof *op);
	op->kind = kind;
	return op;
}

void card_op_rect(struct card *c, float x, float y, float w, float h, uint32_t argb)
{
	*card_op_add(c, CARD_OP_RECT) =
	    (struct card_op){.kind = CARD_OP_RECT, .x = x, .y = y, .w = w, .h = h, .argb = argb};
}

float card_lines_height(const struct text_layout *l, size_t first, size_t n)
{
	if (!n || first >= l->nlines)
		return 0;
	size_t last = MIN(first + n, l->nlines) - 1;
	return l->lines[last].y - l->lines[first].y + l->line_height;
}

void card_op_lines(struct card *c, const struct text_layout *l, float x, float y, size_t first,
		   size_t n, uint32_t argb)
{
	*card_op_add(c, CARD_OP_TEXT) = (struct card_op){.kind = CARD_OP_TEXT,
							 .x = x,
							 .y = y,
							 .w = l->width,
							 .h = card_lines_height(l, first, n),
							 .argb = argb,
							 .text = l,
							 .first_line = first,
							 .nlines = n};
}

void card_op_text(struct card *c, const struct text_layout *l, float x, float y, uint32_t argb)
{
	card_op_lines(c, l, x, y, 0, l->nlines, argb);
}

float card_widest(const struct text_layout *l)
{
	float w = 0;
	for (size_t i = 0; i < l->nlines; i++)
		w = MAX(w, l->lines[i].width);
	return w;
}

void card_mirror(struct card *c)
{
	for (size_t i = 0; i < c->nops; i++)
		c->ops[i].x = (float)c->w - c->ops[i].x - c->ops[i].w;
}

enum text_dir card_frame_dir(void)
{
	return i18n_rtl() ? TEXT_DIR_RTL : TEXT_DIR_LTR;
}

char *card_fill(const char *fmt, const char *a, const char *b)
{
	struct buf out = {0};
	buf_puts(&out, "");
	const char *args[2] = {a, b};
	int k = 0;
	for (const char *p = fmt; *p; p++) {
		if (p[0] == '%' && p[1] == 's') {
			buf_puts(&out, k < 2 && args[k] ? args[k] : "");
			k++;
			p++;
		} else {
			buf_putc(&out, *p);
		}
	}
	return buf_steal(&out);
}
