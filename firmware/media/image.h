/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * image — lead images for `khabar sync`: check the header (type and size)
 * before decoding, decode PNG, JPEG, WebP or the first frame of a GIF,
 * scale down to the screen, and keep one file per content in the image
 * store, which garbage collection keeps under its size limit.
 *
 * Must not: fetch anything or touch the cache. The display reads image
 * files only through image_load(), with the same checks as the sync.
 */
#ifndef KHABAR_IMAGE_H
#define KHABAR_IMAGE_H

#include <stddef.h>
#include <stdint.h>

/* Images whose header claims more pixels than this are refused unread. */
#define IMAGE_MAX_PIXELS 50000000LL

/* Type ("PNG", "JPG", "GIF", "WEBP") and size from the first bytes of an
 * image. 0, or -1 with *err (caller frees) saying what it is not. */
int image_probe(const void *data, size_t len, int *w, int *h, const char **type, char **err);

/* Probe, refuse more than IMAGE_MAX_PIXELS, decode, scale so the longer
 * side is at most max_side. *w, *h: the result's size. 0, or -1 with *err.
 * Nothing is kept (the fuzz target and tests use it). */
int image_check(const void *data, size_t len, int max_side, int *w, int *h, char **err);

/* image_check(), then write the scaled image into dir, named after a hash
 * of its content (the same picture is stored once). Returns the file's
 * path (caller frees), or NULL with *err. */
char *image_store(const void *data, size_t len, const char *dir, int max_side, char **err);

/* Read the file at path (at most IMAGE_MAX_FILE bytes) and decode it like
 * image_check(), keeping the result: the display's one way to open an
 * image (a stored lead image, a local one, the logo), so no file reaches
 * a decoder other than its probed type's. Caller frees the surface; NULL
 * with *err. */
struct SDL_Surface;
#define IMAGE_MAX_FILE (64u << 20)
struct SDL_Surface *image_load(const char *path, int max_side, char **err);

/* $XDG_CACHE_HOME/khabar/images (default ~/.cache/khabar/images). Caller
 * frees. NULL when neither that variable (absolute) nor HOME is set:
 * never a shared directory. */
char *image_dir(void);

/* Delete the files in dir that are not in used (n paths), then the oldest
 * ones until the rest fit in max_bytes, calling dropped(path, user) for
 * each of those (an article used it). Returns how many were deleted. */
int image_gc(const char *dir, char **used, size_t n, int64_t max_bytes,
	     void (*dropped)(const char *path, void *user), void *user);

#endif
