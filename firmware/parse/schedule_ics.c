/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * schedule_ics — iCalendar (RFC 5545) as Indico and other conference
 * tools export it: each VEVENT is a talk (SUMMARY, LOCATION, DTSTART,
 * DTEND or DURATION, UID, DESCRIPTION, URL, CATEGORIES, ATTENDEE's CN).
 *
 * Lines are unfolded on the raw bytes before any UTF-8 is decoded (a fold
 * may split a character), lines of any length are accepted, a TZID with
 * no VTIMEZONE is looked up in the time zone database, DTSTART in UTC
 * (Z) and all-day dates are accepted. One pass over the file, one
 * unfolded line held at a time.
 *
 * Must not: touch the cache, the file system or the network.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/calendar.h"
#include "parse/schedule.h"

struct ics {
	const struct import_limits *lim;
	struct schedule_result *r;
	char *default_zone; /* X-WR-TIMEZONE, "" when none */
	int in_event;	    /* inside a VEVENT (not one of its sub-components) */
	int nested;	    /* depth of components inside the VEVENT (VALARM) */
	int cancelled;
	size_t items;
	struct event e;
	char *dtstart, *dtstart_zone, *dtend, *dtend_zone, *duration;
};

/* The next unfolded line from data[*pos..len) into line: a line break
 * (CRLF, LF or CR) followed by a space or tab continues the line, and
 * both are dropped, whatever bytes surround them. */
static int next_line(const char *data, size_t len, size_t *pos, struct buf *line)
{
	size_t i = *pos;
	if (i >= len)
		return 0;
	line->len = 0;
	buf_puts(line, "");
	for (;;) {
		size_t start = i;
		while (i < len && data[i] != '\r' && data[i] != '\n')
			i++;
		buf_append(line, data + start, i - start);
		if (i < len && data[i] == '\r')
			i++;
		if (i < len && data[i] == '\n')
			i++;
		if (i < len && (data[i] == ' ' || data[i] == '\t')) {
			i++;
			continue;
		}
		break;
	}
	*pos = i;
	return 1;
}

/* Text value unescaped: \n and \N are line breaks, \, \; \\ themselves. */
static char *unescape(const char *v)
{
	struct buf b = {0};
	buf_puts(&b, "");
	for (; *v; v++) {
		if (*v == '\\' && v[1]) {
			v++;
			buf_putc(&b, *v == 'n' || *v == 'N' ? '\n' : *v);
		} else {
			buf_putc(&b, *v);
		}
	}
	return buf_steal(&b);
}

/* The value of parameter name in params (";A=B;C=\"D\""), unquoted;
 * caller frees; NULL when absent. */
static char *param(const char *params, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = params; p && *p;) {
		if (*p == ';')
			p++;
		const char *eq = strchr(p, '=');
		if (!eq)
			return NULL;
		int match = (size_t)(eq - p) == n && strncasecmp(p, name, n) == 0;
		const char *v = eq + 1, *end;
		if (*v == '"') {
			v++;
			end = strchr(v, '"');
			if (!end)
				end = v + strlen(v);
		} else {
			end = strchr(v, ';');
			if (!end)
				end = v + strlen(v);
		}
		if (match)
			return xstrndup(v, (size_t)(end - v));
		p = *end == '"' ? end + 1 : end;
	}
	return NULL;
}

#define ICS_ZONE_MAX 127

