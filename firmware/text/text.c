/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * text — the Persian text engine.
 *
 * text_layout() reads like the pipeline (docs/text-layout.md), per
 * paragraph: normalise; bidi levels once for the whole paragraph (ICU
 * ubidi, bracket pairs included); itemise into runs of one level, script
 * and font; shape each run (HarfBuzz, language fa); break lines on the
 * logical text with the shaped advances (ICU line breaking, locale fa);
 * then, per line, reorder (ubidi_setLine: L1, L2) and align or justify.
 * One function per stage (para_bidi, para_itemise, para_shape,
 * para_break, line_reorder, line_align). Internally positions are UTF-16
 * indices (ICU's and HarfBuzz's clusters); the output speaks UTF-8 byte
 * offsets (utf16_to_utf8_offsets). The ICU iterators and the HarfBuzz
 * buffer belong to a struct engine that lives for one call.
 *
 * Must not: draw, open windows, read the cache.
 */
#include "text/text.h"

#include <hb.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubidi.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "base/util.h"

#define ELLIPSIS "\xE2\x80\xA6"

/* Justification (docs/text-layout.md): a space first grows by at most
 * half its width; a kashida point takes at most half an em (about one
 * letter) before spaces grow again. */
#define SPACE_STRETCH	    0.5
#define KASHIDA_MAX_EM 0.5
#define KASHIDA_MIN_LETTERS 3 /* no kashida in a shorter word (که، به، شد) */
#define KASHIDA_PER_LINE    3 /* kashida points a line uses at most */
/* A balanced headline's shortest line at least this share of its longest. */
#define SENSE_BALANCE 0.6

void text_style_init(struct text_style *s)
{
	memset(s, 0, sizeof *s);
	s->size = 32;
	s->width = 1000;
	s->align = TEXT_ALIGN_START;
	s->dir = TEXT_DIR_RTL;
	s->line_height = 1.7;
	s->norm = TEXT_NORM_ALL;
	s->justify = TEXT_JUSTIFY_KASHIDA;
	s->balance = 0;
}

/* ---------------------------------------------------------------- */
/* Normalisation */

static int is_presentation_form(uint32_t c)
{
	return (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFE);
}

/* Arabic yeh, alef maksura and kaf to their Persian forms. */
static uint32_t persian_letter(uint32_t c)
{
	switch (c) {
	case 0x064A: /* ي */
	case 0x0649: /* ى */ return 0x06CC;
	case 0x0643: /* ك */ return 0x06A9;
	default: return c;
	}
}

static void append_cp(struct buf *b, uint32_t c)
{
	char tmp[4];
	buf_append(b, tmp, utf8_encode(c, tmp));
}

/* Presentation forms back to base letters, one character at a time with
 * NFKC (never the whole text: NFKC would also fold digits, ligatures of
 * Latin and more), then the Persian letters. */
static void normalize_letters(const char *s, size_t n, struct buf *out)
{
	UErrorCode e = U_ZERO_ERROR;
	const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&e);
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		size_t used;
		uint32_t c = utf8_decode(u + i, n - i, &used);
		if (is_presentation_form(c) && U_SUCCESS(e)) {
			UChar in[2], dec[32];
			int32_t len = 0;
			U16_APPEND_UNSAFE(in, len, c);
			UErrorCode e2 = U_ZERO_ERROR;
			int32_t dn = unorm2_normalize(nfkc, in, len, dec, 32, &e2);
			if (U_SUCCESS(e2)) {
				for (int32_t k = 0; k < dn;) {
					UChar32 d;
					U16_NEXT(dec, k, dn, d);
					append_cp(out, persian_letter((uint32_t)d));
				}
				i += used;
				continue;
			}
		}
		append_cp(out, persian_letter(c));
		i += used;
	}
}

static void normalize_nfc(const char *s, size_t n, struct buf *out)
{
	UErrorCode e = U_ZERO_ERROR;
	const UNormalizer2 *nfc = unorm2_getNFCInstance(&e);
	int32_t n16 = 0;
	UChar *u = NULL, *v = NULL;
	if (U_FAILURE(e) || n > INT32_MAX / 2)
		goto raw;
	u_strFromUTF8WithSub(NULL, 0, &n16, s, (int32_t)n, 0xFFFD, NULL, &e);
	e = U_ZERO_ERROR;
	u = xmalloc(((size_t)n16 + 1) * sizeof *u);
	u_strFromUTF8WithSub(u, n16 + 1, NULL, s, (int32_t)n, 0xFFFD, NULL, &e);
	if (U_FAILURE(e))
		goto raw;
	/* NFC of Arabic text can grow a little (compositions are rare, but
	 * decompositions of singletons exist): size it first. */
	int32_t vn = unorm2_normalize(nfc, u, n16, NULL, 0, &e);
	if (e != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(e))
		goto raw;
	e = U_ZERO_ERROR;
	v = xmalloc(((size_t)vn + 1) * sizeof *v);
	unorm2_normalize(nfc, u, n16, v, vn + 1, &e);
	if (U_FAILURE(e))
		goto raw;
	int32_t n8 = 0;
	u_strToUTF8WithSub(NULL, 0, &n8, v, vn, 0xFFFD, NULL, &e);
	e = U_ZERO_ERROR;
	size_t at = out->len;
	out->data = xgrow(out->data, &out->cap, at + (size_t)n8 + 1, 1);
	u_strToUTF8WithSub(out->data + at, n8 + 1, NULL, v, vn, 0xFFFD, NULL, &e);
	if (U_FAILURE(e))
		goto raw;
	out->len = at + (size_t)n8;
	out->data[out->len] = 0;
	free(u);
	free(v);
	return;
raw:
	free(u);
	free(v);
	buf_append(out, s, n);
}

/* ASCII digits to Persian where the previous strong character is in the
 * Arabic script, or at the start of an RTL paragraph (docs/text-layout.md). */
static void normalize_digits(const char *s, size_t n, int rtl, struct buf *out)
{
	enum { NONE, PERSIAN, OTHER } strong = rtl ? PERSIAN : NONE;
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		size_t used;
		uint32_t c = utf8_decode(u + i, n - i, &used);
		if (c >= '0' && c <= '9') {
			if (strong == PERSIAN)
				append_cp(out, 0x06F0 + (c - '0'));
			else
				buf_putc(out, (char)c);
			i += used;
			continue;
		}
		UCharDirection d = u_charDirection((UChar32)c);
		if (d == U_LEFT_TO_RIGHT || d == U_RIGHT_TO_LEFT || d == U_RIGHT_TO_LEFT_ARABIC) {
			UErrorCode e = U_ZERO_ERROR;
			strong =
			    uscript_getScript((UChar32)c, &e) == USCRIPT_ARABIC ? PERSIAN : OTHER;
		}
		buf_append(out, s + i, used);
		i += used;
	}
}

char *text_normalize(const char *s, size_t n, unsigned norm, int rtl, size_t *out_len)
{
	size_t len;
	char *cur = utf8_sanitize(s, n, &len);
	if (norm & TEXT_NORM_LETTERS) {
		struct buf b = {0};
		normalize_letters(cur, len, &b);
		free(cur);
		len = b.len;
		cur = buf_steal(&b);
	}
	if (norm & TEXT_NORM_NFC) {
		struct buf b = {0};
		normalize_nfc(cur, len, &b);
		free(cur);
		len = b.len;
		cur = buf_steal(&b);
	}
	if (norm & TEXT_NORM_DIGITS) {
		struct buf b = {0};
		normalize_digits(cur, len, rtl, &b);
		free(cur);
		len = b.len;
		cur = buf_steal(&b);
	}
	if (out_len)
		*out_len = len;
	return cur;
}

/* ---------------------------------------------------------------- */
/* UTF-8 <-> UTF-16: ICU and HarfBuzz index UTF-16, the output UTF-8. */

/* s (n bytes) as UTF-16, invalid bytes as U+FFFD; *n16 gets its length.
 * NULL when ICU refuses it. Caller frees. */
static UChar *utf16_from_utf8(const char *s, size_t n, int32_t *n16)
{
	*n16 = 0;
	if (n > INT32_MAX / 2)
		return NULL;
	UErrorCode e = U_ZERO_ERROR;
	UChar *u = xmalloc((n + 1) * sizeof *u);
	u_strFromUTF8WithSub(u, (int32_t)n + 1, n16, s, (int32_t)n, 0xFFFD, NULL, &e);
	if (U_FAILURE(e)) {
		free(u);
		*n16 = 0;
		return NULL;
	}
	return u;
}

/* The UTF-8 byte offset of every UTF-16 index of s (n bytes, n16 units
 * once converted): n16 + 1 entries, the last one n. Caller frees. */
static int32_t *utf16_to_utf8_offsets(const char *s, size_t n, int32_t n16)
{
	int32_t *off = xmalloc(((size_t)n16 + 1) * sizeof *off);
	const unsigned char *u = (const unsigned char *)s;
	int32_t i16 = 0;
	for (size_t i8 = 0; i8 < n && i16 < n16;) {
		size_t used;
		uint32_t c = utf8_decode(u + i8, n - i8, &used);
		off[i16++] = (int32_t)i8;
		if (c >= 0x10000 && i16 < n16)
			off[i16++] = (int32_t)i8; /* the low surrogate */
		i8 += used;
	}
	while (i16 <= n16)
		off[i16++] = (int32_t)n;
	return off;
}

/* ---------------------------------------------------------------- */
/* The engine: the reusable state of one text_layout() or
 * text_layout_fit() call, closed at its end. */

struct engine {
	hb_buffer_t *hb;		   /* every shaping call clears and reuses it */
	UBreakIterator *line_it, *char_it; /* opened on first use */
};

static void engine_open(struct engine *e)
{
	memset(e, 0, sizeof *e);
	e->hb = hb_buffer_create();
}

static void engine_close(struct engine *e)
{
	if (e->line_it)
		ubrk_close(e->line_it);
	if (e->char_it)
		ubrk_close(e->char_it);
	hb_buffer_destroy(e->hb);
	memset(e, 0, sizeof *e);
}

/* The engine's line (UBRK_LINE) or grapheme (UBRK_CHARACTER) iterator set
 * to s, opened on first use (loading the rules is the costly part);
 * NULL when ICU fails. Borrowed until the next call for the same type. */
