/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * font — font files (HarfBuzz for shaping, FreeType for rasterising), the
 * fallback chain, and a bounded cache of rasterised glyphs.
 *
 * Must not: know about SDL or layout.
 */
#include "text/font.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb-ot.h>
#include <hb.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/util.h"

/* How many glyph bitmaps one font keeps; past it the cache starts over.
 * At 32-64 px a glyph is 1-4 KiB, so this bounds it at a few MiB. */
#define GLYPH_CACHE_SLOTS 4096
#define HB_SIZES 8

struct glyph_slot {
	uint32_t glyph;
	int32_t size64; /* size in 1/64 px; 0: empty slot */
	int subpixel;
	int empty; /* the glyph has no outline */
	struct font_bitmap bmp;
};

struct font {
	char *path;
	const char *name; /* points into path */
	hb_blob_t *blob;
	hb_face_t *face;
	hb_font_t *base; /* unit scale, for coverage */
	FT_Face ft;
	int32_t ft_size64; /* size the FT face is set to */
	struct {
		int32_t size64;
		hb_font_t *font;
	} sizes[HB_SIZES];
	unsigned next_size;
	struct glyph_slot *slots; /* GLYPH_CACHE_SLOTS, open addressing */
	size_t used;
};

static FT_Library ft_lib;
static int ft_users;

struct font *font_open(const char *path, char **err)
{
	if (access(path, R_OK) != 0) {
		*err = xasprintf("%s: cannot read the font file", path);
		return NULL;
	}
	if (!ft_lib && FT_Init_FreeType(&ft_lib) != 0) {
		*err = xasprintf("%s: cannot start FreeType", path);
		return NULL;
	}
	struct font *f = xcalloc(1, sizeof *f);
	ft_users++;
	f->path = xstrdup(path);
	const char *slash = strrchr(f->path, '/');
	f->name = slash ? slash + 1 : f->path;
	f->blob = hb_blob_create_from_file_or_fail(path);
	if (!f->blob || hb_face_count(f->blob) == 0) {
		*err = xasprintf("%s: not a TrueType/OpenType font", path);
		goto fail;
	}
	f->face = hb_face_create(f->blob, 0);
	unsigned blen;
	const char *data = hb_blob_get_data(f->blob, &blen);
	if (FT_New_Memory_Face(ft_lib, (const FT_Byte *)data, (FT_Long)blen, 0, &f->ft) != 0) {
		*err = xasprintf("%s: FreeType cannot read this font", path);
		goto fail;
	}
	f->base = hb_font_create(f->face);
	hb_ot_font_set_funcs(f->base);
	if (hb_face_get_glyph_count(f->face) == 0) {
		*err = xasprintf("%s: the font has no glyphs", path);
		goto fail;
	}
	f->slots = xcalloc(GLYPH_CACHE_SLOTS, sizeof *f->slots);
	return f;
fail:
	font_free(f);
	return NULL;
}

void font_cache_clear(struct font *f)
{
	if (!f || !f->slots)
		return;
	for (size_t i = 0; i < GLYPH_CACHE_SLOTS; i++)
		free(f->slots[i].bmp.pixels);
	memset(f->slots, 0, GLYPH_CACHE_SLOTS * sizeof *f->slots);
	f->used = 0;
}

void font_free(struct font *f)
{
	if (!f)
		return;
	font_cache_clear(f);
	free(f->slots);
	for (int i = 0; i < HB_SIZES; i++)
		hb_font_destroy(f->sizes[i].font);
	hb_font_destroy(f->base);
	if (f->ft)
		FT_Done_Face(f->ft);
	hb_face_destroy(f->face);
	hb_blob_destroy(f->blob);
	free(f->path);
	free(f);
	if (--ft_users == 0 && ft_lib) {
		FT_Done_FreeType(ft_lib);
		ft_lib = NULL;
	}
}

const char *font_name(const struct font *f)
{
	return f->name;
}

int font_has_char(const struct font *f, uint32_t cp)
{
	hb_codepoint_t g;
	return hb_font_get_nominal_glyph(f->base, cp, &g) && g != 0;
}

