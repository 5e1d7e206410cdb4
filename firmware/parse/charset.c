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

/* Whether data reads as Thai in TIS-620, an encoding ICU's detector does
 * not know: every byte above 0x7F is a TIS-620 character (0xA1-0xFB
 * without 0xDB-0xDE), and Thai's vowel and tone marks, which only ever
 * follow a consonant or another mark, make up a good share of them and
 * always follow one. Other encodings' text breaks the last rule. */
static int thai_in_tis620(const char *data, size_t len)
{
	const unsigned char *b = (const unsigned char *)data;
	size_t highs = 0, marks = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = b[i];
		if (c < 0x80)
			continue;
		if (c < 0xA1 || c > 0xFB || (c >= 0xDB && c <= 0xDE))
			return 0;
		highs++;
		if (c == 0xD1 || (c >= 0xD4 && c <= 0xDA) || (c >= 0xE7 && c <= 0xEE)) {
			unsigned char p = i ? b[i - 1] : 0;
			int after = (p >= 0xA1 && p <= 0xCE) || p == 0xD1 ||
				    (p >= 0xD4 && p <= 0xDA) || (p >= 0xE7 && p <= 0xEE);
			if (!after)
				return 0;
			marks++;
		}
	}
	return highs >= 8 && marks * 10 >= highs;
}

int charset_guess(const char *data, size_t len, char *out, size_t n)
{
	if (arabic_in_1256(data, len)) {
		snprintf(out, n, "windows-1256");
		return 0;
	}
	if (thai_in_tis620(data, len)) {
		snprintf(out, n, "TIS-620");
		return 0;
	}
	UErrorCode st = U_ZERO_ERROR;
	UCharsetDetector *d = ucsdet_open(&st);
	if (U_FAILURE(st))
		return -1;
	/* Markup is ASCII and says nothing of the text's encoding. */
	ucsdet_enableInputFilter(d, 1);
	ucsdet_setText(d, data, (int32_t)MIN(len, (size_t)INT32_MAX), &st);
	int32_t nm = 0;
	const UCharsetMatch **m = ucsdet_detectAll(d, &nm, &st);
	/* UTF-16 and UTF-32 text of any length has NUL bytes (every ASCII
	 * character of the markup carries one); a guess of either for bytes
	 * without one is a coincidence of the statistics (undeclared TIS-620
	 * comes out as UTF-16), so the next guess is taken. */
	int nul = memchr(data, 0, len) != NULL;
	const char *name = NULL;
	for (int32_t i = 0; U_SUCCESS(st) && i < nm && !name; i++) {
		UErrorCode e = U_ZERO_ERROR;
		const char *g = ucsdet_getName(m[i], &e);
		if (U_FAILURE(e) || !g)
			continue;
		if (!nul && (strncasecmp(g, "UTF-16", 6) == 0 || strncasecmp(g, "UTF-32", 6) == 0))
			continue;
		name = g;
	}
	int ret = -1;
	if (name && !charset_is_utf8(name)) {
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
