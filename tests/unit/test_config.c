/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests for config: defaults, values, unknown keys, invalid values.
 */
#include "testutil.h"

#include <sys/stat.h>
#include <unistd.h>

#include "base/config.h"
#include "parse/import.h"
#include "net/sync.h"
#include "base/util.h"

static void defaults_are_a_dark_rotating_screen_in_tehran(void **state)
{
	(void)state;
	struct config c;
	config_defaults(&c);
	assert_string_equal(c.timezone, "Asia/Tehran");
	assert_int_equal(c.rotate, 0);
	assert_int_equal(c.ticker, 1);
	assert_int_equal(c.transition, TRANSITION_CROSSFADE);
	assert_true(c.min_dwell <= c.max_dwell);
	assert_int_equal(c.theme.background >> 24, 0xff);
	config_free(&c);
}

static void values_are_read_from_their_sections(void **state)
{
	(void)state;
	struct config c;
	config_defaults(&c);
	char *err = NULL;
	const char *ini = "[display]\ntitle = لابی\nrotate = 270\nrenderer = software\n"
			  "allow_quit = no\n[ticker]\nenabled = no\nspeed = 120\n"
			  "[playlist]\ninclude_categories = فناوری, ورزش\nmax_articles = 7\n"
			  "[theme]\naccent = #112233\n";
	assert_int_equal(config_load_string(&c, ini, "t.ini", &err), 0);
	assert_null(err);
	assert_string_equal(c.title, "لابی");
	assert_int_equal(c.rotate, 270);
	assert_int_equal(c.renderer, RENDERER_SOFTWARE);
	assert_int_equal(c.allow_quit, 0);
	assert_int_equal(c.ticker, 0);
	assert_true(c.ticker_speed == 120);
	assert_int_equal(c.max_articles, 7);
	assert_int_equal(c.theme.accent, 0xff112233);
	assert_true(config_list_has(c.include_categories, "ورزش"));
	assert_true(config_list_has(c.include_categories, "فناوری"));
	assert_false(config_list_has(c.include_categories, "سیاست"));
	config_free(&c);
}

static void import_limits_come_from_the_import_section(void **state)
{
	(void)state;
	struct config c;
	config_defaults(&c);
	char *err = NULL;
	const char *ini = "[import]\nmax_file_size = 5000\nmax_articles = 3\nmax_title = 77\n"
			  "max_body = 900\n";
	assert_int_equal(config_load_string(&c, ini, "i.ini", &err), 0);
	struct import_limits lim, d;
	import_limits_default(&d);
	import_limits_from_config(&lim, &c);
	assert_int_equal(lim.max_file_size, 5000);
	assert_int_equal(lim.max_title, 77);
	assert_int_equal(lim.max_body, 900);
	/* Only `khabar import` takes max_articles. */
	assert_int_equal(lim.max_articles, d.max_articles);
	assert_int_equal(lim.max_depth, d.max_depth);
	assert_null(lim.lang);
	assert_null(lim.base_url);
	config_free(&c);
}

static void invalid_value_names_line_and_allowed_values(void **state)
{
	(void)state;
	struct config c;
	config_defaults(&c);
	char *err = NULL;
	const char *ini = "[display]\n; comment\nrotate = 45\n";
	assert_int_equal(config_load_string(&c, ini, "k.ini", &err), 2);
	assert_non_null(err);
	assert_non_null(strstr(err, "k.ini:3"));
	assert_non_null(strstr(err, "rotate"));
	assert_non_null(strstr(err, "0, 90, 180 or 270"));
	free(err);
	config_free(&c);
}

static void numbers_out_of_range_are_rejected(void **state)
{
	(void)state;
	const char *bad[] = {"[ticker]\nspeed = 0\n",
			     "[ticker]\nspeed = fast\n",
			     "[playlist]\nmax_articles = 2.5\n",
			     "[theme]\ntext = red\n",
			     "[ticker]\nenabled = maybe\n",
			     "[cards]\nmin_dwell = 40\nmax_dwell = 10\n",
			     "[cards]\nwords_per_minute = nan\n"};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		struct config c;
		config_defaults(&c);
		char *err = NULL;
		assert_int_equal(config_load_string(&c, bad[i], "b.ini", &err), 2);
		assert_non_null(err);
		free(err);
		config_free(&c);
	}
}

