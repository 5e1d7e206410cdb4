/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests for mqtt's pure parts: a message into an article (validated like
 * an import), an empty message as a removal, the topic an announcement is
 * published on. The client itself is tested through the binary against a
 * real broker (tests/e2e/mqtt.sh).
 */
#include "testutil.h"

#include <unistd.h>

#include "base/config.h"
#include "parse/import.h"
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

int main(void)
{
	const struct CMUnitTest tests[] = {
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
