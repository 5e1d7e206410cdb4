/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * charset — ICU's converters (ucnv) and charset detector (ucsdet) behind
 * three calls.
 *
 * Must not: know any feed format, the cache or the file system.
 */
#include "parse/charset.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>

#include "base/util.h"

char *charset_to_utf8(const char *data, size_t len, const char *encoding, size_t *out_len,
		      char **err)
{
	UErrorCode st = U_ZERO_ERROR;
	if (len > INT32_MAX / 4) {
		*err = xasprintf("too large to convert from %s", encoding);
		return NULL;
	}
	UConverter *cnv = ucnv_open(encoding, &st);
	if (U_FAILURE(st)) {
		*err = xasprintf("unknown encoding \"%s\"", encoding);
		return NULL;
	}
	/* Every byte becomes at most 3 bytes of UTF-8 (4 for a pair of
	 * surrogates, which take 4 bytes of UTF-16 input). */
	int32_t cap = (int32_t)len * 3 + 4;
	char *out = xmalloc((size_t)cap);
	int32_t n = ucnv_toAlgorithmic(UCNV_UTF8, cnv, out, cap, data, (int32_t)len, &st);
	ucnv_close(cnv);
	if (U_FAILURE(st) || n >= cap) {
		free(out);
		*err = xasprintf("cannot convert from %s: %s", encoding, u_errorName(st));
		return NULL;
	}
	out[n] = 0;
	*out_len = (size_t)n;
	return out;
}

static int is_ascii_letter(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Whether data reads as Arabic-script text in windows-1256: its bytes
 * above 0x7F are (nearly) all Arabic letters there, and they make words of
 * their own rather than accents inside Latin words. ICU's statistics miss
 * Persian (its letters are not Arabic's): a Persian headline comes out as
 * windows-1252 French. Latin-1 French is excluded by the second test. */
static int arabic_in_1256(const char *data, size_t len)
{
	UErrorCode st = U_ZERO_ERROR;
	char high[128];
	UChar u[128];
	for (int i = 0; i < 128; i++)
		high[i] = (char)(0x80 + i);
	UConverter *cnv = ucnv_open("windows-1256", &st);
	int32_t n = U_SUCCESS(st) ? ucnv_toUChars(cnv, u, 128, high, 128, &st) : 0;
	ucnv_close(cnv);
	if (U_FAILURE(st) || n != 128)
		return 0;
	size_t highs = 0, arabic = 0, in_latin = 0;
	const unsigned char *b = (const unsigned char *)data;
	for (size_t i = 0; i < len; i++) {
		if (b[i] < 0x80)
			continue;
		UChar c = u[b[i] - 0x80];
		highs++;
		arabic += (c >= 0x600 && c <= 0x6FF) || c == 0x200C || c == 0x200D;
		in_latin += (i > 0 && is_ascii_letter(b[i - 1])) ||
			    (i + 1 < len && is_ascii_letter(b[i + 1]));
	}
	return highs >= 8 && arabic * 10 >= highs * 8 && in_latin * 10 < highs * 2;
}

int charset_guess(const char *data, size_t len, char *out, size_t n)
{
	if (arabic_in_1256(data, len)) {
		snprintf(out, n, "windows-1256");
		return 0;
	}
	UErrorCode st = U_ZERO_ERROR;
	UCharsetDetector *d = ucsdet_open(&st);
	if (U_FAILURE(st))
		return -1;
	/* Markup is ASCII and says nothing of the text's encoding. */
	ucsdet_enableInputFilter(d, 1);
	ucsdet_setText(d, data, (int32_t)MIN(len, (size_t)INT32_MAX), &st);
	const UCharsetMatch *m = ucsdet_detect(d, &st);
	const char *name = m && U_SUCCESS(st) ? ucsdet_getName(m, &st) : NULL;
	int ret = -1;
	if (name && U_SUCCESS(st) && !charset_is_utf8(name)) {
		/* ICU's statistics are for Arabic; Persian text in windows-1256
		 * (the Persian web's old encoding) looks ISO-8859-6 to them, an
		 * encoding without the Persian letters. */
		if (strcasecmp(name, "ISO-8859-6") == 0)
			name = "windows-1256";
		snprintf(out, n, "%s", name);
		ret = 0;
	}
	ucsdet_close(d);
	return ret;
}

int charset_is_utf8(const char *name)
{
	return strcasecmp(name, "utf-8") == 0 || strcasecmp(name, "utf8") == 0;
}
