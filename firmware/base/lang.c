/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lang — language tags and directions through ICU's locale data (likely
 * subtags give a language's script; the script gives the direction) and
 * its character properties (strong left-to-right or right-to-left).
 *
 * Must not: know about SDL, layout, the cache or any import format.
 */
#include "base/lang.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/uscript.h>

#include "base/util.h"

/* Strong characters of a body looked at: enough to tell its direction. */
#define BODY_SAMPLE 4096

/* tag as an ICU locale id in out; -1 when it is not a language tag. */
static int to_locale(const char *tag, char *out, int32_t cap)
{
	char t[ULOC_FULLNAME_CAPACITY];
	size_t n = 0;
	while (*tag == ' ')
		tag++;
	for (; tag[n] && n + 1 < sizeof t; n++)
		t[n] = tag[n] == '_' ? '-' : tag[n];
	while (n && t[n - 1] == ' ')
		n--;
	t[n] = 0;
	if (!n || (tag[n] && tag[n] != ' '))
		return -1;
	UErrorCode st = U_ZERO_ERROR;
	int32_t parsed = 0;
	uloc_forLanguageTag(t, out, cap, &parsed, &st);
	if (U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING || parsed != (int32_t)n)
		return -1;
	char lang[ULOC_LANG_CAPACITY];
	uloc_getLanguage(out, lang, (int32_t)sizeof lang, &st);
	return U_SUCCESS(st) && lang[0] ? 0 : -1;
}

static char *canonical(const char *tag)
{
	char loc[ULOC_FULLNAME_CAPACITY], out[ULOC_FULLNAME_CAPACITY];
	UErrorCode st = U_ZERO_ERROR;
	if (!tag || to_locale(tag, loc, (int32_t)sizeof loc))
		return xstrdup("");
	uloc_toLanguageTag(loc, out, (int32_t)sizeof out, 1, &st);
	if (U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING)
		return xstrdup("");
	return xstrdup(out);
}

static enum article_dir script_dir(const char *tag);

/* The last tag asked about and its answers, per thread (the MQTT
 * subscriber imports beside `khabar import` and the sync): the articles of
 * one feed share their language, and ICU's lookups cost microseconds each.
 * Fixed buffers, so a thread that ends leaves nothing behind. */
static _Thread_local struct {
	char tag[ULOC_FULLNAME_CAPACITY];
	char canonical[ULOC_FULLNAME_CAPACITY];
	int valid;
	enum article_dir dir;
} last;

static void remember(const char *tag)
{
	if (last.valid && (strcmp(last.tag, tag) == 0 || strcmp(last.canonical, tag) == 0))
		return;
	last.valid = 0;
	char *c = canonical(tag);
	if (strlen(tag) < sizeof last.tag && strlen(c) < sizeof last.canonical) {
		strcpy(last.tag, tag);
		strcpy(last.canonical, c);
		last.dir = script_dir(tag);
		last.valid = 1;
	}
	free(c);
}

char *lang_canonical(const char *tag)
{
	if (!tag)
		return xstrdup("");
	remember(tag);
	return last.valid ? xstrdup(last.canonical) : canonical(tag);
}

enum article_dir lang_dir(const char *tag)
{
	if (!tag)
		return ARTICLE_DIR_AUTO;
	remember(tag);
	return last.valid ? last.dir : script_dir(tag);
}

static enum article_dir script_dir(const char *tag)
{
	char loc[ULOC_FULLNAME_CAPACITY], full[ULOC_FULLNAME_CAPACITY],
	    script[ULOC_SCRIPT_CAPACITY];
	UErrorCode st = U_ZERO_ERROR;
	if (!tag || to_locale(tag, loc, (int32_t)sizeof loc))
		return ARTICLE_DIR_AUTO;
	uloc_addLikelySubtags(loc, full, (int32_t)sizeof full, &st);
	if (U_FAILURE(st))
		return ARTICLE_DIR_AUTO;
	uloc_getScript(full, script, (int32_t)sizeof script, &st);
	if (U_FAILURE(st) || !script[0] || strcmp(script, "Zyyy") == 0 ||
	    strcmp(script, "Zzzz") == 0)
		return ARTICLE_DIR_AUTO;
	UScriptCode code = USCRIPT_INVALID_CODE;
	if (uscript_getCode(script, &code, 1, &st) != 1 || U_FAILURE(st))
		return ARTICLE_DIR_AUTO;
	return uscript_isRightToLeft(code) ? ARTICLE_DIR_RTL : ARTICLE_DIR_LTR;
}

/* +1 for a strong left-to-right character, -1 right-to-left, 0 neither. */
static int strong(uint32_t cp)
{
	switch (u_charDirection((UChar32)cp)) {
	case U_LEFT_TO_RIGHT: return 1;
	case U_RIGHT_TO_LEFT:
	case U_RIGHT_TO_LEFT_ARABIC: return -1;
	default: return 0;
	}
}

