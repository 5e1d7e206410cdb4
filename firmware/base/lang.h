/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lang — languages and reading directions of articles and talks: a language tag in
 * its canonical BCP 47 form, the direction of the script a language is
 * written in, and the direction of a text from its strong characters.
 *
 * Threads: every function may be called from any thread at once (the MQTT
 * subscriber's and the importer's); what lang.c remembers between calls
 * is kept per thread.
 *
 * Must not: know about SDL, layout, the cache or any import format.
 */
#ifndef KHABAR_LANG_H
#define KHABAR_LANG_H

#include "base/article.h"

/* The canonical BCP 47 form of a language tag as feeds write it ("en-us",
 * "EN_GB", "fa-IR" -> "en-US", "en-GB", "fa-IR"); "" when tag is empty or
 * not a language tag. Caller frees. */
char *lang_canonical(const char *tag);

/* The direction of the script tag's language is usually written in
 * ("ur" -> RTL, "de-CH" -> LTR, "az-Arab" -> RTL); ARTICLE_DIR_AUTO when the
 * language or its script is unknown. */
enum article_dir lang_dir(const char *tag);

/* The direction of a text: the first strong character of title, checked
 * against body (when the body's strong characters are mostly of the other
 * direction, the body wins: "ITU از ..." is a Persian headline). RTL when
 * neither has a strong character. Either may be NULL. */
enum article_dir lang_text_dir(const char *title, const char *body);
/* The direction most of the strong characters of title and body (its
 * first few hundred) take, when more than two in three take it; AUTO when
 * neither clearly wins. Either may be NULL. */
enum article_dir lang_text_majority(const char *title, const char *body);

/* The direction of s's first strong character, an Arabic-Indic or
 * Persian digit counting as right to left ("۴۵ minutes" starts from the
 * right); ARTICLE_DIR_AUTO when s (which may be NULL) has none. */
enum article_dir lang_first_dir(const char *s);

/* The direction of a talk's title, settled when the talk is imported: a
 * title whose letters all read one way reads that way, whatever its
 * language says (a schedule's language is the spoken one: "What is new in
 * Python 3.13" in a Persian talk reads left to right); a title of both
 * directions reads in its language's ("HarfBuzz و شکل‌دهی متن", fa: right
 * to left), else as lang_text_dir() reads it against itself; a title
 * without letters takes its language's, else ARTICLE_DIR_AUTO (the
 * frame's). lang may be NULL or "". */
enum article_dir lang_title_dir(const char *title, const char *lang);

/* Remove from s, in place, what a one-line title must not hold: control
 * characters (C0, C1) and the bidi embedding, override and isolate
 * controls, which unmatched would reorder what follows. Joiners and
 * direction marks stay. Returns s. */
char *lang_strip_controls(char *s);

/* Whether s has a character that shows: not a space, a format character
 * (joiners, marks, BOM) or a control. */
int lang_has_visible(const char *s);

#endif
