/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * font — font files and the fallback chain: loading (HarfBuzz face for
 * shaping, FreeType face for rasterising), coverage, metrics at a pixel
 * size, and rasterised glyph bitmaps (cached): grey coverage for outlines,
 * premultiplied colour for colour-bitmap fonts (emoji), scaled to the size.
 * The default chain finds fallbacks through fontconfig, per character.
 *
 * Must not: know about SDL, layout, or where text comes from.
 */
#ifndef KHABAR_FONT_H
#define KHABAR_FONT_H

#include <stddef.h>
#include <stdint.h>

struct font;      /* one font file, usable at any size */
struct font_chain; /* an ordered fallback list of fonts */

/* Open a TrueType/OpenType file. NULL with *err (caller frees) naming the
 * file and the problem. Free with font_free(). */
struct font *font_open(const char *path, char **err);
/* The same for face `index` of a collection (.ttc). */
struct font *font_open_face(const char *path, int index, char **err);
void font_free(struct font *f);
/* The file's base name, e.g. "Vazirmatn-Regular.ttf". Borrowed. */
const char *font_name(const struct font *f);
/* Whether the font maps the code point to a glyph. */
int font_has_char(const struct font *f, uint32_t cp);
/* Whether its glyphs are colour pictures (an emoji font): spaces and
 * punctuation next to them are set in a text font. */
int font_is_color(const struct font *f);

/* Vertical metrics at size px, in pixels (descent positive, below the
 * baseline). */
struct font_metrics {
	double ascent, descent, line_gap;
};
void font_metrics(const struct font *f, double size, struct font_metrics *m);

/* The height of a Persian letter body (the part of a letter between the
 * baseline and the top of the teeth and bowls: س ص, the heads of و and م,
 * the bowl of ه), in em, measured from the font: the median ink top
 * of the isolated letters س ص م ه و ی. 0 when the font has none. */
double font_body_em(const struct font *f);

/* A rasterised glyph: 8-bit coverage, pitch == width; or, when color is
 * set, 4 bytes a pixel (B, G, R, A, premultiplied, pitch == 4 * width),
 * the font's own colours. (left, top) place the bitmap's top-left corner
 * relative to the pen position on the baseline (top is the distance above
 * the baseline). Borrowed from the font's cache until font_free(). NULL
 * for empty glyphs (spaces). */
struct font_bitmap {
	int width, height, left, top;
	int color;
	unsigned char *pixels;
};
/* subpixel: 0..3, quarter-pixel horizontal phase of the pen position. */
const struct font_bitmap *font_glyph(struct font *f, double size, uint32_t glyph, int subpixel);
/* Drop cached bitmaps (memory stays bounded: the cache also evicts). */
void font_cache_clear(struct font *f);

/* The chain. font_chain_new() takes no fonts; add in priority order.
 * The chain owns the fonts added with font_chain_add(). */
struct font_chain *font_chain_new(void);
void font_chain_add(struct font_chain *c, struct font *f);
/* Open each file and add it; 0, or -1 with *err (caller frees). */
int font_chain_add_file(struct font_chain *c, const char *path, char **err);
/* The bundled chain: Vazirmatn (weight "Regular", "Medium" or "Bold")
 * from datadir(), then, for a character it lacks, the font fontconfig
 * sorts first among those that have it (emoji-presentation characters
 * ask for an emoji font first), opened and added when a character first
 * needs it; the answer for each character is cached. Without fontconfig
 * or its fonts the chain is Vazirmatn alone. NULL with *err when
 * Vazirmatn is missing. */
struct font_chain *font_chain_default(const char *weight, char **err);
size_t font_chain_len(const struct font_chain *c);
struct font *font_chain_get(const struct font_chain *c, size_t i);
/* Index of the first font that has cp, or -1. */
int font_chain_find(const struct font_chain *c, uint32_t cp);
/* The font for cp followed by U+FE0F (emoji presentation asked for, as
 * in ❤️ or 1️⃣): an emoji font from fontconfig that has it, or -1 (then
 * font_chain_find() decides). */
int font_chain_find_emoji(const struct font_chain *c, uint32_t cp);
void font_chain_free(struct font_chain *c);

/* Used by the text engine: the HarfBuzz font (hb_font_t *) at size px,
 * with 26.6 fixed-point scale. Borrowed; cached per size. */
void *font_hb(struct font *f, double size);

#endif
