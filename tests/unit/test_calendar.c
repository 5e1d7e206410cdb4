/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests for calendar: Jalali wall-clock time in Tehran to UTC (with the
 * daylight-saving time Iran kept until 2022) and Persian formatting.
 */
#include "testutil.h"

#include "base/calendar.h"
#include "text/text.h"

static void seed_article_time_is_utc_with_tehran_summer_time(void **state)
{
	(void)state;
	int64_t t = 0;
	assert_int_equal(calendar_from_jalali(1401, 3, 17, 11, 39, 14, "Asia/Tehran", &t), 0);
	assert_int_equal(t, 1654585754); /* 2022-06-07T07:09:14Z */
}

static void winter_time_in_tehran_is_three_and_a_half_hours_ahead(void **state)
{
	(void)state;
	int64_t t = 0;
	/* 1401/10/11 = 2023-01-01; 12:00 Tehran = 08:30 UTC. */
	assert_int_equal(calendar_from_jalali(1401, 10, 11, 12, 0, 0, "Asia/Tehran", &t), 0);
	assert_int_equal(t, 1672561800);
}

static void impossible_dates_and_unknown_zones_are_refused(void **state)
{
	(void)state;
	int64_t t = 0;
	assert_int_equal(calendar_from_jalali(1401, 13, 1, 0, 0, 0, "Asia/Tehran", &t), -1);
	assert_int_equal(calendar_from_jalali(1401, 12, 31, 0, 0, 0, "Asia/Tehran", &t), -1);
	assert_int_equal(calendar_from_jalali(1401, 3, 17, 25, 0, 0, "Asia/Tehran", &t), -1);
	assert_int_equal(calendar_from_jalali(1401, 3, 17, 0, 0, 0, "Asia/Tehrn", &t), -1);
	assert_null(calendar_format(0, "Mars/Olympus", "HH:mm", 0));
}

static void clock_reads_weekday_day_month_year_in_persian(void **state)
{
	(void)state;
	char *s = calendar_format(1654585754, "Asia/Tehran", "EEEE d MMMM y", 1);
	assert_non_null(s);
	assert_string_equal(s, "سه‌شنبه ۱۷ خرداد ۱۴۰۱");
	free(s);
	s = calendar_format(1654585754, "Asia/Tehran", "yyyy/MM/dd HH:mm", 0);
	assert_string_equal(s, "1401/03/17 11:39");
	free(s);
	s = calendar_format(1654585754, "Asia/Tehran", "HH:mm", 1);
	assert_string_equal(s, "۱۱:۳۹");
	free(s);
}

static void gregorian_dates_format_in_english_or_persian(void **state)
{
	(void)state;
	char *s = calendar_format_gregorian(1654585754, "UTC", "yyyy-MM-dd HH:mm", 0);
	assert_string_equal(s, "2022-06-07 07:09");
	free(s);
	s = calendar_format_gregorian(1654585754, "UTC", "d MMMM y", 1);
	assert_non_null(s);
	assert_string_equal(s, "۷ ژوئن ۲۰۲۲");
	free(s);
}

static void kept_open_formatter_agrees_with_one_shot_formatting(void **state)
{
	(void)state;
	struct calendar_fmt *f = calendar_fmt_open("Asia/Tehran", "yyyy/MM/dd HH:mm", 0);
	struct calendar_fmt *p = calendar_fmt_open("Asia/Tehran", "EEEE d MMMM y", 1);
	assert_non_null(f);
	assert_non_null(p);
	char out[64], small[4];
	for (int64_t t = 0; t < 2000000000; t += 7654321) {
		char *want = calendar_format(t, "Asia/Tehran", "yyyy/MM/dd HH:mm", 0);
		assert_int_equal(calendar_fmt_format(f, t, out, sizeof out), 0);
		assert_string_equal(out, want);
		free(want);
	}
	assert_int_equal(calendar_fmt_format(p, 1654585754, out, sizeof out), 0);
	assert_string_equal(out, "سه‌شنبه ۱۷ خرداد ۱۴۰۱");
	assert_int_equal(calendar_fmt_format(p, 1654585754, small, sizeof small), -1);
	assert_int_equal(calendar_fmt_format(f, 1654585754, small, sizeof small), -1);
	calendar_fmt_close(f);
	calendar_fmt_close(p);
	calendar_fmt_close(NULL);
}