static UBreakIterator *engine_iter(struct engine *e, UBreakIteratorType type, const UChar *s,
				   int32_t n)
{
	UBreakIterator **it = type == UBRK_LINE ? &e->line_it : &e->char_it;
	UErrorCode err = U_ZERO_ERROR;
	if (!*it) {
		*it = ubrk_open(type, "fa", NULL, 0, &err);
		if (U_FAILURE(err)) {
			*it = NULL;
			return NULL;
		}
	}
	ubrk_setText(*it, s, n, &err);
	return U_FAILURE(err) ? NULL : *it;
}

/* ---------------------------------------------------------------- */
/* One paragraph's working state. */

struct item {
	int32_t start, end; /* UTF-16 */
	int level, font;
	hb_script_t script;
	hb_glyph_info_t *info;
	hb_glyph_position_t *pos;
	unsigned n;
};

struct para {
	struct engine *e;
	const struct text_style *style;
	const char *text; /* normalised UTF-8, borrowed */
	size_t len8;
	UChar *u;
	int32_t n;
	int32_t *off8; /* n + 1: UTF-16 index -> UTF-8 offset */
	UBiDi *bidi;
	int base_level;
	const UBiDiLevel *levels;
	struct item *items;
	size_t nitems, cap;
	double *wsum; /* n + 1 prefix sums of advances, px */
	int missing;
	struct kpoint *kp; /* kashida points, at most one per word, in order */
	size_t nkp;
	struct kpoint *plan; /* room for nkp: the points line_reorder() stretches */
	size_t nplan;
	int rough; /* balanced lines: 1 out of balance, 2 against sense */
};

struct brk_line {
	int32_t start, end; /* UTF-16; end excludes nothing (spaces included) */
	int hard;	    /* ended by the paragraph end or a mandatory break */
};

static int is_hanging_space(UChar32 c)
{
	return u_charDirection(c) == U_WHITE_SPACE_NEUTRAL;
}

/* The one rule for which characters a justified line stretches: the
 * word separators (space, no-break space, ideographic space). Never
 * ZWNJ, which is part of a Persian word. */
static int is_justify_space(uint32_t c)
{
	return c == 0x0020 || c == 0x00A0 || c == 0x3000;
}

static int32_t trim_end(const struct para *p, int32_t start, int32_t end)
{
	while (end > start) {
		UChar32 c;
		int32_t k = end;
		U16_PREV(p->u, start, k, c);
		if (!is_hanging_space(c))
			break;
		end = k;
	}
	return end;
}

static double width_of(const struct para *p, int32_t a, int32_t b)
{
	return p->wsum[b] - p->wsum[a];
}

static hb_script_t hb_script_of(UScriptCode sc)
{
	const char *name = uscript_getShortName(sc);
	return name ? hb_script_from_string(name, -1) : HB_SCRIPT_COMMON;
}

