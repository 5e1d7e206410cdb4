/*
 * testutil — what every cmocka test file includes: the cmocka headers in
 * the order they need, and small helpers for temporary files.
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
#include <unistd.h>

#include <cmocka.h>

/* A fresh path under $TEST_TMP (or /tmp) named after tag; caller frees. */
static inline char *test_tmp_path(const char *tag)
{
	static int counter;
	const char *dir = getenv("TEST_TMP");
	char *p = malloc(4096);
	snprintf(p, 4096, "%s/%s-%ld-%d", dir ? dir : "/tmp", tag, (long)getpid(), counter++);
	return p;
}

#endif
