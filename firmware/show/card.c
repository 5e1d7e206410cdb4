/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * card — builds the header, the card area and the ticker line as draw
 * operations. Every size is in the design table below, in units: one
 * unit is a pixel of a 1080-line screen (card_geometry() scales it), so a
 * 4K screen gets twice the sizes and a portrait screen the same type on
 * a taller page.
 *
 * Must not: draw, read the clock or the cache.
 */
#include "show/card.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/calendar.h"
#include "base/lang.h"
#include "base/util.h"
#include "show/i18n.h"
#include "show/playlist.h"
#include "show/qr.h"

#define TICKER_LABEL _("Latest")
/* Bidi isolates (UAX #9): left-to-right, right-to-left, first-strong,
 * and their end. */
#define LRI  "\xe2\x81\xa6"
#define RLI  "\xe2\x81\xa7"
#define FSI  "\xe2\x81\xa8"
#define PDI  "\xe2\x81\xa9"
#define NBSP "\xc2\xa0"

/* The last laid-out article body (see body_layout()). */
static struct card_body *body_memo;
static void body_release(struct card_body *b);

/* ------------------------------------------------------------ the design */

/* The screen. */
static const float HEADER_H = 120;   /* the header bar's height */
static const float TICKER_H = 78;    /* the ticker bar's height, when on */
static const float MARGIN_WIDE = 96; /* left and right of everything, landscape */
static const float MARGIN_TALL = 64; /* the same, portrait */
static const float PAD_WIDE = 60;    /* above and below a card's content, landscape */
static const float PAD_TALL = 72;    /* the same, portrait */

/* The header: title at the start side, clock | date at the end side. */
static const float HEADER_RULE = 4;    /* the accent line along its bottom */
static const float LOGO_SHARE = 0.58f; /* the logo's side, of the header's height */
static const float LOGO_GAP = 24;      /* between the logo and the title */
/* the display's title in the header */
static const struct card_type TITLE = {
    .weight = CARD_BOLD, .size = 46, .line_height = 1.4, .max_lines = 1};
/* the header clock */
static const struct card_type CLOCK = {
    .weight = CARD_BOLD, .size = 50, .line_height = 1.3, .max_lines = 1, .align = TEXT_ALIGN_END};
static const float CLOCK_GAP = 28;	/* on each side of the divider */
static const float DIVIDER_W = 2;	/* the divider between clock and date */
static const float DIVIDER_TOP = 0.28f; /* its top, of the header's height */
static const float DIVIDER_H = 0.44f;	/* its height, of the header's height */
/* the Jalali date beside it */
static const struct card_type DATE = {.weight = CARD_MEDIUM,
				      .size = 30,
				      .line_height = 1.45,
				      .max_lines = 1,
				      .align = TEXT_ALIGN_END};
/* the Jalali date with a Gregorian line under it */
static const struct card_type DATE_ABOVE_GREGORIAN = {.weight = CARD_MEDIUM,
						      .size = 27,
						      .line_height = 1.45,
						      .max_lines = 1,
						      .align = TEXT_ALIGN_END};
/* the Gregorian date ([display] gregorian) */
static const struct card_type GREGORIAN = {.weight = CARD_REGULAR,
					   .size = 22,
					   .line_height = 1.4,
					   .max_lines = 1,
					   .align = TEXT_ALIGN_END};

/* The kicker row above a title: breaking badge or category, the time. */
/* the kicker row's text; the row is its size times its line height */
static const struct card_type KICKER = {
    .weight = CARD_MEDIUM, .size = 30, .line_height = 1.5, .max_lines = 1};
static const float BADGE_PAD = 40;     /* the breaking badge's width beyond its label */
static const float BADGE_INSET = 20;   /* the label's inset from the badge's start */
static const float BADGE_BLEED = 4;    /* the badge beyond the row, above and below */
static const float KICKER_GAP = 24;    /* after the badge */
static const float CATEGORY_BAR = 6;   /* the accent bar before a category: its width */
static const float CATEGORY_INSET = 6; /* the bar shorter than the row, at each end */
static const float CATEGORY_TEXT = 22; /* the category's inset from the row's start */
static const float CATEGORY_GAP = 28;  /* after the category */

/* The headline card: kicker, title, rule, summary as one block above the
 * footer (source, date, tags); a lead image beside or above it. */
static const float BREAKING_BAR = 14;	     /* the start edge of a breaking card */
static const float IMAGE_SHARE_TALL = 0.32f; /* a lead image's height, of the area (portrait) */
static const float IMAGE_SHARE_WIDE = 0.38f; /* its width, of the column (landscape) */
static const float IMAGE_GAP_TALL = 40;	     /* between the image and the text, portrait */
static const float IMAGE_GAP_WIDE = 56;	     /* the same, landscape */
static const float HEADLINE_KICKER_GAP = 28; /* between the kicker and the title */
/* the headline: its size fitted between HEADLINE_MIN and _MAX */
static const struct card_type HEADLINE = {.weight = CARD_BOLD, .line_height = 1.4, .max_lines = 3};
static const float HEADLINE_MIN = 50;	       /* the title's smallest size */
static const float HEADLINE_FLOOR = 40;	       /* ... when it would be cut at that */
static const int HEADLINE_FLOOR_LINES = 4;     /* its lines at most, below HEADLINE_MIN */
static const float HEADLINE_MAX_WIDE = 92;     /* its largest, landscape */
static const float HEADLINE_MAX_TALL = 84;     /* its largest, portrait */
static const double HEADLINE_SHARE_WIDE = 0.6; /* its height at most, of the room (landscape) */
static const double HEADLINE_SHARE_TALL = 0.5; /* the same, portrait */
static const float RULE_ABOVE = 26;	       /* the accent rule under the title: gap above */
static const float RULE_H = 6;		       /* its height */
static const float RULE_BELOW = 34;	       /* the gap below it */
static const float RULE_W = 120;	       /* its length */
/* the summary under the rule, landscape */
static const struct card_type SUMMARY_WIDE = {
    .weight = CARD_REGULAR, .size = 38, .line_height = 1.7, .max_lines = 6};
/* the same, portrait */
static const struct card_type SUMMARY_TALL = {
    .weight = CARD_REGULAR, .size = 40, .line_height = 1.7, .max_lines = 6};
static const uint32_t SUMMARY_ALPHA = 0xe6ffffff; /* the summary a little softer than text */
static const float FOOTER_GAP = 40;		  /* between the block and the footer */
static const float BLOCK_LIFT = 0.4f;		  /* the block's spare room above it, of all */
/* the source and date line at the bottom */
static const struct card_type META = {
    .weight = CARD_REGULAR, .size = 28, .line_height = 1.5, .max_lines = 1};
/* the tags above it */
static const struct card_type TAGS = {
    .weight = CARD_MEDIUM, .size = 26, .line_height = 1.5, .max_lines = 1};
static const float TAGS_GAP = 4; /* between the tags and the source line */
static const size_t MAX_TAGS = 6;

/* Article pages: kicker (with "page n of m"), title, thin rule, body,
 * page dots. */
static const float PAGE_KICKER_GAP = 20; /* between the kicker and the title */
/* an article page's title, landscape */
static const struct card_type PAGE_TITLE_WIDE = {
    .weight = CARD_BOLD, .size = 54, .line_height = 1.4, .max_lines = 2, .balance = 1};
/* the same, portrait */
static const struct card_type PAGE_TITLE_TALL = {
    .weight = CARD_BOLD, .size = 56, .line_height = 1.4, .max_lines = 2, .balance = 1};
static const float PAGE_TITLE_GAP = 24;		    /* between the title and the rule */
static const float PAGE_RULE_H = 2;		    /* the thin rule's height */
static const float PAGE_RULE_GAP = 28;		    /* between the rule and the body */
static const uint32_t PAGE_RULE_ALPHA = 0x60000000; /* the rule: muted, this opaque */
/* the article body, justified */
static const struct card_type BODY = {
    .weight = CARD_REGULAR, .size = 38, .line_height = 1.75, .align = TEXT_ALIGN_JUSTIFY};
static const float PARAGRAPH_GAP = 18;	      /* between paragraphs */
static const float DOT = 10;		      /* a page dot's side */
static const float DOT_GAP = 14;	      /* between page dots */
static const uint32_t DOT_ALPHA = 0xc8000000; /* other pages' dots: muted, this opaque (3:1) */
static const int MAX_DOTS = 20;
static const float QR_GAP = 40; /* between page one's QR code and the text */

/* The empty card, centred: clock, date, message, hint, last update. */
/* the big clock */
static const struct card_type EMPTY_CLOCK = {.weight = CARD_BOLD,
					     .size = 150,
					     .line_height = 1.25,
					     .max_lines = 1,
					     .align = TEXT_ALIGN_CENTER};
