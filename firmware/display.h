/*
 * display — puts cards on pixels: draws a card's operations into an SDL
 * surface, draws the ticker strip in pieces no wider than a texture may
 * be, composes a whole screen (header, card, ticker) and turns it for a
 * rotated mount.
 *
 * Must not: open windows, read the clock or the cache; this is the render
 * side of the display, shared by the window and `khabar render`.
 */
#ifndef KHABAR_DISPLAY_H
#define KHABAR_DISPLAY_H

#include <SDL.h>
#include <stdint.h>

#include "card.h"

/* The widest ticker piece: older Pi GPUs allow 2048-pixel textures. */
#define DISPLAY_MAX_PIECE 2048

/* Draw card c with its top-left corner at (x, y) of dst: its background,
 * then its operations in order. Images that cannot be loaded are left out
 * (logged). */
void display_draw_card(SDL_Surface *dst, const struct card *c, int x, int y);
/* A new w x h surface of the card. NULL with *err. Caller frees. */
SDL_Surface *display_card_surface(const struct card *c, char **err);

/* The ticker strip: the laid-out headlines on the ticker's background,
 * split into pieces of at most max_piece pixels. Returns the number of
 * pieces; *pieces (caller frees each with SDL_FreeSurface, then the
 * array) left to right; *width the strip's whole width. */
int display_ticker_pieces(const struct text_layout *l, int h, int max_piece, uint32_t bg,
			  uint32_t fg, SDL_Surface ***pieces, int *width);
/* The ticker bar's fixed part: background and the label at the start
 * (right) side, as a card of g->w x g->ticker_h. The strip scrolls in
 * [0, *strip_w). Caller frees. */
struct card *display_ticker_frame(const struct card_geometry *g, const struct config *cfg,
				  const struct card_fonts *f, int *strip_w);

/* Turn s by deg (0, 90, 180, 270) clockwise into a new surface. */
SDL_Surface *display_rotate(SDL_Surface *s, int deg, char **err);

#endif
