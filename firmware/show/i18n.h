/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * i18n — the frame's own words (labels, relative times, the page count,
 * the empty card) in the display's language, from the gettext catalogues
 * fa and en (assets/po/, compiled by the Makefile), and the digits, date
 * patterns and direction that go with that language.
 *
 * Must not: translate articles, lay out text, or know about SDL or the
 * cache. Only this module includes <libintl.h> and <locale.h>.
 */
#ifndef KHABAR_I18N_H
#define KHABAR_I18N_H

enum i18n_lang { I18N_FA, I18N_EN };

/* Choose the language of the frame for the rest of the process. 0, or -1
 * (logged once, naming the directories searched) when its catalogue is
 * missing: the words then stay in English. */
int i18n_set(enum i18n_lang lang);
enum i18n_lang i18n_get(void);
/* "fa" or "en". */
const char *i18n_code(enum i18n_lang lang);
/* 1 when the language reads right to left. */
int i18n_rtl(void);

/* The translation of msgid; borrowed, valid for the process. */
const char *i18n_text(const char *msgid);
/* The translation of one/many for the count n; borrowed. */
const char *i18n_ntext(const char *one, const char *many, unsigned long n);
#define _(s) i18n_text(s)
/* Marks a string for the catalogue without translating it here. */
#define N_(s) (s)

/* n in the language's digits (Persian ۰–۹, or ASCII). Caller frees. */
char *i18n_number(long n);

#endif
