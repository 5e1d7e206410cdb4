/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ticker — the scrolling line of headlines as one unit: text -> a
 * one-line layout -> the strip as pixels, in pieces no wider than a
 * texture may be -> where the strip stands at time t. The bar's fixed
 * part (background and label) is a card (card_ticker_bar()).
 *
 * The strip reads in the frame's direction and moves towards the
 * frame's start, so each headline's first word enters first: in a
 * Persian frame it reads right to left and moves right (entering at the
 * left), in an English frame it reads left to right and moves left
 * (entering at the right). The strip repeats seamlessly (its text ends
 * with a separator).
 *
 * Must not: read the clock (the caller passes t), open windows.
 */
#ifndef KHABAR_TICKER_H
#define KHABAR_TICKER_H

#include <SDL.h>

#include "show/card.h"

/* The widest piece: older Pi GPUs allow 2048-pixel textures. */
#define TICKER_MAX_PIECE 2048

struct ticker {
	int area_x, area_w;   /* the strip scrolls in [area_x, area_x + area_w) */
	int leftward;	      /* 1: moves left (an English frame); 0: moves right */
	int h;		      /* the bar's height */
	int width;	      /* the strip's whole width; 0 when there is nothing */
	double speed;	      /* pixels per second */
	SDL_Surface **pieces; /* the strip left to right, piece i at i * TICKER_MAX_PIECE
			       * (NULL once screen_strip_images() took them) */
	int npieces;
};

/* The strip for text (card_ticker_text()) on screen g with cfg's colours
 * and speed, scrolling in [area_x, area_x + area_w) (card_ticker_bar()),
 * in the display language's direction (i18n). Never NULL; with no text,
 * width is 0 and nothing scrolls. Free with ticker_free(). */
struct ticker *ticker_new(const struct card_geometry *g, const struct config *cfg,
			  const struct card_fonts *f, const char *text, int area_x, int area_w);
void ticker_free(struct ticker *tk);

/* Where the strip's first copy starts at t seconds after it was made,
 * relative to area_x: in (-width, 0]; further copies follow every width
 * pixels up to area_w. At t = 0 the strip's start meets the area's end on
 * the label's side: its right end the area's right end when it moves
 * right, its left end the area's left end when it moves left. */
int ticker_x(const struct ticker *tk, double t);

#endif
