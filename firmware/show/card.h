/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * card — what one screen of khabar shows, as plain data: a list of draw
 * operations (filled rectangles, laid-out text, images) at positions in
 * pixels, for the header (logo, title, clock, Jalali date), the card area
 * (headline card, article page, breaking banner, "no news yet") and the
 * ticker line. Sizes are fractions of the screen, so any resolution and
 * orientation gets the same design.
 *
 * Must not: draw, open windows, read the cache or the wall clock: the
 * caller passes the time, so a card is the same for the same inputs.
 */
#ifndef KHABAR_CARD_H
#define KHABAR_CARD_H

#include <stddef.h>
#include <stdint.h>

#include "base/article.h"
#include "base/config.h"
#include "text/text.h"

enum card_op_kind { CARD_OP_RECT, CARD_OP_TEXT, CARD_OP_IMAGE };

struct card_op {
	enum card_op_kind kind;
	float x, y, w, h;		/* RECT, IMAGE: the box; TEXT: the layout box's top-left */
	uint32_t argb;			/* RECT fill, TEXT colour */
	const struct text_layout *text; /* TEXT: borrowed from the card's layouts */
	size_t first_line, nlines;	/* TEXT: the lines to draw; their y shifted so
					 * first_line's top lands on y */
	const char *image;		/* IMAGE: file path, borrowed from the card */
};

struct card_body;

struct card {
	int w, h; /* the area the ops are placed in */
	uint32_t background;
	struct card_op *ops;
	size_t nops, cap;
	struct text_layout **layouts; /* owned */
	size_t nlayouts, layouts_cap;
	char **strings; /* owned (image paths) */
	size_t nstrings, strings_cap;
	struct card_body *body;	   /* an article page's body, shared with its other pages */
	double dwell;		   /* seconds this card wants on screen (decided by the deck) */
	size_t words;		   /* words of reading on it */
	float qr_x, qr_y, qr_side; /* the QR code's box with its quiet zone (in
				    * its RECT ops); qr_side 0: none */
};

/* The three weights of the bundled font; borrowed by every card. */
struct card_fonts {
	struct font_chain *regular, *medium, *bold;
};

/* Open the three weights (font_chain_default). 0, or -1 with *err
 * (caller frees) naming the missing font. Close with card_fonts_close(). */
int card_fonts_open(struct card_fonts *f, char **err);
void card_fonts_close(struct card_fonts *f);

/* Where the parts of a w x h screen go. */
struct card_geometry {
	int w, h;
	float unit;	    /* one pixel of a 1080-line design */
	int header_h;	    /* header: [0, header_h) */
	int ticker_h;	    /* ticker: [h - ticker_h, h), 0 when off */
	int body_y, body_h; /* the card area between them */
	float margin;	    /* left and right */
};
void card_geometry(int w, int h, int ticker, struct card_geometry *g);

/* One colour the cards draw text (or a page dot) in, over the colour
 * behind it, and the contrast it must reach (WCAG 2 relative luminance). */
struct card_contrast {
	const char *what; /* e.g. "ticker text" */
	uint32_t fg;	  /* ARGB; its alpha blends it over bg */
	uint32_t bg;	  /* opaque */
	double min;	  /* 4.5 for text, 3 for page dots */
};
/* Every text colour of theme t over its background, as the cards use
 * them; returns how many (at most max) were written to out. */
size_t card_contrasts(const struct config_theme *t, struct card_contrast *out, size_t max);

/* The header logo's file: [display] logo, a relative name taken in the
 * data directory; NULL when there is none. Caller frees. */
char *card_logo_path(const struct config *cfg);

/* The header: logo (a readable image file, or NULL for none), title, the
 * clock and Jalali date at time now, as a card of g->w x g->header_h.
 * Caller frees with card_free(). */
struct card *card_header(const struct card_geometry *g, const struct config *cfg,
			 const struct card_fonts *f, int64_t now, const char *logo);

