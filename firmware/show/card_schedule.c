/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * card_schedule — the now-and-next card and the room screen as draw
 * operations (see card.h for the operations and card_schedule.h for what
 * each card shows).
 *
 * Every string gets the direction of its first strong character and
 * hugs the right edge of its box (the frame reads right to left); lists of
 * names isolate each name, so "Tom Berg، لیلا حسینی" keeps both in order.
 *
 * Must not: draw, read the cache or the wall clock.
 */
#include "show/card_schedule.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/calendar.h"
#include "base/lang.h"
#include "base/util.h"
#include "show/agenda.h"
#include "show/i18n.h"
#include "show/playlist.h"

#define FSI	  "\xe2\x81\xa8"
#define PDI	  "\xe2\x81\xa9"

/* The frame's words (assets/po/): the display's language. */
#define T_HEADING   _("Now and next in the halls")
#define T_NOW	    _("Now")
#define T_GAP	    _("Between talks")
#define T_NOT_YET   _("Not started yet")
#define T_DAY_OVER  _("Done for today")
#define T_STARTING  _("Starting now")
#define T_JUST_STARTED _("Just started")
#define T_CHANGED   _("Moved")
#define T_CANCELLED _("Cancelled")
#define T_NEW	    _("New")
#define T_ENDED	    _("The programme in this hall has ended")
#define T_UPCOMING  _("Coming up")
#define T_REST	    _("Later today")
#define T_NEXT	    _("Next")
#define T_ALL_HALLS _("All halls")
#define T_FULL	    _("Full")
#define T_UPDATED_NOW _("Schedule updated just now")
#define T_FEED_FAILING _("its feed is failing")
#define T_HALL_FULL _("This hall is full")
#define T_STREAM    _("Follow the talk on the live stream: scan the code")
/* With a number or time for %s. */
#define T_TOMORROW	 _("tomorrow %s")
#define T_NEXT_AT	 _("Next, at %s")
#define T_FIRST_TOMORROW _("Tomorrow's first talk: %s")
#define T_MOVED_TO	 _("Moved to %s, %s")
#define T_PAGE		 _("%s of %s")

/* ------------------------------------------------------------ the design */

/* Sizes in units: a pixel of a 1080-line screen (card_geometry() scales
 * them), as in card.c's table. */

/* Shared by both cards. */
static const float TRACK_BAR = 6;	  /* a talk's track colour beside it, in a row */
static const float TRACK_GAP = 22;	  /* the text's inset from that bar */
static const float PIECE_GAP = 16;	  /* between a row's pieces: time, "in N minutes", mark */
static const float MARK_PAD = 14;	  /* a mark's badge beyond its label, each side */
static const float STRIKE_H = 2.5f;	  /* the line through an old time or room */
static const float STRIKE_RISE = 0.5f;	  /* its middle above the baseline, of the size */
static const float LINE = 1.35f;	  /* line height of every string, times its size */
static const uint32_t TRACK_DIM = 0x40;	  /* a progress bar's empty track: alpha of muted */
static const uint32_t NEXT_BAR = 0x99;	  /* the next talk's colour bar: alpha */
static const uint32_t LIST_RULE_A = 0x66; /* the rule under a list heading: alpha of muted */
static const uint32_t PERSONS_A = 0xd9;	  /* the big block's speakers: alpha of text */

/* The now-and-next card: a heading, column labels, one row per room. */
static const float HEADING = 40;	    /* the heading's size (bold) */
static const float HEADING_TOP = 36;	    /* above it */
static const float HEADING_GAP = 12;	    /* between it and the accent rule */
static const float HEADING_RULE = 3;	    /* the rule's height */
static const float RULE_GAP = 10;	    /* under the rule */
static const float RULE_GAP_TALL = 8;	    /* and, portrait (no labels), a little more */
static const float LABEL = 24;		    /* the column labels' size (medium) */
static const float LABEL_GAP = 6;	    /* under them */
static const float COLUMN_GAP = 36;	    /* between the columns */
static const float ROOM_SHARE = 0.2f;	    /* the room column, of the width (landscape) */
static const float NOW_SHARE = 0.44f;	    /* the now column, of the width (landscape) */
static const float NOW_SHARE_TALL = 0.45f;  /* the now column beside next (portrait) */
static const float ROWS_BOTTOM = 36;	    /* under the last row */
static const float ROW_GAP = 10;	    /* between rows */
static const float ROW_PAD = 16;	    /* inside a row, at most */
static const float ROW_PAD_SHARE = 0.12f;   /* and at most this share of its height */
static const float ROW_MAX_WIDE = 250;	    /* a row's height at most, landscape */
static const float ROW_MAX_TALL = 480;	    /* the same, portrait */
static const float ROW_MIN = 84;	    /* at least: more rooms go on further pages */
/* The same in portrait, where a row holds the hall's name (at least the
 * title's size), a title and its times, each on its own line, at their
 * smallest: 2 * ROW_PAD + ROW_GAP + ROOM_GAP_TALL + (2 * ROW_TITLE_MIN +
 * ROW_META_MIN) * LINE. */
static const float ROW_MIN_TALL = 140;
static const float ROW_TITLE_SHARE = 0.26f; /* a title's size, of the row's inner height */
static const float ROW_TITLE_MIN = 24;	    /* the smallest title */
static const float ROW_TITLE_MAX = 40;	    /* the largest */
static const float ROW_META_SHARE = 0.74f;  /* times and names, of the title's size */
static const float ROW_META_MIN = 20;	    /* the smallest */
static const float PROGRESS_H = 8;	    /* a row's progress bar */
static const float ROOM_SHARE_TALL = 0.12f; /* the room's name above a row (portrait), of it */
static const float ROOM_MAX_TALL = 34;	    /* its size at most */
static const float ROOM_GAP_TALL = 6;	    /* under it */
static const float STACK_MIN = 260;	    /* portrait rows this tall put now above next */
static const float STACK_GAP = 14;	    /* between now and next, stacked */
static const float IDLE_LINE = 1.4f;	    /* "not started" in place of a talk: its line */

