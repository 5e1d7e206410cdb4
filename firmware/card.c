/*
 * card — builds the header, the card area and the ticker line as draw
 * operations. All sizes come from card_geometry(): one unit is a pixel
 * of a 1080-line screen, so a 4K screen gets twice the sizes and a
 * portrait screen the same type on a taller page.
 *
 * Must not: draw, read the clock or the cache.
 */
#include "card.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calendar.h"
#include "playlist.h"
#include "util.h"

#define BREAKING_LABEL "خبر فوری"
#define TICKER_LABEL   "تازه‌ها"
/* Bidi isolates (UAX #9): right-to-left, first-strong, and their end. */
#define RLI	      "\xe2\x81\xa7"
#define FSI	      "\xe2\x81\xa8"
#define PDI	      "\xe2\x81\xa9"
#define EMPTY_MESSAGE "هنوز خبری نرسیده است"
#define EMPTY_HINT                                                                                 \
	"خبرها پس از نخستین دریافت اینجا نمایش داده "           \
	"می‌شوند."

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
	font_chain_free(f->regular);
	font_chain_free(f->medium);
	font_chain_free(f->bold);
	memset(f, 0, sizeof *f);
}

void card_geometry(int w, int h, int ticker, struct card_geometry *g)
{
	memset(g, 0, sizeof *g);
	g->w = w;
	g->h = h;
	g->unit = (float)MIN(w, h) / 1080.0f;
	g->header_h = (int)lroundf(120 * g->unit);
	g->ticker_h = ticker ? (int)lroundf(78 * g->unit) : 0;
	g->body_y = g->header_h;
	g->body_h = h - g->header_h - g->ticker_h;
	g->margin = (w > h ? 96 : 64) * g->unit;
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
	free(c->layouts);
	free(c->strings);
	free(c->ops);
	free(c);
}

static struct card_op *op_new(struct card *c, enum card_op_kind kind)
{
	c->ops = xgrow(c->ops, &c->cap, c->nops + 1, sizeof *c->ops);
	struct card_op *op = &c->ops[c->nops++];
	memset(op, 0, sizeof *op);
	op->kind = kind;
	return op;
}

static void op_rect(struct card *c, float x, float y, float w, float h, uint32_t argb)
{
	struct card_op *op = op_new(c, CARD_OP_RECT);
	op->x = x;
	op->y = y;
	op->w = w;
	op->h = h;
	op->argb = argb;
}

/* Draw lines [first, first + n) of l with first's top at (x, y). */
static void op_lines(struct card *c, const struct text_layout *l, float x, float y, size_t first,
		     size_t n, uint32_t argb)
{
	struct card_op *op = op_new(c, CARD_OP_TEXT);
	op->x = x;
	op->y = y;
	op->w = l->width;
	op->h = l->height;
	op->argb = argb;
	op->text = l;
	op->first_line = first;
	op->nlines = n;
}

static void op_text(struct card *c, const struct text_layout *l, float x, float y, uint32_t argb)
{
	op_lines(c, l, x, y, 0, l->nlines, argb);
}

static void op_image(struct card *c, const char *path, float x, float y, float w, float h)
{
	c->strings = xgrow(c->strings, &c->strings_cap, c->nstrings + 1, sizeof *c->strings);
	char *p = xstrdup(path);
	c->strings[c->nstrings++] = p;
	struct card_op *op = op_new(c, CARD_OP_IMAGE);
	op->x = x;
	op->y = y;
	op->w = w;
	op->h = h;
	op->image = p;
}

static struct text_layout *keep(struct card *c, struct text_layout *l)
{
	c->layouts = xgrow(c->layouts, &c->layouts_cap, c->nlayouts + 1, sizeof *c->layouts);
	c->layouts[c->nlayouts++] = l;
	return l;
}

static void style_for(struct text_style *s, struct font_chain *f, double size, double width,
		      enum text_align align, double line_height, int max_lines, enum text_dir dir)
{
	text_style_init(s);
	s->fonts = f;
	s->size = size;
	s->width = width;
	s->align = align;
	s->line_height = line_height;
	s->max_lines = max_lines;
	s->dir = dir;
}

/* Lay out text; the card owns the result. */
static struct text_layout *lay(struct card *c, const char *text, struct font_chain *f, double size,
			       double width, enum text_align align, double line_height,
			       int max_lines, enum text_dir dir)
{
	struct text_style s;
	style_for(&s, f, size, width, align, line_height, max_lines, dir);
	return keep(c, text_layout(text, strlen(text), &s));
}

