/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests for mqtt's pure parts: a message into an article (validated like
 * an import), an empty message as a removal, the topic an announcement is
 * published on. The client itself is tested through the binary against a
 * real broker (tests/e2e/mqtt.sh).
 */
#include "testutil.h"

#include <unistd.h>

#include "base/calendar.h"
#include "base/config.h"
#include "parse/import.h"
#include "net/fleet.h"
#include "net/mqtt.h"
#include "net/mqtt_room.h"
#include "parse/hall_state.h"
#include "base/util.h"

static int parse(const char *topic, const char *msg, struct article *a, char **err)
{
	struct import_limits lim;
	import_limits_default(&lim);
	lim.max_title = 200;
	return mqtt_message_article(topic, msg, strlen(msg), &lim, a, err);
}

static void message_is_one_article_with_its_topic_as_id(void **state)
{
	(void)state;
	struct article a;
	char *err = NULL;
	const char *msg = "{\"id\": \"ignored\", \"title\": \"نشست افتتاحیه به سالن ۲ منتقل شد\","
			  " \"body\": [\"بند نخست.\"], \"priority\": \"breaking\","
			  " \"expires\": \"2030-01-01T00:00:00Z\"}";
	assert_int_equal(parse("khabar/announce/hall", msg, &a, &err), 1);
	assert_null(err);
	assert_string_equal(a.id, "khabar/announce/hall");
	assert_string_equal(a.title, "نشست افتتاحیه به سالن ۲ منتقل شد");
	assert_int_equal(a.priority, PRIORITY_BREAKING);
	assert_true(a.expires > 0);
	article_clear(&a);
}

static void empty_message_means_remove(void **state)
{
	(void)state;
	struct article a;
	char *err = NULL;
	assert_int_equal(parse("khabar/announce/hall", "", &a, &err), 0);
	assert_null(a.id);
	assert_null(err);
}

static void bad_messages_are_dropped_with_the_reason(void **state)
{
	(void)state;
	static const struct {
		const char *msg, *reason;
	} bad[] = {
	    {"{\"title\": ", "JSON ends"},
	    {"plain words", "not a JSON article"},
	    {"<rss/>", "not a JSON article"},
	    {"{\"summary\": \"no title\"}", "no title"},
	    {"{\"title\": \"x\", \"priority\": \"urgent\"}", "priority"},
	    {"[{\"title\": \"a\"}, {\"title\": \"b\"}]", "2 articles"},
	    {"{\"title\": \"\xff\xfe\"}", "UTF-8"},
	    {"[]", "0 articles"},
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		struct article a;
		char *err = NULL;
		assert_int_equal(parse("t/x", bad[i].msg, &a, &err), -1);
		assert_non_null(err);
		if (!strstr(err, bad[i].reason))
			fail_msg("message %zu: '%s' lacks '%s'", i, err, bad[i].reason);
		assert_null(a.id);
		free(err);
	}
	struct article a;
	char *err = NULL;
	char title[400];
	memset(title, 'x', sizeof title);
	char *msg = xasprintf("{\"title\": \"%.*s\"}", (int)sizeof title, title);
	assert_int_equal(parse("t/x", msg, &a, &err), -1); /* over max_title */
	free(msg);
	free(err);
}

static void message_over_the_size_limit_is_dropped_unread(void **state)
{
	(void)state;
	struct import_limits lim;
	import_limits_default(&lim);
	lim.max_file_size = 10;
	struct article a;
	char *err = NULL;
	const char *msg = "{\"title\": \"a longer title\"}";
	assert_int_equal(mqtt_message_article("t/x", msg, strlen(msg), &lim, &a, &err), -1);
	assert_non_null(strstr(err, "max_message"));
	free(err);
}

static void a_local_image_path_in_a_message_is_dropped_and_a_url_kept(void **state)
{
	(void)state;
	struct article a;
	char *err = NULL;
	static const char *const local[] = {"/etc/passwd", "file:///tmp/x.png", "../x.jpg",
					    "ftp://example.ir/x.jpg"};
	for (size_t i = 0; i < sizeof local / sizeof *local; i++) {
		char *msg = xasprintf("{\"title\": \"عکس\", \"image\": \"%s\"}", local[i]);
		assert_int_equal(parse("khabar/announce/x", msg, &a, &err), 1);
		assert_string_equal(a.image, "");
		article_clear(&a);
		free(msg);
	}
	const char *msg = "{\"title\": \"عکس\", \"image\": \"https://example.ir/a.jpg\"}";
	assert_int_equal(parse("khabar/announce/x", msg, &a, &err), 1);
	assert_string_equal(a.image, "https://example.ir/a.jpg");
	article_clear(&a);
}