static int32_t to_size64(double size)
{
	return (int32_t)lround(size * 64.0);
}

void *font_hb(struct font *f, double size)
{
	int32_t s64 = to_size64(size);
	for (int i = 0; i < HB_SIZES; i++)
		if (f->sizes[i].font && f->sizes[i].size64 == s64)
			return f->sizes[i].font;
	unsigned i = f->next_size++ % HB_SIZES;
	hb_font_destroy(f->sizes[i].font);
	hb_font_t *hf = hb_font_create(f->face);
	hb_ot_font_set_funcs(hf);
	/* 26.6: positions come back in 1/64 px */
	hb_font_set_scale(hf, s64, s64);
	f->sizes[i].font = hf;
	f->sizes[i].size64 = s64;
	return hf;
}

void font_metrics(const struct font *f, double size, struct font_metrics *m)
{
	hb_font_extents_t e;
	hb_font_get_h_extents(f->base, &e);
	double upem = hb_face_get_upem(f->face);
	/* base has scale == upem */
	m->ascent = e.ascender * size / upem;
	m->descent = -e.descender * size / upem;
	m->line_gap = e.line_gap * size / upem;
}

static size_t slot_hash(uint32_t glyph, int32_t size64, int subpixel)
{
	uint64_t h = (uint64_t)glyph * 0x9E3779B97F4A7C15ull;
	h ^= (uint64_t)(uint32_t)size64 * 0xC2B2AE3D27D4EB4Full;
	h ^= (uint64_t)subpixel << 7;
	return (size_t)(h >> 20) % GLYPH_CACHE_SLOTS;
}

static int rasterise(struct font *f, int32_t size64, uint32_t glyph, int subpixel,
		     struct glyph_slot *slot)
{
	if (f->ft_size64 != size64) {
		if (FT_Set_Char_Size(f->ft, 0, size64, 72, 72) != 0)
			return -1;
		f->ft_size64 = size64;
	}
	FT_Vector delta = {subpixel * 16, 0};
	FT_Set_Transform(f->ft, NULL, &delta);
	/* Unhinted, like the shaper's advances, so glyphs sit where the
	 * layout put them. */
	if (FT_Load_Glyph(f->ft, glyph, FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP) != 0)
		return -1;
	FT_GlyphSlot g = f->ft->glyph;
	if (g->format != FT_GLYPH_FORMAT_BITMAP && FT_Render_Glyph(g, FT_RENDER_MODE_NORMAL) != 0)
		return -1;
	FT_Bitmap *b = &g->bitmap;
	if (b->width == 0 || b->rows == 0 || b->pixel_mode != FT_PIXEL_MODE_GRAY) {
		slot->empty = 1;
		return 0;
	}
	slot->bmp.width = (int)b->width;
	slot->bmp.height = (int)b->rows;
	slot->bmp.left = g->bitmap_left;
	slot->bmp.top = g->bitmap_top;
	slot->bmp.pixels = xmalloc((size_t)b->width * b->rows);
	for (unsigned r = 0; r < b->rows; r++)
		memcpy(slot->bmp.pixels + (size_t)r * b->width, b->buffer + (long)r * b->pitch,
		       b->width);
	return 0;
}

const struct font_bitmap *font_glyph(struct font *f, double size, uint32_t glyph, int subpixel)
{
	int32_t s64 = to_size64(size);
	if (s64 <= 0 || s64 > 4096 * 64)
		return NULL;
	subpixel &= 3;
	size_t h = slot_hash(glyph, s64, subpixel);
	for (size_t probe = 0; probe < 16; probe++) {
		struct glyph_slot *s = &f->slots[(h + probe) % GLYPH_CACHE_SLOTS];
		if (s->size64 == 0)
			break;
		if (s->glyph == glyph && s->size64 == s64 && s->subpixel == subpixel)
			return s->empty ? NULL : &s->bmp;
	}
	if (f->used >= GLYPH_CACHE_SLOTS * 3 / 4)
		font_cache_clear(f);
	struct glyph_slot *s = NULL;
	for (int attempt = 0; attempt < 2 && !s; attempt++) {
		for (size_t probe = 0; probe < 16 && !s; probe++) {
			struct glyph_slot *c = &f->slots[(h + probe) % GLYPH_CACHE_SLOTS];
			if (c->size64 == 0)
				s = c;
		}
		if (!s) /* a crowded neighbourhood: start over */
			font_cache_clear(f);
	}
	memset(s, 0, sizeof *s);
	if (rasterise(f, s64, glyph, subpixel, s) != 0)
		s->empty = 1;
	s->glyph = glyph;
	s->size64 = s64;
	s->subpixel = subpixel;
	f->used++;
	return s->empty ? NULL : &s->bmp;
}