/* The room screen: the room's name, the big block, the lists. */
static const float ROOM_TOP = 40;	    /* above the room's name */
static const float ROOM_NAME = 58;	    /* its size (bold) */
static const float ROOM_RULE_GAP = 12;	    /* between it and the accent rule */
static const float ROOM_RULE = 3;	    /* the rule's height */
static const float ROOM_RULE_BELOW = 36;    /* under the rule */
static const float ROOM_BOTTOM = 40;	    /* under everything */
static const float BIG_SHARE = 0.56f;	    /* the big block's width, landscape */
static const float LISTS_GAP = 64;	    /* between it and the lists, landscape */
static const float BIG_SHARE_TALL = 0.5f;   /* its height at most, portrait */
static const float BLOCK_GAP_TALL = 48;	    /* under it, portrait */
static const float BIG_LABEL = 34;	    /* "now", the countdown (bold) */
static const float BIG_LABEL_GAP = 10;	    /* under it */
static const float BIG_BAR = 10;	    /* the track colour beside the block */
static const float BIG_INSET = 34;	    /* the text's inset from that bar */
static const float BIG_TITLE_MIN = 44;	    /* the title's size, fitted between these */
static const float BIG_TITLE_MAX = 76;	    /* ... */
static const float BIG_TITLE_SHARE = 0.42f; /* its height at most, of the block's */
static const int BIG_TITLE_LINES = 3;	    /* its lines at most */
static const float BIG_TITLE_GAP = 8;	    /* under it */
static const float BIG_PERSONS = 38;	    /* the speakers' size (medium) */
static const float BIG_PERSONS_GAP = 14;    /* under them */
static const float TIMES = 34;		    /* the times' size (medium) */
static const float TIMES_GAP = 24;	    /* between them and the progress bar */
static const float TIMES_MARK = 30;	    /* a mark's size on that line */
static const float BIG_PROGRESS_H = 14;	    /* the progress bar */
static const float ENDED = 56;		    /* "the programme has ended" (bold) */
static const float ENDED_GAP = 40;	    /* under it */
static const float TOMORROW_SHARE = 0.6f;   /* tomorrow's first talk: its block, of the big one */
static const float LIST_HEAD = 28;	    /* "next", "the rest of the day" (medium) */
static const float LIST_HEAD_GAP = 6;	    /* under it */
static const float LIST_RULE = 2;	    /* the rule under it */
static const float LIST_RULE_BELOW = 16;    /* under the rule */
static const float UPCOMING = 36;	    /* the next two talks' size */
static const float REST = 30;		    /* the rest of the day's size */
static const float LIST_ITEM_GAP = 18;	    /* between talks in a list */
static const float LIST_PART_GAP = 16;	    /* between the two lists */
static const float LIST_TIME_SHARE = 4.2f;  /* the time column, of the size */
static const float FULL_SIZE = 64;	    /* "this hall is full" in its red band (bold) */
static const float FULL_NOTE = 30;	    /* the stream's line under it */
static const float FULL_PAD = 22;	    /* inside the band */
static const float FULL_GAP = 32;	    /* under it */
static const float LIST_SMALL = 0.8f;	    /* speakers and marks in a list, of the size */
static const float QR_GAP = 40;		    /* between a talk's QR code and any text */

/* The countdown: "in 4 minutes" in the attention colour this close to a
 * start; "started 3 minutes ago" for this long after it. */
static const int64_t ATTENTION_BEFORE = 5 * 60;
static const int64_t STARTED_FOR = 10 * 60;

/* What every drawing helper needs. */
struct ctx {
	struct card *c;
	const struct config *cfg;
	const struct config_theme *t;
	const struct card_fonts *f;
	float u;
	int64_t now;
	struct calendar_fmt *clock; /* "HH:mm", Persian digits, display zone */
	struct calendar_fmt *day;   /* "yyyyMMdd", for "same day" */
	const struct card_geometry *g;
	const char *qr_url; /* a talk's page, drawn by ctx_close() at qr_x, qr_y */
	float qr_x, qr_y;
	char *stream;	/* a full hall's stream link (owned) */
	int qr_on_band; /* the code is the stream's, on the full band */
};

/* ------------------------------------------------ draw operations */

static void rect(struct ctx *x, float rx, float ry, float w, float h, uint32_t argb)
{
	if (w <= 0 || h <= 0)
		return;
	card_op_rect(x->c, rx, ry, w, h, argb);
}

static enum text_dir text_dir_of(enum article_dir d)
{
	return d == ARTICLE_DIR_LTR   ? TEXT_DIR_LTR
	       : d == ARTICLE_DIR_RTL ? TEXT_DIR_RTL
				      : card_frame_dir();
}

/* The direction of a string of the frame (a room, a time): its first
 * strong character's, else the frame's. */
static enum text_dir own_dir(const char *s)
{
	return text_dir_of(lang_first_dir(s));
}

/* Text of direction dir hugs its box's start side in the frame (the
 * right in Persian; the left, after mirroring, in English). */
static enum text_align hug(enum text_dir dir)
{
	if (i18n_rtl())
		return dir == TEXT_DIR_RTL ? TEXT_ALIGN_START : TEXT_ALIGN_END;
	return dir == TEXT_DIR_LTR ? TEXT_ALIGN_START : TEXT_ALIGN_END;
}

/* A talk's title reads in the direction settled when it was imported
 * (lang_title_dir(): "What is new in Python 3.13" left to right even in a
 * talk given in Persian); without one, in the frame's. */
static enum text_dir talk_dir(const struct event *e)
{
	return text_dir_of(e->dir);
}

/* The schedule's type: weight w, size in pixels, at most lines lines (0:
 * no limit), on the schedule's line height. */
static struct card_type look(enum card_weight w, float size, int lines)
{
	return (struct card_type){
	    .weight = w, .size = size, .line_height = LINE, .max_lines = lines};
}

/* s laid out in direction dir in [x0, x1] hugging x1, in type k, drawn
 * at y in argb (alpha 0: laid out only); lines of more than one against
 * the frame align by their own direction. The card keeps the layout. */
static struct text_layout *put_dir(struct ctx *x, const char *s, enum text_dir dir,
				   struct card_type k, uint32_t argb, float x0, float x1, float y)
{
	k.align = hug(dir);
	struct text_style st = card_style(&k, x->f, 1, MAX(x1 - x0, 1), dir);
	struct text_layout *l = text_layout(s, strlen(s), &st);
	float shift = 0;
	if (l->nlines > 1 && dir != card_frame_dir()) {
		/* More than one line against the frame ("Rust workshop: a
		 * first / program"): the lines align by their own direction,
		 * the block still hugs the frame's side. */
		text_layout_free(l);
		st.align = TEXT_ALIGN_START;
		l = text_layout(s, strlen(s), &st);
		float lo = l->width, hi = 0;
		for (size_t i = 0; i < l->nlines; i++)
			for (size_t r = 0; r < l->lines[i].nruns; r++) {
				lo = MIN(lo, l->lines[i].runs[r].x);
				hi = MAX(hi, l->lines[i].runs[r].x + l->lines[i].runs[r].width);
			}
		shift = hi <= lo ? 0 : i18n_rtl() ? l->width - hi : -lo;
	}
	card_keep(x->c, l);
	if (argb >> 24)
		card_op_text(x->c, l, x0 + shift, y, argb);
	x->c->words += playlist_count_words(s);
	return l;
}

/* s in its own direction. */
static struct text_layout *put(struct ctx *x, const char *s, struct card_type k, uint32_t argb,
			       float x0, float x1, float y)
{
	return put_dir(x, s, own_dir(s), k, argb, x0, x1, y);
}

/* The speakers: a list in the frame's direction of isolated names. */
static struct text_layout *put_persons(struct ctx *x, const char *s, struct card_type k,
				       uint32_t argb, float x0, float x1, float y)
{
	return put_dir(x, s, card_frame_dir(), k, argb, x0, x1, y);
}

/* A line through what put() drew hugging x1. */
static void strike(struct ctx *x, const struct text_layout *l, float x1, float y, uint32_t argb)
{
	/* Every line, above the middle of the digits: through it, Persian
	 * zero (a dot) would vanish, «۱۰:۳۰» reading «۱ :۳». */
	for (size_t i = 0; i < l->nlines; i++) {
		float w = l->lines[i].width;
		float at = l->lines[i].baseline - STRIKE_RISE * l->size - STRIKE_H * x->u / 2;
		rect(x, x1 - w, y + at, w, STRIKE_H * x->u, argb);
	}
}

static uint32_t parse_colour(const char *s, uint32_t fallback)
{
	if (!s || s[0] != '#' || strlen(s) != 7 || strspn(s + 1, "0123456789abcdefABCDEF") != 6)
		return fallback;
	return 0xff000000u | (uint32_t)strtoul(s + 1, NULL, 16);
}

