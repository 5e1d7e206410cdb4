/*
 * testutil — what every cmocka test file includes: cmocka's own headers
 * in the order it needs, and a scratch directory per test binary.
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

#include "util.h"

/* A fresh directory under $TEST_TMP (or /tmp) for this process, holding
 * name; caller frees. The directory is left for the runner to remove. */
static inline char *test_path(const char *name)
{
	static char dir[512];
	if (!dir[0]) {
		const char *base = getenv("TEST_TMP");
		snprintf(dir, sizeof dir, "%s/t.XXXXXX", base && *base ? base : "/tmp");
		if (!mkdtemp(dir))
			abort();
	}
	return xasprintf("%s/%s", dir, name);
}

#endif
