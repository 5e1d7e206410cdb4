/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * schedule — what the schedule parsers share (detection, times, required
 * fields), the merge that remembers what a re-import changed, and the
 * choice of each room's current and next talk. Storing is in
 * schedule_store.c.
 *
 * Must not: know about SDL, layout or the cache.
 */
#include "parse/schedule.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/calendar.h"
#include "base/lang.h"
#include "parse/html.h"

#define STR(x)	#x
#define XSTR(x) STR(x)

/* Reasons listed on one result line before "and more". */
#define MAX_REASONS 5

/* The first byte that is not a space, after a UTF-8 byte order mark. */
static size_t skip_space(const char *data, size_t len, size_t i)
{
	if (i == 0)
		i = utf8_bom_len(data, len);
	while (i < len && strchr(" \t\r\n", data[i]) && data[i])
		i++;
	return i;
}

/* Past "<?...?>" and "<!--...-->" at the start of an XML document: is the
 * root element <schedule>? */
static int xml_root_is_schedule(const char *data, size_t len, size_t i)
{
	for (int guard = 0; guard < 64; guard++) {
		i = skip_space(data, len, i);
		if (i + 1 >= len || data[i] != '<')
			return 0;
		const char *close = NULL;
		if (data[i + 1] == '?')
			close = "?>";
		else if (len - i >= 4 && memcmp(data + i, "<!--", 4) == 0)
			close = "-->";
		if (!close) {
			static const char tag[] = "<schedule";
			size_t n = sizeof tag - 1;
			return len - i > n && memcmp(data + i, tag, n) == 0 &&
			       strchr(" \t\r\n>/", data[i + n]) && data[i + n];
		}
		const char *end = NULL;
		for (size_t j = i + 2; j + strlen(close) <= len; j++)
			if (memcmp(data + j, close, strlen(close)) == 0) {
				end = data + j;
				break;
			}
		if (!end)
			return 0;
		i = (size_t)(end - data) + strlen(close);
	}
	return 0;
}

/* Whether the JSON text holds the member name "key" followed by ':' in
 * its first bytes: a cheap test; the parser decides for real. */
static int json_has_member(const char *data, size_t len, const char *key)
{
	size_t n = strlen(key), lim = MIN(len, (size_t)1 << 16);
	for (size_t i = 0; i + n + 2 <= lim; i++) {
		if (data[i] != '"' || memcmp(data + i + 1, key, n) != 0 || data[i + n + 1] != '"')
			continue;
		size_t j = i + n + 2;
		while (j < lim && strchr(" \t\r\n", data[j]) && data[j])
			j++;
		if (j < lim && data[j] == ':')
			return 1;
	}
	return 0;
}

enum schedule_format schedule_detect(const char *data, size_t len)
{
	size_t i = skip_space(data, len, 0);
	if (i >= len)
		return SCHEDULE_NONE;
	if (len - i >= 15 && strncasecmp(data + i, "BEGIN:VCALENDAR", 15) == 0)
		return SCHEDULE_ICS;
	if (data[i] == '<')
		return xml_root_is_schedule(data, len, i) ? SCHEDULE_XML : SCHEDULE_NONE;
	if (data[i] == '{' && (json_has_member(data + i, len - i, "schedule") ||
			       (json_has_member(data + i, len - i, "conference") &&
				json_has_member(data + i, len - i, "events"))))
		return SCHEDULE_JSON;
	return SCHEDULE_NONE;
}

const char *schedule_format_name(enum schedule_format f)
{
	return f == SCHEDULE_XML    ? "schedule.xml"
	       : f == SCHEDULE_JSON ? "schedule JSON"
	       : f == SCHEDULE_ICS  ? "iCalendar"
				    : "not a schedule";
}

void schedule_result_free(struct schedule_result *r)
{
	if (!r)
		return;
	event_list_free(&r->events);
	buf_free(&r->reasons);
	free(r->conference);
	free(r->time_zone);
	free(r->zone_used);
	free(r->zone_origin);
	free(r->error);
	memset(r, 0, sizeof *r);
}

void schedule_skip(struct schedule_result *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_add_reason(&r->reasons, &r->skipped, MAX_REASONS, fmt, ap);
	va_end(ap);
}

int schedule_fail_at(struct schedule_result *r, const char *data, size_t len, size_t off,
		     const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *e = error_at(data, len, off, fmt, ap);
	va_end(ap);
	free(r->error);
	r->error = e;
	event_list_free(&r->events);
	return -1;
}