/* ------------------------------------------------ strings */

/* fmt (a catalogue string) with its %s replaced by a, then b, into out. */
static void fill(char *out, size_t n, const char *fmt, const char *a, const char *b)
{
	char *r = card_fill(fmt, a, b);
	snprintf(out, n, "%s", r);
	free(r);
}

static void clock_text(struct ctx *x, int64_t t, char *out, size_t n)
{
	if (calendar_fmt_format(x->clock, t, out, n))
		snprintf(out, n, "--:--");
}

static int same_day(struct ctx *x, int64_t a, int64_t b)
{
	char da[32], db[32];
	return !calendar_fmt_format(x->day, a, da, sizeof da) &&
	       !calendar_fmt_format(x->day, b, db, sizeof db) && !strcmp(da, db);
}

/* Whether e has a speakers' line: speakers, or "all halls" for a break
 * without a room. */
static int has_persons(const struct event *e)
{
	return e->npersons || !*e->room;
}

/* The speakers, each name isolated in its own direction, joined with
 * commas of the frame's language; "all halls" first for an event without
 * a room. Caller frees. */
static char *persons_text(const struct event *e)
{
	struct buf b = {0};
	buf_puts(&b, *e->room ? "" : T_ALL_HALLS);
	for (size_t i = 0; i < e->npersons; i++)
		buf_printf(&b, "%s" FSI "%s" PDI, i || !*e->room ? (i18n_rtl() ? "، " : ", ") : "",
			   e->persons[i]);
	return buf_steal(&b);
}

/* "۱۱:۳۰" or "فردا ۰۹:۳۰". */
static void start_text(struct ctx *x, const struct event *e, char *out, size_t n)
{
	char t[32];
	clock_text(x, e->start, t, sizeof t);
	if (same_day(x, e->start, x->now))
		snprintf(out, n, "%s", t);
	else
		fill(out, n, T_TOMORROW, t, NULL);
}

/* "۴۵ دقیقه‌ی دیگر" when e starts within the hour, else "". */
static void soon_text(struct ctx *x, const struct event *e, char *out, size_t n)
{
	int64_t left = e->start - x->now;
	*out = 0;
	if (left <= 0 || left >= 3600)
		return;
	long minutes = (long)((left + 59) / 60);
	char *num = i18n_number(minutes);
	if (left < 60)
		snprintf(out, n, "%s", T_STARTING);
	else
		fill(out, n, i18n_ntext("in %s minute", "in %s minutes", (unsigned long)minutes),
		     num, NULL);
	free(num);
}

/* "started 3 minutes ago" for the first STARTED_FOR of e, else "". */
static void started_text(struct ctx *x, const struct event *e, char *out, size_t n)
{
	int64_t ago = x->now - e->start;
	*out = 0;
	if (ago < 0 || ago >= STARTED_FOR)
		return;
	long minutes = (long)(ago / 60);
	char *num = i18n_number(minutes);
	if (!minutes)
		snprintf(out, n, "%s", T_JUST_STARTED);
	else
		fill(out, n,
		     i18n_ntext("started %s minute ago", "started %s minutes ago",
				(unsigned long)minutes),
		     num, NULL);
	free(num);
}

/* The countdown's colour for e: the attention colour in its last minutes. */
static uint32_t soon_colour(const struct ctx *x, const struct event *e, uint32_t normal)
{
	return e->start > x->now && e->start - x->now < ATTENTION_BEFORE ? x->t->breaking : normal;
}

/* ------------------------------------------------ the now-and-next card */

size_t card_schedule_type_sizes(const struct card_type_size **t)
{
	static struct card_type_size sizes[4];
	sizes[0] = (struct card_type_size){"board heading", HEADING};
	sizes[1] = (struct card_type_size){"board column labels", LABEL};
	sizes[2] = (struct card_type_size){"board talk titles (smallest)", ROW_TITLE_MIN};
	sizes[3] = (struct card_type_size){"board times and names (smallest)", ROW_META_MIN};
	*t = sizes;
	return ARRAY_LEN(sizes);
}

/* Sizes of one row's text, from its height. */
struct row_sizes {
	float title, meta, pad;
	int title_lines, speakers;
};

static void row_sizes(struct ctx *x, float inner, struct row_sizes *s)
{
	float u = x->u;
	s->title = card_size(MIN(MAX(inner * ROW_TITLE_SHARE, ROW_TITLE_MIN * u), ROW_TITLE_MAX * u));
	s->meta = card_size(MAX(s->title * ROW_META_SHARE, ROW_META_MIN * u));
	float tl = s->title * LINE, ml = s->meta * LINE;
	s->speakers = inner >= tl + 2 * ml;
	s->title_lines = inner >= 2 * tl + 2 * ml ? 2 : 1;
}

/* A mark after the time: "changed" with the old time or room struck
 * through, or "cancelled". Draws right to left from *right at y. */
static void mark(struct ctx *x, const struct event *e, float x0, float *right, float y, float size)
{
	if (!agenda_marked(e, x->now))
		return;
	const struct config_theme *t = x->t;
	float u = x->u;
	int cancelled = e->status == EVENT_CANCELLED, added = e->status == EVENT_NEW;
	const char *label = cancelled ? T_CANCELLED : added ? T_NEW : T_CHANGED;
	struct text_layout *l =
	    put(x, label, look(CARD_BOLD, size, 1), 0, x0, *right - MARK_PAD * u, y);
	float w = card_widest(l) + 2 * MARK_PAD * u;
	/* New is good news: the accent, not the warning colour. */
	rect(x, *right - w, y, w, l->height, added ? t->accent : t->breaking);
	put(x, label, look(CARD_BOLD, size, 1), added ? t->background : t->breaking_text, x0,
	    *right - MARK_PAD * u, y);
	*right -= w + PIECE_GAP * u;
	char old[64] = "";
	if (added || cancelled)
		return;
	if (e->old_start)
		clock_text(x, e->old_start, old, sizeof old);
	else if (e->old_room && *e->old_room)
		snprintf(old, sizeof old, "%s", e->old_room);
	if (*old) {
		l = put(x, old, look(CARD_REGULAR, size, 1), t->muted, x0, *right, y);
		strike(x, l, *right, y, t->muted);
		*right -= card_widest(l) + PIECE_GAP * u;
	}
}

/* The talk on now in [x0, x1] from y: colour bar, title, speakers, and
 * the times beside a progress bar. */
