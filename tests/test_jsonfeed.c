/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests for import_jsonfeed: JSON Feed 1.1 items as articles, detection
 * among other JSON, and refusals.
 */
#include "testutil.h"

#include "parse/import.h"

static const char feed[] =
    "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"خبرگزاری آزمون\",\n"
    " \"language\": \"fa\", \"items\": [\n"
    "  {\"id\": \"jf-1\", \"title\": \"نخستین خبر\", \"content_html\": \"<p>بند یکم.</p><p>بند "
    "دوم &amp; سوم.</p>\",\n"
    "   \"url\": \"https://example.ir/jf/1\", \"image\": \"https://example.ir/jf/1.jpg\",\n"
    "   \"date_published\": \"2026-11-30T08:00:00+03:30\", \"tags\": [\"فناوری\", 7, \"وب\"]},\n"
    "  {\"id\": 2, \"title\": \"خبر دوم\", \"content_text\": \"متن ساده\", \"summary\": "
    "\"<b>خلاصه</b>\",\n"
    "   \"external_url\": \"https://example.ir/jf/2\", \"banner_image\": \"b.png\", \"language\": "
    "\"en\"},\n"
    "  {\"id\": \"jf-3\", \"content_text\": \"بی‌عنوان\"},\n"
    "  {\"id\": \"jf-4\", \"title\": \"خبر با عکس در متن\", \"content_html\": "
    "\"<p>متن</p><img src='/p/4.jpg'>\"},\n"
    "  \"not an object\"]}";

static void json_feed_items_become_articles(void **state)
{
	(void)state;
	struct import_limits lim;
	import_limits_default(&lim);
	struct import_result r = {0};
	assert_true(import_jsonfeed_is(feed, strlen(feed)));
	assert_int_equal(import_parse(feed, strlen(feed), &lim, &r), 0);
	assert_int_equal(r.articles.n, 4);
	assert_int_equal(r.skipped, 1);
	assert_non_null(strstr(r.reasons.data, "item 5: not an object"));
	const struct article *a = &r.articles.items[0], *b = &r.articles.items[1];
	assert_string_equal(a->id, "jf-1");
	assert_string_equal(a->body, "بند یکم.\nبند دوم & سوم.");
	assert_string_equal(a->source, "خبرگزاری آزمون");
	assert_string_equal(a->lang, "fa");
	assert_string_equal(a->image, "https://example.ir/jf/1.jpg");
	assert_int_equal(a->published, 1796013000); /* 08:00 at +03:30 */
	assert_int_equal(a->ntags, 2);
	assert_string_equal(a->tags[1], "وب");
	assert_string_equal(b->id, "2");
	assert_string_equal(b->url, "https://example.ir/jf/2");
	assert_string_equal(b->image, "b.png");
	assert_string_equal(b->summary, "خلاصه");
	assert_string_equal(b->lang, "en");
	/* No image: the first picture of its HTML, as written (the sync makes
	 * it the feed's URL's). */
	assert_string_equal(r.articles.items[3].image, "/p/4.jpg");
	assert_string_equal(r.articles.items[3].body, "متن");
	/* No title: one from its text, as an RSS item's. */
	assert_string_equal(r.articles.items[2].title, "بی‌عنوان");
	import_result_free(&r);
}

/* PHP's json_encode escapes every slash by default. */
static void a_version_with_escaped_slashes_is_a_json_feed(void **state)
{
	(void)state;
	const char *php =
	    "{\"version\":\"https:\\/\\/jsonfeed.org\\/version\\/1.1\",\"title\":\"وبلاگ\","
	    "\"items\":[{\"id\":\"https:\\/\\/blog.example.ir\\/?p=1\",\"title\":\"یکم\"},"
	    "{\"id\":\"2\",\"content_html\":\"<p>متنی بی عنوان. با جمله‌ای دیگر.<\\/p>\"}]}";
	assert_true(import_jsonfeed_is(php, strlen(php)));
	struct import_limits lim;
	import_limits_default(&lim);
	struct import_result r = {0};
	assert_int_equal(import_parse(php, strlen(php), &lim, &r), 0);
	assert_int_equal(r.articles.n, 2);
	assert_string_equal(r.articles.items[0].id, "https://blog.example.ir/?p=1");
	assert_string_equal(r.articles.items[0].source, "وبلاگ");
	assert_string_equal(r.articles.items[1].title, "متنی بی عنوان.");
	import_result_free(&r);
}

static void other_json_is_not_taken_for_a_json_feed(void **state)
{
	(void)state;
	const char *article =
	    "{\"title\": \"see https://jsonfeed.org/version/1.1\", \"body\": \"x\"}";
	assert_false(import_jsonfeed_is(article, strlen(article)));
	struct import_limits lim;
	import_limits_default(&lim);
	struct import_result r = {0};
	assert_int_equal(import_parse(article, strlen(article), &lim, &r), 0);
	assert_int_equal(r.articles.n, 1);
	import_result_free(&r);
}

static void a_json_feed_without_items_is_refused_with_a_reason(void **state)
{
	(void)state;
	struct import_limits lim;
	import_limits_default(&lim);
	const char *bad[] = {"{\"version\": \"https://jsonfeed.org/version/1.1\"}",
			     "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [",
			     "{\"version\": 1, \"items\": []}"};
	const char *why[] = {"needs an \"items\" array", "not valid JSON", "needs \"version\""};
	for (size_t i = 0; i < 3; i++) {
		struct import_result r = {0};
		assert_int_equal(import_jsonfeed_parse(bad[i], strlen(bad[i]), &lim, &r), -1);
		if (!strstr(r.error, why[i]))
			fail_msg("expected '%s' in '%s'", why[i], r.error);
		import_result_free(&r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(json_feed_items_become_articles),
	    cmocka_unit_test(a_version_with_escaped_slashes_is_a_json_feed),
	    cmocka_unit_test(other_json_is_not_taken_for_a_json_feed),
	    cmocka_unit_test(a_json_feed_without_items_is_refused_with_a_reason),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