static char *trimmed(char *s)
{
	return str_trim(s ? s : xstrdup(""));
}

/* One line: tabs and line breaks become spaces. */
static void one_line(char *s)
{
	for (; *s; s++)
		if (*s == '\n' || *s == '\r' || *s == '\t')
			*s = ' ';
}

void schedule_add(struct schedule_result *r, struct event *e, size_t item,
		  const struct import_limits *lim)
{
	char **fields[] = {&e->guid,	    &e->room, &e->title, &e->subtitle, &e->track,
			   &e->track_color, &e->type, &e->lang,	 &e->url,      &e->old_room};
	for (size_t i = 0; i < ARRAY_LEN(fields); i++) {
		*fields[i] = trimmed(*fields[i]);
		one_line(*fields[i]);
	}
	free(e->conference);
	e->conference = xstrdup(r->conference ? r->conference : "");
	char *abstract = e->abstract ? e->abstract : xstrdup("");
	e->abstract = html_to_text(abstract, strlen(abstract));
	free(abstract);
	size_t kept = 0;
	for (size_t i = 0; i < e->npersons; i++) {
		char *p = trimmed(e->persons[i]);
		one_line(p);
		if (*p)
			e->persons[kept++] = p;
		else
			free(p);
	}
	e->npersons = kept;
	e->dir = lang_title_dir(e->title, e->lang);
	const char *why = NULL;
	if (!*e->guid)
		why = "no id or guid";
	else if (!*e->title)
		why = "no title";
	else if (!e->start)
		why = "no start time";
	/* A duration of 0 is a duration (a poster, a deadline): kept, never
	 * "now", shown as next until it starts. */
	else if (e->end < e->start)
		why = "no duration or end, or an end before its start";
	else if (strlen(e->title) > lim->max_title)
		why = "title too long";
	else if (r->events.n >= SCHEDULE_MAX_EVENTS)
		why = "more than " XSTR(SCHEDULE_MAX_EVENTS) " events in one file";
	if (why)
		schedule_skip(r, "event %zu (%s): %s", item, *e->guid ? e->guid : "?", why);
	else
		event_list_take(&r->events, e);
	event_clear(e);
}

const char *schedule_zone(struct schedule_result *r, const struct import_limits *lim)
{
	if (r->zone_used)
		return r->zone_used;
	const char *file = r->time_zone ? r->time_zone : "";
	r->zone_used = *file ? calendar_zone_id(file) : NULL;
	if (r->zone_used) {
		r->zone_origin = strcmp(r->zone_used, file) ? xasprintf("the file's \"%s\"", file)
							    : xstrdup("the file's");
		return r->zone_used;
	}
	char *id = lim->time_zone && *lim->time_zone ? calendar_zone_id(lim->time_zone) : NULL;
	r->zone_used = id ? id : xstrdup("UTC");
	const char *from = !id			  ? "no zone given"
			   : lim->time_zone_origin ? lim->time_zone_origin
						   : "the importer's";
	if (*file)
		r->zone_origin = xasprintf("%s; the file's \"%s\" is not a known zone", from, file);
	else
		r->zone_origin = xstrdup(from);
	return r->zone_used;
}

int schedule_parse_duration(const char *s, int64_t *out)
{
	int a, b = 0, c = 0, parts = 1;
	if (!s)
		return -1;
	while (*s == ' ')
		s++;
	if (str_digits(&s, 4, &a))
		return -1;
	if (*s == ':') {
		s++;
		parts++;
		if (str_digits(&s, 2, &b) || b > 59)
			return -1;
		if (*s == ':') {
			s++;
			parts++;
			if (str_digits(&s, 2, &c) || c > 59)
				return -1;
		}
	}
	while (*s == ' ')
		s++;
	if (*s)
		return -1;
	*out = parts == 1 ? (int64_t)a * 60 : (int64_t)a * 3600 + b * 60 + c;
	return 0;
}

int schedule_local_time(const char *date, const char *hm, const char *zone, int64_t *out)
{
	const char *s = date;
	int y, mo, d, h, mi, sec = 0;
	if (!s || str_digits(&s, 4, &y) || *s++ != '-' || str_digits(&s, 2, &mo) || *s++ != '-' ||
	    str_digits(&s, 2, &d))
		return -1;
	s = hm;
	if (!s || str_digits(&s, 2, &h) || *s++ != ':' || str_digits(&s, 2, &mi))
		return -1;
	if (*s == ':' && (s++, str_digits(&s, 2, &sec)))
		return -1;
	if (*s)
		return -1;
	return calendar_from_civil(y, mo, d, h, mi, sec, zone && *zone ? zone : "UTC", out);
}