static void posts_go_below_the_filter_that_ends_in_hash(void **state)
{
	(void)state;
	struct config c;
	config_defaults(&c);
	char *t = mqtt_topic_for(&c, "post-1");
	assert_string_equal(t, "khabar/announce/post-1");
	assert_true(mqtt_topic_matches(&c, t));
	assert_false(mqtt_topic_matches(&c, "other/post-1"));
	free(t);
	free(c.mqtt_topic);
	c.mqtt_topic = xstrdup("hall/+/news");
	assert_null(mqtt_topic_for(&c, "post-1"));
	assert_true(mqtt_topic_matches(&c, "hall/2/news"));
	config_free(&c);
}

static void no_url_means_no_client_and_no_error(void **state)
{
	(void)state;
	struct config c;
	config_defaults(&c);
	char *err = NULL;
	assert_null(mqtt_client_start(&c, "/nonexistent/k.db", &err));
	assert_null(err);
	mqtt_client_stop(NULL);
	config_free(&c);
}

static void unreadable_password_file_is_an_error_naming_it(void **state)
{
	(void)state;
	struct config c;
	config_defaults(&c);
	char *err = NULL;
	assert_int_equal(config_load_string(&c,
					    "[mqtt]\nurl = mqtt://127.0.0.1:1\nusername = screen\n"
					    "password_file = /nonexistent/mqtt.pass\n",
					    "m.ini", &err),
			 0);
	assert_null(mqtt_client_start(&c, "/nonexistent/k.db", &err));
	assert_non_null(err);
	assert_non_null(strstr(err, "/nonexistent/mqtt.pass"));
	free(err);
	config_free(&c);
}

static void client_without_a_broker_keeps_trying_and_stops_when_told(void **state)
{
	(void)state;
	struct config c;
	config_defaults(&c);
	char *err = NULL;
	/* Port 1 on loopback: nobody listens; the thread retries. */
	assert_int_equal(
	    config_load_string(&c, "[mqtt]\nurl = mqtt://127.0.0.1:1\n", "m.ini", &err), 0);
	struct mqtt_client *m = mqtt_client_start(&c, "/nonexistent/k.db", &err);
	assert_non_null(m);
	assert_null(err);
	usleep(300 * 1000);
	mqtt_client_stop(m); /* returns: the pause between attempts is interruptible */
	char *out = NULL;
	assert_int_equal(mqtt_publish(&c, "khabar/announce/x", "{}", 2, 1, 2, &out), -1);
	assert_non_null(strstr(out, "127.0.0.1:1"));
	free(out);
	config_free(&c);
}


/* khabar/room/HALL/state: "full", "open" or {"state": "full"}; anything
 * else is refused with the reason, and no other topic is a hall's. */
static void a_halls_state_is_full_or_open_and_nothing_else(void **state)
{
	(void)state;
	char *hall = NULL, *err = NULL;
	assert_int_equal(mqtt_room_parse("khabar/room/Hall 2/state", "full", 4, &hall, &err), 1);
	assert_string_equal(hall, "Hall 2");
	free(hall);
	assert_int_equal(mqtt_room_parse("khabar/room/تالار حافظ/state", "open", 4, &hall, &err), 0);
	assert_string_equal(hall, "تالار حافظ");
	free(hall);
	const char *json = "{\"state\": \"full\"}";
	assert_int_equal(mqtt_room_parse("khabar/room/A/state", json, strlen(json), &hall, &err), 1);
	free(hall);
	assert_int_equal(mqtt_room_parse("khabar/room/A/state", "", 0, &hall, &err), 0); /* cleared */
	free(hall);
	const char *bad[] = {"FULL", " ", "full\n", "{\"state\": 1}", "{\"state\": \"crowded\"}",
			     "{\"state\": \"full\""};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		hall = NULL;
		assert_int_equal(mqtt_room_parse("khabar/room/A/state", bad[i], strlen(bad[i]), &hall,
						 &err),
				 -1);
		assert_null(hall);
		assert_non_null(strstr(err, "full"));
		free(err);
		err = NULL;
	}
	assert_int_equal(hall_state_parse("full", HALL_STATE_MAX + 1), -1);
	assert_false(mqtt_room_topic("khabar/room/A/B/state"));
	assert_false(mqtt_room_topic("khabar/room//state"));
	assert_false(mqtt_room_topic("khabar/announce/x"));
	assert_int_equal(mqtt_room_parse("khabar/room/\xff/state", "full", 4, &hall, &err), -1);
	assert_non_null(strstr(err, "UTF-8"));
	free(err);
}

