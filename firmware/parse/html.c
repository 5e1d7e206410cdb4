/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * html — a small, forgiving HTML-to-text reducer for feed descriptions.
 * It does not build a tree: it walks the bytes once, dropping tags,
 * skipping the contents of <script>, <style> and comments, turning block
 * elements into paragraph breaks and other elements into a space, except
 * inline ones (<a>, <b>, <span>…), which join what is around them.
 *
 * Must not: fetch anything, or keep any markup.
 */
#include "parse/html.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/util.h"
#include "parse/html_entities.h"

size_t html_entity(const char *s, size_t n, char *out, size_t *out_len)
{
	*out_len = 0;
	if (n < 3 || s[0] != '&')
		return 0;
	size_t end = 1;
	while (end < n && end < 34 && s[end] != ';')
		end++;
	if (end >= n || s[end] != ';')
		return 0;
	uint32_t cp = 0;
	if (s[1] == '#') {
		int hex = s[2] == 'x' || s[2] == 'X';
		size_t i = hex ? 3 : 2;
		if (i >= end)
			return 0;
		for (; i < end; i++) {
			char c = s[i];
			int d = c >= '0' && c <= '9'	      ? c - '0'
				: hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
				: hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
							      : -1;
			if (d < 0)
				return 0;
			cp = cp * (hex ? 16 : 10) + (uint32_t)d;
			if (cp > 0x10FFFF)
				cp = 0x110000; /* stays out of range, no overflow */
		}
		if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			cp = 0xFFFD;
	} else {
		unsigned int cps[2];
		if (!html_entities_find(s + 1, end - 1, cps))
			return 0;
		cp = cps[0];
		if (cps[1]) { /* a character and its combining mark, as &nvlt; */
			size_t k = utf8_encode(cp, out);
			*out_len = k + utf8_encode(cps[1], out + k);
		}
	}
	if (!*out_len)
		*out_len = utf8_encode(cp, out);
	return end + 1;
}

/* After "&amp;": the length of "zwnj;" when "&zwnj;" is an entity (an
 * entity escaped twice, which the reader must never see as text), with
 * out set to its character; else 0 and out left alone. */
static size_t twice_escaped(const char *s, size_t n, char *out, size_t *out_len)
{
	char e[40] = "&";
	size_t k = MIN(n, sizeof e - 2);
	memcpy(e + 1, s, k);
	char c[8];
	size_t c_len;
	size_t used = html_entity(e, k + 1, c, &c_len);
	if (!used)
		return 0;
	memcpy(out, c, c_len);
	*out_len = c_len;
	return used - 1;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Elements that end a paragraph. */
static int is_block(const char *name, size_t n)
{
	static const char *const blocks[] = {
	    "p",     "br",	"div",	   "li",     "ul",     "ol",	     "h1",
	    "h2",    "h3",	"h4",	   "h5",     "h6",     "blockquote", "tr",
	    "table", "section", "article", "header", "footer", "figure",     "figcaption",
	    "hr",    "pre",	"dd",	   "dt"};
	for (size_t i = 0; i < ARRAY_LEN(blocks); i++)
		if (strlen(blocks[i]) == n && strncasecmp(blocks[i], name, n) == 0)
			return 1;
	return 0;
}

/* Elements inside a line of text: they add no space of their own, so
 * "<a>Tehran</a>, Shiraz" stays "Tehran, Shiraz". */
static int is_inline(const char *name, size_t n)
{
	static const char *const inl[] = {
	    "a",   "abbr", "b",	   "bdi",   "bdo",  "cite",   "code",	"data",
	    "del", "dfn",  "em",   "font",  "i",    "ins",    "kbd",	"mark",
	    "q",   "s",	   "samp", "small", "span", "strike", "strong", "sub",
	    "sup", "time", "tt",   "u",	    "var",  "label",  "nobr",	"wbr"};
	for (size_t i = 0; i < ARRAY_LEN(inl); i++)
		if (strlen(inl[i]) == n && strncasecmp(inl[i], name, n) == 0)
			return 1;
	return 0;
}

/* The text being built: words joined by one space, paragraphs by '\n'. */
struct out {
	struct buf b;
	int pending_space, pending_break;
};

static void out_text(struct out *o, const char *s, size_t n)
{
	if (!n)
		return;
	if (o->b.len && o->pending_break)
		buf_putc(&o->b, '\n');
	else if (o->b.len && o->pending_space && o->b.data[o->b.len - 1] != '\n')
		buf_putc(&o->b, ' ');
	o->pending_break = o->pending_space = 0;
	buf_append(&o->b, s, n);
}

/* Find the end of a raw-text element's contents ("</script"), case
 * insensitively; returns n when it never ends. */
static size_t find_close(const char *s, size_t n, size_t from, const char *name)
{
	size_t len = strlen(name);
	for (size_t i = from; i + 2 + len <= n; i++)
		if (s[i] == '<' && s[i + 1] == '/' && strncasecmp(s + i + 2, name, len) == 0)
			return i;
	return n;
}

/* From j inside a tag: the offset of its '>' past quoted attribute
 * values, or n. */
static size_t tag_end(const char *s, size_t n, size_t j)
{
	char quote = 0;
	while (j < n && (quote || s[j] != '>')) {
		if (quote && s[j] == quote)
			quote = 0;
		else if (!quote && (s[j] == '"' || s[j] == '\''))
			quote = s[j];
		j++;
	}
	return j;
}

/* The markup at s[i] ('<'): a comment, a tag, or a script or style
 * element with its contents, applied to o. Returns the offset after it. */
static size_t markup(struct out *o, const char *s, size_t n, size_t i)
{
	if (i + 3 < n && memcmp(s + i, "<!--", 4) == 0) {
		const char *end = NULL;
		for (size_t j = i + 4; j + 2 < n; j++)
			if (memcmp(s + j, "-->", 3) == 0) {
				end = s + j + 3;
				break;
			}
		return end ? (size_t)(end - s) : n;
	}
	size_t j = i + 1;
	int closing = j < n && s[j] == '/';
	if (closing)
		j++;
	size_t name = j;
	while (j < n && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') ||
			 (s[j] >= '0' && s[j] <= '9')))
		j++;
	size_t name_len = j - name;
	if (name_len == 0 && !(j < n && (s[j] == '!' || s[j] == '?'))) {
		out_text(o, "<", 1); /* a lone '<' in text */
		return i + 1;
	}
	j = tag_end(s, n, j);
	i = j < n ? j + 1 : n;
	if (!closing && ((name_len == 6 && strncasecmp(s + name, "script", 6) == 0) ||
			 (name_len == 5 && strncasecmp(s + name, "style", 5) == 0))) {
		char tag[8];
		memcpy(tag, s + name, name_len);
		tag[name_len] = 0;
		size_t close = find_close(s, n, i, tag);
		i = close;
		while (i < n && s[i] != '>')
			i++;
		i = i < n ? i + 1 : n;
		o->pending_space = 1;
	} else if (is_block(s + name, name_len)) {
		o->pending_break = 1;
	} else if (!is_inline(s + name, name_len)) {
		o->pending_space = 1; /* <td>, <img>: a word boundary */
	}
	return i;
}