int schedule_parse_instant(const char *s, int64_t *out)
{
	if (!s)
		return -1;
	while (*s == ' ')
		s++;
	/* "2023-09-10T05:00:00+00:00": the offset or Z comes after the time. */
	if (strlen(s) < 16 || !strpbrk(s + 11, "Zz+-"))
		return -1;
	return calendar_parse_iso8601(s, out);
}

/* Whether name is the name a calendar program gives every calendar
 * (Outlook, Google, Thunderbird, in a few languages). */
static int default_calendar_name(const char *name)
{
	static const char *const names[] = {"Calendar", "Calendario", "Calendrier", "Kalender",
					    "Agenda", "Kalenteri", "Kalendarz", "تقویم",
					    "Home", "Personal", "Untitled"};
	for (size_t i = 0; i < ARRAY_LEN(names); i++)
		if (!strcasecmp(name, names[i]))
			return 1;
	return 0;
}

static int by_guid_then_start(const void *a, const void *b)
{
	const struct event *x = *(const struct event *const *)a, *y = *(const struct event *const *)b;
	int c = strcmp(x->guid, y->guid);
	if (c)
		return c;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x < y ? -1 : x > y; /* stable: file order */
}

/* Give every event that shares its id with an earlier-starting one the
 * id "ID@START" (see schedule_parse()); returns how many. */
static size_t rename_shared_ids(struct event_list *l)
{
	if (l->n < 2)
		return 0;
	struct event **by = xcalloc(l->n, sizeof *by);
	for (size_t i = 0; i < l->n; i++)
		by[i] = &l->items[i];
	qsort(by, l->n, sizeof *by, by_guid_then_start);
	size_t renamed = 0, first = 0;
	for (size_t i = 1; i <= l->n; i++) {
		if (i < l->n && !strcmp(by[i]->guid, by[first]->guid))
			continue;
		/* by[first..i) share one id; the first keeps it. */
		for (size_t k = first + 1, same = 1; k < i; k++) {
			char at[32];
			calendar_format_iso8601(by[k]->start, at, sizeof at);
			same = by[k]->start == by[k - 1]->start ? same + 1 : 1;
			char *id = same > 1 ? xasprintf("%s@%s-%zu", by[first]->guid, at, same)
					    : xasprintf("%s@%s", by[first]->guid, at);
			free(by[k]->guid);
			by[k]->guid = id;
			renamed++;
		}
		first = i;
	}
	free(by);
	return renamed;
}

int schedule_parse(const char *data, size_t len, const struct import_limits *lim,
		   const char *fallback_name, struct schedule_result *r)
{
	int ret;
	enum schedule_format f = schedule_detect(data, len);
	/* iCalendar is decoded line by line after unfolding; the others
	 * must be UTF-8 as they stand. */
	size_t bad = f == SCHEDULE_ICS ? len : utf8_first_invalid(data, len);
	if (bad < len)
		return schedule_fail_at(r, data, len, bad, "not UTF-8 text (byte 0x%02X)",
					(unsigned char)data[bad]);
	switch (f) {
	case SCHEDULE_XML: ret = schedule_xml_parse(data, len, lim, r); break;
	case SCHEDULE_JSON: ret = schedule_json_parse(data, len, lim, r); break;
	case SCHEDULE_ICS: ret = schedule_ics_parse(data, len, lim, r); break;
	default: return schedule_fail_at(r, data, len, 0, "not a schedule");
	}
	if (ret)
		return ret;
	if (lim->conference && *lim->conference) {
		free(r->conference);
		r->conference = xstrdup(lim->conference);
	} else if (f == SCHEDULE_ICS && r->conference && default_calendar_name(r->conference)) {
		/* Outlook's "Calendar" names every calendar: two would be one. */
		free(r->conference);
		r->conference = NULL;
	}
	if (!r->conference || !*r->conference) {
		free(r->conference);
		r->conference =
		    xstrdup(fallback_name && *fallback_name ? fallback_name : "schedule");
	}
	for (size_t i = 0; i < r->events.n; i++) {
		free(r->events.items[i].conference);
		r->events.items[i].conference = xstrdup(r->conference);
	}
	if (!r->time_zone)
		r->time_zone = xstrdup("");
	r->renamed = rename_shared_ids(&r->events);
	event_list_sort(&r->events);
	return 0;
}