/* Width of the widest line. */
static float content_width(const struct text_layout *l)
{
	float w = 0;
	for (size_t i = 0; i < l->nlines; i++)
		w = MAX(w, l->lines[i].width);
	return w;
}

/* Persian articles read right to left even when they start with Latin
 * (docs/text-layout.md); an article marked as another language reads its own way. */
static enum text_dir article_dir(const struct article *a)
{
	static const char *const rtl[] = {"fa", "ar", "ur", "ps", "ku", "ckb", "he", "yi", "dv"};
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

char *card_persian_number(long n)
{
	/* The text engine's digit rule, so a number reads the same wherever
	 * it comes from (docs/text-layout.md). */
	char digits[32];
	int len = snprintf(digits, sizeof digits, "%ld", n);
	size_t out_len;
	return text_normalize(digits, (size_t)len, TEXT_NORM_DIGITS, 1, &out_len);
}

char *card_relative_time(int64_t now, int64_t t)
{
	if (t <= 0)
		return NULL;
	int64_t d = now - t;
	if (d < 0)
		d = 0;
	if (d < 60)
		return xstrdup("همین حالا");
	const char *unit;
	long n;
	if (d < 3600) {
		n = (long)(d / 60);
		unit = "دقیقه";
	} else if (d < 86400) {
		n = (long)(d / 3600);
		unit = "ساعت";
	} else if (d <= 30 * 86400) {
		n = (long)(d / 86400);
		unit = "روز";
	} else {
		return NULL;
	}
	char *num = card_persian_number(n);
	char *s = xasprintf("%s %s پیش", num, unit);
	free(num);
	return s;
}

/* -------------------------------------------------------------- header */

struct card *card_header(const struct card_geometry *g, const struct config *cfg,
			 const struct card_fonts *f, int64_t now)
{
	const struct config_theme *t = &cfg->theme;
	float u = g->unit, hh = (float)g->header_h;
	struct card *c = card_new(g->w, g->header_h, t->surface);
	op_rect(c, 0, hh - 4 * u, (float)g->w, 4 * u, t->accent);

	/* Start side (right): logo, then the title. */
	float right = (float)g->w - g->margin;
	if (cfg->logo && *cfg->logo) {
		char *path = cfg->logo[0] == '/' ? xstrdup(cfg->logo)
						 : xasprintf("%s/%s", datadir(), cfg->logo);
		if (access(path, R_OK) == 0) {
			float s = hh * 0.58f;
			op_image(c, path, right - s, (hh - s) / 2, s, s);
			right -= s + 24 * u;
		} else {
			log_warn("header: logo %s cannot be read; leaving it out", path);
		}
		free(path);
	}
	float half = (float)g->w / 2 - g->margin;
	struct text_layout *title =
	    lay(c, cfg->title, f->bold, 46 * u, half, TEXT_ALIGN_START, 1.4, 1, TEXT_DIR_RTL);
	op_text(c, title, right - half, (hh - title->height) / 2, t->text);

	/* End side (left): the clock, a divider, the Jalali date. */
	char *clock = calendar_format(now, cfg->timezone, "HH:mm", 1);
	char *date = calendar_format(now, cfg->timezone, "EEEE d MMMM y", 1);
	char *greg =
	    cfg->gregorian ? calendar_format_gregorian(now, cfg->timezone, "d MMMM y", 1) : NULL;
	float x = g->margin;
	if (clock) {
		struct text_layout *cl =
		    lay(c, clock, f->bold, 50 * u, half, TEXT_ALIGN_END, 1.3, 1, TEXT_DIR_RTL);
		op_text(c, cl, x, (hh - cl->height) / 2, t->text);
		x += content_width(cl) + 28 * u;
		op_rect(c, x, hh * 0.28f, 2 * u, hh * 0.44f, t->muted);
		x += 2 * u + 28 * u;
	}
	if (date) {
		struct text_layout *dl = lay(c, date, f->medium, (greg ? 27 : 30) * u, half,
					     TEXT_ALIGN_END, 1.45, 1, TEXT_DIR_RTL);
		struct text_layout *gl = greg ? lay(c, greg, f->regular, 22 * u, half,
						    TEXT_ALIGN_END, 1.4, 1, TEXT_DIR_RTL)
					      : NULL;
		float total = dl->height + (gl ? gl->height : 0);
		float y = (hh - total) / 2;
		op_text(c, dl, x, y, t->text);
		if (gl)
			op_text(c, gl, x, y + dl->height, t->muted);
	}
	free(clock);
	free(date);
	free(greg);
	return c;
}

/* ---------------------------------------------------------- the cards */

/* Body paragraphs trimmed, empty ones dropped, joined by '\n'. */
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
	fr->pad = (fr->portrait ? 72 : 60) * g->unit;
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

/* The article page's fixed parts and the body laid out for the column. */
struct page_plan {
	struct text_layout *title, *body; /* kept by the card */
	float body_top, body_h;
};

static void plan_page(struct card *c, const struct card_geometry *g, const struct config *cfg,
		      const struct card_fonts *f, const struct article *a, struct page_plan *p)
{
	struct frame fr;
	frame_for(g, &fr);
	float u = fr.u, cw = fr.x1 - fr.x0;
	enum text_dir dir = article_dir(a);
	float y = fr.top + 30 * u * 1.5f + 20 * u; /* the kicker row */
	p->title = lay(c, a->title, f->bold, (fr.portrait ? 56 : 54) * u, cw, TEXT_ALIGN_START, 1.4,
		       2, dir);
	y += p->title->height + 24 * u + 2 * u + 28 * u;
	char *body = clean_body(a->body);
	struct text_style bs;
	style_for(&bs, f->regular, 38 * u, cw,
		  cfg->justify == JUSTIFY_NONE ? TEXT_ALIGN_START : TEXT_ALIGN_JUSTIFY, 1.75, 0, dir);
	bs.justify = cfg->justify == JUSTIFY_SPACES ? TEXT_JUSTIFY_SPACES : TEXT_JUSTIFY_KASHIDA;
	p->body = keep(c, text_layout(body, strlen(body), &bs));
	free(body);
	space_paragraphs(p->body, 18 * u);
	p->body_top = y;
	p->body_h = fr.bottom - y - 30 * u * 1.5f; /* leave the page indicator row */
}

int card_page_count(const struct card_geometry *g, const struct config *cfg,
		    const struct card_fonts *f, const struct article *a)
{
	(void)cfg;
	if (!a->body || !a->title || !*a->title)
		return 0;
	struct card *c = card_new(g->w, g->body_h, 0);
	struct page_plan p;
	plan_page(c, g, cfg, f, a, &p);
	int n = 0;
	if (p.body->nlines && p.body_h > p.body->line_height) {
		size_t *starts;
		n = paginate(p.body, p.body_h, &starts);
		free(starts);
	}
	card_free(c);
	return n;
}

/* The kicker row above a title: the breaking label, or the category and
 * the relative time. Returns the row's height. */
static float kicker(struct card *c, const struct config *cfg, const struct card_fonts *f,
		    const struct frame *fr, const struct article *a, int64_t now, float y,
		    const char *extra_left)
{
	const struct config_theme *t = &cfg->theme;
	float u = fr->u, cw = fr->x1 - fr->x0, size = 30 * u, row = size * 1.5f;
	float right = fr->x1;
	if (a->priority == PRIORITY_BREAKING) {
		struct text_layout *l = lay(c, BREAKING_LABEL, f->bold, size, cw, TEXT_ALIGN_START,
					    1.5, 1, TEXT_DIR_RTL);
		float w = content_width(l) + 40 * u;
		op_rect(c, right - w, y - 4 * u, w, row + 8 * u, t->breaking);
		op_text(c, l, right - cw - 20 * u, y, t->breaking_text);
		right -= w + 24 * u;
	} else if (a->category && *a->category) {
		struct text_layout *l = lay(c, a->category, f->medium, size, cw, TEXT_ALIGN_START,
					    1.5, 1, TEXT_DIR_RTL);
		op_rect(c, right - 6 * u, y + 6 * u, 6 * u, row - 12 * u, t->accent);
		op_text(c, l, right - cw - 22 * u, y, t->accent);
		right -= content_width(l) + 22 * u + 28 * u;
	}
	char *rel = card_relative_time(now, a->published);
	if (rel) {
		struct text_layout *l =
		    lay(c, rel, f->regular, size, cw, TEXT_ALIGN_START, 1.5, 1, TEXT_DIR_RTL);
		op_text(c, l, right - cw, y, t->muted);
		free(rel);
	}
	if (extra_left) {
		struct text_layout *l =
		    lay(c, extra_left, f->medium, size, cw, TEXT_ALIGN_END, 1.5, 1, TEXT_DIR_RTL);
		op_text(c, l, fr->x0, y, t->muted);
	}
	return row;
}

/* "منبع: …  ·  date · time" and the tags, bottom up from y_bottom.
 * Returns the y of the top of what it drew. */
static float footer_meta(struct card *c, const struct config *cfg, const struct card_fonts *f,
			 const struct frame *fr, const struct article *a, float y_bottom)
{
	const struct config_theme *t = &cfg->theme;
	float u = fr->u, cw = fr->x1 - fr->x0;
	struct buf b = {0};
	if (a->source && *a->source)
		buf_printf(&b, "منبع: %s", a->source);
	if (a->published) {
		char *d = calendar_format(a->published, cfg->timezone, "EEEE d MMMM y، HH:mm", 1);
		if (d)
			buf_printf(&b, "%s%s", b.len ? "   ·   " : "", d);
		free(d);
	}
	float y = y_bottom;
	if (b.len) {
		struct text_layout *l =
		    lay(c, b.data, f->regular, 28 * u, cw, TEXT_ALIGN_START, 1.5, 1, TEXT_DIR_RTL);
		y -= l->height;
		op_text(c, l, fr->x0, y, t->muted);
	}
	buf_free(&b);
	if (a->ntags) {
		struct buf tb = {0};
		for (size_t i = 0; i < a->ntags && i < 6; i++)
			if (a->tags[i] && *a->tags[i])
				buf_printf(&tb, "%s" FSI "#%s" PDI, tb.len ? "   " : "",
					   a->tags[i]);
		if (tb.len) {
			/* Each tag is a bidi isolate of its own direction, so "#ITU"
			 * reads "#ITU" among Persian tags and "#" stays at each
			 * tag's start. */
			struct text_layout *l = lay(c, tb.data, f->medium, 26 * u, cw,
						    TEXT_ALIGN_START, 1.5, 1, TEXT_DIR_RTL);
			y -= l->height + 4 * u;
			op_text(c, l, fr->x0, y, t->accent);
		}
		buf_free(&tb);
	}
	return y;
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
	int breaking = a->priority == PRIORITY_BREAKING;
	if (breaking)
		op_rect(c, (float)g->w - 14 * u, 0, 14 * u, (float)g->body_h, t->breaking);

	/* A lead image takes the end side (left) in landscape, the top in
	 * portrait. */
	/* A remote image is not fetched here (the display never touches the
	 * network); a local one that is missing makes the article broken. */
	if (a->image && *a->image && !strstr(a->image, "://")) {
		if (access(a->image, R_OK) != 0) {
			*err = xasprintf("article %s: image %s cannot be read", a->id, a->image);
			card_free(c);
			return NULL;
		}
		if (fr.portrait) {
			float ih = (float)g->body_h * 0.32f;
			op_image(c, a->image, fr.x0, fr.top, fr.x1 - fr.x0, ih);
			fr.top += ih + 40 * u;
		} else {
			float iw = (fr.x1 - fr.x0) * 0.38f;
			op_image(c, a->image, fr.x0, fr.top, iw, fr.bottom - fr.top);
			fr.x0 += iw + 56 * u;
		}
	}
	float cw = fr.x1 - fr.x0;
	enum text_dir dir = article_dir(a);
	/* Kicker, title, rule and summary form one block, placed a little
	 * above the middle of the room the footer leaves. */
	float meta_top = footer_meta(c, cfg, f, &fr, a, fr.bottom);
	float kick_h = 30 * u * 1.5f + 28 * u, rule_h = 26 * u + 6 * u + 34 * u;
	float room = meta_top - 40 * u - fr.top - kick_h - rule_h;

	struct text_style s;
	style_for(&s, f->bold, 0, cw, TEXT_ALIGN_START, 1.4, 3, dir);
	s.balance = 1; /* headlines: lines of near-equal width */
	float max_title = (fr.portrait ? 84 : 92) * u, min_title = 50 * u;
	double title_h = room * (fr.portrait ? 0.5 : 0.6);
	struct text_layout *title =
	    keep(c, text_layout_fit(a->title, strlen(a->title), &s, min_title, max_title, title_h));
	struct text_layout *sum = NULL;
	if (a->summary && *a->summary) {
		double size = (fr.portrait ? 40 : 38) * u, lh = 1.7;
		int lines = (int)((room - title->height) / (size * lh));
		if (lines > 0)
			sum = lay(c, a->summary, f->regular, size, cw, TEXT_ALIGN_START, lh,
				  MIN(lines, 6), dir);
	}
	float block = kick_h + title->height + rule_h + (sum ? sum->height : 0);
	float spare = meta_top - 40 * u - fr.top - block;
	float y = fr.top + (spare > 0 ? spare * 0.4f : 0);
	y += kicker(c, cfg, f, &fr, a, now, y, repeat ? "تکرار" : NULL) + 28 * u;
	op_text(c, title, fr.x0, y, t->text);
	y += title->height + 26 * u;
	op_rect(c, fr.x1 - 120 * u, y, 120 * u, 6 * u, breaking ? t->breaking : t->accent);
	y += 6 * u + 34 * u;
	if (sum)
		op_text(c, sum, fr.x0, y, t->text & 0xe6ffffff);
	c->words = playlist_count_words(a->title) + playlist_count_words(a->summary);
	return c;
}

static struct card *page_card(const struct card_geometry *g, const struct config *cfg,
			      const struct card_fonts *f, const struct article *a, int page,
			      int64_t now, char **err)
{
	const struct config_theme *t = &cfg->theme;
	struct frame fr;
	frame_for(g, &fr);
	float u = fr.u;
	struct card *c = card_new(g->w, g->body_h, t->background);
	struct page_plan p;
	plan_page(c, g, cfg, f, a, &p);
	size_t *starts = NULL;
	int n = p.body->nlines && p.body_h > p.body->line_height
		    ? paginate(p.body, p.body_h, &starts)
		    : 0;
	if (page < 0 || page >= n) {
		*err = xasprintf("article %s: page %d of %d", a->id, page + 1, n);
		free(starts);
		card_free(c);
		return NULL;
	}
	if (a->priority == PRIORITY_BREAKING)
		op_rect(c, (float)g->w - 14 * u, 0, 14 * u, (float)g->body_h, t->breaking);
	char *num = card_persian_number(page + 1), *of = card_persian_number(n);
	char *indicator = xasprintf("%s از %s", num, of);
	free(num);
	free(of);
	float y = fr.top;
	y += kicker(c, cfg, f, &fr, a, now, y, indicator) + 20 * u;
	free(indicator);
	op_text(c, p.title, fr.x0, y, t->text);
	y += p.title->height + 24 * u;
	op_rect(c, fr.x0, y, fr.x1 - fr.x0, 2 * u, (t->muted & 0x00ffffff) | 0x60000000);
	size_t first = starts[page], count = starts[page + 1] - first;
	op_lines(c, p.body, fr.x0, p.body_top, first, count, t->text);

	/* Page dots at the bottom, start side first. */
	float dot = 10 * u, gap = 14 * u, x = fr.x1 - dot;
	for (int i = 0; n > 1 && i < n && i < 20; i++) {
		op_rect(c, x, fr.bottom - dot, dot, dot,
			i == page ? t->accent : (t->muted & 0x00ffffff) | 0x70000000);
		x -= dot + gap;
	}
	size_t total = playlist_count_words(a->body);
	c->words = p.body->nlines ? total * count / p.body->nlines : 0;
	free(starts);
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
	struct playlist_rules r = {.words_per_minute = cfg->words_per_minute,
				   .min_dwell = cfg->min_dwell,
				   .max_dwell = cfg->max_dwell};
	c->dwell = playlist_dwell(&r, c->words);
	return c;
}

struct card *card_empty(const struct card_geometry *g, const struct config *cfg,
			const struct card_fonts *f, int64_t now, int64_t last_update)
{
	const struct config_theme *t = &cfg->theme;
	float u = g->unit, cw = (float)g->w - 2 * g->margin;
	struct card *c = card_new(g->w, g->body_h, t->background);
	char *clock = calendar_format(now, cfg->timezone, "HH:mm", 1);
	char *date = calendar_format(now, cfg->timezone, "EEEE d MMMM y", 1);
	char *last;
	if (last_update > 0) {
		char *when = calendar_format(last_update, cfg->timezone, "EEEE d MMMM y، HH:mm", 1);
		last = xasprintf("آخرین به‌روزرسانی: %s", when ? when : "");
		free(when);
	} else {
		last = xstrdup("هنوز به‌روزرسانی نشده است");
	}
	struct text_layout *parts[5];
	uint32_t colours[5];
	float gaps[5];
	size_t n = 0;
	if (clock) {
		parts[n] =
		    lay(c, clock, f->bold, 150 * u, cw, TEXT_ALIGN_CENTER, 1.25, 1, TEXT_DIR_RTL);
		colours[n] = t->text;
		gaps[n++] = 0;
	}
	if (date) {
		parts[n] =
		    lay(c, date, f->medium, 44 * u, cw, TEXT_ALIGN_CENTER, 1.5, 1, TEXT_DIR_RTL);
		colours[n] = t->accent;
		gaps[n++] = 8 * u;
	}
	parts[n] =
	    lay(c, EMPTY_MESSAGE, f->medium, 40 * u, cw, TEXT_ALIGN_CENTER, 1.5, 2, TEXT_DIR_RTL);
	colours[n] = t->text;
	gaps[n++] = 64 * u;
	parts[n] =
	    lay(c, EMPTY_HINT, f->regular, 30 * u, cw, TEXT_ALIGN_CENTER, 1.6, 2, TEXT_DIR_RTL);
	colours[n] = t->muted;
	gaps[n++] = 8 * u;
	parts[n] = lay(c, last, f->regular, 28 * u, cw, TEXT_ALIGN_CENTER, 1.6, 2, TEXT_DIR_RTL);
	colours[n] = t->muted;
	gaps[n++] = 24 * u;
	float total = 0;
	for (size_t i = 0; i < n; i++)
		total += gaps[i] + parts[i]->height;
	float y = ((float)g->body_h - total) / 2;
	for (size_t i = 0; i < n; i++) {
		y += gaps[i];
		op_text(c, parts[i], g->margin, y, colours[i]);
		y += parts[i]->height;
	}
	free(clock);
	free(date);
	free(last);
	struct playlist_rules r = {.words_per_minute = cfg->words_per_minute,
				   .min_dwell = cfg->min_dwell,
				   .max_dwell = cfg->max_dwell};
	c->dwell = playlist_dwell(&r, 0);
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
		 * is a right-to-left isolate, so the Latin end of one and the
		 * Latin start of the next never merge into one run. */
		buf_puts(&b, RLI);
		for (const char *s = title; *s; s++)
			buf_putc(&b, *s == '\n' || *s == '\r' || *s == '\t' ? ' ' : *s);
		buf_puts(&b, PDI "   •   ");
		used++;
	}
	if (!b.data)
		buf_puts(&b, "");
	return buf_steal(&b);
}