/* the date under it */
static const struct card_type EMPTY_DATE = {.weight = CARD_MEDIUM,
					    .size = 44,
					    .line_height = 1.5,
					    .max_lines = 1,
					    .align = TEXT_ALIGN_CENTER};
/* "no news yet" */
static const struct card_type EMPTY_TEXT = {.weight = CARD_MEDIUM,
					    .size = 40,
					    .line_height = 1.5,
					    .max_lines = 2,
					    .align = TEXT_ALIGN_CENTER};
/* when news will show */
static const struct card_type EMPTY_HINT_TYPE = {.weight = CARD_REGULAR,
						 .size = 30,
						 .line_height = 1.6,
						 .max_lines = 2,
						 .align = TEXT_ALIGN_CENTER};
/* when the cache was last updated */
static const struct card_type EMPTY_LAST = {.weight = CARD_REGULAR,
					    .size = 28,
					    .line_height = 1.6,
					    .max_lines = 2,
					    .align = TEXT_ALIGN_CENTER};
static const float EMPTY_DATE_GAP = 8;	/* above the date */
static const float EMPTY_TEXT_GAP = 64; /* above the message */
static const float EMPTY_HINT_GAP = 8;	/* above the hint */
static const float EMPTY_LAST_GAP = 24; /* above the last update */

/* The ticker bar: the label block at the start side, the strip beside it. */
/* the headlines, on one line */
static const struct card_type TICKER = {
    .weight = CARD_MEDIUM, .size = 34, .line_height = 1.5, .max_lines = 1, .align = TEXT_ALIGN_END};
/* the label at the ticker's start */
static const struct card_type TICKER_LABEL_TYPE = {
    .weight = CARD_BOLD, .size = 30, .line_height = 1.5, .max_lines = 1};
static const float TICKER_LABEL_PAD = 24; /* the label block beyond the label and margins */
static const float TICKER_GAP = 24;	  /* between the label block and the strip */

/* Which text colour stands on which background, for card_contrasts():
 * offsets into struct config_theme, an alpha over it, the minimum. */
#define THEME(f) offsetof(struct config_theme, f)
static const struct {
	const char *what;
	size_t fg, bg;
	uint32_t alpha;
	double min;
} CONTRASTS[] = {
    {"header title and clock", THEME(text), THEME(surface), 0xff, 4.5},
    {"header Gregorian date", THEME(muted), THEME(surface), 0xff, 4.5},
    {"schedule room name on a row", THEME(accent), THEME(surface), 0xff, 4.5},
    {"card text", THEME(text), THEME(background), 0xff, 4.5},
    {"summary", THEME(text), THEME(background), SUMMARY_ALPHA >> 24, 4.5},
    {"kicker time and meta line", THEME(muted), THEME(background), 0xff, 4.5},
    {"category, tags, empty card's date", THEME(accent), THEME(background), 0xff, 4.5},
    {"breaking badge", THEME(breaking_text), THEME(breaking), 0xff, 4.5},
    {"ticker text", THEME(text), THEME(ticker), 0xff, 4.5},
    {"ticker label", THEME(background), THEME(accent), 0xff, 4.5},
    {"current page dot", THEME(accent), THEME(background), 0xff, 3},
    {"other pages' dots", THEME(muted), THEME(background), DOT_ALPHA >> 24, 3},
};
#undef THEME

size_t card_contrasts(const struct config_theme *t, struct card_contrast *out, size_t max)
{
	size_t n = MIN(max, ARRAY_LEN(CONTRASTS));
	for (size_t i = 0; i < n; i++) {
		uint32_t fg, bg;
		memcpy(&fg, (const char *)t + CONTRASTS[i].fg, sizeof fg);
		memcpy(&bg, (const char *)t + CONTRASTS[i].bg, sizeof bg);
		out[i] = (struct card_contrast){CONTRASTS[i].what,
						(fg & 0x00ffffff) | CONTRASTS[i].alpha << 24, bg,
						CONTRASTS[i].min};
	}
	return n;
}

/* ------------------------------------------------------------ building */

/* What every part of a card is built with. */
struct build {
	struct card *c;
	const struct card_fonts *f;
	const struct config *cfg;
	float u; /* one unit in pixels */
};

int card_fonts_open(struct card_fonts *f, char **err)
{
	memset(f, 0, sizeof *f);
	if (!(f->regular = font_chain_default("Regular", err)) ||
	    !(f->medium = font_chain_default("Medium", err)) ||
	    !(f->bold = font_chain_default("Bold", err))) {
		card_fonts_close(f);
		return -1;
	}
	return 0;
}

void card_fonts_close(struct card_fonts *f)
{
	if (!f)
		return;
	/* A laid-out body points at these fonts. */
	body_release(body_memo);
	body_memo = NULL;
	font_chain_free(f->regular);
	font_chain_free(f->medium);
	font_chain_free(f->bold);
	memset(f, 0, sizeof *f);
}

size_t card_type_sizes(const struct card_type_size **t)
{
	static struct card_type_size sizes[14];
	const struct {
		const char *name;
		const struct card_type *type;
	} of[] = {
	    {"header title", &TITLE},	    {"header clock", &CLOCK},
	    {"header date", &DATE},	    {"kicker", &KICKER},
	    {"headline (smallest)", NULL},   {"summary", &SUMMARY_WIDE},
	    {"source line", &META},	    {"tags", &TAGS},
	    {"page title", &PAGE_TITLE_WIDE}, {"article body", &BODY},
	    {"empty card: hint", &EMPTY_HINT_TYPE}, {"empty card: last update", &EMPTY_LAST},
	    {"ticker", &TICKER},	    {"ticker label", &TICKER_LABEL_TYPE},
	};
	for (size_t i = 0; i < ARRAY_LEN(of) && i < ARRAY_LEN(sizes); i++)
		sizes[i] = (struct card_type_size){of[i].name, of[i].type ? of[i].type->size : HEADLINE_MIN};
	*t = sizes;
	return MIN(ARRAY_LEN(of), ARRAY_LEN(sizes));
}

/* The tallest line of types t[0..n) at u, each at least the floor. */
static float tallest(const struct card_type *const *t, size_t n, float u)
{
	float m = 0;
	for (size_t i = 0; i < n; i++)
		m = MAX(m, card_size(t[i]->size * u) * (float)t[i]->line_height);
	return m;
}

/* How much the header (or the ticker) bar grows so that its text, raised
 * to the legibility floor, keeps the room around it the design gives. */
static float bar_growth(float u, int header)
{
	static const struct card_type *const head[] = {&TITLE, &CLOCK, &DATE};
	static const struct card_type *const tick[] = {&TICKER, &TICKER_LABEL_TYPE};
	if (card_min_size() <= 0)
		return 1;
	float design = header ? CLOCK.size * u * (float)CLOCK.line_height
			      : TICKER.size * u * (float)TICKER.line_height;
	float need = header ? tallest(head, ARRAY_LEN(head), u) : tallest(tick, ARRAY_LEN(tick), u);
	return MAX(1.0f, need / design);
}

void card_geometry(int w, int h, int ticker, struct card_geometry *g)
{
	memset(g, 0, sizeof *g);
	g->w = w;
	g->h = h;
	g->unit = (float)MIN(w, h) / 1080.0f;
	g->header_h = (int)lroundf(HEADER_H * g->unit * bar_growth(g->unit, 1));
	g->ticker_h = ticker ? (int)lroundf(TICKER_H * g->unit * bar_growth(g->unit, 0)) : 0;
	g->body_y = g->header_h;
	g->body_h = h - g->header_h - g->ticker_h;
	g->margin = (w > h ? MARGIN_WIDE : MARGIN_TALL) * g->unit;
}

static struct card *card_new(int w, int h, uint32_t background)
{
	struct card *c = xcalloc(1, sizeof *c);
	c->w = w;
	c->h = h;
	c->background = background;
	return c;
}

void card_free(struct card *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nlayouts; i++)
		text_layout_free(c->layouts[i]);
	for (size_t i = 0; i < c->nstrings; i++)
		free(c->strings[i]);
	body_release(c->body);
	free(c->layouts);
	free(c->strings);
	free(c->ops);
	free(c);
}

static void op_image(struct card *c, const char *path, float x, float y, float w, float h)
{
	c->strings = xgrow(c->strings, &c->strings_cap, c->nstrings + 1, sizeof *c->strings);
	char *p = xstrdup(path);
	c->strings[c->nstrings++] = p;
	*card_op_add(c, CARD_OP_IMAGE) =
	    (struct card_op){.kind = CARD_OP_IMAGE, .x = x, .y = y, .w = w, .h = h, .image = p};
}

/* Alignment of a frame word placed in a card of direction card_dir, given
 * as if both read right to left: a word of the other direction flips. */