/* The first strong direction in s (+1, -1 or 0); with count, instead the
 * balance of strong characters among the first BODY_SAMPLE of them. */
static int text_strong(const char *s, int count)
{
	if (!s)
		return 0;
	size_t n = strlen(s), i = 0, seen = 0;
	long balance = 0;
	while (i < n && seen < BODY_SAMPLE) {
		size_t used;
		int d = strong(utf8_decode((const unsigned char *)s + i, n - i, &used));
		i += used;
		if (!d)
			continue;
		if (!count)
			return d;
		balance += d;
		seen++;
	}
	return balance > 0 ? 1 : balance < 0 ? -1 : 0;
}

enum article_dir lang_text_dir(const char *title, const char *body)
{
	int t = text_strong(title, 0), b = text_strong(body, 1);
	int d = t && (!b || b == t) ? t : b ? b : t;
	return d > 0 ? ARTICLE_DIR_LTR : ARTICLE_DIR_RTL;
}

enum article_dir lang_first_dir(const char *s)
{
	size_t n = s ? strlen(s) : 0, i = 0;
	while (i < n) {
		size_t used;
		uint32_t cp = utf8_decode((const unsigned char *)s + i, n - i, &used);
		i += used;
		/* Arabic-Indic and Persian digits are the frame's own: "۴۵
		 * minutes" in a Persian frame starts from the right. */
		if ((cp >= 0x0660 && cp <= 0x0669) || (cp >= 0x06F0 && cp <= 0x06F9))
			return ARTICLE_DIR_RTL;
		int d = strong(cp);
		if (d)
			return d > 0 ? ARTICLE_DIR_LTR : ARTICLE_DIR_RTL;
	}
	return ARTICLE_DIR_AUTO;
}

enum article_dir lang_title_dir(const char *title, const char *lang)
{
	int ltr = 0, rtl = 0;
	size_t n = title ? strlen(title) : 0, i = 0;
	while (i < n && !(ltr && rtl)) {
		size_t used;
		int d = strong(utf8_decode((const unsigned char *)title + i, n - i, &used));
		i += used;
		ltr |= d > 0;
		rtl |= d < 0;
	}
	if (ltr != rtl)
		return ltr ? ARTICLE_DIR_LTR : ARTICLE_DIR_RTL;
	enum article_dir by_lang = lang && *lang ? lang_dir(lang) : ARTICLE_DIR_AUTO;
	if (by_lang != ARTICLE_DIR_AUTO || !ltr)
		return by_lang;
	return lang_text_dir(title, title);
}

/* Adds the strong characters of s (the first BODY_SAMPLE of them) to
 * ltr and rtl. */
static void count_strong(const char *s, size_t *ltr, size_t *rtl)
{
	size_t n = s ? strlen(s) : 0, i = 0, seen = 0;
	while (i < n && seen < BODY_SAMPLE) {
		size_t used;
		int d = strong(utf8_decode((const unsigned char *)s + i, n - i, &used));
		i += used;
		seen += d != 0;
		*ltr += d > 0;
		*rtl += d < 0;
	}
}

enum article_dir lang_text_majority(const char *title, const char *body)
{
	size_t ltr = 0, rtl = 0;
	count_strong(title, &ltr, &rtl);
	count_strong(body, &ltr, &rtl);
	if (rtl >= 3 && rtl > 2 * ltr)
		return ARTICLE_DIR_RTL;
	if (ltr >= 3 && ltr > 2 * rtl)
		return ARTICLE_DIR_LTR;
	return ARTICLE_DIR_AUTO;
}

char *lang_strip_controls(char *s)
{
	size_t n = strlen(s), i = 0, o = 0;
	while (i < n) {
		size_t used;
		uint32_t cp = utf8_decode((const unsigned char *)s + i, n - i, &used);
		int drop = u_charType((UChar32)cp) == U_CONTROL_CHAR ||
			   (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
		if (!drop)
			memmove(s + o, s + i, used), o += used;
		i += used;
	}
	s[o] = 0;
	return s;
}

int lang_has_visible(const char *s)
{
	size_t n = strlen(s), i = 0;
	while (i < n) {
		size_t used;
		UChar32 cp = (UChar32)utf8_decode((const unsigned char *)s + i, n - i, &used);
		i += used;
		int8_t t = u_charType(cp);
		if (!u_isUWhiteSpace(cp) && t != U_CONTROL_CHAR && t != U_FORMAT_CHAR &&
		    t != U_UNASSIGNED && t != U_PRIVATE_USE_CHAR && cp != 0xFFFD)
			return 1;
	}
	return 0;
}