struct font_chain {
	struct font **fonts; /* NULL for a fallback not opened yet */
	char **paths;	     /* a fallback's file while fonts[i] is NULL */
	size_t n, cap, pcap;
};

struct font_chain *font_chain_new(void)
{
	return xcalloc(1, sizeof(struct font_chain));
}

void font_chain_add(struct font_chain *c, struct font *f)
{
	c->fonts = xgrow(c->fonts, &c->cap, c->n + 1, sizeof *c->fonts);
	c->paths = xgrow(c->paths, &c->pcap, c->n + 1, sizeof *c->paths);
	c->paths[c->n] = NULL;
	c->fonts[c->n++] = f;
}

/* A fallback opened the first time a character asks for it: most text
 * never needs one, and each would map a font file into every process. */
static void chain_add_lazy(struct font_chain *c, const char *path)
{
	font_chain_add(c, NULL);
	c->paths[c->n - 1] = xstrdup(path);
}

static struct font *chain_open(struct font_chain *c, size_t i)
{
	if (!c->fonts[i] && c->paths[i]) {
		char *e = NULL;
		c->fonts[i] = font_open(c->paths[i], &e);
		if (!c->fonts[i]) {
			log_warn("%s", e);
			free(e);
		}
		free(c->paths[i]);
		c->paths[i] = NULL; /* tried once */
	}
	return c->fonts[i];
}

int font_chain_add_file(struct font_chain *c, const char *path, char **err)
{
	struct font *f = font_open(path, err);
	if (!f)
		return -1;
	font_chain_add(c, f);
	return 0;
}

struct font_chain *font_chain_default(const char *weight, char **err)
{
	/* Fallbacks for what Vazirmatn lacks, when the system has them. */
	static const char *const fallbacks[] = {
		"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
		"/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
		"/usr/share/fonts/truetype/noto/NotoSansSymbols2-Regular.ttf",
		/* Chinese, Japanese and Korean (Debian: fonts-droid-fallback). */
		"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
	};
	struct font_chain *c = font_chain_new();
	char *path = xasprintf("%s/fonts/Vazirmatn-%s.ttf", datadir(), weight);
	int r = font_chain_add_file(c, path, err);
	free(path);
	if (r != 0) {
		font_chain_free(c);
		return NULL;
	}
	for (size_t i = 0; i < ARRAY_LEN(fallbacks); i++)
		if (access(fallbacks[i], R_OK) == 0)
			chain_add_lazy(c, fallbacks[i]);
	return c;
}

size_t font_chain_len(const struct font_chain *c)
{
	return c->n;
}

struct font *font_chain_get(const struct font_chain *c, size_t i)
{
	return i < c->n ? c->fonts[i] : NULL;
}

int font_chain_find(const struct font_chain *c, uint32_t cp)
{
	/* Opening a fallback on demand changes what the chain caches, not
	 * what it holds. */
	struct font_chain *m = (struct font_chain *)c;
	for (size_t i = 0; i < c->n; i++) {
		struct font *f = chain_open(m, i);
		if (f && font_has_char(f, cp))
			return (int)i;
	}
	return -1;
}

void font_chain_free(struct font_chain *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++) {
		font_free(c->fonts[i]);
		free(c->paths[i]);
	}
	free(c->fonts);
	free(c->paths);
	free(c);
}