static enum text_align word_align(enum text_align a, enum text_dir card_dir)
{
	if (card_frame_dir() == card_dir || a == TEXT_ALIGN_CENTER || a == TEXT_ALIGN_JUSTIFY)
		return a;
	return a == TEXT_ALIGN_START ? TEXT_ALIGN_END : TEXT_ALIGN_START;
}

/* t in zone as the frame's language writes dates: the Jalali calendar
 * and Persian digits (by the text engine), or the Gregorian calendar and
 * Latin digits. pattern is a catalogue msgid (an ICU pattern). Caller
 * frees; NULL on a bad zone. */
static char *frame_date(int64_t t, const char *zone, const char *pattern)
{
	if (i18n_get() == I18N_EN)
		return calendar_format_gregorian(t, zone, _(pattern), 0);
	/* ASCII digits: the text engine's digit rule makes them Persian, as it
	 * does every number on a card (docs/text-layout.md). */
	return calendar_format(t, zone, _(pattern), 0);
}

/* Type t aligned for a frame word in a card of direction card_dir. */
static struct card_type word_type(const struct card_type *t, enum text_dir card_dir)
{
	struct card_type w = *t;
	w.align = word_align(t->align, card_dir);
	return w;
}

/* Lay out text in type t, width pixels wide; the card owns the result. */
static struct text_layout *lay(const struct build *b, const char *text, const struct card_type *t,
			       double width, enum text_dir dir)
{
	return card_lay(b->c, b->f, b->u, text, t, width, dir);
}

/* The height of a row of type t: its size times its line height. */
static float row_of(const struct card_type *t, float u)
{
	return card_size(t->size * u) * (float)t->line_height;
}

/* The article's own direction, decided when it was imported (its
 * language's script, else its text). An article built in code that has
 * none yet reads right to left unless its language is known to read left
 * to right. */
static enum text_dir article_dir(const struct article *a)
{
	static const char *const rtl[] = {"fa", "ar", "ur", "ps", "ku", "ckb", "he", "yi", "dv"};
	if (a->dir != ARTICLE_DIR_AUTO)
		return a->dir == ARTICLE_DIR_LTR ? TEXT_DIR_LTR : TEXT_DIR_RTL;
	if (!a->lang || !*a->lang)
		return TEXT_DIR_RTL;
	for (size_t i = 0; i < ARRAY_LEN(rtl); i++) {
		size_t n = strlen(rtl[i]);
		if (!strncmp(a->lang, rtl[i], n) &&
		    (a->lang[n] == '\0' || a->lang[n] == '-' || a->lang[n] == '_'))
			return TEXT_DIR_RTL;
	}
	return TEXT_DIR_LTR;
}

char *card_relative_time(int64_t now, int64_t t)
{
	if (t <= 0)
		return NULL;
	int64_t d = now - t;
	if (d < 0)
		d = 0;
	if (d < 60)
		return xstrdup(_("just now"));
	const char *fmt;
	long n;
	if (d < 3600) {
		n = (long)(d / 60);
		fmt = i18n_ntext("%s minute ago", "%s minutes ago", (unsigned long)n);
	} else if (d < 86400) {
		n = (long)(d / 3600);
		fmt = i18n_ntext("%s hour ago", "%s hours ago", (unsigned long)n);
	} else if (d <= 30 * 86400) {
		n = (long)(d / 86400);
		fmt = i18n_ntext("%s day ago", "%s days ago", (unsigned long)n);
	} else {
		return NULL;
	}
	char *num = i18n_number(n);
	char *s = card_fill(fmt, num, NULL);
	free(num);
	return s;
}

/* -------------------------------------------------------------- header */

/* The clock, a divider and the date(s) from the end side (left) at x. */
static void header_time(const struct build *b, const struct card_geometry *g, int64_t now, float x)
{
	const struct config *cfg = b->cfg;
	const struct config_theme *t = &cfg->theme;
	float u = b->u, hh = (float)g->header_h, half = (float)g->w / 2 - g->margin;
	/* The Jalali date for a Persian frame, the Gregorian for an
	 * English one. */
	enum text_dir fd = card_frame_dir();
	char *clock = frame_date(now, cfg->timezone, "HH:mm");
	char *date = frame_date(now, cfg->timezone, "EEEE d MMMM y");
	char *greg = cfg->gregorian && fd == TEXT_DIR_RTL
			 ? calendar_format_gregorian(now, cfg->timezone, "d MMMM y", 1)
			 : NULL;
	if (clock) {
		struct text_layout *cl = lay(b, clock, &CLOCK, half, fd);
		card_op_text(b->c, cl, x, (hh - cl->height) / 2, t->text);
		x += card_widest(cl) + CLOCK_GAP * u;
		card_op_rect(b->c, x, hh * DIVIDER_TOP, DIVIDER_W * u, hh * DIVIDER_H, t->muted);
		x += DIVIDER_W * u + CLOCK_GAP * u;
	}
	if (date) {
		struct text_layout *dl =
		    lay(b, date, greg ? &DATE_ABOVE_GREGORIAN : &DATE, half, fd);
		struct text_layout *gl = greg ? lay(b, greg, &GREGORIAN, half, fd) : NULL;
		float total = dl->height + (gl ? gl->height : 0);
		float y = (hh - total) / 2;
		card_op_text(b->c, dl, x, y, t->text);
		if (gl)
			card_op_text(b->c, gl, x, y + dl->height, t->muted);
	}
	free(clock);
	free(date);
	free(greg);
}

char *card_logo_path(const struct config *cfg)
{
	if (!cfg->logo || !*cfg->logo)
		return NULL;
	return cfg->logo[0] == '/' ? xstrdup(cfg->logo) : xasprintf("%s/%s", datadir(), cfg->logo);
}

struct card *card_header(const struct card_geometry *g, const struct config *cfg,
			 const struct card_fonts *f, int64_t now, const char *logo)
{
	const struct config_theme *t = &cfg->theme;
	float u = g->unit, hh = (float)g->header_h;
	struct card *c = card_new(g->w, g->header_h, t->surface);
	struct build b = {c, f, cfg, u};
	card_op_rect(c, 0, hh - HEADER_RULE * u, (float)g->w, HEADER_RULE * u, t->accent);

	/* Start side (right): logo, then the title. */
	float right = (float)g->w - g->margin;
	if (logo) {
		float s = hh * LOGO_SHARE;
		op_image(c, logo, right - s, (hh - s) / 2, s, s);
		right -= s + LOGO_GAP * u;
	}
	float half = (float)g->w / 2 - g->margin;
	struct text_layout *title = lay(&b, cfg->title, &TITLE, half, card_frame_dir());
	card_op_text(c, title, right - half, (hh - title->height) / 2, t->text);
	/* End side (left): the clock, a divider, the date. */
	header_time(&b, g, now, g->margin);
	if (card_frame_dir() == TEXT_DIR_LTR)
		card_mirror(c); /* an English frame reads from the left */
	return c;
}

/* ---------------------------------------------------------- the cards */

/* The footers feeds append to an item's text ("Continue reading...",
 * "The post X appeared first on Y.", "ادامه مطلب"): a paragraph that is
 * only one is dropped, one ending the last paragraph is cut off. */
static const char *const FOOTERS[] = {
    "Continue reading", "Read more", "Read the full article", "Read full story",
    "ادامه مطلب",	"ادامه خبر", "بیشتر بخوانید",	      "مطالعه بیشتر",
};

/* Punctuation that may follow or wrap a footer: dots, ellipsis,
 * guillemets, arrows, brackets. */
static int footer_trim(const char *s, size_t *used)
{
	static const char *const marks[] = {
	    ".", "…", "»", "«", "›",  "→",	  ">", ":", "[",
	    "]", "(", ")", " ", "\t", "\xc2\xa0", "-", "|",
	};
	for (size_t i = 0; i < ARRAY_LEN(marks); i++)
		if (!strncmp(s, marks[i], strlen(marks[i]))) {
			*used = strlen(marks[i]);
			return 1;
		}
	return 0;
}

/* Whether s[0, at) ends with an ellipsis, a guillemet or a Persian
 * full stop: a sentence ended there. */
static int ends_with_mark(const char *s, size_t at)
{
	static const char *const marks[] = {"…", "»", "\xd8\x9f", "\xdb\x94"};
	for (size_t i = 0; i < ARRAY_LEN(marks); i++) {
		size_t l = strlen(marks[i]);
		if (at >= l && !memcmp(s + at - l, marks[i], l))
			return 1;
	}
	return 0;
}

/* The length of s[0, n) without a footer at its end (n when none); the
 * footer starts the paragraph or a sentence. */