static void unknown_keys_warn_but_load(void **state)
{
	(void)state;
	struct config c;
	config_defaults(&c);
	char *err = NULL;
	assert_int_equal(
	    config_load_string(&c, "[display]\ncolour = blue\ntitle = x\n", "u.ini", &err), 0);
	assert_string_equal(c.title, "x");
	config_free(&c);
}

static void light_theme_changes_unset_colours_only(void **state)
{
	(void)state;
	struct config c, d;
	config_defaults(&c);
	config_defaults(&d);
	char *err = NULL;
	assert_int_equal(
	    config_load_string(&c, "[theme]\ntheme = light\naccent = #010203\n", "l.ini", &err), 0);
	assert_int_not_equal(c.theme.background, d.theme.background);
	assert_int_equal(c.theme.accent, 0xff010203);
	config_free(&c);
	config_free(&d);
}

static void over_long_line_is_an_error_not_a_crash(void **state)
{
	(void)state;
	struct config c;
	config_defaults(&c);
	struct buf b = {0};
	buf_puts(&b, "[display]\ntitle = ");
	for (int i = 0; i < 500; i++)
		buf_putc(&b, 'x');
	buf_puts(&b, "\nrotate = 90\n");
	char *err = NULL;
	assert_int_equal(config_load_string(&c, b.data, "long.ini", &err), 2);
	assert_non_null(strstr(err, "long.ini:2"));
	assert_int_equal(c.rotate, 90);
	free(err);
	buf_free(&b);
	config_free(&c);
}

static void missing_explicit_file_is_an_error(void **state)
{
	(void)state;
	struct config c;
	char *err = NULL;
	assert_int_equal(config_read(&c, "/nonexistent/khabar.ini", &err), -1);
	/* The path first, as in every config message: `khabar check` puts
	 * "config: " before it, never twice. */
	assert_int_equal(strncmp(err, "/nonexistent/khabar.ini: ", 25), 0);
	free(err);
	config_free(&c);
}

static void shipped_config_loads_cleanly(void **state)
{
	(void)state;
	struct config c;
	config_defaults(&c);
	char *err = NULL;
	char *path = xasprintf("%s/assets/khabar.ini", KHABAR_DATADIR);
	assert_int_equal(config_load(&c, path, &err), 0);
	assert_string_equal(c.timezone, "Asia/Tehran");
	free(path);
	config_free(&c);
}

static void mqtt_url_gives_host_port_and_tls(void **state)
{
	(void)state;
	struct config c;
	config_defaults(&c);
	char *err = NULL;
	const char *ini = "[mqtt]\nurl = mqtts://broker.example.org\ntopic = hall/+/news/#\n"
			  "username = screen\npassword_file = /etc/khabar/mqtt.pass\n";
	assert_int_equal(config_load_string(&c, ini, "t.ini", &err), 0);
	assert_string_equal(c.mqtt_host, "broker.example.org");
	assert_int_equal(c.mqtt_port, 8883);
	assert_int_equal(c.mqtt_tls, 1);
	assert_string_equal(c.mqtt_username, "screen");
	config_free(&c);
	config_defaults(&c);
	assert_int_equal(
	    config_load_string(&c, "[mqtt]\nurl = mqtt://127.0.0.1:18830/\n", "t.ini", &err), 0);
	assert_string_equal(c.mqtt_host, "127.0.0.1");
	assert_int_equal(c.mqtt_port, 18830);
	assert_int_equal(c.mqtt_tls, 0);
	assert_string_equal(c.mqtt_topic, "khabar/announce/#");
	config_free(&c);
}

