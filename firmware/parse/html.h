/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * html — the HTML found in feed descriptions, reduced to plain text:
 * entities decoded, tags dropped, scripts and styles removed, paragraphs
 * kept from <p>, <br> and other block elements; and the first image it
 * shows, for a lead image.
 *
 * Must not: fetch anything, or keep any markup.
 */
#ifndef KHABAR_HTML_H
#define KHABAR_HTML_H

#include <stddef.h>

/* Plain text of the HTML in s (n bytes), paragraphs separated by one '\n',
 * spaces collapsed, no empty paragraphs. Never fails; caller frees. */
char *html_to_text(const char *s, size_t n);

/* The src of the first <img> in the HTML s (n bytes) that has one (not
 * empty, not a data: URI), its entities decoded, as written (it may be
 * relative); NULL when there is none. Caller frees. */
char *html_first_image(const char *s, size_t n);

/* Decode one entity at s ('&' first, n bytes left) into out (at least 8
 * bytes). Returns the bytes of s it used, or 0 when it is not an entity
 * (the '&' is then literal); *out_len is the bytes written. */
size_t html_entity(const char *s, size_t n, char *out, size_t *out_len);

#endif
