/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests of the console's accounts (yescrypt hashes, the users file) and
 * its HTML escaping and pages.
 */
#include "testutil.h"

#include <sys/stat.h>
#include <unistd.h>

#include "console/console.h"

static char *users_path(const char *name)
{
	char *p = xasprintf("%s/console-%ld-%s", test_tmp(), (long)getpid(), name);
	unlink(p);
	return p;
}

static void hashes_are_yescrypt_with_a_fresh_salt(void **state)
{
	(void)state;
	char *a = console_hash("open sesame"), *b = console_hash("open sesame");
	assert_non_null(a);
	assert_non_null(b);
	assert_memory_equal(a, "$y$", 3);
	assert_string_not_equal(a, b);
	assert_null(strstr(a, "open sesame"));
	free(a);
	free(b);
}

static void the_right_password_gives_the_role_and_a_wrong_one_none(void **state)
{
	(void)state;
	char *p = users_path("users");
	assert_int_equal(console_user_set(p, "sara", ROLE_ORGANISER, "correct horse"), 0);
	assert_int_equal(console_user_set(p, "reza", ROLE_VIEWER, "battery staple"), 0);
	assert_int_equal(console_verify(p, "sara", "correct horse"), ROLE_ORGANISER);
	assert_int_equal(console_verify(p, "reza", "battery staple"), ROLE_VIEWER);
	assert_int_equal(console_verify(p, "sara", "correct horsE"), ROLE_NONE);
	assert_int_equal(console_verify(p, "sara", ""), ROLE_NONE);
	assert_int_equal(console_verify(p, "nobody", "correct horse"), ROLE_NONE);
	assert_int_equal(console_verify(p, "sar", "correct horse"), ROLE_NONE);
	struct stat st;
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	unlink(p);
	free(p);
}

static void a_new_password_replaces_the_old_and_removing_takes_the_line(void **state)
{
	(void)state;
	char *p = users_path("replace");
	assert_int_equal(console_user_set(p, "sara", ROLE_ORGANISER, "first one"), 0);
	assert_int_equal(console_user_set(p, "ali", ROLE_VIEWER, "ali's pass"), 0);
	assert_int_equal(console_user_set(p, "sara", ROLE_VIEWER, "second one"), 0);
	assert_int_equal(console_verify(p, "sara", "first one"), ROLE_NONE);
	assert_int_equal(console_verify(p, "sara", "second one"), ROLE_VIEWER);
	assert_int_equal(console_user_remove(p, "sara"), 0);
	assert_int_equal(console_user_remove(p, "sara"), 1);
	assert_int_equal(console_verify(p, "sara", "second one"), ROLE_NONE);
	assert_int_equal(console_verify(p, "ali", "ali's pass"), ROLE_VIEWER);
	unlink(p);
	free(p);
}

static void a_missing_users_file_lets_nobody_in(void **state)
{
	(void)state;
	char *p = users_path("missing");
	assert_int_equal(console_verify(p, "sara", "anything"), ROLE_NONE);
	free(p);
}