static void bad_mqtt_url_or_topic_is_an_error_naming_the_key(void **state)
{
	(void)state;
	const char *bad[] = {"[mqtt]\nurl = http://broker\n",
			     "[mqtt]\nurl = mqtt://\n",
			     "[mqtt]\nurl = mqtt://host:0\n",
			     "[mqtt]\nurl = mqtt://host:99999\n",
			     "[mqtt]\nurl = mqtt://ho st\n",
			     "[mqtt]\nurl = mqtt://h/x\n",
			     "[mqtt]\nurl = mqtt://h\ntopic = a/#/b\n",
			     "[mqtt]\nurl = mqtt://h\ntopic = a/b+\n",
			     "[mqtt]\nurl = mqtt://h\ntopic =\n"};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		struct config c;
		config_defaults(&c);
		char *err = NULL;
		assert_int_equal(config_load_string(&c, bad[i], "m.ini", &err), 2);
		assert_non_null(strstr(err, "m.ini"));
		assert_non_null(strstr(err, "[mqtt]"));
		free(err);
		config_free(&c);
	}
}

static void password_in_the_ini_is_refused_without_echoing_it(void **state)
{
	(void)state;
	struct config c;
	config_defaults(&c);
	char *err = NULL;
	assert_int_equal(config_load_string(&c, "[mqtt]\npassword = s3cret-value\n", "m.ini", &err),
			 2);
	assert_non_null(strstr(err, "m.ini:2"));
	assert_non_null(strstr(err, "password_file"));
	assert_null(strstr(err, "s3cret"));
	free(err);
	config_free(&c);
	/* Nor a password written into the URL. */
	config_defaults(&c);
	err = NULL;
	assert_int_equal(config_load_string(&c,
					    "[mqtt]\nurl = mqtt://screen:s3cretPW@broker:1883\n",
					    "m.ini", &err),
			 2);
	assert_non_null(strstr(err, "password_file"));
	assert_null(strstr(err, "s3cret"));
	free(err);
	config_free(&c);
}

static void bytes_that_are_not_utf8_name_the_file_and_line(void **state)
{
	(void)state;
	/* A title saved in windows-1256 by an old editor: refused, not shown
	 * as replacement boxes in the header. */
	struct config c;
	config_defaults(&c);
	char *err = NULL;
	assert_int_equal(
	    config_load_string(&c, "[display]\n; header\ntitle = \xc7\xdf\xd1\n", "w.ini", &err),
	    2);
	assert_non_null(err);
	assert_non_null(strstr(err, "w.ini:3:"));
	assert_non_null(strstr(err, "UTF-8"));
	free(err);
	config_free(&c);
}

static void a_fifo_as_config_is_refused_without_waiting(void **state)
{
	(void)state;
	/* Opening a FIFO would wait for a writer for ever: the screen would
	 * never start. */
	char *path = test_tmp_path("config.fifo");
	unlink(path);
	assert_int_equal(mkfifo(path, 0600), 0);
	struct config c;
	char *err = NULL;
	assert_int_not_equal(config_read(&c, path, &err), 0);
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, "not a regular file"));
	free(err);
	config_free(&c);
	unlink(path);
	free(path);
}

static void a_feeds_time_zone_is_checked_with_its_line(void **state)
{
	(void)state;
	struct config c;
	char *err = NULL;
	config_defaults(&c);
	assert_int_equal(config_load_string(&c,
					    "[feed fosdem]\nurl = https://fosdem.org/s.xml\n"
					    "timezone = europe/brussels\n",
					    "z.ini", &err),
			 0);
	assert_string_equal(c.feeds[0].timezone, "europe/brussels");
	config_free(&c);
	config_defaults(&c);
	assert_int_equal(config_load_string(&c,
					    "[feed fosdem]\nurl = https://fosdem.org/s.xml\n"
					    "timezone = Mars/Olympus\n",
					    "z.ini", &err),
			 2);
	assert_string_equal(err, "z.ini:3: [feed fosdem] timezone = 'Mars/Olympus' is not a known "
				 "time zone (use an IANA name such as Europe/Brussels)");
	free(err);
	config_free(&c);
}

