/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * testutil — what every cmocka test file includes: cmocka's headers in the
 * order it needs, files of the source tree (fonts/, tests/, assets/), and
 * a scratch directory per test binary.
 */
#ifndef KHABAR_TESTUTIL_H
#define KHABAR_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* TEST=PATTERN in the environment runs only the tests whose names match
 * (cmocka's filter: * and ? are wildcards), as in
 * `TEST='*kashida*' build/tests/test_text`. libcmocka exports the filter
 * since 1.1.2; Debian 12's header (1.1.5) does not declare it. */
void cmocka_set_test_filter(const char *pattern);
static inline void test_filter_from_env(void)
{
	const char *f = getenv("TEST");
	if (f && *f)
		cmocka_set_test_filter(f);
}
#undef cmocka_run_group_tests
#define cmocka_run_group_tests(group, setup, teardown)                                        \
	(test_filter_from_env(),                                                               \
	 _cmocka_run_group_tests(#group, group, sizeof(group) / sizeof((group)[0]), setup,    \
				 teardown))
#undef cmocka_run_group_tests_name
#define cmocka_run_group_tests_name(name, group, setup, teardown)                             \
	(test_filter_from_env(),                                                               \
	 _cmocka_run_group_tests(name, group, sizeof(group) / sizeof((group)[0]), setup,      \
				 teardown))

#include "text/font.h"
#include "base/util.h"

/* A file under the source tree; caller frees. */
static inline char *test_path(const char *rel)
{
	return xasprintf("%s/%s", datadir(), rel);
}

/* Contents of a file under the source tree; fails the test if missing. */
static inline char *test_read(const char *rel, size_t *len)
{
	char *p = test_path(rel), *err = NULL;
	char *s = file_read(p, 0, len, &err);
	if (!s)
		fail_msg("%s", err);
	free(p);
	return s;
}

/* A chain of the bundled Vazirmatn Regular alone, so layouts do not
 * depend on the machine's fonts; fails the test if missing. Caller frees
 * with font_chain_free(). */
static inline struct font_chain *test_vazirmatn(void)
{
	char *err = NULL, *p = test_path("fonts/Vazirmatn-Regular.ttf");
	struct font_chain *c = font_chain_new();
	if (font_chain_add_file(c, p, &err) != 0)
		fail_msg("%s", err);
	free(p);
	return c;
}

/* The temporary directory for this run ($TEST_TMP from tests/run.sh). */
static inline const char *test_tmp(void)
{
	const char *t = getenv("TEST_TMP");
	return t && *t ? t : "/tmp";
}

/* A fresh directory under test_tmp() for this process, holding name;
 * caller frees. The directory is left for the runner to remove. */
static inline char *test_tmp_path(const char *name)
{
	static char dir[512];
	if (!dir[0]) {
		snprintf(dir, sizeof dir, "%s/t.XXXXXX", test_tmp());
		if (!mkdtemp(dir))
			abort();
	}
	return xasprintf("%s/%s", dir, name);
}

#endif
