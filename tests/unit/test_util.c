/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests for util's UTF-8 functions: decoding one sequence (valid, invalid,
 * overlong, surrogate, truncated), the first invalid byte of a text, and
 * sanitising a text for storage; web URLs; parse errors and skip reasons.
 */
#include "testutil.h"

static uint32_t decode(const char *s, size_t n, size_t *used)
{
	return utf8_decode((const unsigned char *)s, n, used);
}

static void decode_reads_every_length_of_sequence(void **state)
{
	(void)state;
	size_t used;
	assert_int_equal(decode("A", 1, &used), 'A');
	assert_int_equal(used, 1);
	assert_int_equal(decode("\xD8\xB3", 2, &used), 0x633); /* س */
	assert_int_equal(used, 2);
	assert_int_equal(decode("\xE2\x80\x8C", 3, &used), 0x200C); /* ZWNJ */
	assert_int_equal(used, 3);
	assert_int_equal(decode("\xF0\x9F\x87\xAE", 4, &used), 0x1F1EE);
	assert_int_equal(used, 4);
	assert_int_equal(decode("", 0, &used), 0xFFFD);
	assert_int_equal(used, 0);
}

static void decode_turns_bad_sequences_into_replacement_characters(void **state)
{
	(void)state;
	size_t used;
	/* A lone continuation byte, an overlong '/', a surrogate, beyond U+10FFFF. */
	assert_int_equal(decode("\x80", 1, &used), 0xFFFD);
	assert_int_equal(used, 1);
	assert_int_equal(decode("\xC0\xAF", 2, &used), 0xFFFD);
	assert_int_equal(used, 1);
	assert_int_equal(decode("\xED\xA0\x80", 3, &used), 0xFFFD);
	assert_int_equal(used, 1);
	assert_int_equal(decode("\xF4\x90\x80\x80", 4, &used), 0xFFFD);
	assert_int_equal(used, 1);
	/* Truncated: the maximal subpart is consumed at once. */
	assert_int_equal(decode("\xE2\x80", 2, &used), 0xFFFD);
	assert_int_equal(used, 2);
	assert_int_equal(decode("\xF0\x9F\x87"
				"A",
				4, &used),
			 0xFFFD);
	assert_int_equal(used, 3);
}

static void first_invalid_finds_bad_bytes_and_nuls(void **state)
{
	(void)state;
	assert_int_equal(utf8_first_invalid("سلام", strlen("سلام")), strlen("سلام"));
	assert_int_equal(utf8_first_invalid("ab\xFF"
					    "cd",
					    5),
			 2);
	assert_int_equal(utf8_first_invalid("ab\0cd", 5), 2);
	/* A real U+FFFD in the text is text. */
	assert_int_equal(utf8_first_invalid("a\xEF\xBF\xBD", 4), 4);
	assert_int_equal(utf8_first_invalid("a\xD8", 2), 1);
}

static void sanitize_replaces_bad_sequences_and_drops_nuls(void **state)
{
	(void)state;
	size_t n;
	char *s = utf8_sanitize("a\xFF"
				"b\0c\xE2\x80",
				7, &n);
	assert_string_equal(s, "a\xEF\xBF\xBD"
			       "bc\xEF\xBF\xBD");
	assert_int_equal(n, strlen(s));
	free(s);
	s = utf8_sanitize("خبر \xEF\xBF\xBD", strlen("خبر \xEF\xBF\xBD"), &n);
	assert_string_equal(s, "خبر \xEF\xBF\xBD");
	free(s);
	s = utf8_sanitize("", 0, &n);
	assert_string_equal(s, "");
	assert_int_equal(n, 0);
	free(s);
}

static void web_urls_have_a_scheme_a_host_and_no_spaces(void **state)
{
	(void)state;
	assert_true(url_is_web("https://example.org/a?b=c#d"));
	assert_true(url_is_web("HTTP://127.0.0.1:8080"));
	assert_true(url_is_web("https://fa.wikipedia.org/wiki/%D8%AE%D8%A8%D8%B1"));
	assert_false(url_is_web(""));
	assert_false(url_is_web("not a url"));
	assert_false(url_is_web("example.org"));
	assert_false(url_is_web("https://"));
	assert_false(url_is_web("https:///path"));
	assert_false(url_is_web("ftp://example.org/"));
	assert_false(url_is_web("file:///etc/passwd"));
	assert_false(url_is_web("javascript:alert(1)"));
	assert_false(url_is_web("https://example.org/a b"));
	assert_false(url_is_web("https://example.org/\n"));
}

static void add(struct buf *b, size_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void add(struct buf *b, size_t *n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_add_reason(b, n, 3, fmt, ap);
	va_end(ap);
}

static char *at(const char *data, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static char *at(const char *data, size_t off, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *e = error_at(data, strlen(data), off, fmt, ap);
	va_end(ap);
	return e;
}

static void reasons_keep_the_first_few_and_count_all(void **state)
{
	(void)state;
	struct buf b = {0};
	size_t n = 0;
	for (int i = 0; i < 8; i++)
		add(&b, &n, "item %d", i);
	assert_int_equal(n, 8);
	assert_string_equal(b.data, "item 0; item 1; item 2");
	buf_free(&b);
}

static void errors_say_the_line_and_byte(void **state)
{
	(void)state;
	char *e = at("a\nb\nc", 4, "bad %s", "thing");
	assert_string_equal(e, "line 3, byte 4: bad thing");
	free(e);
	e = at("ab", 99, "past the end");
	assert_string_equal(e, "line 1, byte 2: past the end");
	free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(decode_reads_every_length_of_sequence),
	    cmocka_unit_test(decode_turns_bad_sequences_into_replacement_characters),
	    cmocka_unit_test(first_invalid_finds_bad_bytes_and_nuls),
	    cmocka_unit_test(sanitize_replaces_bad_sequences_and_drops_nuls),
	    cmocka_unit_test(web_urls_have_a_scheme_a_host_and_no_spaces),
	    cmocka_unit_test(reasons_keep_the_first_few_and_count_all),
	    cmocka_unit_test(errors_say_the_line_and_byte),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
