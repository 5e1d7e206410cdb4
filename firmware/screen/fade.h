/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fade — a crossfade between two pictures of the same size that touches
 * only the pixels in which they differ (text, bars; the shared background
 * is most of a card). The differing spans are found once and the old
 * picture's values kept; each step writes the blend of those pixels only.
 * About a third of a whole-area alpha blend for two cards.
 *
 * Must not: draw anything but the differing spans, keep the surfaces.
 */
#ifndef KHABAR_FADE_H
#define KHABAR_FADE_H

#include <SDL.h>

struct fade;

/* The spans in which from and to (32-bit pixels, same size) differ. NULL
 * when they differ in more than half their pixels (then an ordinary
 * alpha blend costs no more) or cannot be read. Free with fade_free(). */
struct fade *fade_new(SDL_Surface *from, SDL_Surface *to);
/* The same however many pixels differ: for a from that is not kept (the
 * screen's own pixels, about to be drawn over), where the spans are the
 * only copy of the old picture. NULL only when they cannot be read. */
struct fade *fade_new_any(SDL_Surface *from, SDL_Surface *to);
/* Write the blend of the differing pixels, k/256 of the way from from to
 * to, into dst with the pictures' top-left at (x, y). dst must already
 * hold from (or a step of this fade) outside the spans; its pixels
 * and to's share a 32-bit format. */
void fade_step(const struct fade *f, SDL_Surface *to, SDL_Surface *dst, int x, int y, unsigned k);
void fade_free(struct fade *f);

#endif