static void the_status_carries_each_feeds_last_sync_and_is_read_back(void **state)
{
	(void)state;
	struct cache_feed f[2] = {
	    {.name = (char *)"good",
	     .error = (char *)"",
	     .last_attempt = 100,
	     .last_success = 100,
	     .status = 200,
	     .articles = 3},
	    {.name = (char *)"bad",
	     .error = (char *)"HTTP 404 \"gone\"",
	     .last_attempt = 160,
	     .status = 404},
	};
	struct buf m = {0};
	fleet_feeds_json(&m, f, 2);
	const char status[] = "{\"name\": \"s1\", \"state\": \"showing\"}\n";
	size_t len = 0;
	char *j = fleet_status_merge(status, strlen(status), m.data, &len);
	assert_non_null(j);
	assert_int_equal(len, strlen(j));
	assert_non_null(strstr(j, "\"result\": \"ok\""));
	assert_non_null(strstr(j, "\"error\": \"HTTP 404 \\\"gone\\\"\""));
	char name[16];
	assert_true(fleet_json_str(j, len, "name", name, sizeof name));
	assert_string_equal(name, "s1"); /* the display's, not a feed's */
	double when;
	int feeds, failed;
	assert_int_equal(fleet_feeds_summary(j, len, &when, &feeds, &failed), 1);
	assert_true(when == 160);
	assert_int_equal(feeds, 2);
	assert_int_equal(failed, 1);
	free(j);
	assert_null(fleet_status_merge("{\"a\": 1", 7, m.data, &len)); /* cut: sent as it is */
	assert_int_equal(fleet_feeds_summary(status, strlen(status), &when, &feeds, &failed), 0);
	/* Any bytes: an array that never ends is no summary. */
	const char *cut = "{\"feeds\": [{\"last_attempt\": 5, \"result\": \"ok\"}, {\"x\": \"]";
	assert_int_equal(fleet_feeds_summary(cut, strlen(cut), &when, &feeds, &failed), 0);
	buf_free(&m);
}

static void a_status_lists_at_most_32_feeds(void **state)
{
	(void)state;
	struct cache_feed f[40];
	memset(f, 0, sizeof f);
	for (size_t i = 0; i < 40; i++)
		f[i].name = (char *)"x";
	struct buf m = {0};
	fleet_feeds_json(&m, f, 40);
	assert_non_null(strstr(m.data, "\"feeds_more\": 8"));
	size_t n = 0;
	for (const char *p = m.data; (p = strstr(p, "\"name\"")); p++)
		n++;
	assert_int_equal(n, FLEET_MAX_FEEDS);
	buf_free(&m);
}

static int64_t at(const char *iso)
{
	int64_t t = 0;
	assert_int_equal(calendar_parse_iso8601(iso, &t), 0);
	return t;
}

static void play(struct fleet_plays *p, const char *when, const char *kind, const char *title,
		 double secs)
{
	struct cache_play c = {.start = at(when), .duration = secs, .kind = kind, .article = "",
			       .title = title, .page = -1};
	fleet_plays_add(p, &c);
}