static size_t footer_cut(const char *s, size_t n)
{
	for (size_t f = 0; f < ARRAY_LEN(FOOTERS); f++) {
		/* Only the paragraph's end: the footer and a few marks after it. */
		size_t fl = strlen(FOOTERS[f]), lo = n > fl + 24 ? n - fl - 24 : 0;
		for (size_t at = n >= fl ? n - fl + 1 : 0; at-- > lo;) {
			if (strncasecmp(s + at, FOOTERS[f], fl))
				continue;
			size_t k = at + fl, used;
			while (k < n && footer_trim(s + k, &used))
				k += used;
			if (k < n)
				break; /* words after it: not a footer */
			while (at > 0 && footer_trim(s + at - 1, &used) && used == 1 &&
			       s[at - 1] != '.')
				at--; /* "[" or a space before it */
			if (at > 0 && !strchr(".!?)]", s[at - 1]) && !ends_with_mark(s, at))
				break; /* inside a sentence ("people should read more") */
			return at;
		}
	}
	if (n > 9 && !strncmp(s, "The post ", 9)) {
		const char *a = s + 9, *z = s + n;
		for (; a + 20 < z; a++)
			if (!strncmp(a, " appeared first on ", 19))
				return 0;
	}
	return n;
}

/* Paragraphs trimmed, feed footers removed, empty ones dropped, joined
 * by '\n'. Caller frees. */
static char *clean_body(const char *body)
{
	struct buf b = {0};
	const char *s = body ? body : "";
	while (*s) {
		const char *e = strchr(s, '\n');
		if (!e)
			e = s + strlen(s);
		const char *a = s, *z = e;
		while (a < z && (*a == ' ' || *a == '\t' || *a == '\r'))
			a++;
		z = a + footer_cut(a, (size_t)(z - a));
		while (z > a && (z[-1] == ' ' || z[-1] == '\t' || z[-1] == '\r'))
			z--;
		if (z > a) {
			if (b.len)
				buf_putc(&b, '\n');
			buf_append(&b, a, (size_t)(z - a));
		}
		s = *e ? e + 1 : e;
	}
	if (!b.data)
		buf_puts(&b, "");
	return buf_steal(&b);
}

/* Whether a's article pages would say nothing the headline card does
 * not: no body once footers are gone, or the summary again. */
static int body_repeats(const struct article *a)
{
	char *body = clean_body(a->body), *sum = clean_body(a->summary);
	int same = !*body || !strcmp(body, sum);
	free(body);
	free(sum);
	return same;
}

/* Sizes and boxes shared by the headline card and the pages. */
struct frame {
	float u, pad, x0, x1; /* text column: [x0, x1] */
	float top, bottom;    /* usable height: [top, bottom) */
	int portrait;
};

static void frame_for(const struct card_geometry *g, struct frame *fr)
{
	fr->u = g->unit;
	fr->portrait = g->h > g->w;
	fr->pad = (fr->portrait ? PAD_TALL : PAD_WIDE) * g->unit;
	fr->x0 = g->margin;
	fr->x1 = (float)g->w - g->margin;
	fr->top = fr->pad;
	fr->bottom = (float)g->body_h - fr->pad;
}

/* Paragraph spacing: push each paragraph's lines down by gap. */
static void space_paragraphs(struct text_layout *l, float gap)
{
	float shift = 0;
	for (size_t i = 1; i < l->nlines; i++) {
		if (l->lines[i].paragraph != l->lines[i - 1].paragraph)
			shift += gap;
		l->lines[i].y += shift;
		l->lines[i].baseline += shift;
	}
	l->height += shift;
}

/* First line of each page that fits in height; returns the page count
 * and fills starts (n + 1 entries, the last one l->nlines). */
static int paginate(const struct text_layout *l, float height, size_t **starts)
{
	size_t cap = 0, n = 0;
	size_t *s = NULL;
	size_t i = 0;
	while (i < l->nlines) {
		s = xgrow(s, &cap, n + 2, sizeof *s);
		s[n++] = i;
		float top = l->lines[i].y;
		size_t j = i + 1;
		while (j < l->nlines && l->lines[j].y + l->line_height - top <= height)
			j++;
		i = j;
	}
	s = xgrow(s, &cap, n + 1, sizeof *s);
	s[n] = l->nlines;
	*starts = s;
	return (int)n;
}

/* A run of lines of one of the body's layouts, on one page. */
struct body_slice {
	const struct text_layout *l;
	size_t first, n;
	int page;
	float y;     /* the first line's top, below the body's top */
	float inset; /* the box's left edge, right of the column's (as laid out
		      * right to left, before any mirroring) */
};

/* An article body laid out for its pages, shared by the cards of its
 * pages: a long body is laid out once, not once per page. Page one may
 * leave its bottom end-side corner free (the QR code): its lines from
 * hole_top down are hole_w narrower, keeping the column's start side; the
 * text then goes on in up to three layouts (full width, narrow, full
 * width for the other pages). */
struct card_body {
	int refs;   /* the memo's and each card's */
	char *text; /* the key: the cleaned text, and the style below */
	float width, size, height;
	float hole_top, hole_w; /* hole_w 0: no corner kept free */
	enum text_dir dir;
	enum text_align align;
	enum text_justify justify;
	const struct font_chain *fonts;
	int max_pages;
	struct text_layout *layouts[3];
	int nlayouts;
	struct body_slice *slices; /* in page order */
	size_t nslices, slices_cap;
	size_t nlines; /* lines on all pages */
	int npages;
};

static void body_release(struct card_body *b)
{
	if (!b || --b->refs > 0)
		return;
	for (int i = 0; i < b->nlayouts; i++)
		text_layout_free(b->layouts[i]);
	free(b->slices);
	free(b->text);
	free(b);
}

/* The text engine's work for a body is bounded by what max_pages pages
 * show: no more bytes than that many lines could hold (a glyph is at
 * least a sixth of the size wide, a character at most 4 bytes). */
static size_t body_budget(float width, float size, int lines)
{
	return (size_t)lines * (size_t)(width / (size / 6) + 1) * 4;
}

static void body_slice_add(struct card_body *b, const struct text_layout *l, size_t first, size_t n,
			   int page, float y, float inset)
{
	if (!n)
		return;
	b->slices = xgrow(b->slices, &b->slices_cap, b->nslices + 1, sizeof *b->slices);
	b->slices[b->nslices++] = (struct body_slice){l, first, n, page, y, inset};
	b->nlines += n;
	b->npages = MAX(b->npages, page + 1);
}

/* The text of l from line k on (its paragraphs as the engine normalised
 * them), leading spaces dropped. Caller frees. */
static char *body_rest(const struct text_layout *l, size_t k)
{
	const struct text_line *ln = &l->lines[k];
	size_t off = ln->nruns ? ln->runs[0].start : 0;
	for (size_t r = 1; r < ln->nruns; r++)
		off = MIN(off, ln->runs[r].start);
	struct buf b = {0};
	const char *p = l->paragraphs[ln->paragraph];
	off = MIN(off, strlen(p));
	while (p[off] == ' ')
		off++;
	buf_puts(&b, p + off);
	for (size_t i = (size_t)ln->paragraph + 1; i < l->nparagraphs; i++) {
		buf_putc(&b, '\n');
		buf_puts(&b, l->paragraphs[i]);
	}
	if (!b.data)
		buf_puts(&b, "");
	return buf_steal(&b);
}

/* Lay out text as st asks, paragraphs gap apart; the body owns it. */
static struct text_layout *body_add_layout(struct card_body *b, const char *text,
					   const struct text_style *st, float gap)
{
	struct text_layout *l = text_layout(text, strlen(text), st);
	space_paragraphs(l, gap);
	b->layouts[b->nlayouts++] = l;
	return l;
}

/* Lines of l from line 0 whose bottom is within height of y (l's first
 * line at y): how many. */
static size_t body_fit(const struct text_layout *l, float y, float height)
{
	size_t k = 0;
	while (k < l->nlines && y + l->lines[k].y + l->line_height <= height)
		k++;
	return k;
}

/* text in pages of b->height from page on, at most max_pages of them
 * (st's max_lines bounds the engine's work). */
static void body_pages(struct card_body *b, const char *text, struct text_style st, float gap,
		       int page, int max_pages)
{
	if (max_pages <= 0 || !*text)
		return;
	/* Paragraph gaps can push the last lines past the last page: then
	 * lay out again with only the lines those pages hold. */
	size_t *starts = NULL;
	int npages = 0;
	struct text_layout *l = NULL;
	for (int pass = 0; pass < 2; pass++) {
		if (l) {
			text_layout_free(l);
			b->nlayouts--;
		}
		free(starts);
		starts = NULL;
		l = body_add_layout(b, text, &st, gap);
		npages =
		    l->nlines && b->height > l->line_height ? paginate(l, b->height, &starts) : 0;
		if (npages <= max_pages)
			break;
		st.max_lines = (int)starts[max_pages];
	}
	npages = MIN(npages, max_pages); /* cannot be more; never show more */
	for (int i = 0; i < npages; i++) {
		size_t end = i + 1 < npages ? starts[i + 1] : l->nlines;
		body_slice_add(b, l, starts[i], end - starts[i], page + i, 0, 0);
	}
	free(starts);
}