/* "20220517T110000" (or "...Z", or "20220517") in zone into *out. */
static int ics_time(const char *v, const char *zone, int64_t *out)
{
	int f[6] = {0};
	static const int width[] = {4, 2, 2, 2, 2, 2};
	const char *s = v;
	for (int i = 0; i < 6; i++) {
		if (i == 3) {
			if (*s != 'T')
				break;
			s++;
		}
		for (int k = 0; k < width[i]; k++, s++) {
			if (*s < '0' || *s > '9')
				return -1;
			f[i] = f[i] * 10 + (*s - '0');
		}
	}
	int utc = *s == 'Z';
	if (utc)
		s++;
	if (*s)
		return -1;
	if (utc || !zone || !*zone)
		return calendar_from_civil(f[0], f[1], f[2], f[3], f[4], f[5], "UTC", out);
	/* "/freeassociation.sourceforge.net/Europe/Paris": the IANA name is
	 * the end of the path. */
	/* Zone names are short: only the last ICS_ZONE_MAX bytes are looked
	 * at, so a hostile TZID costs at most that many attempts. */
	size_t zlen = strlen(zone);
	if (zlen > ICS_ZONE_MAX)
		zone = strchr(zone + zlen - ICS_ZONE_MAX, '/');
	for (const char *z = zone; z; z = strchr(z + 1, '/')) {
		const char *name = *z == '/' ? z + 1 : z;
		if (*name &&
		    calendar_from_civil(f[0], f[1], f[2], f[3], f[4], f[5], name, out) == 0)
			return 0;
	}
	return -1;
}

#define ICS_MAX_DURATION ((int64_t)1000 * 366 * 86400)

/* An RFC 5545 duration ("PT1H30M", "P1D", "P1W") in seconds; -1 when it is
 * not one or is longer than a thousand years. */
static int ics_duration(const char *s, int64_t *out)
{
	int64_t total = 0, n = 0;
	int sign = 1, digits = 0;
	if (*s == '+' || *s == '-')
		sign = *s++ == '-' ? -1 : 1;
	if (*s++ != 'P')
		return -1;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9') {
			if (n > 100000000)
				return -1;
			n = n * 10 + (*s - '0');
			digits = 1;
			continue;
		}
		static const char units[] = "WDHMS";
		static const int64_t secs[] = {604800, 86400, 3600, 60, 1};
		const char *u = strchr(units, *s);
		if (*s == 'T')
			continue;
		if (!u || !*s || !digits)
			return -1;
		total += n * secs[u - units];
		/* Each part is under 2^60; a sum past a thousand years is
		 * refused before it can grow out of range. */
		if (total > ICS_MAX_DURATION)
			return -1;
		n = 0;
		digits = 0;
	}
	if (digits)
		return -1;
	*out = sign * total;
	return 0;
}

static void event_reset(struct ics *x)
{
	event_clear(&x->e);
	char **f[] = {&x->dtstart, &x->dtstart_zone, &x->dtend, &x->dtend_zone, &x->duration};
	for (size_t i = 0; i < ARRAY_LEN(f); i++) {
		free(*f[i]);
		*f[i] = NULL;
	}
	x->cancelled = 0;
}

static void event_end(struct ics *x)
{
	struct event *e = &x->e;
	int64_t t, d;
	const char *zone = x->default_zone;
	if (x->dtstart && ics_time(x->dtstart, x->dtstart_zone ? x->dtstart_zone : zone, &t) == 0)
		e->start = t;
	if (e->start && x->dtend &&
	    ics_time(x->dtend, x->dtend_zone ? x->dtend_zone : zone, &t) == 0)
		e->end = t;
	else if (e->start && x->duration && ics_duration(x->duration, &d) == 0)
		e->end = e->start + d;
	if (x->cancelled) {
		schedule_skip(x->r, "event %zu (%s): STATUS:CANCELLED", x->items,
			      e->guid ? e->guid : "?");
		event_reset(x);
		return;
	}
	schedule_add(x->r, e, x->items, x->lim);
	event_reset(x);
}

static void set_field(char **f, const char *v)
{
	free(*f);
	*f = unescape(v);
}