static void plays_are_summed_per_local_day_and_per_card(void **state)
{
	(void)state;
	int64_t now = at("2026-12-06T12:00:00+03:30");
	struct fleet_plays *p = fleet_plays_new(now, "Asia/Tehran");
	assert_non_null(p);
	assert_true(fleet_plays_since(p) == at("2026-11-30T00:00:00+03:30"));
	play(p, "2026-12-06T08:00:00+03:30", "headline", "A", 10);
	play(p, "2026-12-06T09:00:00+03:30", "headline", "A", 5);
	play(p, "2026-12-06T09:00:10+03:30", "page", "A", 5); /* the same card */
	play(p, "2026-12-06T00:10:00+03:30", "emergency", "A", 2); /* another card */
	play(p, "2026-12-05T23:59:59+03:30", "headline", "late", 1);
	play(p, "2026-11-30T00:00:00+03:30", "headline", "B", 7);
	play(p, "2026-11-29T23:59:59+03:30", "headline", "too old", 7);
	for (int i = 0; i < 45; i++) {
		char t[16];
		snprintf(t, sizeof t, "t%02d", i);
		play(p, "2026-12-05T10:00:00+03:30", "headline", t, 100 + i);
	}
	char long_title[301];
	for (int i = 0; i < 150; i++)
		memcpy(long_title + 2 * i, "ب", 2);
	long_title[300] = 0;
	play(p, "2026-12-01T10:00:00+03:30", "headline", long_title, 1);
	play(p, "2026-12-01T11:00:00+03:30", "headline", long_title, 2); /* the same card */
	size_t len;
	char *j = fleet_plays_json(p, "lobby-1", now, &len);
	assert_int_equal(len, strlen(j));
	assert_non_null(strstr(j, "{\"screen\": \"lobby-1\", \"at\": "));
	assert_non_null(strstr(j, "{\"day\": \"2026-12-06\", \"cards\": 3, \"seconds\": 17.0, "
				  "\"more\": 0, \"titles\": [{\"kind\": \"headline\", \"title\": \"A\", "
				  "\"count\": 2, \"seconds\": 15.0}, {\"kind\": \"emergency\""));
	assert_non_null(strstr(j, "{\"day\": \"2026-11-30\", \"cards\": 1, \"seconds\": 7.0"));
	assert_null(strstr(j, "too old"));
	assert_true(strstr(j, "2026-11-30") < strstr(j, "2026-12-06")); /* oldest first */
	/* 46 cards on the 5th: the 40 longest listed, the rest counted. */
	assert_non_null(strstr(j, "{\"day\": \"2026-12-05\", \"cards\": 46, "));
	assert_non_null(strstr(j, "\"more\": 6, \"titles\": [{\"kind\": \"headline\", \"title\": \"t44\""));
	assert_non_null(strstr(j, "\"t05\""));
	assert_null(strstr(j, "\"t04\""));
	/* A long title cut whole characters: 80 of its 150. */
	char want[256] = "\"title\": \"";
	memcpy(want + strlen(want), long_title, 160);
	want[10 + 160] = 0;
	strcat(want, "\", \"count\": 2, \"seconds\": 3.0}");
	assert_non_null(strstr(j, want));
	free(j);
	fleet_plays_free(p);
	assert_null(fleet_plays_new(now, "Nowhere/Atlantis"));
}

static void a_day_of_25_hours_keeps_its_last_hour(void **state)
{
	(void)state;
	/* Berlin went back an hour on 25 October 2026. */
	struct fleet_plays *p = fleet_plays_new(at("2026-10-26T10:00:00+01:00"), "Europe/Berlin");
	assert_non_null(p);
	play(p, "2026-10-25T23:30:00+01:00", "headline", "last hour", 3);
	play(p, "2026-10-25T00:30:00+02:00", "headline", "first hour", 4);
	size_t len;
	char *j = fleet_plays_json(p, "s", 0, &len);
	assert_non_null(strstr(j, "{\"day\": \"2026-10-25\", \"cards\": 2, \"seconds\": 7.0"));
	free(j);
	fleet_plays_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(the_status_carries_each_feeds_last_sync_and_is_read_back),
	    cmocka_unit_test(a_status_lists_at_most_32_feeds),
	    cmocka_unit_test(plays_are_summed_per_local_day_and_per_card),
	    cmocka_unit_test(a_day_of_25_hours_keeps_its_last_hour),
	    cmocka_unit_test(message_is_one_article_with_its_topic_as_id),
	    cmocka_unit_test(empty_message_means_remove),
	    cmocka_unit_test(bad_messages_are_dropped_with_the_reason),
	    cmocka_unit_test(message_over_the_size_limit_is_dropped_unread),
	    cmocka_unit_test(a_local_image_path_in_a_message_is_dropped_and_a_url_kept),
	    cmocka_unit_test(posts_go_below_the_filter_that_ends_in_hash),
	    cmocka_unit_test(no_url_means_no_client_and_no_error),
	    cmocka_unit_test(unreadable_password_file_is_an_error_naming_it),
	    cmocka_unit_test(client_without_a_broker_keeps_trying_and_stops_when_told),
	    cmocka_unit_test(a_halls_state_is_full_or_open_and_nothing_else),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
