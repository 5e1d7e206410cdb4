/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * display — puts cards on pixels: draws a card's operations into an SDL
 * surface, and turns a picture (or part of it) for a rotated mount.
 *
 * Must not: open windows, read the clock or the cache; this is the render
 * side of the display, shared by the window and `khabar render`.
 */
#ifndef KHABAR_DISPLAY_H
#define KHABAR_DISPLAY_H

#include <SDL.h>
#include <stdint.h>

#include "show/card.h"

/* Draw card c with its top-left corner at (x, y) of dst: its background,
 * then its operations in order. Images that cannot be loaded are left out
 * (logged). */
void display_draw_card(SDL_Surface *dst, const struct card *c, int x, int y);
/* Whether path is an image khabar can draw (PNG, JPEG…): 0 with its size
 * in *w, *h; -1 with *err (what is wrong; caller frees). */
int display_image_size(const char *path, int *w, int *h, char **err);
/* Where an iw x ih picture goes in a bw x bh box: *dst, the part of the
 * box it covers (all of it, or a centred part when filling the box would
 * scale the picture up more than 1.5 times), and *src, the part of the
 * picture shown there (cropped to dst's shape: around its centre, or for
 * a portrait-shaped picture around its top third, where faces are). */
void display_fit(int iw, int ih, SDL_Rect box, SDL_Rect *src, SDL_Rect *dst);
/* A new w x h surface of the card. NULL with *err. Caller frees. */
SDL_Surface *display_card_surface(const struct card *c, char **err);

/* Turn s by deg (0, 90, 180, 270) clockwise into a new surface. NULL
 * with *err. Caller frees. */
SDL_Surface *display_rotate(SDL_Surface *s, int deg, char **err);

/* Turn the part r of src by deg clockwise into its place in dst, where
 * the turned src has its top-left corner at (dx, dy); both hold 32-bit
 * pixels. Returns the rectangle of dst written (empty when the turned
 * src does not fit in dst). */
SDL_Rect display_rotate_into(SDL_Surface *src, SDL_Rect r, SDL_Surface *dst, int dx, int dy,
			     int deg);

#endif
