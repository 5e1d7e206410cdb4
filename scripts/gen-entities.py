#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# gen-entities — writes firmware/parse/html_entities.c, the HTML5 named character
# references (the WHATWG list, as Debian's python3 carries it in
# html.entities.html5), as one sorted table the reducer searches by halves.
# Run it again only when that list changes; its output is committed.
# Must not: download anything.
import html.entities
import sys

names = sorted(k[:-1] for k in html.entities.html5 if k.endswith(";"))
pool, rows = [], []
at = 0
for name in names:
    value = html.entities.html5[name + ";"]
    cp = ord(value[0])
    cp2 = ord(value[1]) if len(value) > 1 else 0
    assert len(value) <= 2 and cp2 <= 0xFFFF and len(name) < 256
    rows.append("\t{%d, %d, 0x%X, 0x%X}," % (at, len(name), cp2, cp))
    pool.append(name)
    at += len(name)
assert at < 65536

out = sys.stdout if len(sys.argv) < 2 else open(sys.argv[1], "w")
out.write("""/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * html_entities — the %d HTML5 named character references, written by
 * scripts/gen-entities.py from the WHATWG list (do not edit by hand).
 *
 * Must not: hold anything but the table and its lookup.
 */
#include "parse/html_entities.h"

#include <string.h>

/* Every name, one after another, without '&' or ';'. */
static const char pool[] =
""" % len(names))
line = ""
for name in pool:
    if len(line) + len(name) > 70:
        out.write('\t"%s"\n' % line)
        line = ""
    line += name
out.write('\t"%s";\n\n' % line)
out.write("""/* Sorted by name: where it starts in pool, its length, the second code
 * point (0 when none) and the first. */
static const struct {
	unsigned short at;
	unsigned char len;
	unsigned short cp2;
	unsigned int cp;
} table[] = {
""")
out.write("\n".join(rows) + "\n};\n")
out.write("""
int html_entities_find(const char *name, size_t len, unsigned int cp[2])
{
	size_t lo = 0, hi = sizeof table / sizeof table[0];
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		size_t n = table[mid].len < len ? table[mid].len : len;
		int c = memcmp(pool + table[mid].at, name, n);
		if (c == 0)
			c = table[mid].len < len ? -1 : table[mid].len > len ? 1 : 0;
		if (c == 0) {
			cp[0] = table[mid].cp;
			cp[1] = table[mid].cp2;
			return 1;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}
""")
