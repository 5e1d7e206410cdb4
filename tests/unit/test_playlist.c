/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests for playlist: order, expiry, age, filters, limits, the rotation
 * sequence and dwell time. Time is a fake clock: plain numbers.
 */
#include "testutil.h"

#include "show/playlist.h"
#include "base/util.h"

#define NOW 1700000000 /* the fake clock */

static void add(struct article_list *l, const char *id, enum article_priority prio,
		int64_t age_s, const char *category, const char *tag)
{
	struct article a = {0};
	a.id = (char *)id;
	a.title = (char *)id;
	a.category = (char *)(category ? category : "");
	a.priority = prio;
	a.published = NOW - age_s;
	char *tags[1] = {(char *)tag};
	if (tag) {
		a.tags = tags;
		a.ntags = 1;
	}
	article_list_push(l, &a);
}

static struct playlist_rules rules(void)
{
	struct playlist_rules r = {0};
	r.words_per_minute = 180;
	r.min_dwell = 8;
	r.max_dwell = 30;
	r.article_pages = 1;
	return r;
}

static const char *id_at(const struct playlist *p, size_t i)
{
	return p->articles.items[i].id;
}

static void breaking_then_pinned_then_newest(void **state)
{
	(void)state;
	struct article_list l = {0};
	add(&l, "old", PRIORITY_NORMAL, 7200, NULL, NULL);
	add(&l, "pin", PRIORITY_PINNED, 99999, NULL, NULL);
	add(&l, "new", PRIORITY_NORMAL, 60, NULL, NULL);
	add(&l, "brk", PRIORITY_BREAKING, 86400, NULL, NULL);
	struct playlist_rules r = rules();
	struct playlist p;
	playlist_build(&p, &l, NOW, &r);
	assert_int_equal(p.articles.n, 4);
	assert_string_equal(id_at(&p, 0), "brk");
	assert_string_equal(id_at(&p, 1), "pin");
	assert_string_equal(id_at(&p, 2), "new");
	assert_string_equal(id_at(&p, 3), "old");
	playlist_free(&p);
	article_list_free(&l);
}

static void expired_and_too_old_articles_are_left_out(void **state)
{
	(void)state;
	struct article_list l = {0};
	add(&l, "fresh", PRIORITY_NORMAL, 3600, NULL, NULL);
	add(&l, "stale", PRIORITY_NORMAL, 3 * 86400, NULL, NULL);
	add(&l, "expired", PRIORITY_NORMAL, 60, NULL, NULL);
	l.items[2].expires = NOW - 1;
	add(&l, "expires-later", PRIORITY_NORMAL, 60, NULL, NULL);
	l.items[3].expires = NOW + 60;
	struct playlist_rules r = rules();
	r.max_age_hours = 48;
	struct playlist p;
	playlist_build(&p, &l, NOW, &r);
	assert_int_equal(p.articles.n, 2);
	assert_string_equal(id_at(&p, 0), "expires-later");
	assert_string_equal(id_at(&p, 1), "fresh");
	playlist_free(&p);
	/* An hour later the second one has expired too: the clock decides. */
	playlist_build(&p, &l, NOW + 3600, &r);
	assert_int_equal(p.articles.n, 1);
	assert_string_equal(id_at(&p, 0), "fresh");
	playlist_free(&p);
	article_list_free(&l);
}

static void category_and_tag_filters_include_and_exclude(void **state)
{
	(void)state;
	struct article_list l = {0};
	add(&l, "a", PRIORITY_NORMAL, 10, "فناوری", "WSIS");
	add(&l, "b", PRIORITY_NORMAL, 20, "ورزش", NULL);
	add(&l, "c", PRIORITY_NORMAL, 30, "فناوری", "ITU");
	struct playlist_rules r = rules();
	struct playlist p;
	r.include_categories = "فناوری";
	playlist_build(&p, &l, NOW, &r);
	assert_int_equal(p.articles.n, 2);
	playlist_free(&p);
	r.exclude_tags = "ITU";
	playlist_build(&p, &l, NOW, &r);
	assert_int_equal(p.articles.n, 1);
	assert_string_equal(id_at(&p, 0), "a");
	playlist_free(&p);
	r = rules();
	r.include_tags = "ITU, WSIS";
	r.exclude_categories = "ورزش";
	playlist_build(&p, &l, NOW, &r);
	assert_int_equal(p.articles.n, 2);
	playlist_free(&p);
	article_list_free(&l);
}

static void max_articles_keeps_the_first_in_order(void **state)
{
	(void)state;
	struct article_list l = {0};
	add(&l, "3", PRIORITY_NORMAL, 30, NULL, NULL);
	add(&l, "1", PRIORITY_NORMAL, 10, NULL, NULL);
	add(&l, "2", PRIORITY_NORMAL, 20, NULL, NULL);
	struct playlist_rules r = rules();
	r.max_articles = 2;
	struct playlist p;
	playlist_build(&p, &l, NOW, &r);
	assert_int_equal(p.articles.n, 2);
	assert_string_equal(id_at(&p, 0), "1");
	assert_string_equal(id_at(&p, 1), "2");
	playlist_free(&p);
	article_list_free(&l);
}