/* Page one around the free corner: full-width lines above it, narrower
 * ones beside it, then the other pages at full width. */
static void body_around(struct card_body *b, const char *text, struct text_style st, float gap,
			int max_pages)
{
	struct text_layout *top = body_add_layout(b, text, &st, gap);
	size_t k = body_fit(top, 0, MIN(b->hole_top, b->height));
	body_slice_add(b, top, 0, k, 0, 0, 0);
	if (k == top->nlines)
		return;
	float y = top->lines[k].y - top->lines[0].y; /* with a paragraph gap before k */
	char *rest = body_rest(top, k);
	/* The rest is normalised already; again, digits that followed Latin
	 * words would turn Persian at the start of its first line. */
	st.norm = 0;
	struct text_style narrow = st;
	narrow.width = st.width - b->hole_w;
	struct text_layout *side = body_add_layout(b, rest, &narrow, gap);
	size_t m = body_fit(side, y, b->height);
	if (m < side->nlines && max_pages <= 1 && m > 0) {
		/* Nothing after this page: end it with the ellipsis. */
		text_layout_free(side);
		b->nlayouts--;
		narrow.max_lines = (int)m;
		side = body_add_layout(b, rest, &narrow, gap);
	}
	free(rest);
	body_slice_add(b, side, 0, m, 0, y, b->hole_w);
	if (m == side->nlines)
		return;
	rest = body_rest(side, m);
	body_pages(b, rest, st, gap, 1, max_pages - 1);
	free(rest);
}

/* The body laid out as st asks (its max_lines ignored) into pages of
 * height, gap between paragraphs, max_pages at most, page one's corner
 * hole_w wide from hole_top down left free (hole_w 0: none): the memo's
 * when it is the same. The caller releases it (body_release()). */
static struct card_body *body_layout(const char *text, const struct text_style *style, float height,
				     float gap, int max_pages, float hole_top, float hole_w)
{
	struct card_body *b = body_memo;
	float width = (float)style->width, size = (float)style->size;
	enum text_dir dir = style->dir;
	if (b && b->width == width && b->size == size && b->height == height && b->dir == dir &&
	    b->align == style->align && b->justify == style->justify && b->fonts == style->fonts &&
	    b->max_pages == max_pages && b->hole_top == hole_top && b->hole_w == hole_w &&
	    strcmp(b->text, text) == 0) {
		b->refs++;
		return b;
	}
	b = xcalloc(1, sizeof *b);
	b->refs = 2; /* the memo's and the caller's */
	b->text = xstrdup(text);
	b->width = width;
	b->size = size;
	b->height = height;
	b->hole_top = hole_top;
	b->hole_w = hole_w;
	b->dir = dir;
	b->align = style->align;
	b->justify = style->justify;
	b->fonts = style->fonts;
	b->max_pages = max_pages;
	double lh = style->line_height;
	int per_page = MAX(1, (int)floorf(height / (float)(size * lh)));
	int lines = per_page * max_pages;
	size_t n = strlen(text), budget = body_budget(width, size, lines);
	char *cut = NULL;
	if (n > budget) {
		/* At a character boundary, with an ellipsis in case what is
		 * left still fits (zero-width characters). */
		n = budget;
		while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
			n--;
		cut = xasprintf("%.*s\xe2\x80\xa6", (int)n, text);
		text = cut;
	}
	struct text_style st = *style;
	st.max_lines = lines;
	if (hole_w > 0 && hole_w < width && height > size * lh)
		body_around(b, text, st, gap, max_pages);
	else
		body_pages(b, text, st, gap, 0, max_pages);
	free(cut);
	body_release(body_memo);
	body_memo = b;
	return b;
}

/* Where an article's QR code goes: the bottom-left corner of the text
 * frame (the end side, away from where Persian lines start), about a
 * sixth of the screen's shorter side across with its 4-module quiet zone,
 * on whole pixels. */
struct qr_box {
	struct qr q;
	int x, y, m, side; /* top-left, pixels per module, whole width */
};

/* The code of text at about a sixth of g's shorter side, its box's top-left
 * at (x, y). 0, or -1 when text gets none. */
static int qr_make(const struct card_geometry *g, const char *text, int x, int y, struct qr_box *b)
{
	if (qr_encode(text, &b->q))
		return -1;
	int n = b->q.size + 8;
	long m = lroundf((float)MIN(g->w, g->h) / 6.0f / (float)n);
	b->m = m < 1 ? 1 : (int)m;
	b->side = b->m * n;
	b->x = x;
	b->y = y;
	return 0;
}

static int qr_place(const struct card_geometry *g, const struct config *cfg, const struct frame *fr,
		    const struct article *a, struct qr_box *b)
{
	if (!cfg->qr || qr_make(g, a->url, 0, 0, b))
		return 0;
	b->x = (int)lroundf(fr->x0);
	b->y = (int)lroundf(fr->bottom) - b->side;
	return 1;
}

/* The code: light quiet zone, then each row's runs of dark modules. Drawn
 * after the card is mirrored (mirrored is 1 when it was): its box moves to
 * the other side, its modules must not. Frees b's code. */
static void qr_draw(struct card *c, struct qr_box *b, int mirrored)
{
	if (mirrored)
		b->x = c->w - b->x - b->side;
	c->qr_x = (float)b->x;
	c->qr_y = (float)b->y;
	c->qr_side = (float)b->side;
	card_op_rect(c, (float)b->x, (float)b->y, (float)b->side, (float)b->side, 0xffffffff);
	int n = b->q.size, x0 = b->x + 4 * b->m, y0 = b->y + 4 * b->m;
	for (int r = 0; r < n; r++)
		for (int col = 0; col < n;) {
			if (!b->q.modules[r * n + col]) {
				col++;
				continue;
			}
			int run = 1;
			while (col + run < n && b->q.modules[r * n + col + run])
				run++;
			card_op_rect(c, (float)(x0 + col * b->m), (float)(y0 + r * b->m),
				(float)(run * b->m), (float)b->m, 0xff000000);
			col += run;
		}
	qr_free(&b->q);
}

int card_qr_side(const struct card_geometry *g, const char *text)
{
	struct qr_box b;
	if (qr_make(g, text, 0, 0, &b))
		return 0;
	qr_free(&b.q);
	return b.side;
}

int card_qr(struct card *c, const struct card_geometry *g, const char *text, int x, int y)
{
	struct qr_box b;
	if (qr_make(g, text, x, y, &b))
		return -1;
	qr_draw(c, &b, 0);
	return 0;
}

/* An article page's layout, computed once for counting pages and for
 * drawing one: the title and body (kept by the card) and where the parts
 * go. */
struct page_plan {
	struct frame fr;
	struct text_layout *title;
	struct card_body *body; /* the card holds a reference */
	float title_y, rule_y;	/* the title's top, the thin rule's */
	float body_top, body_h; /* the room for the body on every page */
	int has_qr;		/* page one's QR code, in qb (the plan's to free) */
	struct qr_box qb;
};

static void plan_page(const struct build *b, const struct card_geometry *g, const struct article *a,
		      struct page_plan *p)
{
	struct frame *fr = &p->fr;
	frame_for(g, fr);
	float u = b->u, cw = fr->x1 - fr->x0;
	enum text_dir dir = article_dir(a);
	float row = row_of(&KICKER, u);
	p->title_y = fr->top + (row + PAGE_KICKER_GAP * u);
	p->title = lay(b, a->title, fr->portrait ? &PAGE_TITLE_TALL : &PAGE_TITLE_WIDE, cw, dir);
	p->rule_y = p->title_y + (p->title->height + PAGE_TITLE_GAP * u);
	p->body_top = fr->top + row + PAGE_KICKER_GAP * u +
		      (p->title->height + PAGE_TITLE_GAP * u + PAGE_RULE_H * u + PAGE_RULE_GAP * u);
	p->body_h = fr->bottom - p->body_top - row; /* leave the page indicator row */
	/* Page one keeps the code's corner free: the lines beside it (and
	 * a gap above it) are shorter by its width and a gap. */
	p->has_qr = qr_place(g, b->cfg, fr, a, &p->qb);
	float hole_top = 0, hole_w = 0;
	if (p->has_qr) {
		hole_top = (float)p->qb.y - QR_GAP * u - p->body_top;
		hole_w = (float)p->qb.side + QR_GAP * u;
	}
	char *body = clean_body(a->body);
	struct text_style bs = card_style(&BODY, b->f, u, cw, dir);
	if (b->cfg->justify == JUSTIFY_NONE) /* [cards] justify = none */
		bs.align = TEXT_ALIGN_START;
	if (b->cfg->justify == JUSTIFY_SPACES)
		bs.justify = TEXT_JUSTIFY_SPACES; /* else kashida, unless left to right */
	bs.cut_sentence = 1; /* the last page ends with a sentence, then «…» */
	p->body = body_layout(body, &bs, p->body_h, PARAGRAPH_GAP * u,
			      b->cfg->max_pages > 0 ? b->cfg->max_pages : 4, hole_top, hole_w);
	free(body);
	b->c->body = p->body;
}

