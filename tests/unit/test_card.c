/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests for card (and deck): every card kind at landscape, portrait and
 * 4K sizes stays inside its area, long articles paginate, broken
 * articles are refused with a message, the sample headlines are balanced
 * on their cards, and Persian numbers and relative times read right. No
 * display: cards are plain data.
 */
#include "testutil.h"

#include <math.h>

#include "show/card.h"
#include "base/config.h"
#include "show/deck.h"
#include "parse/import.h"
#include "show/playlist.h"
#include "screen/ticker.h"

/* String literals for article fields, which are not const. */
#define S(x) ((char *)(x))

#define NOW 1654684200 /* 2022-06-08 10:30 UTC, 15:00 in Tehran */

static struct card_fonts fonts;
static struct config cfg;

static int setup(void **state)
{
	(void)state;
	char *err = NULL;
	config_defaults(&cfg);
	if (card_fonts_open(&fonts, &err)) {
		fprintf(stderr, "%s\n", err);
		free(err);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	card_fonts_close(&fonts);
	config_free(&cfg);
	return 0;
}

static char *long_body(void)
{
	struct buf b = {0};
	for (int p = 0; p < 12; p++) {
		for (int i = 0; i < 8; i++)
			buf_puts(
			    &b, "سخنگوی وزارت ارتباطات از شرکت ایران در اجلاس جهانی جامعه اطلاعاتی "
				"(WSIS 2022) خبر داد. ");
		buf_putc(&b, '\n');
	}
	return buf_steal(&b);
}

static struct article sample(char *body)
{
	static char *tags[] = {S("ITU"), S("فناوری اطلاعات")};
	struct article a = {0};
	a.id = S("t1");
	a.title = S("ایران در اجلاس جهانی جامعه اطلاعاتی");
	a.summary = S("سخنگوی وزارت ارتباطات از شرکت ایران در اجلاس جهانی جامعه اطلاعاتی خبر داد.");
	a.body = body;
	a.source = S("مهر");
	a.category = S("فناوری");
	a.image = S("");
	a.lang = S("fa");
	a.tags = tags;
	a.ntags = 2;
	a.published = NOW - 3 * 3600;
	return a;
}

static void assert_inside(const struct card *c)
{
	assert_true(c->nops > 0);
	for (size_t i = 0; i < c->nops; i++) {
		const struct card_op *op = &c->ops[i];
		assert_true(op->y >= -1);
		if (op->kind == CARD_OP_TEXT) {
			assert_non_null(op->text);
			/* The ink, not the layout box, stays inside horizontally. */
			for (size_t l = op->first_line; l < op->first_line + op->nlines; l++) {
				const struct text_line *ln = &op->text->lines[l];
				for (size_t r = 0; r < ln->nruns; r++) {
					assert_true(op->x + ln->runs[r].x >= -1);
					assert_true(op->x + ln->runs[r].x + ln->runs[r].width <=
						    c->w + 1);
				}
			}
			assert_true(op->first_line + op->nlines <= op->text->nlines);
			/* The drawn lines' bottom stays inside the area. */
			float top = op->text->lines[op->first_line].y;
			const struct text_line *last =
			    &op->text->lines[op->first_line + op->nlines - 1];
			assert_true(op->y + last->y - top + op->text->line_height <= c->h + 2);
		} else {
			assert_true(op->x >= -1);
			assert_true(op->x + op->w <= c->w + 1 && op->y + op->h <= c->h + 1);
		}
	}
}

static const int sizes[][2] = {{1280, 720}, {1920, 1080}, {3840, 2160}, {1080, 1920}};

static void every_card_kind_fits_every_screen(void **state)
{
	(void)state;
	char *body = long_body();
	struct article a = sample(body);
	for (size_t s = 0; s < ARRAY_LEN(sizes); s++) {
		struct card_geometry g;
		card_geometry(sizes[s][0], sizes[s][1], 1, &g);
		assert_true(g.header_h + g.body_h + g.ticker_h == sizes[s][1]);
		char *err = NULL;
		struct card *c = card_header(&g, &cfg, &fonts, NOW, NULL);
		assert_inside(c);
		card_free(c);
		for (int prio = PRIORITY_NORMAL; prio <= PRIORITY_BREAKING; prio++) {
			a.priority = prio;
			c = card_article(&g, &cfg, &fonts, &a, -1, prio == PRIORITY_BREAKING, NOW,
					 &err);
			assert_non_null(c);
			assert_inside(c);
			assert_true(c->words > 0); /* the deck times it from these */
			card_free(c);
		}
		int pages = card_page_count(&g, &cfg, &fonts, &a);
		assert_true(pages >= 2);
		for (int p = 0; p < pages; p++) {
			c = card_article(&g, &cfg, &fonts, &a, p, 0, NOW, &err);
			assert_non_null(c);
			assert_inside(c);
			card_free(c);
		}
		c = card_article(&g, &cfg, &fonts, &a, pages, 0, NOW, &err);
		assert_null(c);
		assert_non_null(err);
		free(err);
		c = card_empty(&g, &cfg, &fonts, NOW, NOW - 600);
		assert_inside(c);
		card_free(c);
	}
	free(body);
}

static void pages_cover_the_whole_body_once(void **state)
{
	(void)state;
	char *body = long_body();
	struct article a = sample(body);
	struct card_geometry g;
	card_geometry(1920, 1080, 1, &g);
	int pages = card_page_count(&g, &cfg, &fonts, &a);
	assert_true(pages >= 3);
	size_t lines = 0, total = 0;
	for (int p = 0; p < pages; p++) {
		char *err = NULL;
		struct card *c = card_article(&g, &cfg, &fonts, &a, p, 0, NOW, &err);
		for (size_t i = 0; i < c->nops; i++) {
			const struct card_op *op = &c->ops[i];
			if (op->kind == CARD_OP_TEXT && op->text->nlines > 20) {
				lines += op->nlines;
				total = op->text->nlines;
			}
		}
		card_free(c);
	}
	assert_true(total > 0);
	assert_int_equal(lines, total);
	free(body);
}

static void a_long_body_stops_at_max_pages_with_an_ellipsis_laid_out_once(void **state)
{
	(void)state;
	/* About 500 KB: hundreds of pages without the cap. */
	struct buf b = {0};
	for (int p = 0; p < 600; p++) {
		for (int i = 0; i < 8; i++)
			buf_puts(&b,
				 "سخنگوی وزارت ارتباطات از شرکت ایران در اجلاس جهانی خبر داد. ");
		buf_putc(&b, '\n');
	}
	char *body = buf_steal(&b);
	assert_true(strlen(body) > 500000);
	struct article a = sample(body);
	struct card_geometry g;
	card_geometry(1920, 1080, 1, &g);
	int saved = cfg.max_pages;
	cfg.max_pages = 3;
	assert_int_equal(card_page_count(&g, &cfg, &fonts, &a), 3);
	const struct text_layout *first = NULL;
	for (int p = 0; p < 3; p++) {
		char *err = NULL;
		struct card *c = card_article(&g, &cfg, &fonts, &a, p, 0, NOW, &err);
		assert_non_null(c);
		const struct card_op *body_op = NULL;
		for (size_t i = 0; i < c->nops; i++)
			if (c->ops[i].kind == CARD_OP_TEXT && c->ops[i].text->nlines > 5)
				body_op = &c->ops[i];
		assert_non_null(body_op);
		if (!first)
			first = body_op->text;
		assert_ptr_equal(body_op->text, first); /* one layout for every page */
		if (p == 2) {
			const struct text_layout *l = body_op->text;
			assert_true(l->truncated);
			assert_int_equal(body_op->first_line + body_op->nlines, l->nlines);
			const char *last = l->paragraphs[l->nparagraphs - 1];
			size_t n = strlen(last);
			assert_true(n >= 3 && strcmp(last + n - 3, "\xe2\x80\xa6") == 0);
			/* At the end of a sentence, then the ellipsis. */
			assert_true(n >= 6 && !memcmp(last + n - 6, ".\xc2\xa0\xe2\x80\xa6", 6));
		}
		card_free(c);
	}
	char *err = NULL;
	assert_null(card_article(&g, &cfg, &fonts, &a, 3, 0, NOW, &err));
	free(err);
	cfg.max_pages = saved;
	free(body);
}

/* The card's QR code is there: its quiet zone is a white RECT op on the
 * box the card records, and it is about a sixth of the shorter side. */
static int has_qr(const struct card *c, const struct card_geometry *g)
{
	int found = 0;
	for (size_t i = 0; i < c->nops; i++) {
		const struct card_op *op = &c->ops[i];
		if (op->kind == CARD_OP_RECT && op->argb == 0xffffffff && op->x == c->qr_x &&
		    op->y == c->qr_y && op->w == c->qr_side && op->h == c->qr_side)
			found = 1;
	}
	if (!found)
		return 0;
	float sixth = (float)(g->w < g->h ? g->w : g->h) / 6;
	assert_true(c->qr_side > sixth * 0.85f && c->qr_side < sixth * 1.15f);
	return 1;
}

/* No text op's box (its layout's width, the height of the lines it draws)
 * meets the QR code's box. */
static void assert_text_clear_of_qr(const struct card *c)
{
	for (size_t i = 0; i < c->nops; i++) {
		const struct card_op *op = &c->ops[i];
		if (op->kind != CARD_OP_TEXT || !op->nlines)
			continue;
		const struct text_line *first = &op->text->lines[op->first_line];
		const struct text_line *last = &op->text->lines[op->first_line + op->nlines - 1];
		float top = op->y, bottom = op->y + last->y - first->y + op->text->line_height;
		float left = op->x, right = op->x + op->text->width;
		int meets = left < c->qr_x + c->qr_side && c->qr_x < right &&
			    top < c->qr_y + c->qr_side && c->qr_y < bottom;
		if (meets)
			fail_msg(
			    "text op %zu [%.0f,%.0f]x[%.0f,%.0f] meets the QR code at %.0f,%.0f", i,
			    left, right, top, bottom, c->qr_x, c->qr_y);
	}
}

/* Words on the body lines a page draws (ops of a layout of many lines). */
static size_t body_words(const struct card *c)
{
	size_t words = 0;
	for (size_t i = 0; i < c->nops; i++) {
		const struct card_op *op = &c->ops[i];
		if (op->kind != CARD_OP_TEXT || op->text->nlines <= 5)
			continue;
		for (size_t k = op->first_line; k < op->first_line + op->nlines; k++) {
			const struct text_line *ln = &op->text->lines[k];
			size_t from = (size_t)-1, to = 0;
			for (size_t r = 0; r < ln->nruns; r++) {
				from = ln->runs[r].start < from ? ln->runs[r].start : from;
				to = ln->runs[r].end > to ? ln->runs[r].end : to;
			}
			if (to <= from)
				continue;
			char *s = xasprintf("%.*s", (int)(to - from),
					    op->text->paragraphs[ln->paragraph] + from);
			words += playlist_count_words(s);
			free(s);
		}
	}
	return words;
}

static void the_first_article_page_has_the_qr_code_and_no_text_over_it(void **state)
{
	(void)state;
	/* Bodies of two or three pages, so every word is on one. */
	struct buf fb = {0};
	for (int p = 0; p < 4; p++) {
		for (int i = 0; i < 6; i++)
			buf_puts(&fb, "سخنگوی وزارت ارتباطات از شرکت ایران در اجلاس جهانی "
				      "(WSIS 2022) خبر داد. ");
		buf_putc(&fb, '\n');
	}
	char *fa = buf_steal(&fb);
	struct buf eb = {0};
	for (int p = 0; p < 4; p++) {
		for (int i = 0; i < 4; i++)
			buf_puts(&eb,
				 "The fair opens its doors to readers from across the country, "
				 "with 2,000 publishers (ISBN 978-600) and events. ");
		buf_putc(&eb, '\n');
	}
	char *en = buf_steal(&eb);
	for (int ltr = 0; ltr < 2; ltr++) {
		struct article a = sample(ltr ? en : fa);
		a.lang = S(ltr ? "en" : "fa");
		a.url = S("https://www.example.ir/news/1405/09/12345-book-fair?ref=lobby&lang=fa");
		for (size_t s = 0; s < ARRAY_LEN(sizes); s++) {
			struct card_geometry g;
			card_geometry(sizes[s][0], sizes[s][1], 1, &g);
			int pages = card_page_count(&g, &cfg, &fonts, &a);
			assert_true(pages >= 2);
			size_t words = 0;
			for (int p = 0; p < pages; p++) {
				char *err = NULL;
				struct card *c =
				    card_article(&g, &cfg, &fonts, &a, p, 0, NOW, &err);
				assert_non_null(c);
				assert_inside(c);
				words += body_words(c);
				if (p == 0) {
					assert_true(has_qr(c, &g));
					assert_text_clear_of_qr(c);
					/* At the end side: left in Persian, right in English. */
					float mid = c->qr_x + c->qr_side / 2;
					assert_true(ltr ? mid > (float)g.w / 2
							: mid < (float)g.w / 2);
				} else {
					assert_true(c->qr_side == 0);
					assert_false(has_qr(c, &g));
					/* The other pages keep the whole column. */
					for (size_t i = 0; i < c->nops; i++)
						if (c->ops[i].kind == CARD_OP_TEXT &&
						    c->ops[i].text->nlines > 5)
							assert_float_equal(
							    c->ops[i].text->width,
							    (float)g.w - 2 * g.margin, 0.5);
				}
				card_free(c);
			}
			/* Every word once, on some page. */
			assert_int_equal(words, playlist_count_words(a.body));
		}
	}
	/* [cards] qr = no, or no URL: page one as the others. */
	struct article a = sample(fa);
	struct card_geometry g;
	card_geometry(1920, 1080, 1, &g);
	char *err = NULL;
	struct card *c = card_article(&g, &cfg, &fonts, &a, 0, 0, NOW, &err);
	assert_false(has_qr(c, &g));
	card_free(c);
	a.url = S("https://www.example.ir/news/1");
	cfg.qr = 0;
	c = card_article(&g, &cfg, &fonts, &a, 0, 0, NOW, &err);
	assert_true(c->qr_side == 0);
	card_free(c);
	cfg.qr = 1;
	free(fa);
	free(en);
}

static void missing_local_image_makes_the_article_broken(void **state)
{
	(void)state;
	struct article a = sample(S(""));
	a.image = S("/nonexistent/lead.jpg");
	struct card_geometry g;
	card_geometry(1920, 1080, 1, &g);
	char *err = NULL;
	/* The card opens no file: the same inputs give the same card. */
	struct card *c = card_article(&g, &cfg, &fonts, &a, -1, 0, NOW, &err);
	assert_non_null(c);
	card_free(c);
	/* The reader that loads it finds the file missing, and says so. */
	struct article_list one = {.items = &a, .n = 1};
	article_list_check_images(&one);
	assert_true(a.image_missing);
	assert_null(card_article(&g, &cfg, &fonts, &a, -1, 0, NOW, &err));
	assert_non_null(strstr(err, "/nonexistent/lead.jpg"));
	free(err);
	a.title = S("");
	assert_null(card_article(&g, &cfg, &fonts, &a, -1, 0, NOW, &err));
	free(err);
}

static void deck_skips_broken_articles_and_falls_back_to_empty(void **state)
{
	(void)state;
	struct article_list l = {0};
	struct article a = sample(S(""));
	a.id = S("broken");
	a.image = S("/nonexistent/x.png");
	article_list_push(&l, &a);
	article_list_check_images(&l);
	struct deck d;
	deck_init(&d, &cfg, &fonts, 1920, 1080);
	deck_load(&d, &l, NOW, 0);
	struct playlist_slot slot;
	struct card *c = deck_next(&d, NOW, &slot);
	assert_int_equal(slot.article, DECK_EMPTY_CARD);
	assert_true(c->dwell == cfg.min_dwell); /* no words: the shortest turn */
	card_free(c);
	a.id = S("fine");
	a.image = S("");
	article_list_push(&l, &a);
	deck_load(&d, &l, NOW, 0);
	for (int i = 0; i < 5; i++) {
		c = deck_next(&d, NOW, &slot);
		assert_int_not_equal(slot.article, DECK_EMPTY_CARD);
		assert_string_equal(d.playlist.articles.items[slot.article].id, "fine");
		assert_true(c->dwell >= cfg.min_dwell && c->dwell <= cfg.max_dwell);
		card_free(c);
	}
	deck_free(&d);
	article_list_free(&l);
}

static void relative_times_read_in_persian_words_and_digits(void **state)
{
	(void)state;
	char *s;
	const struct {
		int64_t ago;
		const char *want;
	} cases[] = {{10, "همین حالا"},
		     {5 * 60, "۵ دقیقه پیش"},
		     {3 * 3600 + 59, "۳ ساعت پیش"},
		     {2 * 86400, "۲ روز پیش"}};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		s = card_relative_time(NOW, NOW - cases[i].ago);
		assert_string_equal(s, cases[i].want);
		free(s);
	}
	assert_null(card_relative_time(NOW, 0));
	assert_null(card_relative_time(NOW, NOW - 90 * 86400));
}

