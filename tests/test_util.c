/*
 * Tests for util's UTF-8 functions: decoding one sequence (valid, invalid,
 * overlong, surrogate, truncated), the first invalid byte of a text, and
 * sanitising a text for storage.
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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(decode_reads_every_length_of_sequence),
	    cmocka_unit_test(decode_turns_bad_sequences_into_replacement_characters),
	    cmocka_unit_test(first_invalid_finds_bad_bytes_and_nuls),
	    cmocka_unit_test(sanitize_replaces_bad_sequences_and_drops_nuls),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