char *html_to_text(const char *s, size_t n)
{
	struct out o = {0};
	size_t i = 0;
	int newlines = 0;
	while (i < n) {
		char c = s[i];
		if (c == '<') {
			i = markup(&o, s, n, i);
			continue;
		}
		if (is_space(c)) {
			if (c == '\n' && ++newlines >= 2)
				o.pending_break = 1; /* a blank line in plain-text descriptions */
			o.pending_space = 1;
			i++;
			continue;
		}
		newlines = 0;
		if (c == '&') {
			char enc[8];
			size_t enc_len;
			size_t used = html_entity(s + i, n - i, enc, &enc_len);
			if (used == 5 && enc[0] == '&')
				used += twice_escaped(s + i + 5, n - i - 5, enc, &enc_len);
			if (used) {
				/* &nbsp; is a space for layout purposes here. */
				if (enc_len == 2 && (unsigned char)enc[0] == 0xC2 &&
				    (unsigned char)enc[1] == 0xA0)
					o.pending_space = 1;
				else
					out_text(&o, enc, enc_len);
				i += used;
				continue;
			}
		}
		size_t j = i;
		while (j < n && s[j] != '<' && s[j] != '&' && !is_space(s[j]))
			j++;
		if (j == i)
			j++;
		out_text(&o, s + i, j - i);
		i = j;
	}
	return buf_steal(&o.b);
}

/* s (n bytes) with its entities decoded and the spaces around it gone. */
static char *decoded(const char *s, size_t n)
{
	while (n && is_space(*s))
		s++, n--;
	while (n && is_space(s[n - 1]))
		n--;
	struct buf b = {0};
	buf_puts(&b, "");
	for (size_t i = 0; i < n;) {
		char enc[8];
		size_t enc_len, used = s[i] == '&' ? html_entity(s + i, n - i, enc, &enc_len) : 0;
		if (used) {
			buf_append(&b, enc, enc_len);
			i += used;
		} else {
			buf_putc(&b, s[i++]);
		}
	}
	return buf_steal(&b);
}

/* The value of attribute name in the attributes s[i, end), decoded; NULL
 * when the tag has none. */
static char *attribute(const char *s, size_t i, size_t end, const char *name)
{
	size_t len = strlen(name);
	while (i < end) {
		while (i < end && (is_space(s[i]) || s[i] == '/'))
			i++;
		size_t at = i;
		while (i < end && !is_space(s[i]) && s[i] != '=' && s[i] != '/')
			i++;
		size_t name_len = i - at;
		while (i < end && is_space(s[i]))
			i++;
		size_t v = i, v_end = i;
		if (i < end && s[i] == '=') {
			i++;
			while (i < end && is_space(s[i]))
				i++;
			char q = i < end && (s[i] == '"' || s[i] == '\'') ? s[i++] : 0;
			v = i;
			while (i < end && (q ? s[i] != q : !is_space(s[i])))
				i++;
			v_end = i;
			i += q && i < end;
		}
		if (name_len == len && strncasecmp(s + at, name, len) == 0)
			return decoded(s + v, v_end - v);
		if (i == at)
			i++; /* a stray '=' */
	}
	return NULL;
}

char *html_first_image(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '<')
			continue;
		if (i + 3 < n && memcmp(s + i, "<!--", 4) == 0) {
			size_t j = i + 4;
			while (j + 2 < n && memcmp(s + j, "-->", 3) != 0)
				j++;
			i = j + 2;
			continue;
		}
		if (i + 4 >= n || strncasecmp(s + i + 1, "img", 3) != 0 ||
		    !(is_space(s[i + 4]) || s[i + 4] == '/' || s[i + 4] == '>'))
			continue;
		size_t end = tag_end(s, n, i + 4);
		char *src = attribute(s, i + 4, end, "src");
		if (src && *src && strncasecmp(src, "data:", 5) != 0)
			return src;
		free(src);
		i = end;
	}
	return NULL;
}