static void ticker_text_joins_headlines_with_bullets(void **state)
{
	(void)state;
	struct article_list l = {0};
	struct article a = sample(S(""));
	a.title = S("یک\nدو");
	article_list_push(&l, &a);
	a.title = S("سه");
	article_list_push(&l, &a);
	article_list_push(&l, &a);
	char *t = card_ticker_text(&l, 2);
	/* Each headline inside a right-to-left isolate (RLI ... PDI). */
	assert_string_equal(
	    t,
	    "\xe2\x81\xa7یک دو\xe2\x81\xa9   •  \xc2\xa0\xe2\x81\xa7سه\xe2\x81\xa9   •  \xc2\xa0");
	free(t);
	article_list_free(&l);
}

static void ticker_headlines_never_mix_their_latin_words(void **state)
{
	(void)state;
	/* One headline ends in Latin, the next starts with it: without
	 * isolates "guest • ITU" becomes one left-to-right run and ITU shows
	 * before guest. */
	struct article_list l = {0};
	struct article a = sample(S(""));
	a.title = S("شبکه مهمانان: guest");
	article_list_push(&l, &a);
	a.title = S("ITU از ایران حمایت کرد");
	article_list_push(&l, &a);
	char *t = card_ticker_text(&l, 2);
	struct card_geometry g;
	card_geometry(1920, 1080, 1, &g);
	struct text_layout *lt = card_ticker_layout(&g, &fonts, t);
	assert_int_equal(lt->nlines, 1);
	const char *p = lt->paragraphs[0];
	size_t guest = (size_t)(strstr(p, "guest") - p), itu = (size_t)(strstr(p, "ITU") - p);
	float xg = -1, xi = -1;
	const struct text_line *ln = &lt->lines[0];
	for (size_t r = 0; r < ln->nruns; r++)
		for (size_t k = 0; k < ln->runs[r].nglyphs; k++) {
			if (ln->runs[r].glyphs[k].cluster == guest)
				xg = ln->runs[r].x + ln->runs[r].glyphs[k].x;
			if (ln->runs[r].glyphs[k].cluster == itu)
				xi = ln->runs[r].x + ln->runs[r].glyphs[k].x;
		}
	assert_true(xg >= 0 && xi >= 0);
	assert_true(xg > xi); /* the first headline reads first, from the right */
	text_layout_free(lt);
	free(t);
	article_list_free(&l);
}