/* The card area (g->w x g->body_h) for article a: page -1 is the headline
 * card, 0.. the article pages. repeat marks a breaking headline shown
 * again. NULL with *err (caller frees) when the article cannot be shown
 * (no title, missing image, page out of range). Caller frees. */
struct card *card_article(const struct card_geometry *g, const struct config *cfg,
			  const struct card_fonts *f, const struct article *a, int page, int repeat,
			  int64_t now, char **err);
/* How many article pages a's body takes on this screen (0 for no body). */
int card_page_count(const struct card_geometry *g, const struct config *cfg,
		    const struct card_fonts *f, const struct article *a);

/* The calm card for an empty cache: the clock, the date, and when the
 * cache was last updated (0: never; negative: the cache is there but
 * cannot be read, said as such). Never fails. Caller frees. */
struct card *card_empty(const struct card_geometry *g, const struct config *cfg,
			const struct card_fonts *f, int64_t now, int64_t last_update);

/* The emergency screen for article a: the whole w x h screen (no header,
 * no ticker), white and pale yellow on black under a red band, every text
 * at least 5% of h high and at least 7:1 against what is behind it.
 * Never fails. Caller frees. */
struct card *card_emergency(int w, int h, const struct config *cfg, const struct card_fonts *f,
			    const struct article *a);
/* The ticker's text: up to max headlines separated by bullets, ending in
 * a bullet so the strip repeats seamlessly. Caller frees. */
char *card_ticker_text(const struct article_list *l, size_t max);
/* The ticker text laid out as one line at the ticker's size, in the
 * frame's direction (its first headline at the frame's start). Caller frees
 * with text_layout_free(). */
struct text_layout *card_ticker_layout(const struct card_geometry *g, const struct card_fonts *f,
				       const char *text);

/* The ticker bar's fixed part: background and the label at the frame's
 * start side (right in a Persian frame, left in an English one), as a
 * card of g->w x g->ticker_h. The strip scrolls in [*strip_x, *strip_x +
 * *strip_w). Caller frees. */
struct card *card_ticker_bar(const struct card_geometry *g, const struct config *cfg,
			     const struct card_fonts *f, int *strip_x, int *strip_w);

void card_free(struct card *c);

/* The side in pixels (quiet zone included) of the QR code of text on a g
 * screen: about a sixth of its shorter side, whole pixels a module; 0
 * when text gets none (empty, or longer than 300 bytes). */
int card_qr_side(const struct card_geometry *g, const char *text);
/* Draw the QR code of text on c with its box's top-left at (x, y), as
 * RECT ops, and record the box in c->qr_*. Call it after any mirroring
 * of c: a mirrored code does not scan. 0, or -1 (nothing drawn) when text
 * gets none. */
int card_qr(struct card *c, const struct card_geometry *g, const char *text, int x, int y);

/* "همین حالا", "۵ دقیقه پیش", "۳ ساعت پیش", "۲ روز پیش", or NULL when
 * t is unknown (0) or more than 30 days ago. Caller frees. */
char *card_relative_time(int64_t now, int64_t t);

/* ------------------------------------------------ the kit
 * What the article cards (card.c) and the schedule cards (card_schedule.c)
 * draw with, in card_kit.c: one kind of type and the text engine's style
 * it makes, the draw operations, the mirror for a left-to-right frame, and
 * the frame's direction. For the card modules only. */

/* A kind of type: weight, size (in units of the u given to card_style(),
 * so u = 1 takes pixels), line height (times the size), line limit (0:
 * none; past it the text ends with an ellipsis), alignment (start: right
 * for Persian), and balanced lines (headlines). */
enum card_weight { CARD_REGULAR, CARD_MEDIUM, CARD_BOLD };
struct card_type {
	enum card_weight weight;
	float size;
	double line_height;
	int max_lines;
	enum text_align align;
	int balance;
};

