/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ticker — the headline strip and its position over time. See ticker.h.
 */
#include "screen/ticker.h"

#include <math.h>
#include <stdlib.h>

#include "show/i18n.h"
#include "screen/render.h"
#include "base/util.h"

/* The strip's pixels in pieces of at most TICKER_MAX_PIECE: 0, or -1
 * (logged) when a surface cannot be made. */
static int make_pieces(struct ticker *tk, const struct text_layout *l, uint32_t bg, uint32_t fg)
{
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
	int n = (w + TICKER_MAX_PIECE - 1) / TICKER_MAX_PIECE;
	tk->pieces = xcalloc((size_t)n, sizeof *tk->pieces);
	float y = ((float)tk->h - l->line_height) / 2;
	for (int i = 0; i < n; i++) {
		int pw = MIN(TICKER_MAX_PIECE, w - i * TICKER_MAX_PIECE);
		char *err = NULL;
		SDL_Surface *p = render_surface_new(pw, tk->h, bg, &err);
		if (!p) {
			log_error("ticker: %s", err);
			free(err);
			return -1;
		}
		render_layout(p, l, -left - (float)(i * TICKER_MAX_PIECE), y, fg);
		tk->pieces[tk->npieces++] = p;
	}
	tk->width = w;
	return 0;
}

struct ticker *ticker_new(const struct card_geometry *g, const struct config *cfg,
			  const struct card_fonts *f, const char *text, int area_x, int area_w)
{
	struct ticker *tk = xcalloc(1, sizeof *tk);
	tk->area_x = area_x;
	tk->area_w = area_w;
	tk->leftward = !i18n_rtl();
	tk->h = g->ticker_h;
	tk->speed = cfg->ticker_speed * g->unit;
	struct text_layout *l = card_ticker_layout(g, f, text ? text : "");
	if (make_pieces(tk, l, cfg->theme.ticker, cfg->theme.text)) {
		for (int i = 0; i < tk->npieces; i++)
			SDL_FreeSurface(tk->pieces[i]);
		tk->npieces = 0;
		tk->width = 0;
	}
	text_layout_free(l);
	return tk;
}

void ticker_free(struct ticker *tk)
{
	if (!tk)
		return;
	for (int i = 0; i < tk->npieces; i++)
		SDL_FreeSurface(tk->pieces[i]);
	free(tk->pieces);
	free(tk);
}

int ticker_x(const struct ticker *tk, double t)
{
	if (tk->width <= 0)
		return 0;
	int offset = (int)fmod(t * tk->speed, tk->width);
	if (tk->leftward)
		return -offset; /* the mirror of moving right */
	int x = tk->area_w - tk->width + offset;
	while (x > 0)
		x -= tk->width;
	return x;
}