static void headline_comes_before_its_pages(void **state)
{
	(void)state;
	struct article_list l = {0};
	add(&l, "x", PRIORITY_NORMAL, 10, NULL, NULL);
	add(&l, "y", PRIORITY_NORMAL, 20, NULL, NULL);
	struct playlist_rules r = rules();
	struct playlist p;
	playlist_build(&p, &l, NOW, &r);
	int pages[] = {3, 1};
	struct playlist_slot *s;
	size_t n = playlist_sequence(&p, pages, &r, &s);
	assert_int_equal(n, 6);
	int want_art[] = {0, 0, 0, 0, 1, 1}, want_page[] = {-1, 0, 1, 2, -1, 0};
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(s[i].article, want_art[i]);
		assert_int_equal(s[i].page, want_page[i]);
	}
	free(s);
	r.article_pages = 0;
	n = playlist_sequence(&p, pages, &r, &s);
	assert_int_equal(n, 2);
	free(s);
	playlist_free(&p);
	article_list_free(&l);
}

static void breaking_comes_back_every_n_cards(void **state)
{
	(void)state;
	struct article_list l = {0};
	add(&l, "brk", PRIORITY_BREAKING, 10, NULL, NULL);
	for (int i = 0; i < 7; i++) {
		char id[16];
		snprintf(id, sizeof id, "n%d", i);
		add(&l, id, PRIORITY_NORMAL, 100 + i, NULL, NULL);
	}
	struct playlist_rules r = rules();
	r.article_pages = 0;
	r.breaking_every = 3;
	struct playlist p;
	playlist_build(&p, &l, NOW, &r);
	struct playlist_slot *s;
	size_t n = playlist_sequence(&p, NULL, &r, &s);
	/* brk n0 n1 n2 brk n3 n4 n5 brk n6 */
	assert_int_equal(n, 10);
	size_t since = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i].article == 0) {
			assert_true(i == 0 || since == 3);
			assert_int_equal(s[i].repeat, i != 0);
			since = 0;
		} else {
			since++;
			assert_true(since <= 3);
		}
	}
	assert_int_equal(s[4].article, 0);
	assert_int_equal(s[8].article, 0);
	free(s);
	playlist_free(&p);
	article_list_free(&l);
}

static void empty_playlist_has_no_slots(void **state)
{
	(void)state;
	struct article_list l = {0};
	struct playlist_rules r = rules();
	struct playlist p;
	playlist_build(&p, &l, NOW, &r);
	struct playlist_slot *s = (void *)1;
	assert_int_equal(playlist_sequence(&p, NULL, &r, &s), 0);
	assert_null(s);
	playlist_free(&p);
}

static void dwell_follows_reading_time_within_limits(void **state)
{
	(void)state;
	struct playlist_rules r = rules();
	assert_true(playlist_dwell(&r, 0) == 8);
	assert_true(playlist_dwell(&r, 10000) == 30);
	double t = playlist_dwell(&r, 45); /* 15 s of reading + 2 */
	assert_true(t > 16.9 && t < 17.1);
	assert_true(playlist_dwell(&r, 60) > playlist_dwell(&r, 45));
}

static void words_are_counted_across_zwnj(void **state)
{
	(void)state;
	assert_int_equal(playlist_count_words("سه‌شنبه ۱۷ خرداد"), 3);
	assert_int_equal(playlist_count_words("  a\nb\t c  "), 3);
	assert_int_equal(playlist_count_words(""), 0);
	assert_int_equal(playlist_count_words(NULL), 0);
}

static void a_new_or_updated_breaking_article_is_noticed(void **state)
{
	(void)state;
	struct playlist_rules r = rules();
	struct article_list l = {0};
	add(&l, "old-news", PRIORITY_NORMAL, 60, NULL, NULL);
	add(&l, "hall-change", PRIORITY_BREAKING, 30, NULL, NULL);
	struct playlist before, after;
	playlist_build(&before, &l, NOW, &r);
	playlist_build(&after, &l, NOW, &r);
	assert_int_equal(playlist_new_breaking(&before, &after), 0);
	playlist_free(&after);
	add(&l, "pinned", PRIORITY_PINNED, 10, NULL, NULL);
	playlist_build(&after, &l, NOW, &r);
	assert_int_equal(playlist_new_breaking(&before, &after), 0); /* not breaking */
	playlist_free(&after);
	add(&l, "keynote-moved", PRIORITY_BREAKING, 5, NULL, NULL);
	playlist_build(&after, &l, NOW, &r);
	assert_int_equal(playlist_new_breaking(&before, &after), 1);
	assert_int_equal(playlist_new_breaking(&after, &before), 0); /* one went away */
	playlist_free(&after);
	l.items[1].imported = NOW; /* the same id posted again */
	playlist_build(&after, &l, NOW, &r);
	assert_int_equal(playlist_new_breaking(&before, &after), 1);
	playlist_free(&after);
	playlist_free(&before);
	article_list_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(breaking_then_pinned_then_newest),
		cmocka_unit_test(expired_and_too_old_articles_are_left_out),
		cmocka_unit_test(category_and_tag_filters_include_and_exclude),
		cmocka_unit_test(max_articles_keeps_the_first_in_order),
		cmocka_unit_test(headline_comes_before_its_pages),
		cmocka_unit_test(breaking_comes_back_every_n_cards),
		cmocka_unit_test(empty_playlist_has_no_slots),
		cmocka_unit_test(dwell_follows_reading_time_within_limits),
		cmocka_unit_test(words_are_counted_across_zwnj),
		cmocka_unit_test(a_new_or_updated_breaking_article_is_noticed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