static void cell_now(struct ctx *x, const struct event *e, const char *idle, float x0, float x1,
		     float y, float inner, const struct row_sizes *s)
{
	const struct config_theme *t = x->t;
	float u = x->u;
	if (!e) {
		put(x, idle, look(CARD_REGULAR, s->title, 1), t->muted, x0, x1 - TRACK_GAP * u, y);
		return;
	}
	rect(x, x1 - TRACK_BAR * u, y, TRACK_BAR * u, inner,
	     parse_colour(e->track_color, t->accent));
	x1 -= TRACK_GAP * u;
	struct text_layout *l =
	    put_dir(x, e->title, talk_dir(e), look(CARD_MEDIUM, s->title, s->title_lines), t->text,
		    x0, x1, y);
	float yy = y + l->height;
	if (s->speakers && has_persons(e)) {
		char *p = persons_text(e);
		l = put_persons(x, p, look(CARD_REGULAR, s->meta, 1), t->muted, x0, x1, yy);
		free(p);
		yy += l->height;
	}
	char a[32], b[32], times[80];
	clock_text(x, e->start, a, sizeof a);
	clock_text(x, e->end, b, sizeof b);
	snprintf(times, sizeof times, "%s–%s", a, b);
	yy = MIN(yy, y + inner - s->meta * LINE);
	l = put(x, times, look(CARD_REGULAR, s->meta, 1), t->muted, x0, x1, yy);
	float right = x1 - card_widest(l) - PIECE_GAP * u;
	char started[96];
	started_text(x, e, started, sizeof started);
	if (*started)
		right -= card_widest(put(x, started, look(CARD_REGULAR, s->meta, 1), t->accent, x0,
					 right, yy)) +
			 PIECE_GAP * u;
	mark(x, e, x0, &right, yy, s->meta);
	float bh = PROGRESS_H * u, by = yy + (l->height - bh) / 2, bw = right - x0;
	double p = (double)(x->now - e->start) / (double)MAX(e->end - e->start, 1);
	p = p < 0 ? 0 : p > 1 ? 1 : p;
	rect(x, x0, by, bw, bh, (t->muted & 0x00ffffff) | TRACK_DIM << 24);
	rect(x, right - (float)(bw * p), by, (float)(bw * p), bh, t->accent);
}

/* The next talk in [x0, x1] from y: its start (and "in N minutes"), the
 * title and the speakers. */
static void cell_next(struct ctx *x, const struct event *e, float x0, float x1, float y,
		      float inner, const struct row_sizes *s)
{
	const struct config_theme *t = x->t;
	float u = x->u;
	if (!e)
		return;
	rect(x, x1 - TRACK_BAR * u, y, TRACK_BAR * u, inner,
	     (parse_colour(e->track_color, t->accent) & 0x00ffffff) | NEXT_BAR << 24);
	x1 -= TRACK_GAP * u;
	char when[64], soon[96];
	start_text(x, e, when, sizeof when);
	soon_text(x, e, soon, sizeof soon);
	struct text_layout *l = put(x, when, look(CARD_BOLD, s->meta, 1), t->accent, x0, x1, y);
	float right = x1 - card_widest(l) - PIECE_GAP * u;
	if (*soon) {
		struct text_layout *sl = put(x, soon, look(CARD_REGULAR, s->meta, 1),
					     soon_colour(x, e, t->text), x0, right, y);
		right -= card_widest(sl) + PIECE_GAP * u;
	}
	mark(x, e, x0, &right, y, s->meta);
	float yy = y + l->height;
	int cancelled = e->status == EVENT_CANCELLED;
	l = put_dir(x, e->title, talk_dir(e), look(CARD_MEDIUM, s->title, s->title_lines),
		    cancelled ? t->muted : t->text, x0, x1, yy);
	if (cancelled)
		strike(x, l, x1, yy, t->muted);
	yy += l->height;
	if (s->speakers && has_persons(e) && yy + s->meta * LINE <= y + inner + 1) {
		char *p = persons_text(e);
		put_persons(x, p, look(CARD_REGULAR, s->meta, 1), t->muted, x0, x1, yy);
		free(p);
	}
}

/* A full hall's badge on the board, "full" in the warning colour, hugging
 * x1 at y in [x0, x1]; returns its width (0 when the hall is not full). */
static float full_badge(struct ctx *x, const struct event_list *l, const char *room, float x0,
			float x1, float y, float size)
{
	if (!event_live_full(l, room))
		return 0;
	float pad = MARK_PAD * x->u;
	struct text_layout *b = put(x, T_FULL, look(CARD_BOLD, size, 1), 0, x0, x1 - pad, y);
	float w = card_widest(b) + 2 * pad;
	rect(x, x1 - w, y, w, b->height, x->t->breaking);
	put(x, T_FULL, look(CARD_BOLD, size, 1), x->t->breaking_text, x0, x1 - pad, y);
	return w;
}

/* What a room with no talk on is doing: not started today, between two
 * talks, or done for the day. */
static const char *idle_text(struct ctx *x, const struct event_list *l, const struct agenda_room *r)
{
	int earlier = 0;
	for (size_t i = 0; i < l->n && !earlier; i++) {
		const struct event *e = &l->items[i];
		earlier =
		    e->end <= x->now && !strcmp(e->room, r->room) && same_day(x, e->end, x->now);
	}
	if (!r->next || !same_day(x, r->next->start, x->now))
		return earlier ? T_DAY_OVER : T_NOT_YET;
	return earlier ? T_GAP : T_NOT_YET;
}

/* Open the card and the formatters; 0, or -1 when the zone is unusable. */
static int ctx_open(struct ctx *x, const struct card_geometry *g, const struct config *cfg,
		    const struct card_fonts *f, int64_t now)
{
	memset(x, 0, sizeof *x);
	x->cfg = cfg;
	x->t = &cfg->theme;
	x->f = f;
	x->u = g->unit;
	x->now = now;
	x->g = g;
	/* Persian digits in Persian, Latin ones in English. ICU writes them
	 * (numbers=arabext), as it does for the header's dates, which need its
	 * locale anyway: the same U+06F0..U+06F9 that i18n_number() and the
	 * text engine write (tests/unit/test_calendar.c checks it). */
	x->clock = calendar_fmt_open(cfg->timezone, "HH:mm", i18n_get() == I18N_FA);
	x->day = calendar_fmt_open(cfg->timezone, "yyyyMMdd", 0);
	if (!x->clock || !x->day) {
		log_error("schedule: cannot format times in zone %s", cfg->timezone);
		calendar_fmt_close(x->clock);
		calendar_fmt_close(x->day);
		return -1;
	}
	x->c = xcalloc(1, sizeof *x->c);
	x->c->w = g->w;
	x->c->h = g->body_h;
	x->c->background = cfg->theme.background;
	return 0;
}

/* Whether the planned QR code's box is clear of every op (as laid out,
 * before any mirroring). */
static int qr_clear(const struct ctx *x)
{
	float side = (float)card_qr_side(x->g, x->qr_url), qx = x->qr_x, qy = x->qr_y;
	for (size_t i = 0; i < x->c->nops; i++) {
		const struct card_op *op = &x->c->ops[i];
		if (op->x < qx + side && qx < op->x + op->w && op->y < qy + side &&
		    qy < op->y + op->h)
			return 0;
	}
	return 1;
}

static struct card *ctx_close(struct ctx *x)
{
	char *stream = x->stream;
	calendar_fmt_close(x->clock);
	calendar_fmt_close(x->day);
	/* A left-to-right frame: the same card, mirrored (each text keeps the
	 * side of its box it was laid out to hug). */
	int mirrored = !i18n_rtl(), qr = x->qr_url && (x->qr_on_band || qr_clear(x));
	if (mirrored)
		card_mirror(x->c);
	/* The QR code after the mirror: its box moves, its modules must not. */
	if (qr) {
		int side = card_qr_side(x->g, x->qr_url);
		float qx = mirrored ? (float)x->c->w - x->qr_x - (float)side : x->qr_x;
		card_qr(x->c, x->g, x->qr_url, (int)lroundf(qx), (int)lroundf(x->qr_y));
	}
	free(stream);
	return x->c;
}

/* The side of the QR code of e's page on this card, 0 for none: [cards]
 * qr = no, no talk, a cancelled one, or no (or too long a) url. */
static int talk_qr_side(const struct ctx *x, const struct event *e)
{
	if (!x->cfg->qr || !e || e->status == EVENT_CANCELLED || !e->url || !*e->url)
		return 0;
	return card_qr_side(x->g, e->url);
}

