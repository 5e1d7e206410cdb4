/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_conformance — the engine's bidi/reordering and line-break stages
 * against Unicode's own test files (Debian's unicode-data, Unicode 15,
 * the same version as ICU 72).
 */
#include "testutil.h"

#include "text/text.h"

#define BIDI_TEST "/usr/share/unicode/BidiCharacterTest.txt"
#define LINEBREAK_TEST "/usr/share/unicode/auxiliary/LineBreakTest.txt"

/* Parse hex code points separated by spaces into UTF-16; cpidx[k] is the
 * code point index of UTF-16 unit k. Returns the UTF-16 length. */
static int parse_codepoints(const char *s, const char *end, uint16_t *u, int *cpidx, int max)
{
	int n = 0, cp_i = 0;
	while (s < end) {
		char *e;
		unsigned long c = strtoul(s, &e, 16);
		if (e == s)
			break;
		s = e;
		if (n + 2 > max)
			return -1;
		if (c >= 0x10000) {
			c -= 0x10000;
			cpidx[n] = cp_i;
			u[n++] = (uint16_t)(0xD800 + (c >> 10));
			cpidx[n] = cp_i;
			u[n++] = (uint16_t)(0xDC00 + (c & 0x3FF));
		} else {
			cpidx[n] = cp_i;
			u[n++] = (uint16_t)c;
		}
		cp_i++;
		while (s < end && *s == ' ')
			s++;
	}
	return n;
}

static void bidi_character_test_passes(void **state)
{
	(void)state;
	char *err = NULL;
	char *data = file_read(BIDI_TEST, 0, NULL, &err);
	if (!data)
		fail_msg("%s (package unicode-data)", err);
	int total = 0, passed = 0, shown = 0;
	enum { MAX = 512 };
	uint16_t u[MAX];
	int cpidx[MAX], order[MAX], expect[MAX];
	uint8_t levels[MAX];
	for (char *line = data, *next; *line; line = next) {
		char *nl = strchr(line, '\n');
		next = nl ? nl + 1 : line + strlen(line);
		if (nl)
			*nl = 0;
		if (*line == '#' || *line == 0)
			continue;
		/* code points; paragraph direction; resolved paragraph level;
		 * resolved levels; visual order */
		char *f[5];
		f[0] = line;
		int nf = 1;
		for (char *p = line; *p && nf < 5; p++)
			if (*p == ';') {
				*p = 0;
				f[nf++] = p + 1;
			}
		if (nf < 5)
			continue;
		total++;
		int n = parse_codepoints(f[0], f[0] + strlen(f[0]), u, cpidx, MAX);
		if (n < 0)
			continue;
		int count = text_bidi_order(u, n, atoi(f[1]), levels, order);
		/* Expected levels per code point ("x": removed by X9). */
		int ok = count >= 0;
		char *p = f[3];
		for (int k = 0; ok && k < n; k++) {
			if (k > 0 && cpidx[k] == cpidx[k - 1])
				continue;
			while (*p == ' ')
				p++;
			if (*p == 'x') {
				p++;
				continue;
			}
			char *e;
			long lv = strtol(p, &e, 10);
			p = e;
			if (lv != levels[k])
				ok = 0;
		}
		/* Expected visual order, in code point indices. */
		int ne = 0;
		p = f[4];
		for (;;) {
			while (*p == ' ')
				p++;
			char *e;
			long v = strtol(p, &e, 10);
			if (e == p)
				break;
			expect[ne++] = (int)v;
			p = e;
		}
		int got = 0;
		for (int k = 0; ok && k < count; k++) {
			/* One entry per code point: skip the low surrogate. */
			if (u[order[k]] >= 0xDC00 && u[order[k]] <= 0xDFFF)
				continue;
			if (got >= ne || expect[got] != cpidx[order[k]])
				ok = 0;
			got++;
		}
		if (got != ne)
			ok = 0;
		if (ok)
			passed++;
		else if (shown++ < 5)
			print_message("BidiCharacterTest: failed: %s; dir %s\n", f[0], f[1]);
	}
	print_message("BidiCharacterTest: passed %d of %d\n", passed, total);
	assert_true(total > 90000);
	assert_true((double)passed >= 0.999 * total);
	free(data);
}

static void line_break_test_passes(void **state)
{
	(void)state;
	char *err = NULL;
	char *data = file_read(LINEBREAK_TEST, 0, NULL, &err);
	if (!data)
		fail_msg("%s (package unicode-data)", err);
	int total = 0, passed = 0;
	for (char *line = data, *next; *line; line = next) {
		char *nl = strchr(line, '\n');
		next = nl ? nl + 1 : line + strlen(line);
		if (nl)
			*nl = 0;
		char *hash = strchr(line, '#');
		if (hash)
			*hash = 0;
		/* "× 0023 × 0020 ÷ 0030 ÷": marks and code points. */
		struct buf text = {0};
		unsigned char want[1024];
		size_t nb = 0;
		int any = 0;
		for (char *p = line; *p;) {
			if (!strncmp(p, "\xc3\x97", 2)) { /* × */
				if (nb < sizeof want)
					want[nb] = 0;
				p += 2;
			} else if (!strncmp(p, "\xc3\xb7", 2)) { /* ÷ */
				if (nb < sizeof want)
					want[nb] = 1;
				p += 2;
			} else if (*p == ' ' || *p == '\t' || *p == '\r') {
				p++;
			} else {
				char *e;
				unsigned long c = strtoul(p, &e, 16);
				if (e == p)
					break;
				p = e;
				char tmp[4];
				size_t k = utf8_encode((uint32_t)c, tmp);
				/* Marks apply at byte offsets: fill the inside bytes. */
				for (size_t j = 1; j < k && nb + j < sizeof want; j++)
					want[nb + j] = 0;
				nb += k;
				buf_append(&text, tmp, k);
				any = 1;
			}
		}
		if (!any || nb >= sizeof want) {
			buf_free(&text);
			continue;
		}
		total++;
		unsigned char got[1025];
		int ok = text_break_points(text.data, text.len, got) == 0;
		/* Compare every position after the start; the start never breaks. */
		for (size_t i = 1; ok && i <= text.len; i++)
			if (got[i] != want[i])
				ok = 0;
		passed += ok;
		buf_free(&text);
	}
	print_message("LineBreakTest: passed %d of %d\n", passed, total);
	assert_true(total > 7000);
	assert_true((double)passed >= 0.995 * total);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bidi_character_test_passes),
		cmocka_unit_test(line_break_test_passes),
	};
	return cmocka_run_group_tests_name("conformance", tests, NULL, NULL);
}