static void persian_clock_digits_are_the_text_engines_digits(void **state)
{
	(void)state;
	/* The schedule's clock takes its Persian digits from ICU: they must
	 * be the ones the text engine writes for ASCII digits. */
	struct calendar_fmt *fa = calendar_fmt_open("Asia/Tehran", "HH:mm", 1);
	struct calendar_fmt *latn = calendar_fmt_open("Asia/Tehran", "HH:mm", 0);
	assert_non_null(fa);
	assert_non_null(latn);
	char a[32], b[32];
	for (int64_t t = 0; t < 86400; t += 60 * 37) {
		assert_int_equal(calendar_fmt_format(fa, t, a, sizeof a), 0);
		assert_int_equal(calendar_fmt_format(latn, t, b, sizeof b), 0);
		char *want = text_normalize(b, strlen(b), TEXT_NORM_DIGITS, 1, NULL);
		assert_string_equal(a, want);
		free(want);
	}
	calendar_fmt_close(fa);
	calendar_fmt_close(latn);
}

static void dates_parse_in_iso8601_and_rfc822(void **state)
{
	(void)state;
	int64_t t;
	assert_int_equal(calendar_parse_iso8601("2022-06-07T07:09:14Z", &t), 0);
	assert_int_equal(t, 1654585754);
	assert_int_equal(calendar_parse_iso8601("2022-06-07T11:39:14+04:30", &t), 0);
	assert_int_equal(t, 1654585754);
	assert_int_equal(calendar_parse_iso8601("2022-06-07T07:09:14.250Z", &t), 0);
	assert_int_equal(t, 1654585754);
	assert_int_equal(calendar_parse_iso8601("2022-06-07", &t), 0);
	assert_int_equal(t, 1654560000);
	assert_int_equal(calendar_parse_iso8601("2022-02-30", &t), -1);
	assert_int_equal(calendar_parse_iso8601("yesterday", &t), -1);
	assert_int_equal(calendar_parse_iso8601("2022-06-07T07:09:14Zjunk", &t), -1);
	assert_int_equal(calendar_parse_rfc822("Tue, 07 Jun 2022 07:09:14 GMT", &t), 0);
	assert_int_equal(t, 1654585754);
	assert_int_equal(calendar_parse_rfc822("7 Jun 2022 11:39:14 +0430", &t), 0);
	assert_int_equal(t, 1654585754);
	assert_int_equal(calendar_parse_rfc822("Tue, 07 Jun 2022 03:09:14 EDT", &t), 0);
	assert_int_equal(t, 1654585754);
	assert_int_equal(calendar_parse_rfc822("Tue, 07 Foo 2022 07:09:14 GMT", &t), -1);
	/* Iran's zone by name, and a day name without its comma. */
	assert_int_equal(calendar_parse_rfc822("Sat, 06 Dec 2025 10:30:00 IRST", &t), 0);
	assert_int_equal(t, 1765004400);
	assert_int_equal(calendar_parse_rfc822("Sat 06 Dec 2025 07:00:00 GMT", &t), 0);
	assert_int_equal(t, 1765004400);
	assert_int_equal(calendar_parse_rfc822("Saturday 06 Dec 2025 07:00:00 +0000", &t), 0);
	assert_int_equal(t, 1765004400);
	char s[32];
	calendar_format_iso8601(1654585754, s, sizeof s);
	assert_string_equal(s, "2022-06-07T07:09:14Z");
}