/* Plan e's QR code with its box's top-left at (qx, qy). */
static void plan_qr(struct ctx *x, const struct event *e, float qx, float qy)
{
	x->qr_url = e->url;
	x->qr_x = qx;
	x->qr_y = qy;
}

/* The halls on the board at now (agenda_board()); caller frees *r. */
static size_t board(const struct config *cfg, const struct event_list *l, int64_t now,
		    struct agenda_room **r)
{
	return agenda_board(l, now, cfg->schedule_rooms, CARD_SCHEDULE_HORIZON, r);
}

int card_schedule_active(const struct config *cfg, const struct event_list *l, int64_t now)
{
	struct agenda_room *r;
	size_t n = board(cfg, l, now, &r);
	free(r);
	return n > 0;
}

/* "Schedule updated 12 minutes ago" into out ("" when no schedule came
 * in), with "its feed is failing" after it when it is stale. */
static void fresh_text(struct ctx *x, const struct event_live *v, int stale, char *out, size_t n)
{
	*out = 0;
	if (!v->updated || v->updated > x->now) /* none yet at now */
		return;
	long ago = (long)(x->now - v->updated) / 60, hours = ago / 60;
	char *num = i18n_number(ago < 120 ? ago : hours);
	if (ago < 1)
		snprintf(out, n, "%s", T_UPDATED_NOW);
	else if (ago < 120)
		fill(out, n,
		     i18n_ntext("Schedule updated %s minute ago", "Schedule updated %s minutes ago",
				(unsigned long)ago),
		     num, NULL);
	else
		fill(out, n,
		     i18n_ntext("Schedule updated %s hour ago", "Schedule updated %s hours ago",
				(unsigned long)hours),
		     num, NULL);
	free(num);
	if (stale)
		snprintf(out + strlen(out), n - strlen(out), " · %s", T_FEED_FAILING);
}

/* The freshness line at the heading's end side, from x0 on, centred on a
 * heading line of height hh at y: muted, or a warning badge when the
 * feed is stale. */
static void fresh_line(struct ctx *x, const struct event_list *l, float x0, float y, float hh)
{
	const struct config_theme *t = x->t;
	float u = x->u, pad = MARK_PAD * u;
	int stale = agenda_feed_stale(&l->live, x->cfg, x->now);
	char text[256];
	fresh_text(x, &l->live, stale, text, sizeof text);
	if (!*text)
		return;
	struct card_type k = look(CARD_MEDIUM, LABEL * u, 1);
	struct text_layout *m = put_dir(x, text, card_frame_dir(), k, 0, x0, x0 + 1e4f, y);
	float w = card_widest(m) + 1, ty = y + (hh - m->height) / 2;
	if (stale) {
		rect(x, x0, ty, w + 2 * pad, m->height, t->breaking);
		x0 += pad;
	}
	put_dir(x, text, card_frame_dir(), k, stale ? t->breaking_text : t->muted, x0, x0 + w, ty);
}

/* The heading, a rule, and the column labels; returns the y below them. */
static float heading(struct ctx *x, const struct event_list *l, float x0, float x1, float y,
		     const float *cols, int portrait, int page, int pages)
{
	const struct config_theme *t = x->t;
	float u = x->u, fx = x0;
	struct text_layout *h =
	    put(x, T_HEADING, look(CARD_BOLD, HEADING * u, 1), t->text, x0, x1, y);
	if (pages > 1) {
		char *a = i18n_number(page + 1), *b = i18n_number(pages), text[64];
		fill(text, sizeof text, T_PAGE, a, b);
		struct text_layout *pl = put_dir(x, text, card_frame_dir(),
						 look(CARD_MEDIUM, LABEL * u, 1), 0, x0, x1, y);
		/* Its own box at the end side (left), a pixel to spare. */
		put_dir(x, text, card_frame_dir(), look(CARD_MEDIUM, LABEL * u, 1), t->muted, x0,
			x0 + card_widest(pl) + 1, y + (h->height - pl->height) / 2);
		fx += card_widest(pl) + 2 * PIECE_GAP * u;
		free(a);
		free(b);
	}
	fresh_line(x, l, fx, y, h->height);
	y += h->height + HEADING_GAP * u;
	rect(x, x0, y, x1 - x0, HEADING_RULE * u, t->accent);
	y += (HEADING_RULE + RULE_GAP) * u;
	if (portrait)
		return y + RULE_GAP_TALL * u;
	struct text_layout *nl = put(x, T_NOW, look(CARD_MEDIUM, LABEL * u, 1), t->muted,
				     cols[2], cols[1] - TRACK_GAP * u, y);
	put(x, T_NEXT, look(CARD_MEDIUM, LABEL * u, 1), t->muted, x0, cols[3] - TRACK_GAP * u, y);
	return y + nl->height + LABEL_GAP * u;
}

/* The day's banners (all-day events on now) as one line over the rows,
 * "Spring holiday · Open day"; returns the y below it (top when none). */
static float banners(struct ctx *x, const struct event_list *l, float x0, float x1, float top)
{
	const struct event *b[8];
	size_t n = agenda_banners(l, x->now, b, ARRAY_LEN(b));
	if (!n)
		return top;
	struct buf s = {0};
	for (size_t i = 0; i < n; i++)
		buf_printf(&s, "%s" FSI "%s" PDI, i ? " · " : "", b[i]->title);
	struct text_layout *t = put_dir(x, s.data, card_frame_dir(), look(CARD_BOLD, LABEL * x->u, 1),
					x->t->accent, x0, x1, top);
	buf_free(&s);
	return top + t->height + LABEL_GAP * x->u;
}

/* Rows that fit on one now-and-next card of this screen, each at least
 * ROW_MIN tall (the heading's height as laid out: sizes times LINE). */
static size_t rows_per_page(const struct card_geometry *g)
{
	int portrait = g->h > g->w;
	/* The legibility floor in units (0: none) raises every size. */
	float f = card_min_size() / g->unit;
	float title = MAX(ROW_TITLE_MIN, f), meta = MAX(ROW_META_MIN, f);
	float top = HEADING_TOP + MAX(HEADING, f) * LINE + HEADING_GAP + HEADING_RULE + RULE_GAP +
		    (portrait ? RULE_GAP_TALL : MAX(LABEL, f) * LINE + LABEL_GAP);
	float room = (float)g->body_h / g->unit - top - ROWS_BOTTOM;
	float row = portrait ? ROW_MIN_TALL : ROW_MIN;
	if (f > 0) /* a title and a line of times; portrait: the hall's name above
		    * them and two lines of title (its columns are narrow) */
		row = MAX(row, 2 * ROW_PAD + ROW_GAP + (title + meta) * LINE +
				   (portrait ? 2 * title * LINE + ROOM_GAP_TALL : 0));
	return (size_t)MAX(room / row, 1);
}

int card_now_next_pages(const struct card_geometry *g, const struct config *cfg,
			const struct event_list *l, int64_t now)
{
	struct agenda_room *r;
	size_t n = board(cfg, l, now, &r), per = rows_per_page(g);
	free(r);
	return (int)((n + per - 1) / per);
}

/* One hall's row in portrait: its name on a line (never smaller than the
 * row's titles, up to ROOM_MAX_TALL), then now | next side by side, or
 * now above next when the row is tall. cols as in card_now_next(). */
