/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * font — font files (HarfBuzz for shaping, FreeType for rasterising), the
 * fallback chain (fontconfig finds the font for a character the chain
 * lacks, as Pango does: the first font of a sorted set that has it,
 * remembered per character), and a bounded cache of rasterised glyphs,
 * colour bitmaps (emoji strikes) scaled to the size asked for.
 *
 * Must not: know about SDL or layout.
 */
#include "text/font.h"

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb-ot.h>
#include <hb.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
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
	int strike;	   /* ppem of the bitmap strike in use; 0: outlines */
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
	return font_open_face(path, 0, err);
}

struct font *font_open_face(const char *path, int index, char **err)
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
	if (!f->blob || index < 0 || (unsigned)index >= hb_face_count(f->blob)) {
		*err = xasprintf("%s: not a TrueType/OpenType font", path);
		goto fail;
	}
	f->face = hb_face_create(f->blob, (unsigned)index);
	unsigned blen;
	const char *data = hb_blob_get_data(f->blob, &blen);
	if (FT_New_Memory_Face(ft_lib, (const FT_Byte *)data, (FT_Long)blen, index, &f->ft) != 0) {
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

int font_is_color(const struct font *f)
{
	return f && FT_HAS_COLOR(f->ft);
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

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

double font_body_em(const struct font *f)
{
	static const uint32_t body[] = {0x0633, 0x0635, 0x0645, 0x0647, 0x0648, 0x06CC};
	double tops[ARRAY_LEN(body)];
	size_t n = 0;
	double upem = hb_face_get_upem(f->face);
	for (size_t i = 0; i < ARRAY_LEN(body); i++) {
		hb_codepoint_t g;
		hb_glyph_extents_t e;
		if (hb_font_get_nominal_glyph(f->base, body[i], &g) && g &&
		    hb_font_get_glyph_extents(f->base, g, &e) && e.y_bearing > 0)
			tops[n++] = e.y_bearing / upem;
	}
	if (n == 0)
		return 0;
	qsort(tops, n, sizeof *tops, cmp_double);
	return n % 2 ? tops[n / 2] : (tops[n / 2 - 1] + tops[n / 2]) / 2;
}

static size_t slot_hash(uint32_t glyph, int32_t size64, int subpixel)
{
	uint64_t h = (uint64_t)glyph * 0x9E3779B97F4A7C15ull;
	h ^= (uint64_t)(uint32_t)size64 * 0xC2B2AE3D27D4EB4Full;
	h ^= (uint64_t)subpixel << 7;
	return (size_t)(h >> 20) % GLYPH_CACHE_SLOTS;
}

/* The bitmap strike to scale from for size px: the smallest at least
 * that large, else the largest. -1 when the face has none. */
static int strike_for(FT_Face ft, double size)
{
	int best = -1;
	for (int i = 0; i < ft->num_fixed_sizes; i++) {
		double ppem = ft->available_sizes[i].y_ppem / 64.0;
		double bppem = best < 0 ? 0 : ft->available_sizes[best].y_ppem / 64.0;
		if (best < 0 || (bppem < size ? ppem > bppem : ppem >= size && ppem < bppem))
			best = i;
	}
	return best;
}

/* One pass of a tent-filter resample of 4-channel float rows: n source
 * samples of stride ss to m of stride ds, along one axis, `lines` times. */
static void resample_axis(const float *src, int n, int ss, float *dst, int m, int ds, int lines,
			  int line_src, int line_dst)
{
	double scale = (double)m / n, r = scale < 1 ? 1 / scale : 1;
	for (int l = 0; l < lines; l++)
		for (int i = 0; i < m; i++) {
			double c = (i + 0.5) / scale - 0.5, acc[4] = {0, 0, 0, 0}, wsum = 0;
			int lo = (int)floor(c - r) + 1, hi = (int)ceil(c + r) - 1;
			for (int k = MAX(lo, 0); k <= MIN(hi, n - 1); k++) {
				double w = 1 - fabs(k - c) / r;
				const float *px = src + (size_t)l * line_src + (size_t)k * ss;
				for (int ch = 0; ch < 4; ch++)
					acc[ch] += w * px[ch];
				wsum += w;
			}
			float *out = dst + (size_t)l * line_dst + (size_t)i * ds;
			for (int ch = 0; ch < 4; ch++)
				out[ch] = wsum > 0 ? (float)(acc[ch] / wsum) : 0;
		}
}

/* A premultiplied BGRA bitmap (w x h, pitch) scaled to mw x mh. */
static unsigned char *scale_bgra(const unsigned char *src, int w, int h, int pitch, int mw,
				 int mh)
{
	float *a = xmalloc((size_t)w * h * 4 * sizeof *a);
	float *b = xmalloc((size_t)mw * h * 4 * sizeof *b);
	float *c = xmalloc((size_t)mw * mh * 4 * sizeof *c);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w * 4; x++)
			a[(size_t)y * w * 4 + x] = src[(size_t)y * pitch + x];
	resample_axis(a, w, 4, b, mw, 4, h, w * 4, mw * 4);		/* rows */
	resample_axis(b, h, mw * 4, c, mh, mw * 4, mw, 4, 4);	/* columns */
	unsigned char *out = xmalloc((size_t)mw * mh * 4);
	for (size_t i = 0; i < (size_t)mw * mh * 4; i++)
		out[i] = (unsigned char)lround(MAX(0.0f, MIN(255.0f, c[i])));
	free(a);
	free(b);
	free(c);
	return out;
}

/* A glyph of a bitmap-only colour font (NotoColorEmoji's CBDT): its
 * nearest strike, in colour, scaled so its em is size px. */
static int rasterise_strike(struct font *f, double size, uint32_t glyph, struct glyph_slot *slot)
{
	int i = strike_for(f->ft, size);
	if (i < 0 || FT_Select_Size(f->ft, i) != 0)
		return -1;
	f->ft_size64 = 0; /* the outline size is no longer set */
	f->strike = f->ft->available_sizes[i].y_ppem / 64;
	if (FT_Load_Glyph(f->ft, glyph, FT_LOAD_COLOR) != 0)
		return -1;
	FT_GlyphSlot g = f->ft->glyph;
	FT_Bitmap *bm = &g->bitmap;
	if (bm->width == 0 || bm->rows == 0 || bm->pixel_mode != FT_PIXEL_MODE_BGRA ||
	    f->strike <= 0) {
		slot->empty = 1;
		return 0;
	}
	double s = size / f->strike;
	int mw = MAX(1, (int)lround(bm->width * s)), mh = MAX(1, (int)lround(bm->rows * s));
	slot->bmp.pixels = scale_bgra(bm->buffer, (int)bm->width, (int)bm->rows, bm->pitch, mw, mh);
	slot->bmp.width = mw;
	slot->bmp.height = mh;
	slot->bmp.left = (int)lround(g->bitmap_left * s);
	slot->bmp.top = (int)lround(g->bitmap_top * s);
	slot->bmp.color = 1;
	return 0;
}

static int rasterise(struct font *f, int32_t size64, uint32_t glyph, int subpixel,
		     struct glyph_slot *slot)
{
	if (!FT_IS_SCALABLE(f->ft))
		return rasterise_strike(f, size64 / 64.0, glyph, slot);
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

/* What fontconfig answered for one character: cp + 1 (0: free slot), and
 * the chain index of its font or -1. */
struct memo_slot {
	uint32_t key;
	int font;
};

/* The two sorted sets a chain walks: text fonts for its weight, and emoji
 * fonts (colour first) for characters shown as emoji by default. */
enum { SET_TEXT, SET_EMOJI, NSETS };

struct font_chain {
	struct font **fonts;
	char **ids; /* "file#index" of a font fontconfig found; NULL for added ones */
	size_t n, cap, icap;
	int fc_weight; /* fontconfig weight; -1: the chain does not use fontconfig */
	FcFontSet *sets[NSETS];
	int sorted[NSETS]; /* 1: asked (sets[] may still be NULL) */
	struct memo_slot *memo;
	size_t memo_cap, memo_used;
	char **bad; /* files that would not open: not tried again */
	size_t nbad, badcap;
};

struct font_chain *font_chain_new(void)
{
	struct font_chain *c = xcalloc(1, sizeof(struct font_chain));
	c->fc_weight = -1;
	return c;
}

static void chain_push(struct font_chain *c, struct font *f, char *id)
{
	c->fonts = xgrow(c->fonts, &c->cap, c->n + 1, sizeof *c->fonts);
	c->ids = xgrow(c->ids, &c->icap, c->n + 1, sizeof *c->ids);
	c->ids[c->n] = id;
	c->fonts[c->n++] = f;
}

void font_chain_add(struct font_chain *c, struct font *f)
{
	chain_push(c, f, NULL);
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
	struct font_chain *c = font_chain_new();
	char *path = xasprintf("%s/fonts/Vazirmatn-%s.ttf", datadir(), weight);
	int r = font_chain_add_file(c, path, err);
	free(path);
	if (r != 0) {
		font_chain_free(c);
		return NULL;
	}
	c->fc_weight = strcmp(weight, "Bold") == 0	 ? FC_WEIGHT_BOLD
		       : strcmp(weight, "Medium") == 0 ? FC_WEIGHT_MEDIUM
						       : FC_WEIGHT_REGULAR;
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

/* fontconfig's fonts sorted for one of the chain's sets, asked once. The
 * set is trimmed: a font that adds no characters to those before it is
 * left out. NULL when fontconfig has no configuration or no fonts. */
static FcFontSet *chain_set(struct font_chain *c, int which)
{
	if (c->sorted[which])
		return c->sets[which];
	c->sorted[which] = 1;
	if (!FcInit())
		return NULL;
	FcPattern *pat = FcPatternCreate();
	FcPatternAddString(pat, FC_FAMILY,
			   (const FcChar8 *)(which == SET_EMOJI ? "emoji" : "sans-serif"));
	FcPatternAddInteger(pat, FC_WEIGHT, c->fc_weight);
	if (which == SET_EMOJI)
		FcPatternAddBool(pat, FC_COLOR, FcTrue);
	FcConfigSubstitute(NULL, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	FcResult res;
	c->sets[which] = FcFontSort(NULL, pat, FcTrue, NULL, &res);
	FcPatternDestroy(pat);
	return c->sets[which];
}

static int chain_is_bad(const struct font_chain *c, const char *id)
{
	for (size_t i = 0; i < c->nbad; i++)
		if (strcmp(c->bad[i], id) == 0)
			return 1;
	return 0;
}

/* The chain index of the font file#index, opened and added the first time;
 * -1 when it does not open (said once). */
static int chain_font_for(struct font_chain *c, const char *file, int index)
{
	char *id = xasprintf("%s#%d", file, index);
	for (size_t i = 0; i < c->n; i++)
		if (c->ids[i] && strcmp(c->ids[i], id) == 0) {
			free(id);
			return (int)i;
		}
	if (chain_is_bad(c, id)) {
		free(id);
		return -1;
	}
	char *e = NULL;
	struct font *f = font_open_face(file, index, &e);
	if (!f) {
		log_warn("%s (skipped as a fallback font)", e);
		free(e);
		c->bad = xgrow(c->bad, &c->badcap, c->nbad + 1, sizeof *c->bad);
		c->bad[c->nbad++] = id;
		return -1;
	}
	chain_push(c, f, id);
	return (int)c->n - 1;
}

/* A font of the set that fontconfig says has cp and that opens: its chain
 * index, or -1. Only outline and colour-bitmap formats HarfBuzz shapes. */
static int chain_walk(struct font_chain *c, const FcFontSet *fs, uint32_t cp)
{
	for (int i = 0; fs && i < fs->nfont; i++) {
		FcPattern *p = fs->fonts[i];
		FcCharSet *cs;
		FcChar8 *file, *fmt;
		int index = 0;
		if (FcPatternGetCharSet(p, FC_CHARSET, 0, &cs) != FcResultMatch ||
		    !FcCharSetHasChar(cs, cp) ||
		    FcPatternGetString(p, FC_FILE, 0, &file) != FcResultMatch)
			continue;
		if (FcPatternGetString(p, FC_FONTFORMAT, 0, &fmt) == FcResultMatch &&
		    strcmp((const char *)fmt, "TrueType") != 0 && strcmp((const char *)fmt, "CFF") != 0)
			continue;
		FcPatternGetInteger(p, FC_INDEX, 0, &index);
		int k = chain_font_for(c, (const char *)file, index);
		if (k >= 0 && font_has_char(c->fonts[k], cp))
			return k;
	}
	return -1;
}

static struct memo_slot *memo_find(const struct font_chain *c, uint32_t cp)
{
	if (!c->memo)
		return NULL;
	size_t h = (size_t)((cp * 0x9E3779B1u) % c->memo_cap);
	for (;; h = (h + 1) % c->memo_cap)
		if (c->memo[h].key == cp + 1 || c->memo[h].key == 0)
			return &c->memo[h];
}

static void memo_put(struct font_chain *c, uint32_t cp, int font)
{
	if (2 * (c->memo_used + 1) > c->memo_cap) {
		struct memo_slot *old = c->memo;
		size_t n = c->memo_cap;
		c->memo_cap = n ? 2 * n : 64;
		c->memo = xcalloc(c->memo_cap, sizeof *c->memo);
		c->memo_used = 0;
		for (size_t i = 0; i < n; i++)
			if (old[i].key)
				memo_put(c, old[i].key - 1, old[i].font);
		free(old);
	}
	struct memo_slot *s = memo_find(c, cp);
	if (!s->key)
		c->memo_used++;
	s->key = cp + 1;
	s->font = font;
}

/* Memo keys: a code point, or one with EMOJI_ASKED for the emoji
 * presentation asked for by U+FE0F (code points end below 0x110000). */
#define EMOJI_ASKED 0x200000u

/* The fallback for cp through fontconfig, remembered. */
static int chain_fallback(struct font_chain *c, uint32_t cp)
{
	struct memo_slot *m = memo_find(c, cp);
	if (m && m->key)
		return m->font;
	int f = -1;
	if (u_hasBinaryProperty((UChar32)cp, UCHAR_EMOJI_PRESENTATION))
		f = chain_walk(c, chain_set(c, SET_EMOJI), cp);
	if (f < 0)
		f = chain_walk(c, chain_set(c, SET_TEXT), cp);
	memo_put(c, cp, f);
	return f;
}

int font_chain_find_emoji(const struct font_chain *c, uint32_t cp)
{
	struct font_chain *m = (struct font_chain *)c;
	if (c->fc_weight < 0 || cp >= 0x110000)
		return -1;
	struct memo_slot *s = memo_find(c, cp | EMOJI_ASKED);
	if (s && s->key)
		return s->font;
	int f = chain_walk(m, chain_set(m, SET_EMOJI), cp);
	if (f >= 0 && !font_is_color(c->fonts[f]))
		f = -1; /* no colour font has it: the text font's glyph */
	memo_put(m, cp | EMOJI_ASKED, f);
	return f;
}

int font_chain_find(const struct font_chain *c, uint32_t cp)
{
	/* Finding a fallback changes what the chain caches and which fonts it
	 * has opened, never the indices it already gave. */
	struct font_chain *m = (struct font_chain *)c;
	for (size_t i = 0; i < c->n; i++)
		if (!c->ids[i] && font_has_char(c->fonts[i], cp))
			return (int)i;
	return c->fc_weight < 0 ? -1 : chain_fallback(m, cp);
}

void font_chain_free(struct font_chain *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++) {
		font_free(c->fonts[i]);
		free(c->ids[i]);
	}
	for (size_t i = 0; i < c->nbad; i++)
		free(c->bad[i]);
	for (int i = 0; i < NSETS; i++)
		if (c->sets[i])
			FcFontSetDestroy(c->sets[i]);
	free(c->bad);
	free(c->memo);
	free(c->fonts);
	free(c->ids);
	free(c);
}
