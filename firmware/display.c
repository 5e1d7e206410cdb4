/*
 * display — card operations to SDL surfaces, the ticker strip, rotation.
 * See display.h.
 */
#include "display.h"

#include <SDL_image.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "util.h"

#define TICKER_LABEL "تازه‌ها"

/* An image scaled to cover the box, cropped around its centre. */
static void draw_image(SDL_Surface *dst, const char *path, SDL_Rect box)
{
	SDL_Surface *img = IMG_Load(path);
	if (!img) {
		log_warn("image %s: %s", path, IMG_GetError());
		return;
	}
	SDL_Surface *conv = SDL_ConvertSurfaceFormat(img, SDL_PIXELFORMAT_ARGB8888, 0);
	SDL_FreeSurface(img);
	if (!conv || box.w <= 0 || box.h <= 0) {
		SDL_FreeSurface(conv);
		return;
	}
	double sx = (double)box.w / conv->w, sy = (double)box.h / conv->h;
	double s = sx > sy ? sx : sy;
	SDL_Rect src;
	src.w = (int)lround(box.w / s);
	src.h = (int)lround(box.h / s);
	src.x = (conv->w - src.w) / 2;
	src.y = (conv->h - src.h) / 2;
	SDL_SetSurfaceBlendMode(conv, SDL_BLENDMODE_NONE);
	SDL_BlitScaled(conv, &src, dst, &box);
	SDL_FreeSurface(conv);
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

int display_ticker_pieces(const struct text_layout *l, int h, int max_piece, uint32_t bg,
			  uint32_t fg, SDL_Surface ***pieces, int *width)
{
	*pieces = NULL;
	*width = 0;
	if (!l || !l->nlines || !l->lines[0].nruns)
		return 0;
	const struct text_line *line = &l->lines[0];
	float left = line->runs[0].x, right = left;
	for (size_t i = 0; i < line->nruns; i++) {
		left = MIN(left, line->runs[i].x);
		right = MAX(right, line->runs[i].x + line->runs[i].width);
	}
	int w = (int)ceilf(right - left);
	if (w <= 0)
		return 0;
	int n = (w + max_piece - 1) / max_piece;
	SDL_Surface **p = xcalloc((size_t)n, sizeof *p);
	float y = ((float)h - l->line_height) / 2;
	for (int i = 0; i < n; i++) {
		int pw = MIN(max_piece, w - i * max_piece);
		char *err = NULL;
		p[i] = render_surface_new(pw, h, bg, &err);
		if (!p[i]) {
			log_error("ticker: %s", err);
			free(err);
			for (int j = 0; j < i; j++)
				SDL_FreeSurface(p[j]);
			free(p);
			return 0;
		}
		render_layout(p[i], l, -left - (float)(i * max_piece), y, fg);
	}
	*pieces = p;
	*width = w;
	return n;
}

struct card *display_ticker_frame(const struct card_geometry *g, const struct config *cfg,
				  const struct card_fonts *f, int *strip_w)
{
	/* Built like a card so the headless render and the window agree. */
	struct card *c = xcalloc(1, sizeof *c);
	c->w = g->w;
	c->h = g->ticker_h;
	c->background = cfg->theme.ticker;
	float u = g->unit;
	struct text_style s;
	text_style_init(&s);
	s.fonts = f->bold;
	s.size = 30 * u;
	s.width = (float)g->w / 3;
	s.line_height = 1.5;
	s.max_lines = 1;
	struct text_layout *l = text_layout(TICKER_LABEL, strlen(TICKER_LABEL), &s);
	float lw = 0;
	for (size_t i = 0; i < l->nlines; i++)
		lw = MAX(lw, l->lines[i].width);
	float box = lw + 2 * g->margin * 0.5f + 24 * u;
	c->layouts = xmalloc(sizeof *c->layouts);
	c->layouts[0] = l;
	c->nlayouts = c->layouts_cap = 1;
	c->ops = xcalloc(3, sizeof *c->ops);
	c->cap = 3;
	c->ops[c->nops++] = (struct card_op){.kind = CARD_OP_RECT,
					     .x = (float)g->w - box,
					     .y = 0,
					     .w = box,
					     .h = (float)g->ticker_h,
					     .argb = cfg->theme.accent};
	/* The label sits at the start (right) of its layout box; place the box
	 * so the label is centred on the accent block. */
	c->ops[c->nops++] = (struct card_op){.kind = CARD_OP_TEXT,
					     .x = (float)g->w - box / 2 + lw / 2 - s.width,
					     .y = ((float)g->ticker_h - l->height) / 2,
					     .argb = cfg->theme.background,
					     .text = l,
					     .first_line = 0,
					     .nlines = l->nlines};
	*strip_w = g->w - (int)ceilf(box + 24 * u);
	return c;
}

SDL_Surface *display_rotate(SDL_Surface *s, int deg, char **err)
{
	int quarter = ((deg / 90) % 4 + 4) % 4;
	int w = quarter % 2 ? s->h : s->w, h = quarter % 2 ? s->w : s->h;
	SDL_Surface *out = render_surface_new(w, h, 0xff000000, err);
	if (!out)
		return NULL;
	SDL_LockSurface(s);
	SDL_LockSurface(out);
	for (int y = 0; y < s->h; y++) {
		const uint32_t *row =
		    (const uint32_t *)((const char *)s->pixels + (size_t)y * s->pitch);
		for (int x = 0; x < s->w; x++) {
			int ox, oy;
			switch (quarter) {
			case 1: /* clockwise */
				ox = s->h - 1 - y;
				oy = x;
				break;
			case 2:
				ox = s->w - 1 - x;
				oy = s->h - 1 - y;
				break;
			case 3:
				ox = y;
				oy = s->w - 1 - x;
				break;
			default: ox = x; oy = y;
			}
			((uint32_t *)((char *)out->pixels + (size_t)oy * out->pitch))[ox] = row[x];
		}
	}
	SDL_UnlockSurface(out);
	SDL_UnlockSurface(s);
	return out;
}