static void four_digit_years_are_taken_as_written(void **state)
{
	(void)state;
	int64_t t;
	assert_int_equal(calendar_parse_rfc822("Mon, 01 Jan 0001 00:00:00 GMT", &t), 0);
	assert_int_equal(t, -62135596800LL);
	assert_int_equal(calendar_parse_rfc822("Sat, 01 Jan 0099 00:00:00 GMT", &t), 0);
	assert_int_equal(t, -59042995200LL);
	assert_int_equal(calendar_parse_rfc822("Thu, 01 Jan 04 19:48:21 GMT", &t), 0);
	assert_int_equal(t, 1072986501);
	assert_int_equal(calendar_parse_iso8601("0001-01-01T00:00:00Z", &t), 0);
	assert_int_equal(t, -62135596800LL);
	/* Written back with four digits, as `list --json` gives it. */
	char s[32];
	calendar_format_iso8601(t, s, sizeof s);
	assert_string_equal(s, "0001-01-01T00:00:00Z");
	calendar_format_iso8601(-59042995200LL, s, sizeof s);
	assert_string_equal(s, "0099-01-01T00:00:00Z");
}

static void zone(const char *name, const char *want)
{
	char *id = calendar_zone_id(name);
	if (!want) {
		assert_null(id);
		return;
	}
	assert_non_null(id);
	assert_string_equal(id, want);
	free(id);
}

static void zone_names_are_found_in_any_case_and_as_rails_or_windows_write_them(void **state)
{
	(void)state;
	zone("Europe/Brussels", "Europe/Brussels");
	zone("Europe/lisbon", "Europe/Lisbon");
	zone("ASIA/TEHRAN", "Asia/Tehran");
	zone("Brussels", "Europe/Brussels");	/* Rails, by its city */
	zone("Buenos Aires", "America/Argentina/Buenos_Aires");
	zone("Eastern Time (US & Canada)", "America/New_York");
	zone("Bern", "Europe/Zurich");
	zone("W. Europe Standard Time", "Europe/Berlin"); /* Windows */
	zone("Iran Standard Time", "Asia/Tehran");
	zone("Mars/Olympus", NULL);
	zone("", NULL);
	zone(NULL, NULL);
}

static void a_time_in_a_gap_moves_forward_and_one_in_an_overlap_is_the_first(void **state)
{
	(void)state;
	int64_t t;
	/* Brussels, 29 March 2026: 02:00 CET became 03:00 CEST. RFC 5545:
	 * 02:30 is read with the offset before the gap, +01:00. */
	assert_int_equal(calendar_from_civil(2026, 3, 29, 2, 30, 0, "Europe/Brussels", &t), 0);
	assert_int_equal(t, 1774747800);
	/* 25 October 2026: 02:30 happens twice; the first is +02:00. */
	assert_int_equal(calendar_from_civil(2026, 10, 25, 2, 30, 0, "Europe/Brussels", &t), 0);
	assert_int_equal(t, 1792888200);
	/* Not a date: still refused. */
	assert_int_equal(calendar_from_civil(2026, 2, 30, 10, 0, 0, "Europe/Brussels", &t), -1);
	assert_int_equal(calendar_from_civil(2026, 2, 3, 10, 0, 0, "Nowhere/Else", &t), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(four_digit_years_are_taken_as_written),
	    cmocka_unit_test(persian_clock_digits_are_the_text_engines_digits),
	    cmocka_unit_test(dates_parse_in_iso8601_and_rfc822),
	    cmocka_unit_test(seed_article_time_is_utc_with_tehran_summer_time),
	    cmocka_unit_test(winter_time_in_tehran_is_three_and_a_half_hours_ahead),
	    cmocka_unit_test(impossible_dates_and_unknown_zones_are_refused),
	    cmocka_unit_test(clock_reads_weekday_day_month_year_in_persian),
	    cmocka_unit_test(gregorian_dates_format_in_english_or_persian),
	    cmocka_unit_test(kept_open_formatter_agrees_with_one_shot_formatting),
	    cmocka_unit_test(zone_names_are_found_in_any_case_and_as_rails_or_windows_write_them),
	    cmocka_unit_test(a_time_in_a_gap_moves_forward_and_one_in_an_overlap_is_the_first),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
