/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench_pages — article pages of a long body at 1920x1080: an article of
 * about 800 KB (hundreds of pages uncapped) with [cards] max_pages = 4.
 * Prints the pages it gets, the time of the first page (the body laid out
 * once, fonts warm) and the median time of every other page card (the
 * layout shared), and, for scale, one uncapped layout of the whole body.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "show/card.h"
#include "base/config.h"
#include "text/text.h"
#include "base/util.h"

#define ROUNDS 21

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(void)
{
	struct card_fonts fonts;
	struct config cfg;
	char *err = NULL;
	config_defaults(&cfg);
	if (card_fonts_open(&fonts, &err)) {
		fprintf(stderr, "bench_pages: %s\n", err);
		return 1;
	}
	struct buf b = {0};
	for (int p = 0; p < 700; p++) {
		for (int i = 0; i < 6; i++)
			buf_puts(&b, "سخنگوی وزارت ارتباطات از شرکت ایران در اجلاس جهانی جامعه "
				     "اطلاعاتی خبر داد و گفت که این نشست در ژنو برگزار شد. ");
		buf_putc(&b, '\n');
	}
	char *body = buf_steal(&b);
	struct article a = {0};
	a.id = (char *)"long";
	a.title = (char *)"یک گزارش بسیار بلند";
	a.body = body;
	struct card_geometry g;
	card_geometry(1920, 1080, 1, &g);

	/* Warm the fonts' glyphs on another text first. */
	struct article warm = a;
	warm.body = (char *)"گرم کردن حروف";
	card_free(card_article(&g, &cfg, &fonts, &warm, 0, 0, 0, &err));

	double t0 = time_mono();
	int pages = card_page_count(&g, &cfg, &fonts, &a);
	double first = (time_mono() - t0) * 1000;
	double times[ROUNDS];
	for (int r = 0; r < ROUNDS; r++) {
		double t = time_mono();
		struct card *c = card_article(&g, &cfg, &fonts, &a, r % pages, 0, 0, &err);
		times[r] = (time_mono() - t) * 1000;
		card_free(c);
	}
	qsort(times, ROUNDS, sizeof *times, cmp_double);

	/* With a link: page one flows around its QR code (three layouts). */
	struct article q = a;
	q.url = (char *)"https://www.example.ir/news/1405/09/12345";
	t0 = time_mono();
	int qpages = card_page_count(&g, &cfg, &fonts, &q);
	double qfirst = (time_mono() - t0) * 1000;

	struct text_style s;
	text_style_init(&s);
	s.fonts = fonts.regular;
	s.size = 38;
	s.width = 1728;
	s.align = TEXT_ALIGN_JUSTIFY;
	s.line_height = 1.75;
	t0 = time_mono();
	struct text_layout *l = text_layout(body, strlen(body), &s);
	double whole = (time_mono() - t0) * 1000;
	printf("long article body: %zu KB, max_pages %d: %d pages\n", strlen(body) / 1024,
	       cfg.max_pages, pages);
	printf("  first page count (the body laid out once): %.1f ms\n", first);
	printf("  each page card after it: %.1f ms median\n", times[ROUNDS / 2]);
	printf("  with a link, page one around its QR code: %d pages, first count %.1f ms\n",
	       qpages, qfirst);
	printf("  for scale, the whole body laid out uncapped: %.0f ms, %zu lines\n", whole,
	       l->nlines);
	text_layout_free(l);
	free(body);
	card_fonts_close(&fonts);
	config_free(&cfg);
	return 0;
}
