/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * render — draws what the text engine (and later the card builder) placed
 * into SDL surfaces, and writes PNGs. Glyphs are the engine's own glyph
 * ids, rasterised by the font module, at the engine's positions: the
 * renderer never re-shapes text.
 *
 * Must not: lay out text, read the cache, open windows.
 */
#ifndef KHABAR_RENDER_H
#define KHABAR_RENDER_H

#include <SDL.h>
#include <stdint.h>

#include "text/text.h"

/* A new ARGB8888 surface filled with argb (0xAARRGGBB). NULL with
 * *err (caller frees) on failure. Free with SDL_FreeSurface(). */
SDL_Surface *render_surface_new(int w, int h, uint32_t argb, char **err);
/* Draw layout l with its box's top-left corner at (x, y), clipped to the
 * surface, in colour argb. Missing-glyph runs draw as hollow boxes. */
void render_layout(SDL_Surface *dst, const struct text_layout *l, float x, float y, uint32_t argb);
/* Fill a rectangle, blending argb's alpha. */
void render_fill(SDL_Surface *dst, int x, int y, int w, int h, uint32_t argb);
/* Save as PNG; 0, or -1 with *err (caller frees) naming the file. */
int render_save_png(SDL_Surface *s, const char *path, char **err);

#endif
