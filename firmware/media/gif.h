/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * gif — khabar's own decoder of the first frame of a GIF (87a or 89a), for
 * lead images that come from feeds: any bytes may arrive, so it is written
 * to be safe on hostile files rather than fast.
 *
 * The result is the picture as a viewer shows it before the animation
 * moves: a canvas of the logical screen's size (grown to hold the first
 * frame when the frame reaches past the screen, as browsers do), fully
 * transparent, with the first frame's pixels at its left/top offset and its
 * Graphic Control Extension's transparent index left transparent. The
 * screen's background colour is not painted (browsers ignore it too).
 *
 * Must not: read past the input, write past the canvas, recurse, allocate
 * more than the canvas plus one 4096-entry LZW table, or allocate at all
 * for a canvas over the caller's pixel limit. It decodes no second frame
 * and does not run in the display (the sync stores the result as PNG).
 */
#ifndef KHABAR_GIF_H
#define KHABAR_GIF_H

#include <stddef.h>

struct SDL_Surface;

/* The canvas size gif_decode() would allocate (the logical screen, grown
 * to hold the first frame), read from the headers and the blocks before
 * the first frame without decoding. 0, or -1 with *err (caller frees)
 * saying what is wrong (no frame, a block cut off, a zero-size frame). */
int gif_probe(const void *data, size_t len, int *w, int *h, char **err);

/* The first frame on its canvas as a new ARGB8888 surface (caller frees
 * with SDL_FreeSurface()); transparent pixels have alpha 0. A canvas of
 * more than max_pixels is refused before anything is allocated. A frame
 * whose compressed data ends (end code, end of its blocks or of the
 * input) before all its pixels is refused, never shown half-drawn; data
 * after the last pixel is ignored. NULL with *err (caller frees) for every
 * kind of bad input: a truncated stream, an LZW code not yet in the
 * table, no colour table, an unknown block. */
struct SDL_Surface *gif_decode(const void *data, size_t len, long long max_pixels, char **err);

#endif
