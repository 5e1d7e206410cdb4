/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * i18n — the frame's words through gettext.
 *
 * The catalogue is chosen with LANGUAGE under the C.UTF-8 message locale,
 * so it works on a system with no Persian locale installed, and only
 * LC_MESSAGES changes: numbers printed with printf keep their '.'. The
 * catalogue directory is found next to the binary (build/locale, or
 * PREFIX/share/locale when installed) or in $KHABAR_LOCALEDIR.
 *
 * Must not: translate articles, lay out text, or know about SDL or the
 * cache.
 */
#include "show/i18n.h"

#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "text/text.h"
#include "base/util.h"

#define DOMAIN "khabar"

/* glibc's counter of loaded catalogues: bumping it makes gettext look
 * again after the language changed (documented by GNU gettext). */
extern int _nl_msg_cat_cntr;

static enum i18n_lang current = I18N_FA;
static int bound, tried;

const char *i18n_code(enum i18n_lang lang)
{
	return lang == I18N_EN ? "en" : "fa";
}

static int has_catalogue(const char *dir, enum i18n_lang lang)
{
	char *path = xasprintf("%s/%s/LC_MESSAGES/" DOMAIN ".mo", dir, i18n_code(lang));
	int ok = access(path, R_OK) == 0;
	free(path);
	return ok;
}

/* The directory holding <lang>/LC_MESSAGES/khabar.mo, or NULL. */
static char *find_dir(enum i18n_lang lang)
{
	const char *env = getenv("KHABAR_LOCALEDIR");
	if (env && *env)
		return has_catalogue(env, lang) ? xstrdup(env) : NULL;
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return NULL;
	exe[n] = 0;
	char *slash = strrchr(exe, '/');
	if (slash)
		*slash = 0;
	/* build/khabar, build/tests/x, PREFIX/bin/khabar */
	static const char *const rel[] = {"/locale", "/../locale", "/../share/locale"};
	for (size_t i = 0; i < ARRAY_LEN(rel); i++) {
		char cand[PATH_MAX + 32];
		snprintf(cand, sizeof cand, "%s%s", exe, rel[i]);
		if (has_catalogue(cand, lang)) {
			char *real = realpath(cand, NULL);
			if (real)
				return real;
		}
	}
	return NULL;
}

int i18n_set(enum i18n_lang lang)
{
	current = lang;
	tried = 1;
	char *dir = find_dir(lang);
	if (!dir) {
		log_warn("i18n: no %s catalogue (%s.mo) in $KHABAR_LOCALEDIR, next to the binary "
			 "(locale/) or in ../share/locale; the frame's words stay in English",
			 i18n_code(lang), DOMAIN);
		bound = 0;
		return -1;
	}
	if (!setlocale(LC_MESSAGES, "C.UTF-8"))
		setlocale(LC_MESSAGES, "");
	setenv("LANGUAGE", i18n_code(lang), 1);
	bindtextdomain(DOMAIN, dir);
	bind_textdomain_codeset(DOMAIN, "UTF-8");
	++_nl_msg_cat_cntr;
	bound = 1;
	free(dir);
	return 0;
}

enum i18n_lang i18n_get(void)
{
	return current;
}

int i18n_rtl(void)
{
	return current == I18N_FA;
}

const char *i18n_text(const char *msgid)
{
	if (!tried)
		i18n_set(current);
	return dgettext(DOMAIN, msgid);
}

const char *i18n_ntext(const char *one, const char *many, unsigned long n)
{
	if (!tried)
		i18n_set(current);
	return dngettext(DOMAIN, one, many, n);
}

char *i18n_number(long n)
{
	char digits[32];
	int len = snprintf(digits, sizeof digits, "%ld", n);
	if (current != I18N_FA)
		return xstrdup(digits);
	/* The text engine's digit rule, so a number reads the same wherever
	 * it comes from (docs/text-layout.md). */
	return text_normalize(digits, (size_t)len, TEXT_NORM_DIGITS, 1, NULL);
}
