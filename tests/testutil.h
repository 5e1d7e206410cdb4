/*
 * testutil — shared helpers for the cmocka tests: the bundled fonts, files
 * in tests/ and temporary paths.
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

/* A file under the source tree (fonts/, tests/, assets/); caller frees. */
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

/* A temporary directory for this run ($TEST_TMP from tests/run.sh). */
static inline const char *test_tmp(void)
{
	const char *t = getenv("TEST_TMP");
	return t && *t ? t : "/tmp";
}

#endif