static void shape_range(struct para *p, int32_t start, int32_t end, int level, int font,
			hb_script_t script, hb_glyph_info_t **info, hb_glyph_position_t **pos,
			unsigned *n)
{
	hb_buffer_t *b = p->e->hb;
	hb_buffer_clear_contents(b);
	hb_buffer_add_utf16(b, (const uint16_t *)p->u, p->n, (unsigned)start, (int)(end - start));
	hb_buffer_set_direction(b, (level & 1) ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
	hb_buffer_set_script(b, script);
	hb_buffer_set_language(b, hb_language_from_string("fa", -1));
	hb_buffer_set_flags(b, (start == 0 ? HB_BUFFER_FLAG_BOT : 0) |
				   (end == p->n ? HB_BUFFER_FLAG_EOT : 0) |
				   HB_BUFFER_FLAG_PRODUCE_SAFE_TO_INSERT_TATWEEL);
	hb_buffer_set_cluster_level(b, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
	struct font *f = font_chain_get(p->style->fonts, (size_t)font);
	hb_shape(font_hb(f, p->style->size), b, NULL, 0);
	unsigned count = hb_buffer_get_length(b);
	if (!hb_buffer_allocation_successful(b))
		count = 0;
	hb_glyph_info_t *gi = hb_buffer_get_glyph_infos(b, NULL);
	hb_glyph_position_t *gp = hb_buffer_get_glyph_positions(b, NULL);
	*info = xmalloc((count ? count : 1) * sizeof **info);
	*pos = xmalloc((count ? count : 1) * sizeof **pos);
	if (count) {
		memcpy(*info, gi, count * sizeof **info);
		memcpy(*pos, gp, count * sizeof **pos);
	}
	*n = count;
}

/* Script of every UTF-16 unit, with characters of no script of their own
 * (Common, Inherited) taking the script before them, or after them at the
 * start of the paragraph. */
static void resolve_scripts(const struct para *p, UScriptCode *sc)
{
	UScriptCode last = USCRIPT_INVALID_CODE;
	for (int32_t i = 0; i < p->n;) {
		UChar32 c;
		int32_t k = i;
		U16_NEXT(p->u, k, p->n, c);
		UErrorCode e = U_ZERO_ERROR;
		UScriptCode s = uscript_getScript(c, &e);
		if (U_FAILURE(e))
			s = USCRIPT_COMMON;
		if (s == USCRIPT_COMMON || s == USCRIPT_INHERITED || s == USCRIPT_UNKNOWN)
			s = last;
		else
			last = s;
		for (int32_t j = i; j < k; j++)
			sc[j] = s;
		i = k;
	}
	/* Fill the leading neutrals from the first real script. */
	UScriptCode next = p->base_level & 1 ? USCRIPT_ARABIC : USCRIPT_LATIN;
	for (int32_t i = p->n - 1; i >= 0; i--) {
		if (sc[i] == USCRIPT_INVALID_CODE)
			sc[i] = next;
		else
			next = sc[i];
	}
}

/* Font index for every UTF-16 unit: the first font in the chain with the
 * character (a colour emoji font first when U+FE0F follows it); marks, default ignorables (ZWJ in emoji sequences) and
 * spaces stay in the font before them when it has them, except that a
 * space after an emoji is set in a text font (an emoji font's space is
 * an emoji wide). */
static void resolve_fonts(struct para *p, int *fo)
{
	const struct font_chain *chain = p->style->fonts;
	int prev = 0;
	for (int32_t i = 0; i < p->n;) {
		UChar32 c;
		int32_t k = i;
		U16_NEXT(p->u, k, p->n, c);
		int f;
		int8_t gc = (int8_t)u_charType(c);
		int attach = gc == U_NON_SPACING_MARK || gc == U_ENCLOSING_MARK ||
			     gc == U_COMBINING_SPACING_MARK;
		if (u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT) ||
		    u_charDirection(c) == U_BOUNDARY_NEUTRAL) {
			f = prev; /* invisible: never a missing glyph */
		} else if (k < p->n && p->u[k] == 0xFE0F &&
			   (f = font_chain_find_emoji(chain, (uint32_t)c)) >= 0) {
			/* emoji presentation asked for: ❤️, 1️⃣ */
		} else if ((attach || (u_charDirection(c) == U_WHITE_SPACE_NEUTRAL &&
					 !font_is_color(font_chain_get(chain, (size_t)prev)))) &&
			   font_has_char(font_chain_get(chain, (size_t)prev), (uint32_t)c)) {
			f = prev;
		} else if (font_has_char(font_chain_get(chain, 0), (uint32_t)c)) {
			f = 0;
		} else {
			f = font_chain_find(chain, (uint32_t)c);
			if (f < 0) {
				p->missing++;
				f = 0; /* its .notdef glyph: a visible box */
			}
		}
		for (int32_t j = i; j < k; j++)
			fo[j] = f;
		prev = f;
		i = k;
	}
}

static void para_free(struct para *p)
{
	for (size_t i = 0; i < p->nitems; i++) {
		free(p->items[i].info);
		free(p->items[i].pos);
	}
	free(p->items);
	free(p->u);
	free(p->off8);
	free(p->wsum);
	free(p->kp);
	free(p->plan);
	if (p->bidi)
		ubidi_close(p->bidi);
	memset(p, 0, sizeof *p);
}

/* The paragraph in UTF-16 with its offset table. 0, or -1 when ICU
 * refuses the text (then the paragraph is laid out as nothing). */
static int para_open(struct para *p, struct engine *e, const struct text_style *st,
		     const char *text, size_t len)
{
	memset(p, 0, sizeof *p);
	p->e = e;
	p->style = st;
	p->text = text;
	p->len8 = len;
	if (!(p->u = utf16_from_utf8(text, len, &p->n)))
		return -1;
	p->off8 = utf16_to_utf8_offsets(text, len, p->n);
	return 0;
}

/* Stage: bidi levels once for the whole paragraph (bracket pairs too). */
static int para_bidi(struct para *p)
{
	UErrorCode e = U_ZERO_ERROR;
	p->bidi = ubidi_openSized(p->n, 0, &e);
	if (U_FAILURE(e))
		return -1;
	enum text_dir d = p->style->dir;
	UBiDiLevel level = d == TEXT_DIR_LTR ? 0 : d == TEXT_DIR_RTL ? 1 : UBIDI_DEFAULT_RTL;
	ubidi_setPara(p->bidi, p->u, p->n, level, NULL, &e);
	if (U_FAILURE(e))
		return -1;
	p->base_level = ubidi_getParaLevel(p->bidi);
	if (p->n > 0) { /* ICU refuses levels of an empty paragraph */
		p->levels = ubidi_getLevels(p->bidi, &e);
		if (U_FAILURE(e) || !p->levels)
			return -1;
	}
	return 0;
}

/* Stage: itemise into runs of one bidi level, script and font. */
static void para_itemise(struct para *p)
{
	UScriptCode *sc = xmalloc(((size_t)p->n + 1) * sizeof *sc);
	int *fo = xmalloc(((size_t)p->n + 1) * sizeof *fo);
	resolve_scripts(p, sc);
	resolve_fonts(p, fo);
	for (int32_t i = 0; i < p->n;) {
		int32_t j = i + 1;
		while (j < p->n && p->levels[j] == p->levels[i] && sc[j] == sc[i] && fo[j] == fo[i])
			j++;
		p->items = xgrow(p->items, &p->cap, p->nitems + 1, sizeof *p->items);
		struct item *it = &p->items[p->nitems++];
		memset(it, 0, sizeof *it);
		it->start = i;
		it->end = j;
		it->level = p->levels[i];
		it->font = fo[i];
		it->script = hb_script_of(sc[i]);
		i = j;
	}
	free(sc);
	free(fo);
}

/* Stage: shape every item (HarfBuzz, language fa) and keep the prefix
 * sums of the advances, per UTF-16 unit, for line breaking. */
static void para_shape(struct para *p)
{
	double *adv = xcalloc((size_t)p->n + 1, sizeof *adv);
	for (size_t i = 0; i < p->nitems; i++) {
		struct item *it = &p->items[i];
		shape_range(p, it->start, it->end, it->level, it->font, it->script, &it->info,
			    &it->pos, &it->n);
		for (unsigned g = 0; g < it->n; g++) {
			uint32_t cl = it->info[g].cluster;
			if (cl < (uint32_t)p->n)
				adv[cl] += it->pos[g].x_advance / 64.0;
		}
	}
	p->wsum = xmalloc(((size_t)p->n + 1) * sizeof *p->wsum);
	p->wsum[0] = 0;
	for (int32_t i = 0; i < p->n; i++)
		p->wsum[i + 1] = p->wsum[i] + adv[i];
	free(adv);
}

/* Does text break safely (without re-shaping) at UTF-16 position b inside
 * item it? */
static int safe_to_split(const struct item *it, int32_t b)
{
	if (b <= it->start || b >= it->end)
		return 1;
	int found = 0;
	for (unsigned g = 0; g < it->n; g++) {
		if ((int32_t)it->info[g].cluster != b)
			continue;
		found = 1;
		if (hb_glyph_info_get_glyph_flags(&it->info[g]) & HB_GLYPH_FLAG_UNSAFE_TO_BREAK)
			return 0;
	}
	return found;
}

/* Index of the first item that ends after position a (items are sorted). */
static size_t item_after(const struct para *p, int32_t a)
{
	size_t lo = 0, hi = p->nitems;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (p->items[mid].end <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The real width of [a, b) without trailing spaces: the prefix sums where
 * the ends split items safely, re-shaped pieces where they do not (Arabic
 * letters cut mid-word change their joining forms). */
static double measure(struct para *p, int32_t a, int32_t b)
{
	b = trim_end(p, a, b);
	double w = 0;
	for (size_t i = item_after(p, a); i < p->nitems && p->items[i].start < b; i++) {
		struct item *it = &p->items[i];
		int32_t pa = MAX(a, it->start), pb = MIN(b, it->end);
		if (pa >= pb)
			continue;
		if (safe_to_split(it, pa) && safe_to_split(it, pb)) {
			w += width_of(p, pa, pb);
			continue;
		}
		hb_glyph_info_t *info;
		hb_glyph_position_t *pos;
		unsigned n;
		shape_range(p, pa, pb, it->level, it->font, it->script, &info, &pos, &n);
		for (unsigned g = 0; g < n; g++)
			w += pos[g].x_advance / 64.0;
		free(info);
		free(pos);
	}
	return w;
}

/* ---------------------------------------------------------------- */
/* Kashida points (docs/text-layout.md, "Kashida"): where a justified line
 * may lengthen the joining stroke between two letters with U+0640 tatweel,
 * and how strongly the position is preferred, after the W3C "Arabic &
 * Persian Layout Requirements" (alreq), Persian conventions. */

#define TATWEEL 0x0640

struct kpoint {
	int32_t a, b; /* UTF-16: the letter the tatweel follows, the one before which it goes */
	int prio;     /* 7 (strongest) .. 1 */
	int letters;  /* of its word */
	double s;     /* stretch on the current line, px */
};

static int joining_type(UChar32 c)
{
	return u_getIntPropertyValue(c, UCHAR_JOINING_TYPE);
}

static int joining_group(UChar32 c)
{
	return u_getIntPropertyValue(c, UCHAR_JOINING_GROUP);
}

/* Joins to the letter after it (dual joining, or tatweel itself). */
static int joins_next(UChar32 c)
{
	int jt = joining_type(c);
	return jt == U_JT_DUAL_JOINING || c == TATWEEL;
}

/* Joins to the letter before it. */
static int joins_prev(UChar32 c)
{
	int jt = joining_type(c);
	return jt == U_JT_DUAL_JOINING || jt == U_JT_RIGHT_JOINING;
}

/* The nearest index before b (at least ws) that is not a transparent
 * mark; -1 if none. Marks ride on their letter. */
static int32_t prev_base(const struct para *p, int32_t b, int32_t ws)
{
	for (int32_t i = b - 1; i >= ws; i--)
		if (joining_type(p->u[i]) != U_JT_TRANSPARENT)
			return i;
	return -1;
}

static int32_t next_base(const struct para *p, int32_t b, int32_t we)
{
	for (int32_t i = b + 1; i < we; i++)
		if (joining_type(p->u[i]) != U_JT_TRANSPARENT)
			return i;
	return -1;
}

/* For every UTF-16 index b: 1 when HarfBuzz says a tatweel before the
 * cluster at b changes no shaping and the font has one; 0 otherwise
 * (also inside a ligature, where no glyph starts at b). Caller frees. */
static unsigned char *tatweel_safe(const struct para *p)
{
	unsigned char *safe = xcalloc((size_t)p->n + 1, 1); /* 0 unseen, 1 safe, 2 not */
	for (size_t i = 0; i < p->nitems; i++) {
		const struct item *it = &p->items[i];
		int has = font_has_char(font_chain_get(p->style->fonts, (size_t)it->font), TATWEEL);
		for (unsigned g = 0; g < it->n; g++) {
			uint32_t cl = it->info[g].cluster;
			if (cl < (uint32_t)p->n && !safe[cl])
				safe[cl] = has && (hb_glyph_info_get_glyph_flags(&it->info[g]) &
						   HB_GLYPH_FLAG_SAFE_TO_INSERT_TATWEEL)
					       ? 1
					       : 2;
		}
	}
	for (int32_t k = 0; k <= p->n; k++)
		safe[k] = safe[k] == 1;
	return safe;
}

/* Letters drawn as a beh tooth in the middle of a word. */
static int beh_like(int group)
{
	return group == U_JG_BEH || group == U_JG_NOON || group == U_JG_FARSI_YEH ||
	       group == U_JG_YEH;
}

/* alreq's order for a kashida between letters A and B (B at b, in the
 * word [ws, we)), strongest first; 0 where none may go. */
static int kashida_priority(const struct para *p, const unsigned char *safe, int32_t b, int32_t ws,
			    int32_t we, int32_t *ai)
{
	UChar32 B = p->u[b];
	int32_t a = prev_base(p, b, ws), c = next_base(p, b, we);
	if (a < 0 || U16_IS_SURROGATE(B) || !joins_prev(B) || !joins_next(p->u[a]))
		return 0; /* the letters do not join (ZWNJ, a non-joining letter) */
	UChar32 A = p->u[a], C = c >= 0 ? p->u[c] : 0;
	int ga = joining_group(A), gb = joining_group(B);
	if (ga == U_JG_LAM && gb == U_JG_ALEF)
		return 0; /* the lam-alef ligature */
	if (!safe[b] || item_after(p, a) != item_after(p, b))
		return 0; /* HarfBuzz says no, or the letters are in two runs */
	*ai = a;
	int final = !joins_next(B) || c < 0 || !joins_prev(C);
	if (final && (gb == U_JG_YEH || gb == U_JG_FARSI_YEH || gb == U_JG_YEH_BARREE))
		return 0; /* Persian: never before a final yeh */
	if (A == TATWEEL)
		return 7; /* the writer's own kashida */
	if (ga == U_JG_SEEN || ga == U_JG_SAD)
		return 6; /* after initial or medial seen, sad */
	if (!final)	  /* before a medial beh-like letter that a reh (always final) follows */
		return beh_like(gb) && joining_group(C) == U_JG_REH ? 3 : 0;
	if (gb == U_JG_HEH || gb == U_JG_TEH_MARBUTA || gb == U_JG_HEH_GOAL ||
	    gb == U_JG_KNOTTED_HEH || gb == U_JG_TEH_MARBUTA_GOAL || gb == U_JG_DAL)
		return 5;
	if (gb == U_JG_ALEF || gb == U_JG_TAH || gb == U_JG_LAM || gb == U_JG_KAF ||
	    gb == U_JG_GAF || gb == U_JG_SWASH_KAF)
		return 4;
	if (gb == U_JG_WAW || gb == U_JG_AIN || gb == U_JG_QAF || gb == U_JG_FEH)
		return 2;
	return 1; /* before any other final letter that joins */
}

/* No kashida in a word with letters of another script or digits. */
static int arabic_word(const struct para *p, int32_t ws, int32_t we)
{
	for (int32_t i = ws; i < we; i++) {
		UChar32 c = p->u[i];
		UErrorCode e = U_ZERO_ERROR;
		UScriptCode sc = uscript_getScript(c, &e);
		if (U16_IS_SURROGATE(c) || u_isdigit(c) || (u_isalpha(c) && sc != USCRIPT_ARABIC))
			return 0;
	}
	return 1;
}

static int is_word_end(UChar32 c)
{
	return is_justify_space(c) || u_isUWhiteSpace(c);
}

/* The letters of the word [ws, we): not marks, ZWNJ or punctuation. */
static int word_letters(const struct para *p, int32_t ws, int32_t we)
{
	int n = 0;
	for (int32_t i = ws; i < we; i++)
		n += u_isalpha(p->u[i]) != 0;
	return n;
}

/* Stage (justified with kashida only): the best kashida point of every
 * word of at least KASHIDA_MIN_LETTERS letters, the later one among
 * equals. */
static void para_kashida(struct para *p)
{
	size_t cap = 0;
	unsigned char *safe = tatweel_safe(p);
	for (int32_t ws = 0; ws < p->n;) {
		int32_t we = ws;
		while (we < p->n && !is_word_end(p->u[we]))
			we++;
		struct kpoint best = {0};
		int letters = word_letters(p, ws, we);
		int32_t first =
		    letters >= KASHIDA_MIN_LETTERS && arabic_word(p, ws, we) ? ws + 1 : we;
		for (int32_t b = first; b < we; b++) {
			int32_t a = 0;
			int prio = kashida_priority(p, safe, b, ws, we, &a);
			if (prio > 0 && prio >= best.prio)
				best = (struct kpoint){a, b, prio, letters, 0};
		}
		if (best.prio) {
			p->kp = xgrow(p->kp, &cap, p->nkp + 1, sizeof *p->kp);
			p->kp[p->nkp++] = best;
		}
		ws = we + 1;
	}
	free(safe);
	p->plan = xmalloc((p->nkp ? p->nkp : 1) * sizeof *p->plan);
}

/* The end of the longest run of whole graphemes from ls (at most limit)
 * that fits the box; at least one grapheme. */
static int32_t grapheme_end(struct para *p, int32_t ls, int32_t limit, double box)
{
	UBreakIterator *cb = engine_iter(p->e, UBRK_CHARACTER, p->u, p->n);
	int32_t first = cb ? ubrk_following(cb, ls) : ls + 1;
	if (first == UBRK_DONE || first > limit)
		return limit;
	int32_t end = first;
	for (;;) {
		int32_t next = cb ? ubrk_following(cb, end) : end + 1;
		if (next == UBRK_DONE || next > limit || width_of(p, ls, next) > box)
			break;
		end = next;
	}
	/* The estimate used whole-word shapes; step back while the real,
	 * re-shaped width is over. */
	while (end > first && measure(p, ls, end) > box + 0.01) {
		int32_t prev = cb ? ubrk_preceding(cb, end) : end - 1;
		if (prev == UBRK_DONE || prev <= ls)
			break;
		end = prev;
	}
	return end;
}

static void add_break(struct brk_line **lines, size_t *n, size_t *cap, int32_t start, int32_t end,
		      int hard)
{
	*lines = xgrow(*lines, cap, *n + 1, sizeof **lines);
	(*lines)[(*n)++] = (struct brk_line){start, end, hard};
}

/* Stage: greedy line breaking on the logical text (ICU, locale fa): the
 * longest run of words whose width (without trailing spaces) fits; a word
 * wider than the box breaks at grapheme boundaries. Returns the number of
 * lines (at least one); caller frees *lines. */
static size_t para_break(struct para *p, double box, struct brk_line **lines)
{
	size_t n = 0, cap = 0;
	*lines = NULL;
	if (p->n == 0) {
		add_break(lines, &n, &cap, 0, 0, 1);
		return n;
	}
	UBreakIterator *lb = engine_iter(p->e, UBRK_LINE, p->u, p->n);
	int32_t ls = 0, fit = -1, fit_hard = 0;
	int32_t pos = lb ? ubrk_following(lb, 0) : p->n;
	while (ls < p->n) {
		if (pos == UBRK_DONE || pos > p->n)
			pos = p->n;
		int hard = pos == p->n || (lb && ubrk_getRuleStatus(lb) >= UBRK_LINE_HARD &&
					   ubrk_getRuleStatus(lb) < UBRK_LINE_HARD_LIMIT);
		if (width_of(p, ls, trim_end(p, ls, pos)) <= box + 1e-6) {
			fit = pos;
			fit_hard = hard;
			if (hard) {
				add_break(lines, &n, &cap, ls, pos, 1);
				ls = pos;
				fit = -1;
			}
			if (pos >= p->n)
				break;
			pos = lb ? ubrk_following(lb, pos) : p->n;
			continue;
		}
		if (fit > ls) {
			int32_t e = fit;
			/* Rarely a word boundary is unsafe to cut and re-shaping
			 * widens the line: then cut inside the word. */
			if (measure(p, ls, fit) > box + 0.01)
				e = grapheme_end(p, ls, fit, box);
			add_break(lines, &n, &cap, ls, e, e == fit ? fit_hard : 0);
			ls = e;
			fit = -1;
			continue; /* the same opportunity, measured from the new start */
		}
		/* One word wider than the box: take graphemes while they fit. */
		int32_t end = grapheme_end(p, ls, pos, box);
		add_break(lines, &n, &cap, ls, end, 0);
		ls = end;
		fit = -1;
		pos = lb ? ubrk_following(lb, ls) : p->n;
	}
	return n;
}

/* The widest run of text between two line-break opportunities, px. */
static double widest_word(struct para *p)
{
	UBreakIterator *lb = engine_iter(p->e, UBRK_LINE, p->u, p->n);
	double w = 0;
	int32_t prev = 0;
	for (int32_t pos = lb ? ubrk_following(lb, 0) : p->n; pos != UBRK_DONE && pos <= p->n;
	     pos = ubrk_next(lb)) {
		w = MAX(w, width_of(p, prev, trim_end(p, prev, pos)));
		prev = pos;
		if (!lb || pos == p->n)
			break;
	}
	return w;
}

/* ------------------------------------------------------------ by sense */

static const struct {
	unsigned cls;
	const char *word;
} WORDS[] = {
#define WORD(c, w) {TEXT_WORD_##c, w},
#include "text/words.def"
#undef WORD
};

/* A character trimmed off a word before it is looked up. */
static int is_word_trim(uint32_t c)
{
	return u_ispunct((UChar32)c) || u_isUWhiteSpace((UChar32)c) ||
	       u_charType((UChar32)c) == U_FORMAT_CHAR;
}

unsigned text_word_class(const char *w, size_t n)
{
	const unsigned char *s = (const unsigned char *)w;
	size_t a = 0, b = n, used;
	while (a < b) {
		uint32_t c = utf8_decode(s + a, b - a, &used);
		if (!is_word_trim(c))
			break;
		a += used ? used : 1;
	}
	while (b > a) { /* step back over one UTF-8 character */
		size_t k = b - 1;
		while (k > a && (s[k] & 0xC0) == 0x80)
			k--;
		if (!is_word_trim(utf8_decode(s + k, b - k, &used)))
			break;
		b = k;
	}
	char low[64];
	if (b - a >= sizeof low)
		return 0;
	for (size_t i = a; i < b; i++)
		low[i - a] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
	low[b - a] = 0;
	for (size_t i = 0; i < ARRAY_LEN(WORDS); i++)
		if (!strcmp(low, WORDS[i].word))
			return WORDS[i].cls;
	return 0;
}

/* A break opportunity of a balanced paragraph: where, whether a line may
 * not end there (after a NO_END word, before a NO_START one), whether it
 * follows a comma, colon or semicolon. */
struct sense_point {
	int32_t at;
	unsigned char forbid, good;
};

static unsigned segment_class(const struct para *p, int32_t a, int32_t b)
{
	size_t a8 = (size_t)p->off8[a], b8 = (size_t)p->off8[trim_end(p, a, b)];
	return b8 > a8 ? text_word_class(p->text + a8, b8 - a8) : 0;
}

/* The line-break opportunities of p, with 0 and p->n at the ends, and
 * their sense; NULL when a forced break or none is inside. Caller frees. */
static struct sense_point *sense_points(struct para *p, size_t *m)
{
	UBreakIterator *lb = engine_iter(p->e, UBRK_LINE, p->u, p->n);
	if (!lb)
		return NULL;
	size_t cap = 0, k = 0;
	struct sense_point *sp = NULL;
	sp = xgrow(sp, &cap, 1, sizeof *sp);
	sp[k++] = (struct sense_point){0, 0, 0};
	for (int32_t pos = ubrk_following(lb, 0); pos != UBRK_DONE && pos <= p->n;
	     pos = ubrk_next(lb)) {
		int status = ubrk_getRuleStatus(lb);
		if (pos < p->n && status >= UBRK_LINE_HARD && status < UBRK_LINE_HARD_LIMIT) {
			free(sp);
			return NULL;
		}
		sp = xgrow(sp, &cap, k + 1, sizeof *sp);
		sp[k++] = (struct sense_point){pos, 0, 0};
		if (pos == p->n)
			break;
	}
	for (size_t j = 1; j + 1 < k; j++) {
		int32_t e = trim_end(p, sp[j - 1].at, sp[j].at);
		UChar last = e > sp[j - 1].at ? p->u[e - 1] : 0;
		sp[j].forbid = (segment_class(p, sp[j - 1].at, sp[j].at) & TEXT_WORD_NO_END) ||
			       (segment_class(p, sp[j].at, sp[j + 1].at) & TEXT_WORD_NO_START);
		sp[j].good = last == 0x060C || last == ':' || last == 0x061B || last == ';';
	}
	*m = k - 1;
	return sp;
}

/* The n lines over the opportunities sp[0..m] that fit box, never at a
 * forbidden point, with the least sum of squared slack (equal widths),
 * less bonus for each line ending at a good point. Fills choice[0..n]
 * with indices into sp; 0, or -1 when no such lines exist. */
static int sense_lines(struct para *p, const struct sense_point *sp, size_t m, double box, size_t n,
		       double bonus, size_t *choice)
{
	size_t w = m + 1;
	double *cost = xmalloc((n + 1) * w * sizeof *cost);
	size_t *from = xmalloc((n + 1) * w * sizeof *from);
	for (size_t i = 0; i < (n + 1) * w; i++)
		cost[i] = INFINITY;
	cost[0] = 0;
	for (size_t k = 1; k <= n; k++)
		for (size_t j = k; j <= m; j++) {
			if (j < m && sp[j].forbid)
				continue;
			for (size_t i = j; i-- > k - 1;) {
				double lw = width_of(p, sp[i].at, trim_end(p, sp[i].at, sp[j].at));
				if (lw > box + 1e-6)
					break; /* earlier starts are wider still */
				double c = cost[(k - 1) * w + i] + (box - lw) * (box - lw) -
					   (j < m && sp[j].good ? bonus : 0);
				if (c < cost[k * w + j]) {
					cost[k * w + j] = c;
					from[k * w + j] = i;
				}
			}
		}
	int ok = isfinite(cost[n * w + m]);
	if (ok) {
		choice[n] = m;
		for (size_t k = n; k > 0; k--)
			choice[k - 1] = from[k * w + choice[k]];
	}
	free(cost);
	free(from);
	return ok ? 0 : -1;
}

/* Whether the lines break at a forbidden point, and how many at a good
 * one, by the opportunities sp. */
static int sense_check(const struct sense_point *sp, size_t m, const struct brk_line *l, size_t n,
		       int *good)
{
	int bad = 0;
	*good = 0;
	for (size_t i = 0; i + 1 < n; i++)
		for (size_t j = 1; j < m; j++)
			if (sp[j].at == l[i].end) {
				bad |= sp[j].forbid;
				*good += sp[j].good;
			}
	return bad;
}

/* The k lines sense_lines() finds, in *out (caller frees), and their
 * balance: the shortest line's width over the longest's; -1 (and *out
 * NULL) when there are none or re-shaping at a cut widened a line. */
static double sense_try(struct para *p, const struct sense_point *sp, size_t m, double box,
			size_t k, double bonus, struct brk_line **out)
{
	size_t *choice = xmalloc((k + 1) * sizeof *choice);
	double lo = INFINITY, hi = 0;
	*out = NULL;
	if (sense_lines(p, sp, m, box, k, bonus, choice) == 0) {
		*out = xmalloc(k * sizeof **out);
		for (size_t i = 0; i < k; i++) {
			struct brk_line *l = &(*out)[i];
			*l = (struct brk_line){sp[choice[i]].at, sp[choice[i + 1]].at, i + 1 == k};
			double w = measure(p, l->start, trim_end(p, l->start, l->end));
			lo = MIN(lo, w);
			hi = MAX(hi, w);
		}
	}
	free(choice);
	if (*out && hi <= box + 0.01 && hi > 0)
		return lo / hi;
	free(*out);
	*out = NULL;
	return -1;
}

/* The shortest of n lines over the longest. */
static double lines_balance(struct para *p, const struct brk_line *l, size_t n)
{
	double lo = INFINITY, hi = 0;
	for (size_t i = 0; i < n; i++) {
		double w = width_of(p, l[i].start, trim_end(p, l[i].start, l[i].end));
		lo = MIN(lo, w);
		hi = MAX(hi, w);
	}
	return hi > 0 ? lo / hi : 1;
}

/* A balanced paragraph broken by sense (docs/text-layout.md, "Headlines
 * by sense"). The width-balanced lines in *lines stay unless they end a
 * line on a listed word or begin one with a light verb, or the text has
 * a comma the lines could break after while keeping the balance
 * (SENSE_BALANCE), or they are out of balance where other breaks are
 * not. Then the n lines sense_lines() finds replace them, or n + 1
 * (within max_lines) when only they keep the balance. p->rough is set
 * when sense could be kept only out of balance, or not at all:
 * text_layout_fit() then tries a smaller size. Returns the number of
 * lines. */
static size_t para_sense(struct para *p, double box, struct brk_line **lines, size_t n)
{
	size_t m = 0;
	struct sense_point *sp = sense_points(p, &m);
	if (!sp)
		return n;
	int good0, good1, bad = sense_check(sp, m, *lines, n, &good0);
	double avg = width_of(p, 0, p->n) / (double)n, bonus = 2 * (0.2 * avg) * (0.2 * avg);
	struct brk_line *best, *more = NULL;
	size_t k = n;
	double b = sense_try(p, sp, m, box, n, bonus, &best);
	int room = !p->style->max_lines || (int)n < p->style->max_lines;
	if (bad && b < SENSE_BALANCE) {
		double b1 = room ? sense_try(p, sp, m, box, n + 1, bonus, &more) : -1;
		if (more && (b1 >= SENSE_BALANCE || !best)) {
			free(best);
			best = more;
			b = b1;
			k = n + 1;
		} else {
			free(more);
		}
		p->rough = !best ? 2 : b < SENSE_BALANCE;
	}
	if (best && !bad &&
	    (sense_check(sp, m, best, k, &good1),
	     b < SENSE_BALANCE ||
		 (good1 <= good0 && lines_balance(p, *lines, n) >= SENSE_BALANCE))) {
		free(best); /* the balanced lines already read well */
		best = NULL;
	}
	if (best) {
		free(*lines);
		*lines = best;
		n = k;
	}
	free(sp);
	return n;
}

/* Body text as CSS text-wrap: pretty: when a paragraph of more than two
 * lines would end with one word alone, the line before gives it its last
 * word, if both still fit. */
static void para_pretty(struct para *p, double box, struct brk_line *lines, size_t n)
{
	if (n < 3 || lines[n - 2].hard)
		return;
	struct brk_line *prev = &lines[n - 2], *last = &lines[n - 1];
	UBreakIterator *lb = engine_iter(p->e, UBRK_LINE, p->u, p->n);
	if (!lb)
		return;
	int32_t next = ubrk_following(lb, last->start);
	if (next != UBRK_DONE && next < trim_end(p, last->start, last->end))
		return; /* more than one word */
	int32_t q = ubrk_preceding(lb, prev->end);
	if (q == UBRK_DONE || q <= prev->start)
		return; /* the line before is one word */
	int32_t e = trim_end(p, q, last->end);
	if (width_of(p, q, e) > box + 1e-6 || measure(p, q, e) > box + 0.01 ||
	    measure(p, prev->start, trim_end(p, prev->start, q)) > box + 0.01)
		return;
	prev->end = q;
	last->start = q;
}

/* Stage: break lines; for a balanced paragraph (headlines), the narrowest
 * box, to half a pixel, that breaks the text into as many lines as the
 * whole box does without cutting a word, the way CSS text-wrap: balance
 * does, then broken by sense (para_sense). Other paragraphs keep the
 * greedy breaks, but never end with one word alone (para_pretty).
 * Returns the number of lines; caller frees *lines. */
static size_t para_lines(struct para *p, double box, struct brk_line **lines)
{
	size_t n = para_break(p, box, lines);
	if (!p->style->balance) {
		para_pretty(p, box, *lines, n);
		return n;
	}
	if (n < 2)
		return n;
	double lo = MAX(widest_word(p), width_of(p, 0, p->n) / (double)n) - 0.5, hi = box;
	while (hi - lo > 0.5) {
		double mid = (lo + hi) / 2;
		struct brk_line *tmp;
		size_t m = para_break(p, mid, &tmp);
		free(tmp);
		if (m == n)
			hi = mid;
		else
			lo = mid;
	}
	if (hi < box) {
		free(*lines);
		n = para_break(p, hi, lines);
	}
	return para_sense(p, box, lines, n);
}

/* The tatweel glyph of font and its advance, px; 0 when it has none. */
static uint32_t tatweel_glyph(const struct para *p, int font, double *adv)
{
	hb_font_t *hf = font_hb(font_chain_get(p->style->fonts, (size_t)font), p->style->size);
	hb_codepoint_t g = 0;
	*adv = 0;
	if (!hb_font_get_nominal_glyph(hf, TATWEEL, &g))
		return 0;
	*adv = hb_font_get_glyph_h_advance(hf, g) / 64.0;
	return *adv > 0 ? g : 0;
}

/* How many tatweel glyphs stretch s px: enough to cover it, overlapping. */
static size_t tatweel_count(double s, double adv)
{
	return s > 0 && adv > 0 ? (size_t)ceil(s / adv - 1e-9) : 0;
}

/* Add to r, at pen, the tatweels of the planned points with b in
 * (lo, hi]; returns the pen after them. Each point's glyphs overlap
 * evenly so they cover exactly its stretch, and carry the cluster of the
 * letter they follow. */
static double add_tatweels(const struct para *p, int font, int32_t lo, int32_t hi,
			   struct text_run *r, double pen)
{
	double adv;
	uint32_t id = tatweel_glyph(p, font, &adv);
	for (size_t i = 0; id && i < p->nplan; i++) {
		const struct kpoint *k = &p->plan[i];
		if (k->b <= lo || k->b > hi)
			continue;
		size_t n = tatweel_count(k->s, adv);
		double step = k->s / (double)n, over = (adv - step) / 2;
		for (size_t j = 0; j < n; j++) {
			struct text_glyph *tg = &r->glyphs[r->nglyphs++];
			tg->id = id;
			tg->cluster = (uint32_t)p->off8[k->a];
			tg->x = (float)(pen + (double)j * step - over);
			tg->y = 0;
		}
		pen += k->s;
	}
	return pen;
}

/* Room for the tatweels the plan puts in (pa, pb). */
static size_t planned_tatweels(const struct para *p, int font, int32_t pa, int32_t pb)
{
	double adv;
	size_t n = 0;
	if (!p->nplan || !tatweel_glyph(p, font, &adv))
		return 0;
	for (size_t i = 0; i < p->nplan; i++)
		if (p->plan[i].b > pa && p->plan[i].b < pb)
			n += tatweel_count(p->plan[i].s, adv);
	return n;
}

/* The glyphs of item it between pa and pb as run r's, left to right; the
 * piece is re-shaped when its ends cut the item where joining changes.
 * Kashida planned for the line goes in as tatweel glyphs. */
static void run_glyphs(struct para *p, const struct item *it, int32_t pa, int32_t pb, int rtl,
		       struct text_run *r)
{
	hb_glyph_info_t *info = it->info, *own_info = NULL;
	hb_glyph_position_t *pos = it->pos, *own_pos = NULL;
	unsigned n = it->n;
	if ((pa > it->start || pb < it->end) &&
	    (!safe_to_split(it, pa) || !safe_to_split(it, pb))) {
		shape_range(p, pa, pb, it->level, it->font, it->script, &own_info, &own_pos, &n);
		info = own_info;
		pos = own_pos;
	}
	int flip = (it->level & 1) != rtl; /* L1 moved it to the other side */
	size_t extra = rtl && !flip ? planned_tatweels(p, it->font, pa, pb) : 0;
	r->glyphs = xmalloc((n + extra ? n + extra : 1) * sizeof *r->glyphs);
	double pen = 0;
	int32_t prev = -1; /* RTL: clusters fall from left to right */
	for (unsigned gi = 0; gi < n; gi++) {
		unsigned g = flip ? n - 1 - gi : gi;
		int32_t cl = (int32_t)info[g].cluster;
		if (cl < pa || cl >= pb)
			continue;
		if (extra && prev > cl)
			pen = add_tatweels(p, it->font, cl, prev, r, pen);
		prev = cl;
		struct text_glyph *tg = &r->glyphs[r->nglyphs++];
		tg->id = info[g].codepoint;
		tg->cluster = (uint32_t)p->off8[cl];
		tg->x = (float)(pen + pos[g].x_offset / 64.0);
		tg->y = (float)(pos[g].y_offset / 64.0);
		pen += pos[g].x_advance / 64.0;
	}
	r->width = (float)pen;
	free(own_info);
	free(own_pos);
}
/* Append to out the runs of the items in the visual run [a, b). */
static void line_add_runs(struct para *p, int32_t a, int32_t b, int rtl, struct text_line *out,
			  size_t *cap)
{
	size_t first = item_after(p, a), last = first;
	while (last < p->nitems && p->items[last].start < b)
		last++;
	for (size_t k = 0; k < last - first; k++) {
		const struct item *it = &p->items[rtl ? last - 1 - k : first + k];
		int32_t pa = MAX(a, it->start), pb = MIN(b, it->end);
		if (pa >= pb)
			continue;
		out->runs = xgrow(out->runs, cap, out->nruns + 1, sizeof *out->runs);
		struct text_run *r = &out->runs[out->nruns++];
		memset(r, 0, sizeof *r);
		r->rtl = rtl;
		hb_tag_to_string(hb_script_to_iso15924_tag(it->script), r->script);
		r->script[4] = 0;
		r->font = it->font;
		r->start = (size_t)p->off8[pa];
		r->end = (size_t)p->off8[pb];
		run_glyphs(p, it, pa, pb, rtl, r);
	}
}

/* Stage: one line's runs in visual order (UAX #9 L1 and L2 through
 * ubidi_setLine; HarfBuzz already returns RTL glyphs right to left). */
static void line_reorder(struct para *p, const struct brk_line *bl, int paragraph,
			 struct text_line *out)
{
	memset(out, 0, sizeof *out);
	out->paragraph = paragraph;
	int32_t start = bl->start, end = trim_end(p, bl->start, bl->end);
	if (end <= start)
		return;
	UErrorCode e = U_ZERO_ERROR;
	UBiDi *line = ubidi_openSized(end - start, 0, &e);
	if (U_FAILURE(e))
		return;
	ubidi_setLine(p->bidi, start, end, line, &e);
	int32_t nvis = U_SUCCESS(e) ? ubidi_countRuns(line, &e) : 0;
	if (U_FAILURE(e))
		nvis = 0;
	size_t cap = 0;
	for (int32_t v = 0; v < nvis; v++) {
		int32_t ls, len;
		UBiDiDirection dir = ubidi_getVisualRun(line, v, &ls, &len);
		line_add_runs(p, start + ls, start + ls + len, dir == UBIDI_RTL, out, &cap);
	}
	ubidi_close(line);
}

static void line_free(struct text_line *l)
{
	for (size_t i = 0; i < l->nruns; i++)
		free(l->runs[i].glyphs);
	free(l->runs);
	memset(l, 0, sizeof *l);
}

/* The advance of a space in the first font, px: the unit justification
 * measures spaces in. */
static double space_width(const struct text_style *st)
{
	struct font *f0 = font_chain_get(st->fonts, 0);
	hb_codepoint_t sg;
	if (!hb_font_get_nominal_glyph(font_hb(f0, st->size), ' ', &sg))
		return 0;
	return hb_font_get_glyph_h_advance(font_hb(f0, st->size), sg) / 64.0;
}

/* Kashida points first in the order they are used: the longer word
 * (a stretched short word looks like a mistake), the stronger position,
 * then the later word of the line. */
static int kpoint_cmp(const void *x, const void *y)
{
	const struct kpoint *a = x, *b = y;
	if (a->letters != b->letters)
		return b->letters - a->letters;
	if (a->prio != b->prio)
		return b->prio - a->prio;
	return (b->b > a->b) - (b->b < a->b);
}

/* Share gap px among the line's kashida points [start, end): as few
 * points as keep each under KASHIDA_MAX_EM, at most KASHIDA_PER_LINE, in
 * kpoint_cmp's order; the chosen go to p->plan. Returns what is left of
 * gap. */
static double plan_kashida(struct para *p, int32_t start, int32_t end, double gap)
{
	p->nplan = 0;
	for (size_t i = 0; i < p->nkp; i++)
		if (p->kp[i].a >= start && p->kp[i].b < end)
			p->plan[p->nplan++] = p->kp[i];
	if (gap < 0.01)
		p->nplan = 0; /* the spaces were enough */
	if (p->nplan == 0)
		return gap;
	qsort(p->plan, p->nplan, sizeof *p->plan, kpoint_cmp);
	double kmax = KASHIDA_MAX_EM * p->style->size;
	size_t k = MIN(MIN(p->nplan, (size_t)KASHIDA_PER_LINE), (size_t)ceil(gap / kmax - 1e-9));
	double per = MIN(gap / (double)k, kmax);
	p->nplan = MAX(k, (size_t)1);
	for (size_t i = 0; i < p->nplan; i++)
		p->plan[i].s = per;
	return gap - per * (double)p->nplan;
}

/* How a justified paragraph's line of natural width w meets both
 * margins: *extra px for each space, and kashida in p->plan. Returns 0
 * when the line is not justified (the last of its paragraph, or one word
 * with no kashida point: then it aligns to the start). */
static int justify_line(struct para *p, const struct brk_line *bl, int last, double w,
			double *extra)
{
	const struct text_style *st = p->style;
	*extra = 0;
	p->nplan = 0;
	if (st->align != TEXT_ALIGN_JUSTIFY || last || bl->hard || !(w < st->width))
		return 0;
	int32_t end = trim_end(p, bl->start, bl->end);
	int spaces = 0;
	for (int32_t i = bl->start; i < end; i++)
		spaces += is_justify_space(p->u[i]);
	double gap = st->width - w;
	if (st->justify == TEXT_JUSTIFY_SPACES) {
		*extra = spaces ? gap / spaces : 0;
		return spaces > 0;
	}
	/* Spaces to 1.5x, then kashida, then spaces again. */
	double first = spaces ? MIN(gap / spaces, SPACE_STRETCH * space_width(st)) : 0;
	gap = plan_kashida(p, bl->start, end, gap - first * spaces);
	if (gap > 0.01 && spaces) {
		first += gap / spaces;
	} else if (gap > 0.01 && p->nplan) {
		for (size_t i = 0; i < p->nplan; i++)
			p->plan[i].s += gap / (double)p->nplan;
	} else if (gap > 0.01) {
		return 0;
	}
	*extra = first;
	return 1;
}

/* Widen every justification space of run r by extra. */
static void run_stretch(const struct para *p, struct text_run *r, double extra)
{
	double shift = 0;
	for (size_t g = 0; g < r->nglyphs; g++) {
		size_t at = r->glyphs[g].cluster, used;
		uint32_t c = utf8_decode((const unsigned char *)p->text + at, p->len8 - at, &used);
		r->glyphs[g].x += (float)shift;
		if (is_justify_space(c))
			shift += extra;
	}
	r->width += (float)shift;
}

static double runs_width(const struct text_line *l)
{
	double w = 0;
	for (size_t i = 0; i < l->nruns; i++)
		w += l->runs[i].width;
	return w;
}

/* Stage: place the runs of a line left to right, aligned, or justified
 * when it is a justified paragraph's line that is not its last. With
 * kashida the runs are built again with the tatweels in them. */
static void line_align(struct para *p, const struct brk_line *bl, int last, struct text_line *out)
{
	const struct text_style *st = p->style;
	double w = runs_width(out), extra = 0;
	int justified = justify_line(p, bl, last, w, &extra);
	if (p->nplan) {
		int paragraph = out->paragraph;
		line_free(out);
		line_reorder(p, bl, paragraph, out);
		p->nplan = 0;
	}
	/* A line that is not justified aligns to the start. */
	enum text_align al = st->align == TEXT_ALIGN_JUSTIFY ? TEXT_ALIGN_START : st->align;
	double x0;
	if (justified)
		x0 = 0;
	else if (al == TEXT_ALIGN_CENTER)
		x0 = (st->width - w) / 2;
	else if ((al == TEXT_ALIGN_START) == ((p->base_level & 1) != 0))
		x0 = st->width - w; /* right */
	else
		x0 = 0;
	double x = x0;
	for (size_t i = 0; i < out->nruns; i++) {
		struct text_run *r = &out->runs[i];
		r->x = (float)x;
		if (extra > 0)
			run_stretch(p, r, extra);
		x += r->width;
	}
	out->width = (float)(x - x0);
}

/* ---------------------------------------------------------------- */
/* Paragraphs into the layout. */

struct builder {
	struct engine *e;
	const struct text_style *st;
	struct text_layout *l;
	size_t cap_lines, cap_paras;
	int budget; /* lines left; -1: no limit */
};

/* Bidi, itemise, shape, break: everything before a paragraph has lines.
 * Returns the line count (0 when ICU refuses the text); caller frees
 * *lines and para_free(p). */
static size_t para_prepare(struct para *p, struct builder *b, const char *text, size_t len,
			   struct brk_line **lines)
{
	*lines = NULL;
	if (para_open(p, b->e, b->st, text, len) != 0 || para_bidi(p) != 0)
		return 0;
	para_itemise(p);
	para_shape(p);
	if (b->st->align == TEXT_ALIGN_JUSTIFY && b->st->justify == TEXT_JUSTIFY_KASHIDA)
		para_kashida(p);
	return para_lines(p, b->st->width, lines);
}

/* How many lines the paragraph takes. */
static size_t count_lines(struct builder *b, const char *text, size_t len)
{
	struct para p;
	struct brk_line *bl;
	size_t nl = para_prepare(&p, b, text, len, &bl);
	free(bl);
	para_free(&p);
	return nl;
}

/* The UTF-8 end (trailing spaces dropped) of the last line of the
 * paragraph that fits in the lines left; len when it has no lines. */
static int32_t budget_end8(struct builder *b, const char *text, size_t len)
{
	struct para p;
	struct brk_line *bl;
	size_t nl = para_prepare(&p, b, text, len, &bl);
	int32_t end8 = (int32_t)len;
	if (nl) {
		size_t k = b->budget > 0 ? MIN(nl, (size_t)b->budget) - 1 : nl - 1;
		end8 = p.off8[trim_end(&p, bl[k].start, bl[k].end)];
	}
	free(bl);
	para_free(&p);
	return end8;
}

/* Lay out a normalised paragraph, already the layout's last, and append
 * its lines (reordered, then aligned). Returns the number of lines. */
static size_t emit_paragraph(struct builder *b, const char *text, size_t len)
{
	struct text_layout *l = b->l;
	struct para p;
	struct brk_line *bl;
	size_t nl = para_prepare(&p, b, text, len, &bl);
	for (size_t i = 0; i < nl; i++) {
		l->lines = xgrow(l->lines, &b->cap_lines, l->nlines + 1, sizeof *l->lines);
		struct text_line *ln = &l->lines[l->nlines++];
		line_reorder(&p, &bl[i], (int)l->nparagraphs - 1, ln);
		line_align(&p, &bl[i], i + 1 == nl, ln);
	}
	l->missing_glyphs += p.missing;
	l->rough = MAX(l->rough, p.rough);
	free(bl);
	para_free(&p);
	return nl;
}

/* The last line-break opportunity before the end of text (cut8 bytes),
 * else the last grapheme boundary; 0 at the start. */
static int32_t step_back8(struct builder *b, const char *text, int32_t cut8)
{
	int32_t n16;
	UChar *u = utf16_from_utf8(text, (size_t)cut8, &n16);
	if (!u)
		return 0;
	UBreakIterator *it = engine_iter(b->e, UBRK_LINE, u, n16);
	int32_t prev = it ? ubrk_preceding(it, n16) : UBRK_DONE;
	if (prev == UBRK_DONE || prev <= 0) {
		it = engine_iter(b->e, UBRK_CHARACTER, u, n16);
		prev = it ? ubrk_preceding(it, n16) : n16 - 1;
		if (prev == UBRK_DONE || prev < 0)
			prev = 0;
	}
	int32_t n8 = 0;
	UErrorCode e = U_ZERO_ERROR;
	u_strToUTF8WithSub(NULL, 0, &n8, u, prev, 0xFFFD, NULL, &e);
	free(u);
	return n8 < cut8 ? n8 : cut8 - 1;
}

/* cut8 moved back over spaces, and over words a line never ends on
 * (TEXT_WORD_NO_END: never «…برجام و…»), keeping the first word. */
static int32_t cut_before_listed(const char *text, int32_t cut8)
{
	for (;;) {
		while (cut8 > 0 && (text[cut8 - 1] == ' ' || text[cut8 - 1] == '\t'))
			cut8--;
		int32_t ws = cut8;
		while (ws > 0 && text[ws - 1] != ' ' && text[ws - 1] != '\t')
			ws--;
		if (ws == 0 ||
		    !(text_word_class(text + ws, (size_t)(cut8 - ws)) & TEXT_WORD_NO_END))
			return cut8;
		cut8 = ws;
	}
}

/* The end of the last whole sentence in text[0, cut8) (after . ! ? ؟ or
 * ۔ and before a space), or cut8 when there is none. */
static int32_t cut_at_sentence(const char *text, int32_t cut8)
{
	for (int32_t i = cut8; i > 0; i--) {
		if (i < cut8 && text[i] != ' ')
			continue;
		const char *e = text + i;
		if (e[-1] == '.' || e[-1] == '!' || e[-1] == '?' ||
		    (i >= 2 && (!memcmp(e - 2, "\xD8\x9F", 2) || !memcmp(e - 2, "\xDB\x94", 2))))
			return i;
	}
	return cut8;
}

/* The direction of the strong character nearest to text[cut8] going
 * back (dir -1) or from text[0] forward (dir 1): 1 right to left, 0 left
 * to right, -1 none. */
static int strong_dir(const char *text, int32_t cut8, int dir)
{
	for (int32_t i = dir < 0 ? cut8 : 0; dir < 0 ? i > 0 : i < cut8;) {
		int32_t k = dir < 0 ? i - 1 : i;
		while (dir < 0 && k > 0 && ((unsigned char)text[k] & 0xC0) == 0x80)
			k--;
		size_t used;
		UChar32 c = (UChar32)utf8_decode((const unsigned char *)text + k,
						 (size_t)(cut8 - k), &used);
		UCharDirection d = u_charDirection(c);
		if (d == U_LEFT_TO_RIGHT)
			return 0;
		if (d == U_RIGHT_TO_LEFT || d == U_RIGHT_TO_LEFT_ARABIC)
			return 1;
		i = dir < 0 ? k : k + (int32_t)(used ? used : 1);
	}
	return -1;
}

/* The mark that keeps an ellipsis with the text before it when that
 * text runs against the paragraph (an English title cut in a right-to-
 * left frame gets its «…» at its own end, not at the frame's start):
 * LRM or RLM; "" when it runs with the paragraph. */
static const char *ellipsis_mark(const struct text_style *st, const char *text, size_t len,
				 int32_t cut8)
{
	int last = strong_dir(text, cut8, -1);
	int base = st->dir == TEXT_DIR_RTL   ? 1
		   : st->dir == TEXT_DIR_LTR ? 0
					     : strong_dir(text, (int32_t)len, 1) != 0;
	if (last < 0 || last == base)
		return "";
	return last ? "\xE2\x80\x8F" : "\xE2\x80\x8E";
}

/* The paragraph does not fit in the lines left: cut it at the end of the
 * last line that fits (with cut_sentence, at the end of its last
 * sentence there) and end it with an ellipsis, stepping back a word (or
 * a grapheme) until the result fits; never right after a listed word.
 * Returns the new text. */
static char *truncate_paragraph(struct builder *b, const char *text, size_t len)
{
	int32_t cut8 = budget_end8(b, text, len);
	if (b->st->cut_sentence)
		cut8 = cut_at_sentence(text, cut8);
	struct buf cand = {0};
	for (;;) {
		cut8 = cut_before_listed(text, cut8);
		cand.len = 0;
		buf_append(&cand, text, (size_t)cut8);
		if (b->st->cut_sentence && cut8 > 0 && cut_at_sentence(text, cut8) == cut8)
			buf_puts(&cand, "\xC2\xA0"); /* «end. …»: the ellipsis after a sentence */
		buf_puts(&cand, ELLIPSIS);
		buf_puts(&cand, ellipsis_mark(b->st, text, len, cut8));
		if (cut8 == 0 || count_lines(b, cand.data, cand.len) <= (size_t)b->budget)
			break;
		cut8 = step_back8(b, text, cut8);
	}
	return buf_steal(&cand);
}

/* With max_lines: the paragraph as it fits in the lines left, ending
 * with an ellipsis when it is cut or when more paragraphs would follow
 * and none fits. Takes text; returns it or its replacement (*len too). */
static char *fit_budget(struct builder *b, char *text, size_t *len, int more)
{
	if (b->budget <= 0)
		return text;
	size_t need = count_lines(b, text, *len);
	char *t = NULL;
	if (need > (size_t)b->budget) {
		t = truncate_paragraph(b, text, *len);
	} else if (need == (size_t)b->budget && more) {
		/* All of it fits, but nothing after it will: the ellipsis says
		 * there is more. */
		struct buf c = {0};
		buf_append(&c, text, *len);
		buf_puts(&c, ELLIPSIS);
		t = buf_steal(&c);
		if (count_lines(b, t, strlen(t)) > (size_t)b->budget) {
			free(t);
			t = truncate_paragraph(b, text, *len);
		}
	}
	if (!t)
		return text;
	free(text);
	*len = strlen(t);
	b->l->truncated = 1;
	return t;
}

/* Keep at most MAX_MARKS combining marks in a row (UAX #15's stream-safe
 * limit is 30): no script needs more, and shaping cost grows with the
 * square of a mark run. In place; returns the new length. */
#define MAX_MARKS 32
static size_t limit_marks(char *s, size_t n)
{
	size_t out = 0, run = 0;
	for (size_t i = 0; i < n;) {
		size_t used;
		uint32_t c = utf8_decode((const unsigned char *)s + i, n - i, &used);
		int8_t gc = (int8_t)u_charType((UChar32)c);
		run = (gc == U_NON_SPACING_MARK || gc == U_ENCLOSING_MARK) ? run + 1 : 0;
		if (run <= MAX_MARKS) {
			memmove(s + out, s + i, used);
			out += used;
		}
		i += used;
	}
	s[out] = 0;
	return out;
}

/* Stage: one paragraph's raw bytes as the engine reads them: tabs and
 * other controls become spaces, then text_normalize() and the mark
 * limit. Caller frees. */
static char *paragraph_normalise(const char *s, size_t n, const struct text_style *st, size_t *len)
{
	struct buf raw = {0};
	for (size_t k = 0; k < n; k++) {
		unsigned char c = (unsigned char)s[k];
		buf_putc(&raw, (c < 0x20 && c != 0) ? ' ' : (char)c);
	}
	int rtl = st->dir != TEXT_DIR_LTR;
	char *t = text_normalize(raw.data ? raw.data : "", raw.len, st->norm, rtl, len);
	buf_free(&raw);
	*len = limit_marks(t, *len);
	return t;
}

/* The paragraph starting at byte i ends at *end; the next starts at
 * *next. Paragraphs end at LF, CR, CRLF, NEL and U+2029; a final newline
 * does not start an empty paragraph. */
static void paragraph_bounds(const char *text, size_t n, size_t i, size_t *end, size_t *next)
{
	size_t j = i;
	for (; j < n; j++) {
		unsigned char c = (unsigned char)text[j];
		if (c == '\n' || c == '\r') {
			*next = j + 1 + (c == '\r' && j + 1 < n && text[j + 1] == '\n');
			break;
		}
		if (c == 0xE2 && j + 2 < n && (unsigned char)text[j + 1] == 0x80 &&
		    (unsigned char)text[j + 2] == 0xA9) {
			*next = j + 3;
			break;
		}
		if (c == 0xC2 && j + 1 < n && (unsigned char)text[j + 1] == 0x85) {
			*next = j + 2;
			break;
		}
	}
	if (j >= n)
		*next = n;
	*end = j;
}

static void add_paragraph_text(struct builder *b, char *text)
{
	struct text_layout *l = b->l;
	l->paragraphs =
	    xgrow(l->paragraphs, &b->cap_paras, l->nparagraphs + 1, sizeof *l->paragraphs);
	l->paragraphs[l->nparagraphs++] = text;
}

static double line_advance(const struct text_style *st)
{
	return st->size * (st->line_height > 0 ? st->line_height : 1.7);
}

/* Vertical placement: half-leading around the primary font's ascent +
 * descent, like CSS. */
static void place_lines(struct text_layout *l, const struct text_style *st)
{
	double lh = line_advance(st);
	struct font_metrics m;
	font_metrics(font_chain_get(st->fonts, 0), st->size, &m);
	for (size_t k = 0; k < l->nlines; k++) {
		l->lines[k].y = (float)(k * lh);
		l->lines[k].baseline =
		    (float)(k * lh + (lh - (m.ascent + m.descent)) / 2 + m.ascent);
	}
	l->height = (float)(l->nlines * lh);
}

/* text_layout() with the engine's reusable state. */
static struct text_layout *layout_with(struct engine *e, const char *text, size_t n,
				       const struct text_style *st)
{
	struct text_layout *l = xcalloc(1, sizeof *l);
	l->width = (float)st->width;
	l->size = (float)st->size;
	l->line_height = (float)line_advance(st);
	l->fonts = st->fonts;
	if (!st->fonts || font_chain_len(st->fonts) == 0 || !(st->size > 0) || !(st->width > 0))
		return l;
	struct builder b = {
	    .e = e, .st = st, .l = l, .budget = st->max_lines > 0 ? st->max_lines : -1};
	for (size_t i = 0, end, next; i < n && !l->truncated; i = next) {
		paragraph_bounds(text, n, i, &end, &next);
		if (b.budget == 0) {
			l->truncated = 1;
			break;
		}
		size_t len;
		char *ptext = paragraph_normalise(text + i, end - i, st, &len);
		ptext = fit_budget(&b, ptext, &len, next < n);
		add_paragraph_text(&b, ptext);
		size_t got = emit_paragraph(&b, ptext, len); /* bidi ... justify */
		if (b.budget > 0)
			b.budget -= (int)MIN(got, (size_t)b.budget);
	}
	place_lines(l, st);
	return l;
}

struct text_layout *text_layout(const char *text, size_t n, const struct text_style *st)
{
	struct engine e;
	engine_open(&e);
	struct text_layout *l = layout_with(&e, text, n, st);
	engine_close(&e);
	return l;
}

void text_layout_free(struct text_layout *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->nlines; i++)
		line_free(&l->lines[i]);
	free(l->lines);
	for (size_t i = 0; i < l->nparagraphs; i++)
		free(l->paragraphs[i]);
	free(l->paragraphs);
	free(l);
}

/* A headline that breaks well only smaller (docs/text-layout.md,
 * "Headlines by sense"): from best's size down to min, the first layout
 * that fits and is not rough, else the first that keeps sense (rough 1),
 * else best. Frees what it does not return. */
static struct text_layout *fit_by_sense(struct engine *e, const char *text, size_t n,
					struct text_style *st, struct text_layout *best, int min,
					double height)
{
	struct text_layout *keep = best->rough < 2 ? best : NULL;
	for (int size = (int)best->size - 1; size >= min; size--) {
		st->size = size;
		struct text_layout *l = layout_with(e, text, n, st);
		int fits = l->height <= height + 0.01 && !l->truncated;
		if (fits && !l->rough) {
			if (keep != best)
				text_layout_free(keep);
			text_layout_free(best);
			return l;
		}
		if (fits && l->rough == 1 && !keep)
			keep = l;
		else
			text_layout_free(l);
	}
	if (keep && keep != best) {
		text_layout_free(best);
		return keep;
	}
	return best;
}

struct text_layout *text_layout_fit(const char *text, size_t n, const struct text_style *style,
				    double min_size, double max_size, double height)
{
	struct text_style st = *style;
	int lo = (int)ceil(min_size), hi = (int)floor(max_size);
	if (hi < lo)
		hi = lo;
	struct engine e;
	engine_open(&e);
	struct text_layout *best = NULL;
	/* Binary search for the largest size that fits. */
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		st.size = mid;
		struct text_layout *l = layout_with(&e, text, n, &st);
		if (l->height <= height + 0.01 && !l->truncated) {
			text_layout_free(best);
			best = l;
			lo = mid + 1;
		} else {
			text_layout_free(l);
			hi = mid - 1;
		}
	}
	if (best && best->rough)
		best = fit_by_sense(&e, text, n, &st, best, (int)ceil(min_size), height);
	if (!best) {
		st.size = ceil(min_size);
		best = layout_with(&e, text, n, &st);
	}
	engine_close(&e);
	return best;
}

/* ---------------------------------------------------------------- */

static void json_num(struct buf *b, double v)
{
	/* Two decimals, no "-0.00". */
	double r = round(v * 100) / 100;
	if (r == 0)
		r = 0;
	if (r == floor(r))
		buf_printf(b, "%.0f", r);
	else
		buf_printf(b, "%.2f", r);
}

char *text_layout_json(const struct text_layout *l)
{
	struct buf b = {0};
	buf_puts(&b, "{\"width\": ");
	json_num(&b, l->width);
	buf_puts(&b, ", \"height\": ");
	json_num(&b, l->height);
	buf_printf(&b, ", \"size\": ");
	json_num(&b, l->size);
	buf_printf(&b, ", \"missing_glyphs\": %d, \"truncated\": %s,\n \"paragraphs\": [",
		   l->missing_glyphs, l->truncated ? "true" : "false");
	for (size_t i = 0; i < l->nparagraphs; i++) {
		buf_puts(&b, i ? ",\n  {\"text\": " : "\n  {\"text\": ");
		buf_json_string(&b, l->paragraphs[i], strlen(l->paragraphs[i]));
		buf_putc(&b, '}');
	}
	buf_puts(&b, "],\n \"lines\": [");
	for (size_t i = 0; i < l->nlines; i++) {
		const struct text_line *ln = &l->lines[i];
		buf_printf(&b, "%s\n  {\"paragraph\": %d, \"y\": ", i ? "," : "", ln->paragraph);
		json_num(&b, ln->y);
		buf_puts(&b, ", \"baseline\": ");
		json_num(&b, ln->baseline);
		buf_puts(&b, ", \"width\": ");
		json_num(&b, ln->width);
		buf_puts(&b, ", \"runs\": [");
		for (size_t r = 0; r < ln->nruns; r++) {
			const struct text_run *run = &ln->runs[r];
			struct font *f = font_chain_get(l->fonts, (size_t)run->font);
			buf_printf(&b, "%s\n   {\"dir\": \"%s\", \"script\": \"%s\", \"font\": ",
				   r ? "," : "", run->rtl ? "rtl" : "ltr", run->script);
			const char *fname = f ? font_name(f) : "";
			buf_json_string(&b, fname, strlen(fname));
			buf_puts(&b, ", \"x\": ");
			json_num(&b, run->x);
			buf_puts(&b, ", \"width\": ");
			json_num(&b, run->width);
			buf_printf(&b, ", \"start\": %zu, \"end\": %zu, \"glyphs\": [", run->start,
				   run->end);
			for (size_t g = 0; g < run->nglyphs; g++) {
				buf_printf(&b,
					   "%s{\"id\": %u, \"cluster\": %u, \"x\": ", g ? ", " : "",
					   run->glyphs[g].id, run->glyphs[g].cluster);
				json_num(&b, run->glyphs[g].x);
				buf_putc(&b, '}');
			}
			buf_puts(&b, "]}");
		}
		buf_puts(&b, "]}");
	}
	buf_puts(&b, "]}\n");
	return buf_steal(&b);
}

/* ---------------------------------------------------------------- */
/* Conformance hooks */

int text_bidi_order(const uint16_t *s, int n, int para_level, uint8_t *levels, int *order)
{
	UErrorCode e = U_ZERO_ERROR;
	UBiDi *b = ubidi_openSized(n, 0, &e);
	if (U_FAILURE(e))
		return -1;
	UBiDiLevel lvl = para_level == 0 ? 0 : para_level == 1 ? 1 : UBIDI_DEFAULT_LTR;
	ubidi_setPara(b, (const UChar *)s, n, lvl, NULL, &e);
	UBiDi *line = ubidi_openSized(n, 0, &e);
	if (U_SUCCESS(e))
		ubidi_setLine(b, 0, n, line, &e);
	int count = -1;
	if (U_SUCCESS(e)) {
		const UBiDiLevel *lv = ubidi_getLevels(line, &e);
		int32_t *map = xmalloc(((size_t)n + 1) * sizeof *map);
		ubidi_getVisualMap(line, map, &e);
		if (U_SUCCESS(e)) {
			count = 0;
			for (int i = 0; i < n; i++) {
				if (levels)
					levels[i] = lv ? lv[i] : 0;
				int32_t li = map[i];
				UCharDirection d = u_charDirection(s[li]);
				/* X9: embeddings, overrides, PDF and BN are removed. */
				if (d == U_LEFT_TO_RIGHT_EMBEDDING ||
				    d == U_RIGHT_TO_LEFT_EMBEDDING ||
				    d == U_LEFT_TO_RIGHT_OVERRIDE ||
				    d == U_RIGHT_TO_LEFT_OVERRIDE ||
				    d == U_POP_DIRECTIONAL_FORMAT || d == U_BOUNDARY_NEUTRAL)
					continue;
				order[count++] = li;
			}
		}
		free(map);
	}
	ubidi_close(line);
	ubidi_close(b);
	return count;
}

int text_break_points(const char *s, size_t n, unsigned char *brk)
{
	memset(brk, 0, n + 1);
	int32_t n16;
	UChar *u = utf16_from_utf8(s, n, &n16);
	if (!u)
		return -1;
	int32_t *off = utf16_to_utf8_offsets(s, n, n16);
	struct engine e;
	engine_open(&e);
	UBreakIterator *it = engine_iter(&e, UBRK_LINE, u, n16);
	if (it)
		for (int32_t pos = ubrk_following(it, 0); pos != UBRK_DONE; pos = ubrk_next(it))
			brk[off[pos]] = 1;
	engine_close(&e);
	free(off);
	free(u);
	return it ? 0 : -1;
}
