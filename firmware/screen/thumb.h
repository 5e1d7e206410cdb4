/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * thumb — a small JPEG of a screen's pixels: scaled down (box mean) so its
 * longer side is at most max_side, saved atomically (a temp file, then
 * rename), its quality lowered until it fits max_bytes.
 *
 * Must not: build cards, read the clock or the cache.
 */
#ifndef KHABAR_THUMB_H
#define KHABAR_THUMB_H

#include <SDL.h>
#include <stddef.h>

/* Save src (32 bits a pixel) as a JPEG at path. 0, or -1 with *err
 * (caller frees). *size (when not NULL) gets the file's bytes. */
int thumb_save(SDL_Surface *src, const char *path, int max_side, size_t max_bytes, size_t *size,
	       char **err);

#endif