static void row_tall(struct ctx *x, const struct event_list *l, const struct agenda_room *r,
		     const float *cols, float cy, float inner, float pad)
{
	float u = x->u, x0 = x->g->margin, x1 = (float)x->g->w - x->g->margin;
	const char *idle = r->now ? NULL : idle_text(x, l, r);
	struct row_sizes s;
	/* The titles' size were the name at its smallest: the name is at least
	 * that big (a hall's name is what people look for). */
	row_sizes(x, inner - (ROW_TITLE_MIN * LINE + ROOM_GAP_TALL) * u, &s);
	float name = MAX(MIN(inner * ROOM_SHARE_TALL, ROOM_MAX_TALL * u),
			 MIN(s.title, ROOM_MAX_TALL * u));
	struct text_layout *rl =
	    put(x, r->room, look(CARD_BOLD, name, 1), x->t->accent, x0 + pad, x1 - pad, cy);
	full_badge(x, l, r->room, x0 + pad, x1 - pad - card_widest(rl) - PIECE_GAP * u, cy, name);
	cy += rl->height + ROOM_GAP_TALL * u;
	inner -= rl->height + ROOM_GAP_TALL * u;
	float half = (inner - STACK_GAP * u) / 2;
	row_sizes(x, half, &s);
	/* Many rooms (or text raised to the legibility floor that a half
	 * row cannot hold): now | next side by side. */
	if (inner < STACK_MIN * u || half < (s.title + s.meta) * LINE) {
		row_sizes(x, inner, &s);
		cell_now(x, r->now, idle, cols[2], cols[1] - pad, cy, inner, &s);
		cell_next(x, r->next, x0 + pad, cols[3], cy, inner, &s);
		return;
	}
	/* Room enough: now above next, each the whole width. */
	cell_now(x, r->now, idle, x0 + pad, x1 - pad, cy, r->now ? half : s.title * IDLE_LINE, &s);
	float ny = cy + (r->now ? half : s.title * IDLE_LINE) + STACK_GAP * u;
	cell_next(x, r->next, x0 + pad, x1 - pad, ny, cy + inner - ny, &s);
}

/* Draw the rows of halls r[0..n) from top; returns the rows' height. */
static float rows(struct ctx *x, const struct event_list *l, const struct agenda_room *r,
		  size_t n, const float *cols, float top)
{
	const struct card_geometry *g = x->g;
	float u = x->u, x0 = g->margin, cw = (float)g->w - g->margin - x0;
	int portrait = g->h > g->w;
	float bottom = (float)g->body_h - ROWS_BOTTOM * u, rowgap = ROW_GAP * u;
	float cap = (portrait ? ROW_MAX_TALL : ROW_MAX_WIDE) * u;
	if (card_min_size() > 0) /* raised sizes: room for two lines of title and two of
				  * times (portrait: and the hall's name above them) */
		cap = MAX(cap, (portrait ? 5.2f : 4.2f) * card_min_size() * LINE +
				   (2 * ROW_PAD + ROW_GAP + (portrait ? ROOM_GAP_TALL : 0)) * u);
	float row_h = MIN((bottom - top) / (float)n, cap);
	for (size_t i = 0; i < n; i++) {
		float y = top + (float)i * row_h, pad = MIN(ROW_PAD * u, row_h * ROW_PAD_SHARE);
		rect(x, x0, y, cw, row_h - rowgap, x->t->surface);
		float cy = y + pad, inner = row_h - rowgap - 2 * pad;
		if (portrait) {
			row_tall(x, l, &r[i], cols, cy, inner, pad);
			continue;
		}
		const char *idle = r[i].now ? NULL : idle_text(x, l, &r[i]);
		struct row_sizes s;
		row_sizes(x, inner, &s);
		struct text_layout *rl = put(x, r[i].room, look(CARD_BOLD, s.title, 2),
					     x->t->accent, cols[1] + pad, cols[0] - pad, cy);
		full_badge(x, l, r[i].room, cols[1] + pad, cols[0] - pad, cy + rl->height, s.meta);
		cell_now(x, r[i].now, idle, cols[2], cols[1], cy, inner, &s);
		cell_next(x, r[i].next, x0 + pad, cols[3], cy, inner, &s);
	}
	return row_h;
}

struct card *card_now_next(const struct card_geometry *g, const struct config *cfg,
			   const struct card_fonts *f, const struct event_list *l, int64_t now,
			   int page)
{
	struct agenda_room *all;
	size_t total = board(cfg, l, now, &all), per = rows_per_page(g);
	int pages = (int)((total + per - 1) / per);
	struct ctx x;
	if (page < 0 || page >= pages || ctx_open(&x, g, cfg, f, now)) {
		free(all);
		return NULL;
	}
	const struct agenda_room *r = all + (size_t)page * per;
	size_t n = MIN(per, total - (size_t)page * per);
	float u = g->unit, x0 = g->margin, x1 = (float)g->w - g->margin;
	int portrait = g->h > g->w;
	float cw = x1 - x0, gap = COLUMN_GAP * u;
	/* Columns right to left: room | now | next (landscape); in portrait
	 * the room is a line above now | next. cols: room x1, room x0,
	 * now x0, next x1. */
	float cols[4];
	cols[0] = x1;
	cols[1] = portrait ? x1 : x1 - cw * ROOM_SHARE;
	cols[2] = portrait ? x0 + cw * NOW_SHARE_TALL + gap / 2 : cols[1] - gap - cw * NOW_SHARE;
	cols[3] = cols[2] - gap;
	float top = heading(&x, l, x0, x1, HEADING_TOP * u, cols, portrait, page, pages);
	top = banners(&x, l, x0, x1, top);
	float row_h = rows(&x, l, r, n, cols, top);
	/* One room on the card: the QR code of its talk on now, else its
	 * next, in the bottom corner at the end side, when the row leaves
	 * room for it. With more rooms there is no one talk to link, and the
	 * rows take the card. */
	const struct event *qt = n == 1 ? (r[0].now ? r[0].now : r[0].next) : NULL;
	int side = talk_qr_side(&x, qt);
	float qy = (float)g->body_h - ROWS_BOTTOM * u - (float)side;
	if (side && top + row_h - ROW_GAP * u + QR_GAP * u <= qy)
		plan_qr(&x, qt, x0, qy);
	free(all);
	return ctx_close(&x);
}

/* ------------------------------------------------ the room screen */

/* Whether e moved out of room (and is marked so at now). */
static int moved_away(const struct event *e, const char *room, int64_t now)
{
	return e->status == EVENT_CHANGED && *e->room && strcmp(e->room, room) && e->old_room &&
	       !strcmp(e->old_room, room) && agenda_marked(e, now);
}

/* Whether e, in room's list, is not a talk people can go to there:
 * cancelled, or moved out. */
static int aside(const struct event *e, const char *room, int64_t now)
{
	return e->status == EVENT_CANCELLED || moved_away(e, room, now);
}

/* The room's talks from l that are still to be shown at now, in order,
 * with those that moved out of it (which say where they went): every one
 * of them, however many. Sets *out (caller frees; NULL when none) and
 * returns how many. */
static size_t room_talks(const struct event_list *l, const char *room, int64_t now,
			 const struct event ***out)
{
	size_t n = 0, cap = 0;
	*out = NULL;
	for (size_t i = 0; i < l->n; i++) {
		const struct event *e = &l->items[i];
		if ((agenda_for_room(e, room) || moved_away(e, room, now)) && e->end > now &&
		    agenda_visible(e, now)) {
			*out = xgrow(*out, &cap, n + 1, sizeof **out);
			(*out)[n++] = e;
		}
	}
	return n;
}