/* The strip's width of the ticker text for the titles, as the ticker
 * repeats it. */
static int ticker_period(char **titles, size_t n)
{
	struct article_list l = {0};
	struct article a = sample(S(""));
	for (size_t i = 0; i < n; i++) {
		a.title = titles[i];
		article_list_push(&l, &a);
	}
	char *t = card_ticker_text(&l, n);
	struct card_geometry g;
	card_geometry(1920, 1080, 1, &g);
	struct ticker *tk = ticker_new(&g, &cfg, &fonts, t, 0, 1700);
	int w = tk->width;
	ticker_free(tk);
	free(t);
	article_list_free(&l);
	return w;
}

static void ticker_keeps_the_gap_where_the_strip_repeats(void **state)
{
	(void)state;
	/* Where the last headline meets the first again, the bullet has the
	 * same space on both sides as between any two headlines: the strip
	 * of one headline repeated twice is as wide as two headlines. */
	char *one[] = {S("اطلاعیه نصر ۲ یک")};
	char *two[] = {S("اطلاعیه نصر ۲ یک"), S("اطلاعیه نصر ۲ یک")};
	int w1 = ticker_period(one, 1), w2 = ticker_period(two, 2);
	assert_true(w1 > 100);
	assert_true(abs(w2 - 2 * w1) <= 1);
}

