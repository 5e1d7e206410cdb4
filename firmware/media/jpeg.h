/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * jpeg — decode a JPEG scaled down while decoding, within a memory budget
 * (libjpeg's scale_denom and max_memory_to_use). The only includer of
 * <jpeglib.h>.
 *
 * Must not: decode other formats; read files (the caller has the bytes).
 */
#ifndef KHABAR_JPEG_H
#define KHABAR_JPEG_H

#include <stddef.h>

struct SDL_Surface;

/* The JPEG in data decoded as RGB24, at 1, 1/2, 1/4 or 1/8 of its size:
 * the smallest of those whose longer side is still at least max_side.
 * budget: bytes the decoder and the decoded picture (4 bytes a pixel) may
 * take; more is refused with a reason. Caller frees the surface; NULL with
 * *err. */
struct SDL_Surface *jpeg_decode(const void *data, size_t len, int max_side, long long budget,
				char **err);

#endif
