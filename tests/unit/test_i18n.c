/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests for i18n: the fa and en catalogues give the frame's words, plural
 * relative times and the digits of each language.
 */
#include "testutil.h"

#include "show/i18n.h"

static void persian_catalogue_gives_persian_words_and_digits(void **state)
{
	(void)state;
	assert_int_equal(i18n_set(I18N_FA), 0);
	assert_string_equal(_("Breaking"), "خبر فوری");
	assert_string_equal(_("Latest"), "تازه‌ها");
	assert_string_equal(i18n_ntext("%s hour ago", "%s hours ago", 5), "%s ساعت پیش");
	char *n = i18n_number(2026);
	assert_string_equal(n, "۲۰۲۶");
	free(n);
	n = i18n_number(-1401);
	assert_string_equal(n, "-۱۴۰۱");
	free(n);
	assert_true(i18n_rtl());
}

static void english_catalogue_gives_english_words_plurals_and_latin_digits(void **state)
{
	(void)state;
	assert_int_equal(i18n_set(I18N_EN), 0);
	assert_string_equal(_("Breaking"), "Breaking");
	assert_string_equal(_("EEEE d MMMM y"), "EEEE, d MMMM y");
	assert_string_equal(i18n_ntext("%s hour ago", "%s hours ago", 1), "%s hour ago");
	assert_string_equal(i18n_ntext("%s hour ago", "%s hours ago", 5), "%s hours ago");
	char *n = i18n_number(2026);
	assert_string_equal(n, "2026");
	free(n);
	assert_false(i18n_rtl());
}

static void switching_back_to_persian_takes_effect(void **state)
{
	(void)state;
	i18n_set(I18N_EN);
	assert_string_equal(_("No news yet"), "No news yet");
	i18n_set(I18N_FA);
	assert_string_equal(_("No news yet"), "هنوز خبری نرسیده است");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(persian_catalogue_gives_persian_words_and_digits),
	    cmocka_unit_test(english_catalogue_gives_english_words_plurals_and_latin_digits),
	    cmocka_unit_test(switching_back_to_persian_takes_effect),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