static void an_english_headline_keeps_its_final_mark_at_its_end_in_the_ticker(void **state)
{
	(void)state;
	struct article_list l = {0};
	struct article a = sample(S(""));
	a.title = S("Premier League – live!");
	a.lang = S("en");
	article_list_push(&l, &a);
	char *t = card_ticker_text(&l, 1);
	struct card_geometry g;
	card_geometry(1920, 1080, 1, &g);
	struct text_layout *lt = card_ticker_layout(&g, &fonts, t);
	const char *p = lt->paragraphs[0];
	size_t live = (size_t)(strstr(p, "live") - p), bang = (size_t)(strstr(p, "!") - p);
	float xl = -1, xb = -1;
	const struct text_line *ln = &lt->lines[0];
	for (size_t r = 0; r < ln->nruns; r++)
		for (size_t k = 0; k < ln->runs[r].nglyphs; k++) {
			if (ln->runs[r].glyphs[k].cluster == live)
				xl = ln->runs[r].x + ln->runs[r].glyphs[k].x;
			if (ln->runs[r].glyphs[k].cluster == bang)
				xb = ln->runs[r].x + ln->runs[r].glyphs[k].x;
		}
	assert_true(xl >= 0 && xb >= 0);
	assert_true(xb > xl); /* "live!", not "!live" */
	text_layout_free(lt);
	free(t);
	article_list_free(&l);
}

