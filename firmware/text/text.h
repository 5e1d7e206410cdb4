/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * text — the Persian text engine. UTF-8 in, lines of positioned runs out:
 * normalise -> bidi (ICU) -> itemise -> shape (HarfBuzz) -> break (ICU)
 * -> reorder (UAX #9 L1-L2) -> justify. The rules: docs/text-layout.md.
 *
 * Must not: draw, know about SDL windows or the cache.
 */
#ifndef KHABAR_TEXT_H
#define KHABAR_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "text/font.h"

enum text_align { TEXT_ALIGN_START, TEXT_ALIGN_END, TEXT_ALIGN_CENTER, TEXT_ALIGN_JUSTIFY };
enum text_dir { TEXT_DIR_RTL, TEXT_DIR_LTR, TEXT_DIR_AUTO };
/* How TEXT_ALIGN_JUSTIFY fills a line (docs/text-layout.md,
 * "Justification"): spaces to 1.5x, then kashida (at most three a line,
 * in words of three letters or more), then spaces again; or
 * spaces alone, as far as needed. */
enum text_justify { TEXT_JUSTIFY_KASHIDA, TEXT_JUSTIFY_SPACES };

/* Normalisation steps (docs/text-layout.md, "Normalise"). */
enum {
	TEXT_NORM_NFC = 1 << 0,	    /* Unicode NFC */
	TEXT_NORM_LETTERS = 1 << 1, /* Arabic yeh/kaf -> Persian, presentation forms -> base */
	TEXT_NORM_DIGITS = 1 << 2,  /* ASCII digits -> Persian in Persian context */
	TEXT_NORM_ALL = 7,
};

struct text_style {
	struct font_chain *fonts; /* borrowed */
	double size;		  /* pixels */
	double width;		  /* box width, pixels */
	enum text_align align;
	enum text_dir dir;
	double line_height;	   /* factor of size; 0 means 1.7 */
	int max_lines;		   /* 0: no limit; past it the text ends with an ellipsis */
	unsigned norm;		   /* TEXT_NORM_* */
	enum text_justify justify; /* with TEXT_ALIGN_JUSTIFY */
	int balance;		   /* 1: lines of near-equal width, as many as greedy (headlines) */
	int cut_sentence;	   /* 1: a max_lines cut ends at a sentence's end (bodies) */
};
/* Defaults: size 32, width 1000, start, rtl, 1.7, no limit, TEXT_NORM_ALL,
 * kashida, not balanced, cut at a word.
 * fonts stays NULL: the caller supplies a chain. */
void text_style_init(struct text_style *s);

struct text_glyph {
	uint32_t id;	  /* glyph id in the run's font; 0: no font has the character */
	uint32_t cluster; /* UTF-8 byte offset into the paragraph's text; a
			   * tatweel added by justification has the cluster of
			   * the letter it follows */
	float x, y;	  /* pen position relative to the run's x and the baseline (y up) */
};

struct text_run {
	int rtl;
	char script[5];		   /* ISO 15924, e.g. "Arab", "Latn", "Zyyy" */
	int font;		   /* index in the chain */
	float x, width;		   /* in the box, left edge */
	size_t start, end;	   /* UTF-8 byte range in the paragraph's text */
	struct text_glyph *glyphs; /* visual order, left to right */
	size_t nglyphs;
};

struct text_line {
	int paragraph;
	float y;	       /* top of the line box */
	float baseline;	       /* y of the baseline */
	float width;	       /* of the content, without hanging spaces */
	struct text_run *runs; /* visual order, left to right */
	size_t nruns;
};

struct text_layout {
	float width, height;	 /* the box width; the height of all lines */
	float size, line_height; /* pixel size; line advance in pixels */
	int missing_glyphs;	 /* characters no font in the chain has */
	int truncated;		 /* max_lines cut the text */
	int rough;		 /* a balanced paragraph broke out of balance (1)
				  * or against sense (2) (docs/text-layout.md) */
	char **paragraphs;	 /* normalised text, one per paragraph */
	size_t nparagraphs;
	struct text_line *lines;
	size_t nlines;
	struct font_chain *fonts; /* borrowed from the style */
};

/* Lay out text (any bytes; n may include NULs, which are dropped).
 * Never fails for any input; caller frees with text_layout_free(). */
struct text_layout *text_layout(const char *text, size_t n, const struct text_style *style);
void text_layout_free(struct text_layout *l);

/* The largest size in [min_size, max_size] (in steps of 1 px) whose layout
 * fits width x height (and style->max_lines, if set), and is not rough
 * when a smaller size is not (sense first, then balance); the smallest
 * size when none fits.
 * style->size is ignored. Caller frees. */
struct text_layout *text_layout_fit(const char *text, size_t n, const struct text_style *style,
				    double min_size, double max_size, double height);

/* The layout as JSON (the `khabar layout` format). Caller frees. */
char *text_layout_json(const struct text_layout *l);

/* Normalise one paragraph (see TEXT_NORM_*); invalid UTF-8 becomes U+FFFD.
 * Caller frees. */
char *text_normalize(const char *s, size_t n, unsigned norm, int rtl, size_t *out_len);

/* How a balanced headline breaks around a word (docs/text-layout.md,
 * "Headlines by sense"; the list is firmware/text/words.def). */
enum { TEXT_WORD_NO_END = 1, TEXT_WORD_NO_START = 2 };
/* The class of the word w (n bytes of normalised UTF-8; punctuation
 * around it is ignored, Latin letters without case): TEXT_WORD_NO_END for
 * a word a line never ends on (از، به، و، the, of), TEXT_WORD_NO_START
 * for one a line never begins with (شد، می‌شود، است), 0 for any other. */
unsigned text_word_class(const char *w, size_t n);

/* Conformance hooks, for the test suite: the stages on their own. */
/* Resolve bidi levels for UTF-16 text and return the visual order as
 * logical indices (characters removed by X9 omitted) in order[]; returns
 * its length, or -1. para_level: 0 LTR, 1 RTL, 2 auto. levels[] gets each
 * character's resolved level (may be NULL). Breaks lines nowhere. */
int text_bidi_order(const uint16_t *s, int n, int para_level, uint8_t *levels, int *order);
/* Line break opportunities for UTF-8 text: sets brk[i] = 1 where a line
 * may break before byte i (brk has n + 1 entries). 0 or -1. */
int text_break_points(const char *s, size_t n, unsigned char *brk);

#endif