/* The big block: label, title, speakers, times and progress (or the
 * countdown). Returns the y below it. */
static float times_row(struct ctx *x, const struct event *e, float x0, float x1, float y);

/* The big block: label, title, speakers, times and progress, with the
 * track's colour beside them. Returns the y below it. */
static float big_talk(struct ctx *x, const struct event *e, const char *label, float x0, float x1,
		      float y, float max_h)
{
	const struct config_theme *t = x->t;
	float u = x->u;
	struct text_layout *l = put(x, label, look(CARD_BOLD, BIG_LABEL * u, 2),
				    soon_colour(x, e, t->accent), x0, x1, y);
	y += l->height + BIG_LABEL_GAP * u;
	float top = y, tx1 = x1 - BIG_INSET * u;
	enum text_dir dir = talk_dir(e);
	struct card_type k = look(CARD_BOLD, 0, BIG_TITLE_LINES);
	k.align = hug(dir);
	struct text_style st = card_style(&k, x->f, 1, tx1 - x0, dir);
	l = card_keep(x->c, text_layout_fit(e->title, strlen(e->title), &st,
					    card_size(BIG_TITLE_MIN * u), card_size(BIG_TITLE_MAX * u),
					    max_h * BIG_TITLE_SHARE));
	card_op_text(x->c, l, x0, y, e->status == EVENT_CANCELLED ? t->muted : t->text);
	if (e->status == EVENT_CANCELLED)
		strike(x, l, tx1, y, t->muted);
	y += l->height + BIG_TITLE_GAP * u;
	if (has_persons(e)) {
		char *p = persons_text(e);
		l = put_persons(x, p, look(CARD_MEDIUM, BIG_PERSONS * u, 2),
				(t->text & 0x00ffffff) | PERSONS_A << 24, x0, tx1, y);
		free(p);
		y += l->height + BIG_PERSONS_GAP * u;
	}
	y = times_row(x, e, x0, tx1, y);
	rect(x, x1 - BIG_BAR * u, top, BIG_BAR * u, y - top,
	     parse_colour(e->track_color, t->accent));
	return y;
}

/* The times of e and a progress bar (when on now) in [x0, x1] at y. */
static float times_row(struct ctx *x, const struct event *e, float x0, float x1, float y)
{
	const struct config_theme *t = x->t;
	float u = x->u;
	char a[32], b[32], times[80];
	clock_text(x, e->start, a, sizeof a);
	clock_text(x, e->end, b, sizeof b);
	snprintf(times, sizeof times, "%s–%s", a, b);
	struct text_layout *l = put(x, times, look(CARD_MEDIUM, TIMES * u, 1), t->muted, x0, x1, y);
	float right = x1 - card_widest(l) - TIMES_GAP * u;
	mark(x, e, x0, &right, y, TIMES_MARK * u);
	if (e->start <= x->now) {
		float bh = BIG_PROGRESS_H * u, by = y + (l->height - bh) / 2, bw = right - x0;
		double p = (double)(x->now - e->start) / (double)MAX(e->end - e->start, 1);
		p = p < 0 ? 0 : p > 1 ? 1 : p;
		rect(x, x0, by, bw, bh, (t->muted & 0x00ffffff) | TRACK_DIM << 24);
		rect(x, right - (float)(bw * p), by, (float)(bw * p), bh, t->accent);
	}
	return y + l->height;
}

/* One line of a list: the start time, then the title (and speakers when
 * big). Returns its height. */
static float list_line(struct ctx *x, const struct event *e, float x0, float x1, float y,
		       float size, int with_speakers)
{
	const struct config_theme *t = x->t;
	float u = x->u, tw = size * LIST_TIME_SHARE;
	char when[64];
	start_text(x, e, when, sizeof when);
	put(x, when, look(CARD_BOLD, size, 1), t->accent, x1 - tw, x1, y);
	float right = x1 - tw - PIECE_GAP * u;
	int away = moved_away(e, x->cfg->schedule_room, x->now);
	struct text_layout *l =
	    put_dir(x, e->title, talk_dir(e), look(CARD_MEDIUM, size, with_speakers ? 2 : 1),
		    e->status == EVENT_CANCELLED || away ? t->muted : t->text, x0, right, y);
	if (e->status == EVENT_CANCELLED)
		strike(x, l, right, y, t->muted);
	float h = l->height;
	if (away) { /* "moved to Hall 2, 11:00" */
		char line[256], at[32];
		clock_text(x, e->start, at, sizeof at);
		fill(line, sizeof line, T_MOVED_TO, e->room, at);
		h += put(x, line, look(CARD_BOLD, size * LIST_SMALL, 1), t->breaking, x0, right,
			 y + h)->height;
	} else if (agenda_marked(e, x->now)) {
		float r2 = right;
		mark(x, e, x0, &r2, y + h, size * LIST_SMALL);
		h += size * LIST_SMALL * LINE;
	}
	if (with_speakers && has_persons(e)) {
		char *p = persons_text(e);
		l = put_persons(x, p, look(CARD_REGULAR, size * LIST_SMALL, 1), t->muted, x0, right,
				y + h);
		free(p);
		h += l->height;
	}
	return h;
}

/* The most list_line() can take for e. */
static float list_line_max(struct ctx *x, const struct event *e, float size, int with_speakers)
{
	float h = size * LINE * (with_speakers ? 2 : 1);
	if (agenda_marked(e, x->now))
		h += size * LIST_SMALL * LINE;
	if (with_speakers && has_persons(e))
		h += size * LIST_SMALL * LINE;
	return h;
}

/* The next two talks and the rest of the day in [x0, x1] from y. */
static void day_lists(struct ctx *x, const struct event **talks, size_t n, float x0, float x1,
		      float y, float bottom)
{
	const struct config_theme *t = x->t;
	float u = x->u;
	size_t i = 0;
	const char *heads[] = {T_UPCOMING, T_REST};
	for (int part = 0; part < 2 && i < n; part++) {
		if (!same_day(x, talks[i]->start, x->now))
			return;
		float head = (LIST_HEAD * LINE + LIST_HEAD_GAP + LIST_RULE_BELOW) * u;
		if (y + head +
			list_line_max(x, talks[i], (part == 0 ? UPCOMING : REST) * u, part == 0) >
		    bottom)
			return;
		struct text_layout *h =
		    put(x, heads[part], look(CARD_MEDIUM, LIST_HEAD * u, 1), t->muted, x0, x1, y);
		y += h->height + LIST_HEAD_GAP * u;
		rect(x, x0, y, x1 - x0, LIST_RULE * u, (t->muted & 0x00ffffff) | LIST_RULE_A << 24);
		y += LIST_RULE_BELOW * u;
		size_t stop = part == 0 ? MIN(n, i + 2) : n;
		for (; i < stop && same_day(x, talks[i]->start, x->now); i++) {
			float size = (part == 0 ? UPCOMING : REST) * u;
			if (y + list_line_max(x, talks[i], size, part == 0) > bottom)
				return;
			y += list_line(x, talks[i], x0, x1, y, size, part == 0) + LIST_ITEM_GAP * u;
		}
		y += LIST_PART_GAP * u;
	}
}

/* The label over the big block of e, which starts later today: "in 30
 * minutes" within the hour, else "next, at 14:00". */