/* The articles of every sample file, parsed as `khabar import` parses
 * them; free with import_result_free() on each of out[0..3]. */
static void sample_articles(struct import_result out[4])
{
	static const char *const files[] = {
	    "assets/sample/000_eddeb88cb7a96027.txt", "assets/sample/articles.json",
	    "assets/sample/feed-atom.xml", "assets/sample/feed-rss.xml"};
	for (size_t f = 0; f < 4; f++) {
		size_t len;
		char *data = test_read(files[f], &len);
		struct import_limits lim;
		import_limits_default(&lim);
		memset(&out[f], 0, sizeof out[f]);
		assert_int_equal(import_parse(data, len, &lim, &out[f]), 0);
		free(data);
	}
}

/* The shortest of the title's lines over its longest on a headline card
 * (the card's largest text is its title); 1 for a one-line title. */
static float title_balance(const struct card *c, size_t *nlines)
{
	const struct card_op *t = NULL;
	for (size_t i = 0; i < c->nops; i++)
		if (c->ops[i].kind == CARD_OP_TEXT && (!t || c->ops[i].text->size > t->text->size))
			t = &c->ops[i];
	assert_non_null(t);
	float lo = 1e9f, hi = 0;
	for (size_t l = t->first_line; l < t->first_line + t->nlines; l++) {
		lo = MIN(lo, t->text->lines[l].width);
		hi = MAX(hi, t->text->lines[l].width);
	}
	*nlines = t->nlines;
	return t->nlines > 1 ? lo / hi : 1;
}

static void sample_headline_cards_have_balanced_titles(void **state)
{
	(void)state;
	/* Every sample article's headline card at three screens, as imported
	 * and with a local lead image (a narrower column), the ticker on:
	 * a title of two or three lines has its shortest line at least 0.6
	 * of its longest. */
	static const int screens[][2] = {{1920, 1080}, {1080, 1920}, {1280, 720}};
	struct import_result r[4];
	sample_articles(r);
	char *image = test_path("tests/fuzz/image/small.png");
	float worst = 1;
	const char *worst_title = "";
	int worst_w = 0, worst_h = 0, worst_lead = 0, multi = 0, cards = 0;
	for (size_t s = 0; s < ARRAY_LEN(screens); s++) {
		struct card_geometry g;
		card_geometry(screens[s][0], screens[s][1], 1, &g);
		for (size_t f = 0; f < 4; f++)
			for (size_t i = 0; i < r[f].articles.n; i++)
				for (int lead = 0; lead < 2; lead++) {
					struct article a = r[f].articles.items[i];
					if (lead)
						a.image = image;
					char *err = NULL;
					struct card *c =
					    card_article(&g, &cfg, &fonts, &a, -1, 0, NOW, &err);
					if (!c)
						fail_msg("%s", err);
					size_t n;
					float ratio = title_balance(c, &n);
					cards++;
					multi += n > 1;
					if (ratio < worst) {
						worst = ratio;
						worst_title = r[f].articles.items[i].title;
						worst_w = g.w;
						worst_h = g.h;
						worst_lead = lead;
					}
					if (ratio < 0.6f)
						fail_msg("'%s' at %dx%d%s: %zu lines, shortest "
							 "%.2f of the longest",
							 a.title, g.w, g.h,
							 lead ? " with an image" : "", n, ratio);
					card_free(c);
				}
	}
	printf("balanced titles: %d headline cards, %d of more than one line; worst "
	       "shortest/longest %.2f ('%s' at %dx%d%s)\n",
	       cards, multi, worst, worst_title, worst_w, worst_h,
	       worst_lead ? " with an image" : "");
	assert_true(multi >= 10);
	free(image);
	for (size_t f = 0; f < 4; f++)
		import_result_free(&r[f]);
}