/* One property of the open VEVENT. */
static void event_property(struct ics *x, const char *name, const char *params, const char *v)
{
	struct event *e = &x->e;
	if (!strcasecmp(name, "UID"))
		set_field(&e->guid, v);
	else if (!strcasecmp(name, "SUMMARY"))
		set_field(&e->title, v);
	else if (!strcasecmp(name, "LOCATION"))
		set_field(&e->room, v);
	else if (!strcasecmp(name, "DESCRIPTION"))
		set_field(&e->abstract, v);
	else if (!strcasecmp(name, "URL"))
		set_field(&e->url, v);
	else if (!strcasecmp(name, "CATEGORIES")) {
		char *t = unescape(v), *comma = strchr(t, ',');
		if (comma)
			*comma = 0;
		free(e->track);
		e->track = t;
	} else if (!strcasecmp(name, "DTSTART") || !strcasecmp(name, "DTEND")) {
		int start = !strcasecmp(name, "DTSTART");
		set_field(start ? &x->dtstart : &x->dtend, v);
		char **zone = start ? &x->dtstart_zone : &x->dtend_zone;
		free(*zone);
		*zone = param(params, "TZID");
	} else if (!strcasecmp(name, "DURATION"))
		set_field(&x->duration, v);
	else if (!strcasecmp(name, "STATUS"))
		x->cancelled = !strcasecmp(v, "CANCELLED");
	else if (!strcasecmp(name, "ATTENDEE") || !strcasecmp(name, "X-SPEAKER")) {
		char *cn = param(params, "CN");
		if (!cn && !strcasecmp(name, "X-SPEAKER"))
			cn = unescape(v);
		if (cn) {
			e->persons = xrealloc(e->persons, (e->npersons + 1) * sizeof *e->persons);
			e->persons[e->npersons++] = cn;
		}
	}
}

/* One unfolded line "NAME;PARAMS:VALUE" (already UTF-8). */
static void property(struct ics *x, char *line)
{
	char *colon = NULL;
	int quoted = 0;
	for (char *p = line; *p; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (*p == ':' && !quoted) {
			colon = p;
			break;
		}
	}
	if (!colon)
		return; /* not a property line: ignored, as RFC 5545 readers do */
	*colon = 0;
	const char *v = colon + 1;
	char *semi = strchr(line, ';');
	const char *params = semi ? semi + 1 : "";
	if (semi)
		*semi = 0;
	if (!strcasecmp(line, "BEGIN")) {
		if (x->in_event)
			x->nested++;
		else if (!strcasecmp(v, "VEVENT")) {
			x->in_event = 1;
			x->items++;
			event_reset(x);
		}
	} else if (!strcasecmp(line, "END")) {
		if (x->nested)
			x->nested--;
		else if (x->in_event && !strcasecmp(v, "VEVENT")) {
			x->in_event = 0;
			event_end(x);
		}
	} else if (x->in_event && !x->nested) {
		event_property(x, line, params, v);
	} else if (!x->in_event && !strcasecmp(line, "X-WR-CALNAME")) {
		set_field(&x->r->conference, v);
	} else if (!x->in_event && !strcasecmp(line, "X-WR-TIMEZONE")) {
		set_field(&x->default_zone, v);
	}
}

int schedule_ics_parse(const char *data, size_t len, const struct import_limits *lim,
		       struct schedule_result *r)
{
	struct ics x = {.lim = lim, .r = r, .default_zone = xstrdup("")};
	struct buf line = {0};
	size_t pos = utf8_bom_len(data, len);
	int began = 0;
	while (next_line(data, len, &pos, &line)) {
		size_t n;
		/* Decoded only now, after unfolding joined split characters. */
		char *u = utf8_sanitize(line.data, line.len, &n);
		if (!began) {
			char *t = str_trim(u);
			if (!*t) {
				free(u);
				continue;
			}
			if (strcasecmp(t, "BEGIN:VCALENDAR") != 0) {
				free(u);
				event_reset(&x);
				free(x.default_zone);
				buf_free(&line);
				return schedule_fail_at(
				    r, data, len, 0, "not an iCalendar file (no BEGIN:VCALENDAR)");
			}
			began = 1;
		}
		property(&x, u);
		free(u);
	}
	if (x.in_event)
		schedule_skip(r, "event %zu: file ends inside a VEVENT", x.items);
	event_reset(&x);
	free(x.default_zone);
	buf_free(&line);
	free(r->time_zone);
	r->time_zone = xstrdup("");
	return 0;
}