int card_page_count(const struct card_geometry *g, const struct config *cfg,
		    const struct card_fonts *f, const struct article *a)
{
	if (!a->body || !a->title || !*a->title || body_repeats(a))
		return 0;
	struct card *c = card_new(g->w, g->body_h, 0);
	struct build b = {c, f, cfg, g->unit};
	struct page_plan p;
	plan_page(&b, g, a, &p);
	int n = p.body->npages;
	if (p.has_qr)
		qr_free(&p.qb.q);
	card_free(c);
	return n;
}

/* The kicker row above a title at y: the breaking label, or the category,
 * and the relative time; extra_left at the end side. Returns its height. */
static float kicker(const struct build *b, const struct frame *fr, const struct article *a,
		    int64_t now, float y, const char *extra_left)
{
	const struct config_theme *t = &b->cfg->theme;
	float u = b->u, cw = fr->x1 - fr->x0, row = row_of(&KICKER, u);
	float right = fr->x1;
	/* The category reads in the article's direction; the frame's words
	 * (label, time, page count) in the display's, aligned to the card. */
	enum text_dir cd = article_dir(a), fd = card_frame_dir();
	struct card_type bold = word_type(&KICKER, cd), regular = bold, end = KICKER;
	bold.weight = CARD_BOLD;
	regular.weight = CARD_REGULAR;
	end.align = TEXT_ALIGN_END;
	end = word_type(&end, cd);
	if (a->priority == PRIORITY_BREAKING) {
		struct text_layout *l = lay(b, _("Breaking"), &bold, cw, fd);
		float w = card_widest(l) + BADGE_PAD * u;
		card_op_rect(b->c, right - w, y - BADGE_BLEED * u, w, row + 2 * BADGE_BLEED * u,
			t->breaking);
		card_op_text(b->c, l, right - cw - BADGE_INSET * u, y, t->breaking_text);
		right -= w + KICKER_GAP * u;
	} else if (a->category && *a->category) {
		struct text_layout *l = lay(b, a->category, &KICKER, cw, cd);
		card_op_rect(b->c, right - CATEGORY_BAR * u, y + CATEGORY_INSET * u, CATEGORY_BAR * u,
			row - 2 * CATEGORY_INSET * u, t->accent);
		card_op_text(b->c, l, right - cw - CATEGORY_TEXT * u, y, t->accent);
		right -= card_widest(l) + CATEGORY_TEXT * u + CATEGORY_GAP * u;
	}
	/* A pinned notice stays up: its age («۷ روز پیش») says nothing. */
	char *rel = a->priority == PRIORITY_PINNED ? NULL : card_relative_time(now, a->published);
	if (rel) {
		card_op_text(b->c, lay(b, rel, &regular, cw, fd), right - cw, y, t->muted);
		free(rel);
	}
	if (extra_left)
		card_op_text(b->c, lay(b, extra_left, &end, cw, fd), fr->x0, y, t->muted);
	return row;
}

/* "منبع: …  ·  date · time" and the tags, bottom up from y_bottom.
 * Returns the y of the top of what it drew. */
static float footer_meta(const struct build *b, const struct frame *fr, const struct article *a,
			 float y_bottom)
{
	const struct config_theme *t = &b->cfg->theme;
	float u = b->u, cw = fr->x1 - fr->x0;
	enum text_dir cd = article_dir(a), fd = card_frame_dir();
	struct card_type meta = word_type(&META, cd), tags = word_type(&TAGS, cd);
	struct buf m = {0};
	if (a->source && *a->source) {
		/* The source's name is an isolate of its own direction. */
		char *name = xasprintf(FSI "%s" PDI, a->source);
		char *line = card_fill(_("Source: %s"), name, NULL);
		buf_puts(&m, line);
		free(line);
		free(name);
	}
	if (a->published) {
		char *d = frame_date(a->published, b->cfg->timezone, "EEEE d MMMM y, HH:mm");
		if (d)
			buf_printf(&m, "%s%s", m.len ? "   ·   " : "", d);
		free(d);
	}
	float y = y_bottom;
	if (m.len) {
		struct text_layout *l = lay(b, m.data, &meta, cw, fd);
		y -= l->height;
		card_op_text(b->c, l, fr->x0, y, t->muted);
	}
	buf_free(&m);
	struct buf tb = {0};
	for (size_t i = 0; i < a->ntags && i < MAX_TAGS; i++)
		if (a->tags[i] && *a->tags[i])
			buf_printf(&tb, "%s" FSI "#%s" PDI, tb.len ? "   " : "", a->tags[i]);
	if (tb.len) {
		/* Each tag is a bidi isolate of its own direction, so "#ITU"
		 * reads "#ITU" among Persian tags and "#" stays at each tag's
		 * start. */
		struct text_layout *l = lay(b, tb.data, &tags, cw, fd);
		y -= l->height + TAGS_GAP * u;
		card_op_text(b->c, l, fr->x0, y, t->accent);
	}
	buf_free(&tb);
	return y;
}

/* A lead image takes the end side (left) in landscape, above the QR code
 * when there is one (qb), the top in portrait; the frame shrinks around
 * it (and around the code in landscape). A remote image is not fetched
 * here (the display never touches the network); a local one that is
 * missing makes the article broken: -1 with *err. */
static int lead_image(const struct build *b, const struct card_geometry *g, const struct article *a,
		      const struct qr_box *qb, struct frame *fr, char **err)
{
	if (!a->image || !*a->image || strstr(a->image, "://")) {
		if (qb && !fr->portrait)
			fr->x0 += (float)qb->side + IMAGE_GAP_WIDE * b->u;
		return 0;
	}
	if (a->image_missing) {
		*err = xasprintf("article %s: image %s cannot be read", a->id, a->image);
		return -1;
	}
	if (fr->portrait) {
		float ih = (float)g->body_h * IMAGE_SHARE_TALL;
		op_image(b->c, a->image, fr->x0, fr->top, fr->x1 - fr->x0, ih);
		fr->top += ih + IMAGE_GAP_TALL * b->u;
	} else {
		float iw = (fr->x1 - fr->x0) * IMAGE_SHARE_WIDE;
		float ib = qb ? (float)qb->y - IMAGE_GAP_TALL * b->u : fr->bottom;
		op_image(b->c, a->image, fr->x0, fr->top, iw, ib - fr->top);
		fr->x0 += iw + IMAGE_GAP_WIDE * b->u;
	}
	return 0;
}

/* A title of more than one line whose own direction differs from its
 * card's (an English title in a Persian feed): its lines aligned by its
 * own direction, the block still at the card's start side. Returns the
 * layout that replaces l (NULL: l stays) and *shift, the x shift of its
 * op before mirror(). */
static struct text_layout *own_lines(const struct text_layout *l, const char *text,
				     struct text_style s, enum text_dir card, float *shift)
{
	*shift = 0;
	enum text_dir own =
	    lang_text_dir(text, text) == ARTICLE_DIR_LTR ? TEXT_DIR_LTR : TEXT_DIR_RTL;
	if (l->nlines < 2 || own == card)
		return NULL;
	s.size = l->size;
	s.dir = own;
	s.align = TEXT_ALIGN_START;
	struct text_layout *o = text_layout(text, strlen(text), &s);
	float lo = o->width, hi = 0;
	for (size_t i = 0; i < o->nlines; i++)
		for (size_t r = 0; r < o->lines[i].nruns; r++) {
			lo = MIN(lo, o->lines[i].runs[r].x);
			hi = MAX(hi, o->lines[i].runs[r].x + o->lines[i].runs[r].width);
		}
	*shift = hi > lo ? (card == TEXT_DIR_RTL ? o->width - hi : lo) : 0;
	return o;
}

/* The headline card's title in cw x room: balanced, fitted between
 * HEADLINE_MIN and its largest size in its share of the room; when even
 * that is cut, shrunk to HEADLINE_FLOOR in up to four lines and the whole
 * room; lines by its own direction (own_lines(), *shift). Caller keeps. */
