/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * charset — text in other encodings made UTF-8: what a feed's XML
 * declaration or byte order mark names (windows-1256, ISO-8859-1, KOI8-R,
 * GB2312, Shift_JIS, UTF-16…), through ICU's converters, and a guess when
 * a document names none and is not UTF-8.
 *
 * Must not: know any feed format, the cache or the file system.
 */
#ifndef KHABAR_CHARSET_H
#define KHABAR_CHARSET_H

#include <stddef.h>

/* data (len bytes) in the named encoding as UTF-8, NUL-terminated, its
 * length in *out_len. Bytes that are not valid in the encoding become
 * U+FFFD. NULL with *err (caller frees) when ICU does not know the
 * encoding. Caller frees the result. */
char *charset_to_utf8(const char *data, size_t len, const char *encoding, size_t *out_len,
		      char **err);

/* The encoding of data, which is not UTF-8, into out (n bytes): 0, or -1
 * when there is no guess. Text whose high bytes are Arabic-script words in
 * windows-1256 (Persian, which ICU's detector takes for French) is
 * windows-1256; else ICU's detector (ucsdet) decides. */
int charset_guess(const char *data, size_t len, char *out, size_t n);

/* Whether name is UTF-8 under any of its names ("utf-8", "UTF8"). */
int charset_is_utf8(const char *name);

#endif