static void an_unknown_time_zone_is_refused_by_the_checked_read(void **state)
{
	(void)state;
	char *path = test_tmp_path("zone.ini");
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("[display]\ntimezone = Mars/Olympus_Mons\n", f);
	fclose(f);
	struct config c;
	char *err = NULL;
	/* Refused with its file and line, among the other problems. */
	assert_int_equal(config_read_checked(&c, path, &err), 2);
	char *want = xasprintf("%s:2: [display] timezone = 'Mars/Olympus_Mons' is not a known "
			       "time zone (use an IANA name such as Asia/Tehran)",
			       path);
	assert_string_equal(err, want);
	free(want);
	free(err);
	err = NULL;
	assert_int_equal(config_read_checked(&c, "/nonexistent/khabar.ini", &err), -1);
	assert_non_null(err);
	free(err);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("[display]\ntimezone = Europe/Berlin\n", f);
	fclose(f);
	err = NULL;
	assert_int_equal(config_read_checked(&c, path, &err), 0);
	assert_null(err);
	assert_string_equal(c.timezone, "Europe/Berlin");
	config_free(&c);
	unlink(path);
	free(path);
}

static void feed_sections_are_read_with_their_defaults(void **state)
{
	(void)state;
	struct config c;
	config_defaults(&c);
	char *err = NULL;
	const char *ini = "[feed mehr]\nurl = https://www.example.ir/rss\nevery = 10m\n"
			  "category = اخبار\npriority = breaking\nkeep = 2d\n"
			  "[sync]\ntimeout = 90s\nmax_size = 4MB\nimage_cache_mb = 50\n"
			  "[feed other]\nurl = http://example.ir/feed\nenabled = no\n";
	assert_int_equal(config_load_string(&c, ini, "f.ini", &err), 0);
	assert_int_equal(c.nfeeds, 2);
	const struct config_feed *f = config_feed_find(&c, "mehr");
	assert_non_null(f);
	assert_true(f->every == 600);
	assert_true(f->keep == 2 * 86400);
	assert_int_equal(f->priority, 2);
	assert_string_equal(f->category, "اخبار");
	assert_int_equal(f->max_items, 30);
	assert_int_equal(f->line, 1);
	assert_false(config_feed_find(&c, "other")->enabled);
	assert_int_equal(config_feed_find(&c, "other")->line, 11);
	assert_true(c.sync_timeout == 90);
	assert_int_equal(c.sync_max_size, 4 << 20);
	assert_int_equal(c.sync_image_cache_mb, 50);
	assert_true(config_sync_period(&c) == 600);
	config_free(&c);
}

static void a_feed_without_an_http_url_is_an_error_naming_its_line(void **state)
{
	(void)state;
	const char *bad[] = {"[display]\ntitle = x\n[feed a]\nurl = file:///etc/passwd\n",
			     "[display]\ntitle = x\n[feed a]\nevery = 10m\n",
			     "[display]\ntitle = x\n[feed a]\nurl = http://x/\nevery = 30s\n",
			     "[display]\ntitle = x\n[feed ]\nurl = http://x/\n",
			     "[display]\ntitle = x\n[feed a]\nurl = http://x/\nkeep = soon\n"};
	const char *where[] = {"b.ini:4: [feed a] url is not http", "b.ini:3: [feed a] has no url",
			       "b.ini:5: [feed a] every = '30s'", "b.ini:3: [feed ] needs one name",
			       "b.ini:5: [feed a] keep = 'soon'"};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		struct config c;
		config_defaults(&c);
		char *err = NULL;
		assert_int_equal(config_load_string(&c, bad[i], "b.ini", &err), 2);
		assert_non_null(err);
		if (!strstr(err, where[i]))
			fail_msg("expected '%s' in '%s'", where[i], err);
		free(err);
		config_free(&c);
	}
}

/* check names every problem at once, each at its line. */
static void every_problem_of_a_config_is_reported_at_once(void **state)
{
	(void)state;
	struct config c;
	config_defaults(&c);
	char *err = NULL;
	assert_int_equal(config_load_string(&c,
					    "[display]\ntimezone = Mars/Olympus\n[cards]\n"
					    "min_dwell = abc\n[feed x]\nevery = 10m\nurl = ftp://x\n",
					    "m.ini", &err),
			 2);
	const char *want[] = {"m.ini:2: [display] timezone = 'Mars/Olympus' is not a known",
			      "\nm.ini:4: [cards] min_dwell = 'abc'",
			      "\nm.ini:7: [feed x] url is not http"};
	for (size_t i = 0; i < ARRAY_LEN(want); i++)
		if (!strstr(err, want[i]))
			fail_msg("expected '%s' in '%s'", want[i], err);
	free(err);
	config_free(&c);
}

