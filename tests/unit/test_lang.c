/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests for lang: canonical language tags, the direction of a language's
 * script, the direction of a text, and cleaning titles.
 */
#include "testutil.h"

#include "base/lang.h"

#include <pthread.h>

static void canonical(const char *in, const char *want)
{
	char *s = lang_canonical(in);
	assert_string_equal(s, want);
	free(s);
}

static void tags_become_canonical_or_empty(void **state)
{
	(void)state;
	canonical("en-us", "en-US");
	canonical("EN_GB", "en-GB");
	canonical("fa-IR", "fa-IR");
	canonical(" de ", "de");
	canonical("", "");
	canonical("not a language", "");
	canonical("{{lang}}", "");
}

static void direction_comes_from_the_languages_script(void **state)
{
	(void)state;
	assert_int_equal(lang_dir("fa"), ARTICLE_DIR_RTL);
	assert_int_equal(lang_dir("ur"), ARTICLE_DIR_RTL);
	assert_int_equal(lang_dir("ar-EG"), ARTICLE_DIR_RTL);
	assert_int_equal(lang_dir("he"), ARTICLE_DIR_RTL);
	assert_int_equal(lang_dir("en-US"), ARTICLE_DIR_LTR);
	assert_int_equal(lang_dir("sk"), ARTICLE_DIR_LTR);
	assert_int_equal(lang_dir("ja"), ARTICLE_DIR_LTR);
	assert_int_equal(lang_dir("az-Arab"), ARTICLE_DIR_RTL);
	assert_int_equal(lang_dir(""), ARTICLE_DIR_AUTO);
	assert_int_equal(lang_dir("English"), ARTICLE_DIR_AUTO);
}

static void direction_of_a_text_is_its_first_strong_letter_checked_against_the_body(void **state)
{
	(void)state;
	assert_int_equal(lang_text_dir("Hello, world", ""), ARTICLE_DIR_LTR);
	assert_int_equal(lang_text_dir("«سلام» دنیا", NULL), ARTICLE_DIR_RTL);
	/* A Persian headline that starts with a Latin acronym. */
	assert_int_equal(lang_text_dir("ITU از نامزدی ایران حمایت کرد", "دبیرکل اتحادیه جهانی"),
			 ARTICLE_DIR_RTL);
	assert_int_equal(lang_text_dir("۱۲۳ 456", ""), ARTICLE_DIR_RTL);
	assert_int_equal(lang_text_dir("2024: review", "The year in pictures"), ARTICLE_DIR_LTR);
}

static void a_talks_title_in_one_script_reads_its_way_whatever_its_language(void **state)
{
	(void)state;
	/* A schedule's language is the spoken one. */
	assert_int_equal(lang_title_dir("What is new in Python 3.13?", "fa"), ARTICLE_DIR_LTR);
	assert_int_equal(lang_title_dir("پایتون برای داده‌های باز", "en"),
			 ARTICLE_DIR_RTL);
	/* Both directions: the language's, else the title's majority. */
	assert_int_equal(lang_title_dir("HarfBuzz و شکل‌دهی متن فارسی", "fa"),
			 ARTICLE_DIR_RTL);
	assert_int_equal(lang_title_dir("HarfBuzz و شکل‌دهی متن فارسی", ""),
			 ARTICLE_DIR_RTL);
	assert_int_equal(lang_title_dir("Rust and Go: سه", "en"), ARTICLE_DIR_LTR);
	/* No letters: the language's, else the frame's (AUTO). */
	assert_int_equal(lang_title_dir("۲۰۲۶", "fa"), ARTICLE_DIR_RTL);
	assert_int_equal(lang_title_dir("2026", "de"), ARTICLE_DIR_LTR);
	assert_int_equal(lang_title_dir("2026", NULL), ARTICLE_DIR_AUTO);
	assert_int_equal(lang_title_dir("", ""), ARTICLE_DIR_AUTO);
}

static void a_frame_string_reads_from_its_first_strong_letter_or_persian_digit(void **state)
{
	(void)state;
	assert_int_equal(lang_first_dir("Hall 2"), ARTICLE_DIR_LTR);
	assert_int_equal(lang_first_dir("تالار ۲"), ARTICLE_DIR_RTL);
	assert_int_equal(lang_first_dir("۴۵ minutes"), ARTICLE_DIR_RTL);
	assert_int_equal(lang_first_dir("45 minutes"), ARTICLE_DIR_LTR);
	assert_int_equal(lang_first_dir("10:30–11:15"), ARTICLE_DIR_AUTO);
	assert_int_equal(lang_first_dir(NULL), ARTICLE_DIR_AUTO);
}

static void titles_lose_controls_and_invisible_titles_are_found(void **state)
{
	(void)state;
	char s[] = "\xE2\x80\xAB"
		   "Tehran\x01 news\xE2\x81\xA6";
	assert_string_equal(lang_strip_controls(s), "Tehran news");
	char z[] = "می\xE2\x80\x8Cشود";
	assert_string_equal(lang_strip_controls(z), "می\xE2\x80\x8Cشود");
	assert_true(lang_has_visible("a"));
	assert_true(lang_has_visible("\xE2\x80\x8F"
				     "خبر"));
	assert_false(lang_has_visible("\xE2\x80\x8F\xE2\x80\x8C \xEF\xBB\xBF\xC2\xA0"));
	assert_false(lang_has_visible(""));
}

/* Each thread asks about its own languages, over and over; with one memo
 * for the process a thread would get the other's answers. */
struct asker {
	const char *tags[2], *want[2];
	enum article_dir dir[2];
	int wrong;
};

static void *ask(void *arg)
{
	struct asker *k = arg;
	for (int i = 0; i < 20000; i++) {
		int j = i & 1;
		char *c = lang_canonical(k->tags[j]);
		k->wrong += strcmp(c, k->want[j]) != 0 || lang_dir(k->tags[j]) != k->dir[j];
		free(c);
	}
	return NULL;
}

static void two_threads_ask_at_once_and_each_gets_its_own_answers(void **state)
{
	(void)state;
	struct asker a = {{"fa-ir", "ur"}, {"fa-IR", "ur"}, {ARTICLE_DIR_RTL, ARTICLE_DIR_RTL}, 0};
	struct asker b = {{"en-us", "de-ch"}, {"en-US", "de-CH"}, {ARTICLE_DIR_LTR, ARTICLE_DIR_LTR}, 0};
	pthread_t ta, tb;
	assert_int_equal(pthread_create(&ta, NULL, ask, &a), 0);
	assert_int_equal(pthread_create(&tb, NULL, ask, &b), 0);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	assert_int_equal(a.wrong, 0);
	assert_int_equal(b.wrong, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(tags_become_canonical_or_empty),
	    cmocka_unit_test(two_threads_ask_at_once_and_each_gets_its_own_answers),
	    cmocka_unit_test(direction_comes_from_the_languages_script),
	    cmocka_unit_test(
		direction_of_a_text_is_its_first_strong_letter_checked_against_the_body),
	    cmocka_unit_test(titles_lose_controls_and_invisible_titles_are_found),
	    cmocka_unit_test(a_talks_title_in_one_script_reads_its_way_whatever_its_language),
	    cmocka_unit_test(a_frame_string_reads_from_its_first_strong_letter_or_persian_digit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