/* The layout of the card's title: the text op whose text is title. */
static const struct text_layout *title_of(const struct card *c, const char *title)
{
	for (size_t i = 0; i < c->nops; i++)
		if (c->ops[i].kind == CARD_OP_TEXT && c->ops[i].text->nparagraphs &&
		    !strncmp(c->ops[i].text->paragraphs[0], title, strlen(title)))
			return c->ops[i].text;
	fail_msg("no title op for '%s'", title);
	return NULL;
}

static void a_long_headline_shrinks_before_it_is_cut(void **state)
{
	(void)state;
	/* Too long for three lines at the headline's smallest size in the
	 * portrait column; it fits smaller, in the room the summary leaves. */
	struct article a = sample(S(""));
	a.title = S("نشست مشترک وزیران ارتباطات و فناوری اطلاعات کشورهای منطقه برای بررسی "
		    "راهکارهای توسعه زیرساخت‌های ارتباطی، آموزش نیروی متخصص و کاهش شکاف "
		    "دیجیتال "
		    "در تهران با حضور نمایندگان اتحادیه بین‌المللی مخابرات برگزار "
		    "شد");
	a.summary = S("");
	struct card_geometry g;
	card_geometry(1080, 1920, 1, &g);
	char *err = NULL;
	struct card *c = card_article(&g, &cfg, &fonts, &a, -1, 0, NOW, &err);
	assert_non_null(c);
	const struct text_layout *t = title_of(c, "نشست مشترک");
	printf("long headline: %zu lines at %.1f px (the smallest before: %.1f px)\n", t->nlines,
	       t->size, 50 * g.unit);
	assert_false(t->truncated);
	assert_true(t->size <= 50 * g.unit && t->size >= 40 * g.unit - 0.5f);
	assert_true(t->nlines <= 4);
	assert_inside(c);
	card_free(c);
}

/* Whether any text op of c has needle in its text. */
static int card_says(const struct card *c, const char *needle)
{
	for (size_t i = 0; i < c->nops; i++)
		if (c->ops[i].kind == CARD_OP_TEXT)
			for (size_t p = 0; p < c->ops[i].text->nparagraphs; p++)
				if (strstr(c->ops[i].text->paragraphs[p], needle))
					return 1;
	return 0;
}

static void no_article_page_repeats_the_headline_card_or_holds_only_a_footer(void **state)
{
	(void)state;
	struct card_geometry g;
	card_geometry(1920, 1080, 1, &g);
	struct article a = sample(S(""));
	a.summary = S("سخنگوی وزارت ارتباطات از شرکت ایران در اجلاس جهانی خبر داد.");
	/* The body is the summary again (spaces aside): no page. */
	a.body = S("  سخنگوی وزارت ارتباطات از شرکت ایران در اجلاس جهانی خبر داد.\n\n");
	assert_int_equal(card_page_count(&g, &cfg, &fonts, &a), 0);
	/* A Guardian item: the body is only its footer. */
	a.summary = S("Labour has set out plans for the NHS.");
	a.body = S("Labour has set out plans for the NHS. Continue reading...");
	assert_int_equal(card_page_count(&g, &cfg, &fonts, &a), 0);
	a.body = S("Continue reading…");
	assert_int_equal(card_page_count(&g, &cfg, &fonts, &a), 0);
	/* A body with more to say keeps its page, without the footers. */
	a.summary = S("خلاصه خبر.");
	a.body = S("متن کامل خبر در اینجا آمده است.\n"
		   "The post Plans appeared first on Example News.\n"
		   "بقیه متن خبر با جزئیات بیشتر. ادامه مطلب\n"
		   "آیا این طرح اجرا می‌شود؟ ادامه خبر\n"
		   "بیشتر بخوانید »");
	assert_int_equal(card_page_count(&g, &cfg, &fonts, &a), 1);
	char *err = NULL;
	struct card *c = card_article(&g, &cfg, &fonts, &a, 0, 0, NOW, &err);
	assert_non_null(c);
	assert_true(card_says(c, "بقیه متن خبر با جزئیات بیشتر."));
	assert_false(card_says(c, "appeared first on"));
	assert_false(card_says(c, "ادامه مطلب"));
	assert_true(card_says(c, "آیا این طرح اجرا می‌شود؟"));
	assert_false(card_says(c, "ادامه خبر"));
	assert_false(card_says(c, "بیشتر بخوانید"));
	card_free(c);
	/* A summary's footer is gone from the headline card; a sentence
	 * that only ends in the same words keeps them. */
	a.summary = S("Experts say people should read more. Read more »");
	c = card_article(&g, &cfg, &fonts, &a, -1, 0, NOW, &err);
	assert_non_null(c);
	assert_true(card_says(c, "people should read more."));
	assert_false(card_says(c, "Read more"));
	card_free(c);
}