static struct text_layout *headline_title(const struct build *b, const struct article *a,
					  int portrait, float cw, enum text_dir dir, float room,
					  float *shift)
{
	float u = b->u;
	struct text_style s = card_style(&HEADLINE, b->f, u, cw, dir);
	s.balance = 1; /* headlines: lines of near-equal width */
	/* Raised to the legibility floor, the headline keeps its lead over
	 * the floor: its largest size grows as its smallest did. */
	float grow = card_size(HEADLINE_MIN * u) / (HEADLINE_MIN * u);
	float max_title = (portrait ? HEADLINE_MAX_TALL : HEADLINE_MAX_WIDE) * u * grow;
	double title_h = room * (portrait ? HEADLINE_SHARE_TALL : HEADLINE_SHARE_WIDE);
	size_t n = strlen(a->title);
	struct text_layout *title =
	    text_layout_fit(a->title, n, &s, card_size(HEADLINE_MIN * u), card_size(max_title), title_h);
	if (title->truncated) {
		/* Rather than cut it, shrink it further, into a fourth line
		 * and the whole room (the summary gets what is left). */
		text_layout_free(title);
		s.max_lines = HEADLINE_FLOOR_LINES;
		title =
		    text_layout_fit(a->title, n, &s, card_size(HEADLINE_FLOOR * u),
				    card_size(HEADLINE_MIN * u), room);
	}
	struct text_layout *own = own_lines(title, a->title, s, dir, shift);
	if (own) {
		text_layout_free(title);
		title = own;
	}
	return title;
}

/* The headline card's summary in height px of width cw, without a
 * feed's footer; NULL when there is none or no room. */
static struct text_layout *summary(struct build *b, const struct article *a, int portrait,
				   float height, float cw, enum text_dir dir)
{
	if (!a->summary || !*a->summary)
		return NULL;
	struct card_type st = portrait ? SUMMARY_TALL : SUMMARY_WIDE;
	double size = card_size(st.size * b->u);
	int lines = (int)(height / (size * st.line_height));
	st.max_lines = MIN(lines, st.max_lines);
	char *text = clean_body(a->summary);
	struct text_layout *l = lines > 0 && *text ? lay(b, text, &st, cw, dir) : NULL;
	free(text);
	return l;
}

static struct card *headline(const struct card_geometry *g, const struct config *cfg,
			     const struct card_fonts *f, const struct article *a, int repeat,
			     int64_t now, char **err)
{
	const struct config_theme *t = &cfg->theme;
	struct frame fr;
	frame_for(g, &fr);
	float u = fr.u;
	struct card *c = card_new(g->w, g->body_h, t->background);
	struct build b = {c, f, cfg, u};
	int breaking = a->priority == PRIORITY_BREAKING;
	if (breaking)
		card_op_rect(c, (float)g->w - BREAKING_BAR * u, 0, BREAKING_BAR * u, (float)g->body_h,
			t->breaking);
	/* The QR code of the link and the lead image; the text takes the rest. */
	struct qr_box qb;
	int has_qr = qr_place(g, cfg, &fr, a, &qb);
	if (lead_image(&b, g, a, has_qr ? &qb : NULL, &fr, err)) {
		if (has_qr)
			qr_free(&qb.q);
		card_free(c);
		return NULL;
	}
	/* In portrait the footer runs beside the code and the text stays above. */
	struct frame meta_fr = fr;
	if (has_qr && fr.portrait)
		meta_fr.x0 = (float)(qb.x + qb.side) + IMAGE_GAP_TALL * u;
	float cw = fr.x1 - fr.x0;
	enum text_dir dir = article_dir(a);
	/* Kicker, title, rule and summary form one block, placed a little
	 * above the middle of the room the footer leaves. */
	float meta_top = footer_meta(&b, &meta_fr, a, fr.bottom);
	if (has_qr && fr.portrait)
		meta_top = MIN(meta_top, (float)qb.y);
	float kick_h = row_of(&KICKER, u) + HEADLINE_KICKER_GAP * u;
	float rule_h = RULE_ABOVE * u + RULE_H * u + RULE_BELOW * u;
	float room = meta_top - FOOTER_GAP * u - fr.top - kick_h - rule_h;
	float shift = 0;
	struct text_layout *title =
	    card_keep(c, headline_title(&b, a, fr.portrait, cw, dir, room, &shift));
	struct text_layout *sum = summary(&b, a, fr.portrait, room - title->height, cw, dir);
	float block = kick_h + title->height + rule_h + (sum ? sum->height : 0);
	float spare = meta_top - FOOTER_GAP * u - fr.top - block;
	float y = fr.top + (spare > 0 ? spare * BLOCK_LIFT : 0);
	y += kicker(&b, &fr, a, now, y, repeat ? _("Again") : NULL) + HEADLINE_KICKER_GAP * u;
	card_op_text(c, title, fr.x0 + shift, y, t->text);
	y += title->height + RULE_ABOVE * u;
	card_op_rect(c, fr.x1 - RULE_W * u, y, RULE_W * u, RULE_H * u,
		breaking ? t->breaking : t->accent);
	y += RULE_H * u + RULE_BELOW * u;
	if (sum)
		card_op_text(c, sum, fr.x0, y, t->text & SUMMARY_ALPHA);
	c->words = playlist_count_words(a->title) + playlist_count_words(a->summary);
	if (dir == TEXT_DIR_LTR)
		card_mirror(c); /* a left-to-right article's card */
	if (has_qr)
		qr_draw(c, &qb, dir == TEXT_DIR_LTR);
	return c;
}

static struct card *page_card(const struct card_geometry *g, const struct config *cfg,
			      const struct card_fonts *f, const struct article *a, int page,
			      int64_t now, char **err)
{
	const struct config_theme *t = &cfg->theme;
	float u = g->unit;
	struct card *c = card_new(g->w, g->body_h, t->background);
	struct build b = {c, f, cfg, u};
	struct page_plan p;
	plan_page(&b, g, a, &p);
	int n = p.body->npages;
	if (page < 0 || page >= n) {
		*err = xasprintf("article %s: page %d of %d", a->id, page + 1, n);
		if (p.has_qr)
			qr_free(&p.qb.q);
		card_free(c);
		return NULL;
	}
	const struct frame *fr = &p.fr;
	if (a->priority == PRIORITY_BREAKING)
		card_op_rect(c, (float)g->w - BREAKING_BAR * u, 0, BREAKING_BAR * u, (float)g->body_h,
			t->breaking);
	char *num = i18n_number(page + 1), *of = i18n_number(n);
	char *indicator = card_fill(_("%s of %s"), num, of);
	kicker(&b, fr, a, now, fr->top, indicator);
	free(num);
	free(of);
	free(indicator);
	card_op_text(c, p.title, fr->x0, p.title_y, t->text);
	card_op_rect(c, fr->x0, p.rule_y, fr->x1 - fr->x0, PAGE_RULE_H * u,
		(t->muted & 0x00ffffff) | PAGE_RULE_ALPHA);
	size_t count = 0;
	for (size_t i = 0; i < p.body->nslices; i++) {
		const struct body_slice *s = &p.body->slices[i];
		if (s->page != page)
			continue;
		card_op_lines(c, s->l, fr->x0 + s->inset, p.body_top + s->y, s->first, s->n, t->text);
		count += s->n;
	}
	/* Page dots at the bottom, start side first. */
	float dot = DOT * u, gap = DOT_GAP * u, x = fr->x1 - dot;
	for (int i = 0; n > 1 && i < n && i < MAX_DOTS; i++) {
		card_op_rect(c, x, fr->bottom - dot, dot, dot,
			i == page ? t->accent : (t->muted & 0x00ffffff) | DOT_ALPHA);
		x -= dot + gap;
	}
	/* Words of this page: the body's share, on the lines laid out. */
	size_t total = playlist_count_words(a->body), nl = p.body->nlines;
	c->words = nl ? total * count / nl : 0;
	int ltr = article_dir(a) == TEXT_DIR_LTR;
	if (ltr)
		card_mirror(c); /* a left-to-right article's card */
	if (p.has_qr && page == 0)
		qr_draw(c, &p.qb, ltr);
	else if (p.has_qr)
		qr_free(&p.qb.q);
	return c;
}

struct card *card_article(const struct card_geometry *g, const struct config *cfg,
			  const struct card_fonts *f, const struct article *a, int page, int repeat,
			  int64_t now, char **err)
{
	if (!a->title || !*a->title) {
		*err = xasprintf("article %s: no title", a->id ? a->id : "?");
		return NULL;
	}
	struct card *c = page < 0 ? headline(g, cfg, f, a, repeat, now, err)
				  : page_card(g, cfg, f, a, page, now, err);
	if (!c)
		return NULL;
	for (size_t i = 0; i < c->nlayouts; i++) {
		if (c->layouts[i]->missing_glyphs)
			log_debug("article %s: %d characters no font has", a->id,
				  c->layouts[i]->missing_glyphs);
	}
	return c;
}