static void durations_and_sizes_take_suffixes(void **state)
{
	(void)state;
	double d;
	int64_t n;
	assert_int_equal(config_parse_duration("90", &d), 0);
	assert_true(d == 90);
	assert_int_equal(config_parse_duration("2h", &d), 0);
	assert_true(d == 7200);
	assert_int_equal(config_parse_duration("1.5m", &d), 0);
	assert_true(d == 90);
	assert_int_equal(config_parse_duration("10x", &d), -1);
	assert_int_equal(config_parse_duration("-1s", &d), -1);
	assert_int_equal(config_parse_size("8MB", &n), 0);
	assert_int_equal(n, 8 << 20);
	assert_int_equal(config_parse_size("512 KB", &n), 0);
	assert_int_equal(n, 512 << 10);
	assert_int_equal(config_parse_size("1.5B", &n), -1);
	assert_int_equal(config_parse_size("lots", &n), -1);
}

/* [schedule] stream_url: a web link with {room} for the hall, or empty;
 * anything else names its line. */
static void a_halls_stream_url_must_be_a_web_link(void **state)
{
	(void)state;
	struct config c;
	config_defaults(&c);
	char *err = NULL;
	assert_string_equal(c.schedule_stream_url, "");
	const char *ok = "[schedule]\nstream_url = https://stream.example.org/{room}\n";
	assert_int_equal(config_load_string(&c, ok, "s.ini", &err), 0);
	assert_string_equal(c.schedule_stream_url, "https://stream.example.org/{room}");
	const char *bad = "[schedule]\n\nstream_url = rtmp://stream.example.org/{room}\n";
	assert_int_equal(config_load_string(&c, bad, "s.ini", &err), 2);
	assert_non_null(strstr(err, "s.ini:3: [schedule] stream_url"));
	assert_non_null(strstr(err, "http"));
	free(err);
	config_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(defaults_are_a_dark_rotating_screen_in_tehran),
	    cmocka_unit_test(values_are_read_from_their_sections),
	    cmocka_unit_test(import_limits_come_from_the_import_section),
	    cmocka_unit_test(invalid_value_names_line_and_allowed_values),
	    cmocka_unit_test(numbers_out_of_range_are_rejected),
	    cmocka_unit_test(unknown_keys_warn_but_load),
	    cmocka_unit_test(light_theme_changes_unset_colours_only),
	    cmocka_unit_test(over_long_line_is_an_error_not_a_crash),
	    cmocka_unit_test(bytes_that_are_not_utf8_name_the_file_and_line),
	    cmocka_unit_test(missing_explicit_file_is_an_error),
	    cmocka_unit_test(a_fifo_as_config_is_refused_without_waiting),
	    cmocka_unit_test(shipped_config_loads_cleanly),
	    cmocka_unit_test(mqtt_url_gives_host_port_and_tls),
	    cmocka_unit_test(bad_mqtt_url_or_topic_is_an_error_naming_the_key),
	    cmocka_unit_test(password_in_the_ini_is_refused_without_echoing_it),
	    cmocka_unit_test(an_unknown_time_zone_is_refused_by_the_checked_read),
	    cmocka_unit_test(a_feeds_time_zone_is_checked_with_its_line),
	    cmocka_unit_test(feed_sections_are_read_with_their_defaults),
	    cmocka_unit_test(a_feed_without_an_http_url_is_an_error_naming_its_line),
	    cmocka_unit_test(every_problem_of_a_config_is_reported_at_once),
	    cmocka_unit_test(durations_and_sizes_take_suffixes),
	    cmocka_unit_test(a_halls_stream_url_must_be_a_web_link),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