static void a_pinned_notice_shows_no_age(void **state)
{
	(void)state;
	struct card_geometry g;
	card_geometry(1920, 1080, 1, &g);
	struct article a = sample(S(""));
	a.published = NOW - 7 * 86400;
	char *err = NULL;
	struct card *c = card_article(&g, &cfg, &fonts, &a, -1, 0, NOW, &err);
	assert_true(card_says(c, "پیش")); /* «۷ روز پیش» */
	card_free(c);
	a.priority = PRIORITY_PINNED;
	c = card_article(&g, &cfg, &fonts, &a, -1, 0, NOW, &err);
	assert_false(card_says(c, "پیش"));
	card_free(c);
}

static void an_english_title_on_a_persian_card_aligns_its_lines_to_the_left(void **state)
{
	(void)state;
	struct card_geometry g;
	card_geometry(1080, 1920, 1, &g);
	struct article a = sample(S(""));
	a.title = S("Conference hall two opens at nine thirty in the morning after the "
		    "ISO 9001 audit of the building");
	char *err = NULL;
	struct card *c = card_article(&g, &cfg, &fonts, &a, -1, 0, NOW, &err);
	assert_non_null(c);
	const struct card_op *op = NULL;
	for (size_t i = 0; i < c->nops; i++)
		if (c->ops[i].kind == CARD_OP_TEXT &&
		    !strncmp(c->ops[i].text->paragraphs[0], "Conference", 10))
			op = &c->ops[i];
	assert_non_null(op);
	const struct text_layout *l = op->text;
	assert_true(l->nlines >= 2);
	float left = 1e9f, right = 0, first = -1;
	for (size_t k = 0; k < l->nlines; k++) {
		const struct text_line *ln = &l->lines[k];
		float lo = 1e9f, hi = 0;
		for (size_t r = 0; r < ln->nruns; r++) {
			lo = MIN(lo, ln->runs[r].x);
			hi = MAX(hi, ln->runs[r].x + ln->runs[r].width);
		}
		if (first < 0)
			first = lo;
		if (fabsf(lo - first) > 1)
			fail_msg("line %zu starts at %.0f, line 1 at %.0f", k + 1, lo, first);
		left = MIN(left, lo);
		right = MAX(right, hi);
	}
	/* The block still stands at the card's start side (the right). */
	assert_true(fabsf(op->x + right - (float)(g.w - 64 * g.unit)) < 2);
	card_free(c);
}

/* WCAG 2: the relative luminance of an opaque RGB colour. */
static double luminance(uint32_t rgb)
{
	double l = 0;
	const double k[3] = {0.2126, 0.7152, 0.0722};
	for (int i = 0; i < 3; i++) {
		double v = ((rgb >> (16 - 8 * i)) & 0xff) / 255.0;
		l += k[i] * (v <= 0.03928 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4));
	}
	return l;
}

/* fg (its alpha blended over bg) against bg. */
static double contrast(uint32_t fg, uint32_t bg)
{
	double a = (fg >> 24) / 255.0;
	uint32_t mix = 0;
	for (int s = 0; s <= 16; s += 8) {
		double c = ((fg >> s) & 0xff) * a + ((bg >> s) & 0xff) * (1 - a);
		mix |= (uint32_t)lround(c) << s;
	}
	double l1 = luminance(mix), l2 = luminance(bg);
	return (MAX(l1, l2) + 0.05) / (MIN(l1, l2) + 0.05);
}

static void every_theme_reads_at_wcag_aa_contrast(void **state)
{
	(void)state;
	const char *themes[] = {"dark", "light"};
	int failures = 0;
	for (size_t t = 0; t < ARRAY_LEN(themes); t++) {
		struct config c;
		char *err = NULL, *ini = xasprintf("[theme]\ntheme = %s\n", themes[t]);
		config_defaults(&c);
		assert_int_equal(config_load_string(&c, ini, "theme.ini", &err), 0);
		struct card_contrast pairs[64];
		size_t n = card_contrasts(&c.theme, pairs, ARRAY_LEN(pairs));
		assert_true(n >= 10);
		for (size_t i = 0; i < n; i++) {
			double r = contrast(pairs[i].fg, pairs[i].bg);
			printf("%s theme: %-36s %#010x on %#08x  %5.2f:1 (at least %.1f)\n",
			       themes[t], pairs[i].what, pairs[i].fg, pairs[i].bg & 0xffffff, r,
			       pairs[i].min);
			failures += r < pairs[i].min;
		}
		free(ini);
		config_free(&c);
	}
	assert_int_equal(failures, 0);
}

/* The colour behind point (x, y) of c when op i is drawn. */
static uint32_t behind(const struct card *c, size_t i, float x, float y)
{
	uint32_t bg = c->background;
	for (size_t k = 0; k < i; k++) {
		const struct card_op *o = &c->ops[k];
		if (o->kind == CARD_OP_RECT && x >= o->x && x < o->x + o->w && y >= o->y &&
		    y < o->y + o->h)
			bg = o->argb;
	}
	return bg;
}