struct text_layout *card_ticker_layout(const struct card_geometry *g, const struct card_fonts *f,
				       const char *text)
{
	struct text_style s;
	/* Wide enough for any number of headlines on one line. */
	style_for(&s, f->medium, 34 * g->unit, 1e6, TEXT_ALIGN_END, 1.5, 1, TEXT_DIR_RTL);
	return text_layout(text, strlen(text), &s);
}

struct card *card_ticker_bar(const struct card_geometry *g, const struct config *cfg,
			     const struct card_fonts *f, int *strip_w)
{
	struct card *c = xcalloc(1, sizeof *c);
	c->w = g->w;
	c->h = g->ticker_h;
	c->background = cfg->theme.ticker;
	float u = g->unit;
	struct text_style s;
	text_style_init(&s);
	s.fonts = f->bold;
	s.size = 30 * u;
	s.width = (float)g->w / 3;
	s.line_height = 1.5;
	s.max_lines = 1;
	struct text_layout *l = text_layout(TICKER_LABEL, strlen(TICKER_LABEL), &s);
	float lw = 0;
	for (size_t i = 0; i < l->nlines; i++)
		lw = MAX(lw, l->lines[i].width);
	float box = lw + 2 * g->margin * 0.5f + 24 * u;
	c->layouts = xmalloc(sizeof *c->layouts);
	c->layouts[0] = l;
	c->nlayouts = c->layouts_cap = 1;
	c->ops = xcalloc(3, sizeof *c->ops);
	c->cap = 3;
	c->ops[c->nops++] = (struct card_op){.kind = CARD_OP_RECT,
					     .x = (float)g->w - box,
					     .y = 0,
					     .w = box,
					     .h = (float)g->ticker_h,
					     .argb = cfg->theme.accent};
	/* The label sits at the start (right) of its layout box; place the box
	 * so the label is centred on the accent block. */
	c->ops[c->nops++] = (struct card_op){.kind = CARD_OP_TEXT,
					     .x = (float)g->w - box / 2 + lw / 2 - s.width,
					     .y = ((float)g->ticker_h - l->height) / 2,
					     .argb = cfg->theme.background,
					     .text = l,
					     .first_line = 0,
					     .nlines = l->nlines};
	*strip_w = g->w - (int)ceilf(box + 24 * u);
	return c;
}
