/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests for qr: the matrix libqrencode makes, and the texts that get none.
 */
#include "testutil.h"

#include "show/qr.h"

static void a_short_url_makes_a_small_square_symbol(void **state)
{
	(void)state;
	struct qr q;
	assert_int_equal(qr_encode("https://example.ir/1", &q), 0);
	assert_true(q.size >= 21 && q.size <= 33);
	assert_int_equal((q.size - 17) % 4, 0); /* a QR version's side */
	/* The finder pattern's corner modules are dark, its separator light. */
	assert_int_equal(q.modules[0], 1);
	assert_int_equal(q.modules[6], 1);
	assert_int_equal(q.modules[7], 0);
	assert_int_equal(q.modules[(q.size - 1) * q.size], 1);
	qr_free(&q);
	assert_null(q.modules);
}

static void empty_and_over_long_texts_get_no_code(void **state)
{
	(void)state;
	struct qr q;
	assert_int_equal(qr_encode("", &q), -1);
	assert_int_equal(qr_encode(NULL, &q), -1);
	char text[QR_MAX_TEXT + 2];
	memset(text, 'a', sizeof text - 1);
	text[sizeof text - 1] = '\0';
	assert_int_equal(qr_encode(text, &q), -1);
	text[QR_MAX_TEXT] = '\0';
	assert_int_equal(qr_encode(text, &q), 0);
	qr_free(&q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(a_short_url_makes_a_small_square_symbol),
	    cmocka_unit_test(empty_and_over_long_texts_get_no_code),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