static void emergency_is_whole_screen_high_contrast_and_large(void **state)
{
	(void)state;
	static const int screens[][2] = {{1920, 1080}, {1080, 1920}, {1280, 720}, {3840, 2160}};
	struct article a = {.id = S("e1"),
			    .title = S("آتش‌سوزی در طبقهٔ دوم: ساختمان را از پله‌های شرقی ترک کنید"),
			    .summary = S(""),
			    .body = S("به آسانسور نروید. در محوطهٔ پارکینگ جمع شوید."),
			    .priority = PRIORITY_EMERGENCY};
	for (size_t i = 0; i < ARRAY_LEN(screens); i++) {
		int w = screens[i][0], h = screens[i][1];
		struct card *c = card_emergency(w, h, &cfg, &fonts, &a);
		assert_int_equal(c->w, w);
		assert_int_equal(c->h, h);
		int texts = 0;
		for (size_t k = 0; k < c->nops; k++) {
			const struct card_op *o = &c->ops[k];
			if (o->kind != CARD_OP_TEXT)
				continue;
			texts++;
			/* every text at least 5% of the screen's height */
			assert_true(o->text->size >= 0.05f * (float)h - 0.5f);
			assert_true(o->y >= 0 && o->y + o->h <= (float)h + 0.5f);
			/* and at least 7:1 against what is behind its middle */
			uint32_t bg = behind(c, k, o->x + o->w / 2, o->y + o->h / 2);
			assert_true(contrast(o->argb, bg) >= 7.0);
		}
		assert_int_equal(texts, 3); /* the band's word, the title, the body */
		/* the title whole, never cut by max_lines */
		assert_false(c->ops[2].text->truncated);
		card_free(c);
	}
}

static void a_far_screen_floors_every_style_at_twelve_arc_minutes(void **state)
{
	(void)state;
	struct config far;
	config_defaults(&far);
	far.max_pages = 100; /* every page counted */
	char *body = long_body();
	struct article a = sample(body);
	struct card_geometry g;
	card_geometry(1920, 1080, 1, &g);
	int near_pages = card_page_count(&g, &far, &fonts, &a), near_header = g.header_h;
	/* Off without a distance, and without a panel size. */
	assert_true(card_legibility(&far, &fonts, 1920, 1080) == 0);
	far.viewing_distance = 5;
	assert_true(card_legibility(&far, &fonts, 1920, 1080) == 0);
	far.diagonal = 55;
	struct card_sight s;
	assert_int_equal(card_sight(&far, &fonts, 1920, 1080, &s), 0);
	assert_true(s.body_em > 0.34 && s.body_em < 0.40); /* Persian letter body, from the font */
	float floor = card_legibility(&far, &fonts, 1920, 1080);
	assert_true(fabs(card_arcmin(&s, floor) - CARD_LEGIBLE_ARCMIN) < 0.05);
	assert_true(floor > 70 && floor < 80); /* 55 inches from 5 m: about 75 px */
	struct text_style st = card_style(&(struct card_type){.size = 20}, &fonts, 1, 500, TEXT_DIR_RTL);
	assert_true(fabs(st.size - floor) < 0.01);
	card_geometry(1920, 1080, 1, &g);
	assert_true(g.header_h > near_header); /* the header holds the larger clock */
	int far_pages = card_page_count(&g, &far, &fonts, &a);
	assert_true(far_pages > near_pages); /* fewer words a page */
	/* From 40 m no size is enough: at most a twelfth of the screen. */
	far.viewing_distance = 40;
	assert_true(fabs(card_legibility(&far, &fonts, 1920, 1080) - 90) < 0.01);
	far.viewing_distance = 0;
	assert_true(card_legibility(&far, &fonts, 1920, 1080) == 0);
	card_geometry(1920, 1080, 1, &g);
	assert_int_equal(g.header_h, near_header);
	config_free(&far);
	free(body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(every_card_kind_fits_every_screen),
	    cmocka_unit_test(emergency_is_whole_screen_high_contrast_and_large),
	    cmocka_unit_test(pages_cover_the_whole_body_once),
	    cmocka_unit_test(a_long_body_stops_at_max_pages_with_an_ellipsis_laid_out_once),
	    cmocka_unit_test(the_first_article_page_has_the_qr_code_and_no_text_over_it),
	    cmocka_unit_test(missing_local_image_makes_the_article_broken),
	    cmocka_unit_test(deck_skips_broken_articles_and_falls_back_to_empty),
	    cmocka_unit_test(relative_times_read_in_persian_words_and_digits),
	    cmocka_unit_test(ticker_text_joins_headlines_with_bullets),
	    cmocka_unit_test(ticker_headlines_never_mix_their_latin_words),
	    cmocka_unit_test(ticker_keeps_the_gap_where_the_strip_repeats),
	    cmocka_unit_test(an_english_headline_keeps_its_final_mark_at_its_end_in_the_ticker),
	    cmocka_unit_test(sample_headline_cards_have_balanced_titles),
	    cmocka_unit_test(every_theme_reads_at_wcag_aa_contrast),
	    cmocka_unit_test(a_long_headline_shrinks_before_it_is_cut),
	    cmocka_unit_test(a_pinned_notice_shows_no_age),
	    cmocka_unit_test(an_english_title_on_a_persian_card_aligns_its_lines_to_the_left),
	    cmocka_unit_test(no_article_page_repeats_the_headline_card_or_holds_only_a_footer),
	    cmocka_unit_test(a_far_screen_floors_every_style_at_twelve_arc_minutes),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