static void account_names_are_short_and_plain(void **state)
{
	(void)state;
	assert_true(console_name_ok("sara.k_1-2"));
	assert_false(console_name_ok(""));
	assert_false(console_name_ok("a:b"));
	assert_false(console_name_ok("a\nb"));
	assert_false(console_name_ok("سارا"));
	assert_false(console_name_ok("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
}

static void escaping_turns_markup_into_text_and_bad_bytes_into_replacements(void **state)
{
	(void)state;
	struct buf b = {0};
	html_escape(&b, "<script>alert('x')</script> & \"q\"");
	html_escape(&b, "\xff|");
	buf_putc(&b, 0);
	assert_string_equal(b.data, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
				    "\xef\xbf\xbd|");
	buf_free(&b);
}

static void a_screen_is_stale_offline_or_black_when_it_should_stand_out(void **state)
{
	(void)state;
	struct console_screen s = {.at = 1000};
	snprintf(s.state, sizeof s.state, "running");
	assert_string_equal(console_condition(&s, 1010), "");
	assert_string_equal(console_condition(&s, 1000 + 3600), "stale");
	snprintf(s.state, sizeof s.state, "panel-off");
	assert_string_equal(console_condition(&s, 1010), "black");
	snprintf(s.state, sizeof s.state, "offline");
	assert_string_equal(console_condition(&s, 1010), "offline");
}

static void the_grid_escapes_what_a_screen_says(void **state)
{
	(void)state;
	struct console_screen sc = {.at = 1000};
	snprintf(sc.name, sizeof sc.name, "<b>lobby</b>");
	snprintf(sc.card, sizeof sc.card, "<script>alert(1)</script>");
	snprintf(sc.groups, sizeof sc.groups, "a\"b");
	struct console_snapshot snap = {.screens = &sc, .nscreens = 1, .connected = 1};
	struct page_ctx c = {.en = 1, .now = 1010, .timezone = "Asia/Tehran", .user = "x"};
	struct buf b = {0};
	page_begin(&c);
	page_screens(&b, &c, &snap);
	buf_putc(&b, 0);
	assert_non_null(strstr(b.data, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(b.data, "&lt;b&gt;lobby&lt;/b&gt;"));
	assert_null(strstr(b.data, "<script>alert"));
	assert_null(strstr(b.data, "<b>"));
	assert_non_null(strstr(b.data, "lang=\"en\" dir=\"ltr\""));
	buf_free(&b);
}

/* Two screens' plays messages as broker_plays() gives them. */
static const char plays_json[] =
    "[{\"name\": \"hall-2\", \"plays\": {\"days\": [{\"day\": \"2026-12-05\", \"cards\": 5, "
    "\"seconds\": 50, \"more\": 1, \"titles\": [{\"kind\": \"headline\", \"title\": "
    "\"<script>alert(4)</script>\", \"count\": 3, \"seconds\": 30}, {\"kind\": \"schedule\", "
    "\"title\": \"\", \"count\": 1, \"seconds\": 12}]}]}},"
    " {\"name\": \"lobby-1\", \"plays\": {\"days\": [{\"day\": \"2026-12-06\", \"cards\": 1, "
    "\"seconds\": 9.5, \"more\": 0, \"titles\": [{\"kind\": \"emergency\", \"title\": "
    "\"=HYPERLINK(\\\"x\\\")\", \"count\": 1, \"seconds\": 9.5}]}, {\"day\": \"not a day\"}, "
    "{\"day\": \"+1-1-1,=1+\", \"cards\": 1}, {\"day\": \"2026-1-1\\r\\n\", \"cards\": 1}]}},"
    " {\"name\": 7}]";

static void plays_are_per_screen_and_per_day_escaped_and_counted_whole(void **state)
{
	(void)state;
	struct page_ctx c = {.en = 1, .now = 1010, .timezone = "Asia/Tehran", .user = "x"};
	struct buf b = {0};
	page_begin(&c);
	/* Every screen: a row a screen's day, the chart of all. */
	page_plays(&b, &c, plays_json, NULL, NULL);
	buf_putc(&b, 0);
	assert_non_null(strstr(b.data, "<a href=\"/plays?screen=hall-2\">hall-2</a>"));
	assert_non_null(strstr(b.data, "<td class=\"day\">2026-12-05</td><td>hall-2</td><td>5</td><td>50</td>"));
	assert_non_null(strstr(b.data, "<svg class=\"chart\""));
	assert_null(strstr(b.data, "alert(4)")); /* no titles here */
	/* The latest day first in the table; in a day, the screens by name. */
	assert_true(strstr(b.data, "<td class=\"day\">2026-12-06") <
		    strstr(b.data, "<td class=\"day\">2026-12-05"));
	buf_free(&b);
	/* One screen: its cards, escaped, with the day's other cards. */
	page_plays(&b, &c, plays_json, plays_json, "hall-2");
	buf_putc(&b, 0);
	assert_non_null(strstr(b.data, "&lt;script&gt;alert(4)&lt;/script&gt;"));
	assert_null(strstr(b.data, "<script>alert"));
	assert_non_null(strstr(b.data, "<td><i>Other cards</i></td><td>1</td><td>8</td>"));
	assert_non_null(strstr(b.data, "<td>Halls</td>")); /* a card without a title */
	assert_non_null(strstr(b.data, "href=\"/plays.csv?screen=hall-2\""));
	assert_null(strstr(b.data, "HYPERLINK")); /* lobby-1's */
	assert_non_null(strstr(b.data, "href=\"/plays?screen=lobby-1\"")); /* a link still */
	buf_free(&b);
	/* Persian: Jalali days with Persian digits. */
	c.en = 0;
	page_begin(&c);
	page_plays(&b, &c, plays_json, NULL, NULL);
	buf_putc(&b, 0);
	assert_non_null(strstr(b.data, "۱۴۰۵/۰۹/۱۵"));
	buf_free(&b);
	char *csv = plays_csv(plays_json, NULL);
	assert_string_equal(csv, "screen,day,kind,title,count,seconds\r\n"
				 "\"hall-2\",2026-12-05,\"headline\",\"<script>alert(4)</script>\",3,30.0\r\n"
				 "\"hall-2\",2026-12-05,\"schedule\",\"\",1,12.0\r\n"
				 "\"hall-2\",2026-12-05,\"other\",\"\",1,8.0\r\n"
				 "\"lobby-1\",2026-12-06,\"emergency\",\"'=HYPERLINK(\"\"x\"\")\",1,9.5\r\n");
	free(csv);
	csv = plays_csv("not json", NULL);
	assert_string_equal(csv, "screen,day,kind,title,count,seconds\r\n");
	free(csv);
}

static void the_halls_page_says_when_the_schedule_came_in_and_when_its_feed_fails(void **state)
{
	(void)state;
	struct console_snapshot snap = {.connected = 1};
	struct page_ctx c = {.en = 1, .now = 10000, .timezone = "Asia/Tehran", .user = "x"};
	struct buf b = {0};
	page_begin(&c);
	page_halls(&b, &c, &snap, "{\"events\": [], \"updated\": 9100, \"stale\": false}");
	buf_putc(&b, 0);
	assert_non_null(strstr(b.data, "<p class=\"fresh\">Schedule updated 15 minutes ago</p>"));
	buf_free(&b);
	page_halls(&b, &c, &snap, "{\"events\": [], \"updated\": 0, \"stale\": true}");
	buf_putc(&b, 0);
	assert_non_null(strstr(b.data, "<p class=\"fresh stale\" role=\"alert\">its feed is failing</p>"));
	buf_free(&b);
	page_halls(&b, &c, &snap, "{\"events\": [], \"updated\": 99999, \"stale\": false}");
	buf_putc(&b, 0);
	assert_null(strstr(b.data, "class=\"fresh")); /* after now: not yet */
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(hashes_are_yescrypt_with_a_fresh_salt),
	    cmocka_unit_test(the_right_password_gives_the_role_and_a_wrong_one_none),
	    cmocka_unit_test(a_new_password_replaces_the_old_and_removing_takes_the_line),
	    cmocka_unit_test(a_missing_users_file_lets_nobody_in),
	    cmocka_unit_test(account_names_are_short_and_plain),
	    cmocka_unit_test(escaping_turns_markup_into_text_and_bad_bytes_into_replacements),
	    cmocka_unit_test(a_screen_is_stale_offline_or_black_when_it_should_stand_out),
	    cmocka_unit_test(the_grid_escapes_what_a_screen_says),
	    cmocka_unit_test(plays_are_per_screen_and_per_day_escaped_and_counted_whole),
	    cmocka_unit_test(the_halls_page_says_when_the_schedule_came_in_and_when_its_feed_fails),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