/* The text engine's style for type t in fonts f at u pixels a unit, in a
 * box width pixels wide, in direction dir (left to right: digits as
 * written, no kashida). */
struct text_style card_style(const struct card_type *t, const struct card_fonts *f, float u,
			     double width, enum text_dir dir);
/* text laid out in type t (see card_style()); c owns the result. */
struct text_layout *card_lay(struct card *c, const struct card_fonts *f, float u, const char *text,
			     const struct card_type *t, double width, enum text_dir dir);
/* Give c the layout l to own (freed by card_free()); returns l. */
struct text_layout *card_keep(struct card *c, struct text_layout *l);

/* A new, zeroed op of kind on c; borrowed until c's next op. */
struct card_op *card_op_add(struct card *c, enum card_op_kind kind);
/* A filled rectangle. */
void card_op_rect(struct card *c, float x, float y, float w, float h, uint32_t argb);
/* Lines [first, first + n) of l (which c owns) with first's top at (x, y). */
void card_op_lines(struct card *c, const struct text_layout *l, float x, float y, size_t first,
		   size_t n, uint32_t argb);
/* All of l at (x, y). */
void card_op_text(struct card *c, const struct text_layout *l, float x, float y, uint32_t argb);
/* The height lines [first, first + n) of l take. */
float card_lines_height(const struct text_layout *l, size_t first, size_t n);
/* The width of l's widest line. */
float card_widest(const struct text_layout *l);

/* Turn a card laid out for right to left into its left-to-right mirror:
 * every box moves to the other side (text keeps the alignment its layout
 * chose for its direction). */
void card_mirror(struct card *c);
/* The direction of the frame's own words: the display's language. */
enum text_dir card_frame_dir(void);

/* Readable from the back of the hall ([display] viewing_distance and the
 * panel's size): every text style at least CARD_LEGIBLE_ARCMIN minutes of
 * arc of Persian letter body (its height measured from the font,
 * font_body_em()) at that distance, but at most a twelfth of the
 * screen's shorter side. card_legibility() sets the floor (in pixels; 0:
 * the design's sizes) for a w x h screen: deck_init() does, before the
 * geometry, whose header and ticker bars grow to hold it; card_style()
 * and the fitted sizes (card_size()) never go under it. */
#define CARD_LEGIBLE_ARCMIN 12.0
#define CARD_WARN_ARCMIN 12.0
struct card_sight {
	double distance_mm; /* 0: off */
	double diagonal_mm; /* the panel's: EDID, else [display] diagonal; 0 unknown */
	double mm_per_px;   /* at w x h; 0 unknown */
	double body_em;	    /* Persian letter body, em (Vazirmatn Regular) */
	int from_edid;
};
/* What is known about the screen cfg describes at w x h; 0 when the
 * floor applies (distance and size known), else -1. */
int card_sight(const struct config *cfg, const struct card_fonts *f, int w, int h,
	       struct card_sight *s);
/* The letter body of size px text seen from s's distance, arc minutes. */
double card_arcmin(const struct card_sight *s, double size);
/* The floor for cfg at w x h, px; 0 when off. Sets it for card_style(). */
float card_legibility(const struct config *cfg, const struct card_fonts *f, int w, int h);
/* Every text style's smallest size, in units (a pixel of a 1080-line
 * screen), for `khabar check`: the cards' (card.c) then the schedule's. */
struct card_type_size {
	const char *name;
	float size;
};
size_t card_type_sizes(const struct card_type_size **t);
size_t card_schedule_type_sizes(const struct card_type_size **t);
/* The floor in force, px (0: none), and px raised to it. */
float card_min_size(void);
float card_size(float px);

/* A catalogue's format with its %s filled by a, then b, in order (the
 * format is data, so it is never handed to printf). Caller frees. */
char *card_fill(const char *fmt, const char *a, const char *b);

#endif