struct card *card_empty(const struct card_geometry *g, const struct config *cfg,
			const struct card_fonts *f, int64_t now, int64_t last_update)
{
	const struct config_theme *t = &cfg->theme;
	float u = g->unit, cw = (float)g->w - 2 * g->margin;
	struct card *c = card_new(g->w, g->body_h, t->background);
	struct build b = {c, f, cfg, u};
	char *clock = frame_date(now, cfg->timezone, "HH:mm");
	char *date = frame_date(now, cfg->timezone, "EEEE d MMMM y");
	char *when =
	    last_update > 0 ? frame_date(last_update, cfg->timezone, "EEEE d MMMM y, HH:mm") : NULL;
	char *last = last_update > 0   ? card_fill(_("Last updated: %s"), when ? when : "", NULL)
		     : last_update < 0 ? NULL
				       : xstrdup(_("Not updated yet"));
	/* A cache that is there but cannot be read is not an empty one. */
	const char *message =
	    last_update < 0 ? _("The news cannot be read right now") : _("No news yet");
	const char *hint = last_update < 0 ? _("It appears again as soon as it can be read.")
					   : _("News appears here after the first update.");
	struct {
		const char *text;
		const struct card_type *type;
		uint32_t colour;
		float gap; /* above it */
		struct text_layout *l;
	} parts[] = {
	    {clock, &EMPTY_CLOCK, t->text, 0, NULL},
	    {date, &EMPTY_DATE, t->accent, EMPTY_DATE_GAP * u, NULL},
	    {message, &EMPTY_TEXT, t->text, EMPTY_TEXT_GAP * u, NULL},
	    {hint, &EMPTY_HINT_TYPE, t->muted, EMPTY_HINT_GAP * u, NULL},
	    {last, &EMPTY_LAST, t->muted, EMPTY_LAST_GAP * u, NULL},
	};
	float total = 0;
	for (size_t i = 0; i < ARRAY_LEN(parts); i++) {
		if (parts[i].text) {
			parts[i].l = lay(&b, parts[i].text, parts[i].type, cw, card_frame_dir());
			total += parts[i].gap + parts[i].l->height;
		}
	}
	float y = ((float)g->body_h - total) / 2;
	for (size_t i = 0; i < ARRAY_LEN(parts); i++) {
		if (!parts[i].l)
			continue;
		y += parts[i].gap;
		card_op_text(c, parts[i].l, g->margin, y, parts[i].colour);
		y += parts[i].l->height;
	}
	free(clock);
	free(date);
	free(when);
	free(last);
	return c;
}

/* ----------------------------------------------------------- emergency */

/* The emergency screen: sizes are shares of the screen's height, so the
 * smallest text stays at least 5% of it in either orientation. */
static const float EMERGENCY_BAND = 0.15f;	/* the red band on top */
static const float EMERGENCY_LABEL = 0.06f;	/* its word */
static const float EMERGENCY_TITLE = 0.085f;	/* the title, at most */
static const float EMERGENCY_TITLE_MIN = 0.055f; /* the title, at least */
static const float EMERGENCY_TITLE_ROOM = 0.5f;	/* its share of the room, at most */
static const float EMERGENCY_TEXT = 0.05f;	/* the body, and the least of anything */
static const float EMERGENCY_GAP = 0.04f;	/* between the band, title and body */
static const uint32_t EMERGENCY_BG = 0xff000000;   /* black */
static const uint32_t EMERGENCY_RED = 0xffa00000;  /* white on it: 8.6:1 */
static const uint32_t EMERGENCY_INK = 0xffffffff;  /* white on black: 21:1 */
static const uint32_t EMERGENCY_BODY = 0xffffe680; /* pale yellow on black: 17:1 */

/* A centred type of size share of height h, in units of u. */
static struct card_type emergency_type(enum card_weight w, float share, int h, float u, int lines)
{
	return (struct card_type){.weight = w,
			     .size = share * (float)h / u,
			     .line_height = 1.3,
			     .max_lines = lines,
			     .align = TEXT_ALIGN_CENTER};
}

struct card *card_emergency(int w, int h, const struct config *cfg, const struct card_fonts *f,
			    const struct article *a)
{
	float u = (float)MIN(w, h) / 1080.0f, margin = (w > h ? MARGIN_WIDE : MARGIN_TALL) * u;
	float cw = (float)w - 2 * margin, band = EMERGENCY_BAND * (float)h;
	struct card *c = card_new(w, h, EMERGENCY_BG);
	struct build b = {c, f, cfg, u};
	card_op_rect(c, 0, 0, (float)w, band, EMERGENCY_RED);
	struct card_type label = emergency_type(CARD_BOLD, EMERGENCY_LABEL, h, u, 1);
	struct text_layout *l = lay(&b, _("Emergency"), &label, cw, card_frame_dir());
	card_op_text(c, l, margin, (band - l->height) / 2, EMERGENCY_INK);
	enum text_dir dir = article_dir(a);
	float room = (float)h - band - 2.5f * EMERGENCY_GAP * (float)h;
	/* The title whole, as large as it fits in its share of the room. */
	struct card_type title = emergency_type(CARD_BOLD, EMERGENCY_TITLE, h, u, 0);
	struct text_style ts = card_style(&title, f, u, cw, dir);
	struct text_layout *t =
	    card_keep(c, text_layout_fit(a->title, strlen(a->title), &ts, EMERGENCY_TITLE_MIN * (float)h,
				    EMERGENCY_TITLE * (float)h, EMERGENCY_TITLE_ROOM * room));
	const char *text = *a->body ? a->body : a->summary;
	struct card_type body = emergency_type(CARD_REGULAR, EMERGENCY_TEXT, h, u, 1);
	float line = body.size * u * (float)body.line_height;
	body.max_lines = MAX(1, (int)((room - t->height) / line));
	struct text_layout *bl = *text ? lay(&b, text, &body, cw, dir) : NULL;
	float total = t->height + (bl ? EMERGENCY_GAP * (float)h + bl->height : 0);
	float y = band + EMERGENCY_GAP * (float)h + MAX(0, (room - total) / 2);
	card_op_text(c, t, margin, y, EMERGENCY_INK);
	if (bl)
		card_op_text(c, bl, margin, y + t->height + EMERGENCY_GAP * (float)h, EMERGENCY_BODY);
	return c;
}

/* -------------------------------------------------------------- ticker */

char *card_ticker_text(const struct article_list *l, size_t max)
{
	struct buf b = {0};
	for (size_t i = 0, used = 0; i < l->n && used < max; i++) {
		const char *title = l->items[i].title;
		if (!title || !*title)
			continue;
		/* One line: newlines in a title become spaces. Each headline
		 * is an isolate of its own direction, so the Latin end of one
		 * and the Latin start of the next never merge into one run, and
		 * an English headline keeps its final full stop at its end. */
		buf_puts(&b, article_dir(&l->items[i]) == TEXT_DIR_LTR ? LRI : RLI);
		for (const char *s = title; *s; s++)
			buf_putc(&b, *s == '\n' || *s == '\r' || *s == '\t' ? ' ' : *s);
		/* The separator ends in a no-break space: a line's trailing
		 * spaces hang outside its width, and the strip, repeated
		 * end to end, would lose the gap after the last bullet. */
		buf_puts(&b, PDI "   •  " NBSP);
		used++;
	}
	if (!b.data)
		buf_puts(&b, "");
	return buf_steal(&b);
}

struct text_layout *card_ticker_layout(const struct card_geometry *g, const struct card_fonts *f,
				       const char *text)
{
	/* Wide enough for any number of headlines on one line; the line
	 * reads in the frame's direction, so the first headline is at the
	 * strip's start (right in a Persian frame, left in an English one). */
	struct text_style s = card_style(&TICKER, f, g->unit, 1e6, card_frame_dir());
	return text_layout(text, strlen(text), &s);
}

struct card *card_ticker_bar(const struct card_geometry *g, const struct config *cfg,
			     const struct card_fonts *f, int *strip_x, int *strip_w)
{
	float u = g->unit;
	struct card *c = card_new(g->w, g->ticker_h, cfg->theme.ticker);
	struct build b = {c, f, cfg, u};
	double width = (float)g->w / 3;
	struct text_layout *l = lay(&b, TICKER_LABEL, &TICKER_LABEL_TYPE, width, card_frame_dir());
	float lw = card_widest(l);
	float box = lw + 2 * g->margin * 0.5f + TICKER_LABEL_PAD * u;
	card_op_rect(c, (float)g->w - box, 0, box, (float)g->ticker_h, cfg->theme.accent);
	/* Laid out as if right to left: the label sits at the start (right)
	 * of its layout box; place the box so the label is centred on the
	 * accent block. An English frame mirrors the bar below. */
	card_op_text(c, l, (float)((float)g->w - box / 2 + lw / 2 - width),
		((float)g->ticker_h - l->height) / 2, cfg->theme.background);
	*strip_w = g->w - (int)ceilf(box + TICKER_GAP * u);
	*strip_x = 0;
	if (card_frame_dir() == TEXT_DIR_LTR) {
		card_mirror(c); /* an English frame: the label at the left end */
		*strip_x = g->w - *strip_w;
	}
	return c;
}
