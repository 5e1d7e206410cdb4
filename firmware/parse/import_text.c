/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * import_text — the plain-text form in which scraped Persian news pages
 * arrive: the first non-empty line is the title, the following lines are
 * body paragraphs, and the page trailer after the body is metadata
 * (منبع: source, a Jalali date and a Tehran time, تگهای مطلب: tags) mixed
 * with page furniture (ratings, counters, comment form, captcha) that is
 * dropped. One file is one article.
 *
 * Must not: touch the cache or the file system.
 */
#include <stdlib.h>
#include <string.h>

#include "base/calendar.h"
#include "parse/import.h"
#include "base/lang.h"

/* A line with Persian (U+06F0..) and Arabic-Indic (U+0660..) digits made
 * ASCII; caller frees. */
static char *ascii_digits(const char *s)
{
	struct buf b = {0};
	buf_puts(&b, "");
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((p[0] == 0xDB && p[1] >= 0xB0 && p[1] <= 0xB9) ||
		    (p[0] == 0xD9 && p[1] >= 0xA0 && p[1] <= 0xA9)) {
			buf_putc(&b, (char)('0' + (p[1] & 0x0F)));
			p++;
		} else {
			buf_putc(&b, (char)*p);
		}
	}
	return buf_steal(&b);
}

static int all_digits(const char *s, size_t n)
{
	if (!n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Skips spaces; ASCII digits into *v; returns the end or NULL. */
static const char *num(const char *s, int maxd, int *v)
{
	while (*s == ' ')
		s++;
	int n = 0;
	*v = 0;
	while (n < maxd && *s >= '0' && *s <= '9') {
		*v = *v * 10 + (*s++ - '0');
		n++;
	}
	return n ? s : NULL;
}

/* "1401/03/17", optionally followed by a time. 1 when the line is a date. */
static int parse_date(const char *ascii, int *y, int *m, int *d, int *h, int *mi, int *sec,
		      int *has_time)
{
	const char *s = ascii;
	if (!(s = num(s, 4, y)) || *s++ != '/' || !(s = num(s, 2, m)) || *s++ != '/' ||
	    !(s = num(s, 2, d)) || *y < 1000)
		return 0;
	while (*s == ' ' || *s == '-' || *s == ',')
		s++;
	*has_time = 0;
	if (!*s)
		return 1;
	const char *t = num(s, 2, h);
	if (!t || *t++ != ':' || !(t = num(t, 2, mi)))
		return 0;
	*sec = 0;
	if (*t == ':' && !(t = num(t + 1, 2, sec)))
		return 0;
	while (*t == ' ')
		t++;
	*has_time = 1;
	return *t == 0;
}

static int parse_time(const char *ascii, int *h, int *mi, int *sec)
{
	const char *t = num(ascii, 2, h);
	if (!t || *t++ != ':' || !(t = num(t, 2, mi)))
		return 0;
	*sec = 0;
	if (*t == ':' && !(t = num(t + 1, 2, sec)))
		return 0;
	return *t == 0;
}

/* When line starts with one of the labels (then optional spaces and a
 * colon), the value after the colon; else NULL. */
static const char *after_label(const char *line, const char *const *labels, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(labels[i]);
		if (strncmp(line, labels[i], len) != 0)
			continue;
		const char *p = line + len;
		while (*p == ' ')
			p++;
		if (*p == ':')
			return p + 1;
	}
	return NULL;
}

static const char *const source_labels[] = {"منبع", "منبع خبر"};
static const char *const tag_labels[] = {"تگهای مطلب",	"تگ‌های مطلب",
					 "تگ های مطلب", "برچسب‌ها",
					 "برچسب ها",	"برچسبها",
					 "کلمات کلیدی"};

/* Page furniture: lines a scraper picked up from around the article. */
static int is_furniture(const char *line, const char *ascii)
{
	static const char *const exact[] = {"X",
					    "×",
					    "این مطلب را می پسندید؟",
					    "این مطلب را می‌پسندید؟",
					    "تازه ترین مطالب مرتبط",
					    "تازه‌ترین مطالب مرتبط",
					    "مطالب مرتبط",
					    "از دست ندهید!",
					    "از دست ندهید",
					    "اشتراک گذاری",
					    "اشتراک‌گذاری",
					    "ارسال نظر",
					    "نظرات",
					    "چاپ"};
	static const char *const prefixes[] = {
	    "نظرات بینندگان", "نظر شما", "نام:", "ایمیل:", "نظر:", "سوال:", "پاسخ:", "کد امنیتی"};
	for (size_t i = 0; i < ARRAY_LEN(exact); i++)
		if (strcmp(line, exact[i]) == 0)
			return 1;
	for (size_t i = 0; i < ARRAY_LEN(prefixes); i++)
		if (strncmp(line, prefixes[i], strlen(prefixes[i])) == 0)
			return 1;
	size_t n = strlen(ascii);
	if (all_digits(ascii, n))
		return 1; /* view and like counts */
	if (n > 2 && ascii[0] == '(' && ascii[n - 1] == ')' && all_digits(ascii + 1, n - 2))
		return 1; /* (2) */
	if (ascii[0] == '=')
		return 1; /* the arithmetic captcha, "= ۶ بعلاوه ۱" */
	/* A rating: "5.0 / 5", "4/5". */
	const char *slash = strchr(ascii, '/');
	if (slash && !strchr(slash + 1, '/')) {
		int ok = 1, digit = 0;
		for (const char *p = ascii; *p && ok; p++) {
			digit |= *p >= '0' && *p <= '9';
			ok = (*p >= '0' && *p <= '9') || *p == '.' || *p == ' ' || *p == '/';
		}
		if (ok && digit && strlen(slash + 1) <= 4)
			return 1;
	}
	return 0;
}

/* The X in "به نقل از X،": at most four words, up to a delimiter. */
static char *quoted_source(const char *body)
{
	static const char *const markers[] = {"به نقل از ", "به‌نقل از ", "بنقل از "};
	for (size_t m = 0; m < ARRAY_LEN(markers); m++) {
		const char *p = strstr(body, markers[m]);
		if (!p)
			continue;
		p += strlen(markers[m]);
		size_t n = 0;
		int words = 1;
		while (p[n] && p[n] != '\n' && p[n] != ',' && p[n] != '.' && p[n] != ':' &&
		       p[n] != '(' && p[n] != ')' && p[n] != '"' &&
		       strncmp(p + n, "،", strlen("،")) != 0 &&
		       strncmp(p + n, "؛", strlen("؛")) != 0 &&
		       strncmp(p + n, "«", strlen("«")) != 0) {
			if (p[n] == ' ')
				words++;
			n++;
		}
		if (n == 0 || n > 80 || words > 4)
			continue;
		char *s = str_trim(xstrndup(p, n));
		if (*s)
			return s;
		free(s);
	}
	return NULL;
}

static void add_tags(struct article *a, const char *value)
{
	char *copy = xstrdup(value);
	char *p = copy;
	for (;;) {
		char *comma = strchr(p, ',');
		char *arabic = strstr(p, "،");
		char *end = comma && (!arabic || comma < arabic) ? comma : arabic;
		size_t skip = end == comma ? 1 : strlen("،");
		if (end)
			*end = 0;
		char *t = str_trim(p);
		if (*t) {
			a->tags = xrealloc(a->tags, (a->ntags + 1) * sizeof *a->tags);
			a->tags[a->ntags++] = xstrdup(t);
		}
		if (!end)
			break;
		p = end + skip;
	}
	free(copy);
}

/* A page being read, line by line. */
struct page {
	struct article a;
	struct buf body;
	char *source;
	int in_trailer, have_date, have_time;
	int y, mo, d, h, mi, sec; /* the first Jalali date and time found */
	size_t date_off;	  /* where that date is, for a message */
};

/* One non-empty line (trimmed; taken) at byte offset off. */
static void page_line(struct page *pg, char *line, size_t off)
{
	char *ascii = ascii_digits(line);
	const char *v;
	int dy, dm, dd, th, tm, ts, with_time;
	if (!pg->a.title && !after_label(line, source_labels, ARRAY_LEN(source_labels)) &&
	    !after_label(line, tag_labels, ARRAY_LEN(tag_labels)) &&
	    !parse_date(ascii, &dy, &dm, &dd, &th, &tm, &ts, &with_time)) {
		pg->a.title = line;
		line = NULL;
	} else if ((v = after_label(line, source_labels, ARRAY_LEN(source_labels)))) {
		pg->in_trailer = 1;
		free(pg->source);
		pg->source = str_trim(xstrdup(v));
	} else if ((v = after_label(line, tag_labels, ARRAY_LEN(tag_labels)))) {
		pg->in_trailer = 1;
		add_tags(&pg->a, v);
	} else if (parse_date(ascii, &dy, &dm, &dd, &th, &tm, &ts, &with_time)) {
		pg->in_trailer = 1;
		if (!pg->have_date) {
			pg->have_date = 1;
			pg->date_off = off;
			pg->y = dy, pg->mo = dm, pg->d = dd;
			if (with_time)
				pg->have_time = 1, pg->h = th, pg->mi = tm, pg->sec = ts;
		}
	} else if (pg->have_date && !pg->have_time && parse_time(ascii, &th, &tm, &ts)) {
		pg->have_time = 1, pg->h = th, pg->mi = tm, pg->sec = ts;
	} else if (pg->in_trailer || is_furniture(line, ascii)) {
		/* Page furniture after the body, or a counter inside it. */
	} else {
		if (pg->body.len)
			buf_putc(&pg->body, '\n');
		buf_puts(&pg->body, line);
	}
	free(ascii);
	free(line);
}

int import_text_parse(const char *data, size_t len, const struct import_limits *lim,
		      struct import_result *r)
{
	struct page pg = {0};
	struct article *a = &pg.a;
	size_t pos = 0;
	while (pos < len) {
		size_t end = pos;
		while (end < len && data[end] != '\n')
			end++;
		char *line = str_trim(xstrndup(data + pos, end - pos));
		if (*line)
			page_line(&pg, line, pos);
		else
			free(line);
		pos = end + 1;
	}
	a->body = buf_steal(&pg.body);
	char *nl = strchr(a->body, '\n');
	a->summary = nl ? xstrndup(a->body, (size_t)(nl - a->body)) : xstrdup(a->body);
	if (pg.source && *pg.source) {
		a->source = pg.source;
		pg.source = NULL;
	} else {
		a->source = quoted_source(a->body);
	}
	free(pg.source);
	/* `import --lang` names it; else this format (a saved Persian news
	 * page) is Persian when its text reads right to left, and left to
	 * the text otherwise (an English note is not Persian). */
	enum article_dir dir = lang_text_dir(a->title, a->body);
	a->lang = xstrdup(lim->lang || dir != ARTICLE_DIR_RTL ? "" : "fa");
	if (pg.have_date && calendar_from_jalali(pg.y, pg.mo, pg.d, pg.h, pg.mi, pg.sec,
						 CALENDAR_TEHRAN, &a->published)) {
		article_clear(a);
		return import_fail_at(r, data, len, pg.date_off,
				      "%04d/%02d/%02d %02d:%02d:%02d is not a Jalali date and time",
				      pg.y, pg.mo, pg.d, pg.h, pg.mi, pg.sec);
	}
	import_add(r, a, 1, lim);
	return 0;
}