static void next_label(struct ctx *x, const struct event *e, char *label, size_t n)
{
	char when[64], soon[96];
	soon_text(x, e, soon, sizeof soon);
	start_text(x, e, when, sizeof when);
	long minutes = (long)((e->start - x->now + 59) / 60);
	char *num = i18n_number(minutes);
	if (*soon)
		fill(label, n,
		     i18n_ntext("%s minute until the next talk", "%s minutes until the next talk",
				(unsigned long)minutes),
		     num, NULL);
	else
		fill(label, n, T_NEXT_AT, when, NULL);
	free(num);
}

/* Talks before the big one that are not on here (cancelled, moved out),
 * a line each in [x0, x1] from y (two at most); returns the y below. */
static float asides(struct ctx *x, const struct event **talks, size_t n, float x0, float x1,
		    float y)
{
	for (size_t i = 0; i < n && i < 2; i++)
		y += list_line(x, talks[i], x0, x1, y, UPCOMING * x->u, 0) + LIST_ITEM_GAP * x->u;
	return n ? y + (LIST_PART_GAP - LIST_ITEM_GAP) * x->u : y;
}

/* [schedule] stream_url with each {room} replaced by room, percent-encoded
 * (every byte but RFC 3986's unreserved ones). NULL when there is none.
 * Caller frees. */
static char *stream_link(const char *tmpl, const char *room)
{
	if (!tmpl || !*tmpl)
		return NULL;
	struct buf b = {0};
	buf_puts(&b, "");
	for (const char *p = tmpl; *p;) {
		if (strncmp(p, "{room}", 6)) {
			buf_putc(&b, *p++);
			continue;
		}
		for (const unsigned char *r = (const unsigned char *)room; *r; r++)
			if (strchr("-._~", *r) || (*r < 0x80 && isalnum(*r)))
				buf_putc(&b, (char)*r);
			else
				buf_printf(&b, "%%%02X", *r);
		p += 6;
	}
	return buf_steal(&b);
}

/* The red band of a full hall across [x0, x1] from y: "this hall is
 * full", and with x->stream, the stream's QR code at the band's end side
 * and a line saying what it is. Returns the y below it. */
static float full_band(struct ctx *x, float x0, float x1, float y)
{
	const struct config_theme *t = x->t;
	float u = x->u, pad = FULL_PAD * u;
	int side = x->stream ? card_qr_side(x->g, x->stream) : 0, stream = side > 0;
	float qx = x0 + pad;
	if (stream)
		x0 += side + pad;
	struct text_layout *a = put_dir(x, T_HALL_FULL, card_frame_dir(),
					look(CARD_BOLD, FULL_SIZE * u, 2), 0, x0 + pad, x1 - pad, 0);
	struct text_layout *b =
	    stream ? put_dir(x, T_STREAM, card_frame_dir(), look(CARD_MEDIUM, FULL_NOTE * u, 2), 0,
			     x0 + pad, x1 - pad, 0)
		   : NULL;
	float h = MAX(a->height + (b ? b->height : 0), (float)side) + 2 * pad;
	rect(x, stream ? qx - pad : x0, y, x1 - (stream ? qx - pad : x0), h, t->breaking);
	if (stream) { /* on the band: ctx_close() need not find it clear */
		x->qr_url = x->stream;
		x->qr_x = qx;
		x->qr_y = y + pad;
		x->qr_on_band = 1;
	}
	put_dir(x, T_HALL_FULL, card_frame_dir(), look(CARD_BOLD, FULL_SIZE * u, 2),
		t->breaking_text, x0 + pad, x1 - pad, y + pad);
	if (b)
		put_dir(x, T_STREAM, card_frame_dir(), look(CARD_MEDIUM, FULL_NOTE * u, 2),
			t->breaking_text, x0 + pad, x1 - pad, y + pad + a->height);
	return y + h + FULL_GAP * u;
}

struct card *card_room(const struct card_geometry *g, const struct config *cfg,
		       const struct card_fonts *f, const struct event_list *l, int64_t now)
{
	struct ctx x;
	if (ctx_open(&x, g, cfg, f, now))
		return NULL;
	const struct config_theme *t = &cfg->theme;
	float u = g->unit, x0 = g->margin, x1 = (float)g->w - g->margin, cw = x1 - x0;
	float bottom = (float)g->body_h - ROOM_BOTTOM * u;
	int portrait = g->h > g->w;
	const struct event **talks;
	size_t n = room_talks(l, cfg->schedule_room, now, &talks), b = 0;
	/* The big block is the first talk one can go to here: a cancelled or
	 * moved one is a line above it, never the big "next". */
	while (b < n && aside(talks[b], cfg->schedule_room, now))
		b++;
	const struct event *big = b < n ? talks[b] : NULL;
	struct text_layout *rl = put(&x, cfg->schedule_room, look(CARD_BOLD, ROOM_NAME * u, 1),
				     t->accent, x0, x1, ROOM_TOP * u);
	float y = ROOM_TOP * u + rl->height + ROOM_RULE_GAP * u;
	rect(&x, x0, y, cw, ROOM_RULE * u, t->accent);
	y += (ROOM_RULE + ROOM_RULE_BELOW) * u;
	if (event_live_full(l, cfg->schedule_room)) { /* the stream's code, not the talk's */
		x.stream = stream_link(cfg->schedule_stream_url, cfg->schedule_room);
		y = full_band(&x, x0, x1, y);
	}
	/* The big block on the right (landscape) or on top (portrait). */
	float bx0 = portrait ? x0 : x1 - cw * BIG_SHARE, lx1 = portrait ? x1 : bx0 - LISTS_GAP * u;
	float top = y;
	y = asides(&x, talks, b, bx0, x1, y);
	float big_h = portrait ? (bottom - y) * BIG_SHARE_TALL : bottom - y;
	/* The QR code of the talk in the big block (on now, else the next),
	 * in a bottom corner: under the block at its start side in landscape;
	 * at the end side under the lists (which stop above it) in portrait,
	 * as on an article page. */
	int side = x.qr_on_band ? 0 : talk_qr_side(&x, big);
	float qy = bottom - (float)side, list_bottom = bottom;
	float qx = portrait ? x0 : x1 - (float)side;
	if (side && portrait)
		list_bottom = qy - QR_GAP * u;
	size_t rest = b + 1;
	float block_end = y;
	char label[160] = "";
	if (big && (big->start <= now || same_day(&x, big->start, now))) {
		if (big->start > now)
			next_label(&x, big, label, sizeof label);
		else
			started_text(&x, big, label, sizeof label);
		block_end = big_talk(&x, big, *label ? label : T_NOW, bx0, x1, y, big_h);
	} else {
		struct text_layout *e =
		    put(&x, T_ENDED, look(CARD_BOLD, ENDED * u, 2), t->text, bx0, x1, y);
		block_end = y + e->height + ENDED_GAP * u;
		if (big) {
			char when[64];
			clock_text(&x, big->start, when, sizeof when);
			fill(label, sizeof label, T_FIRST_TOMORROW, when, NULL);
			block_end = big_talk(&x, big, label, bx0, x1, block_end, big_h * TOMORROW_SHARE);
		}
		rest = n;
	}
	y = portrait ? block_end + BLOCK_GAP_TALL * u : top;
	day_lists(&x, talks + MIN(rest, n), n - MIN(rest, n), x0, lx1, y, list_bottom);
	if (side && block_end + QR_GAP * u <= qy) /* else no room for it */
		plan_qr(&x, big, qx, qy);
	free(talks);
	return ctx_close(&x);
}
