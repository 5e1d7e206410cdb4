/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * schedule_ics — iCalendar (RFC 5545) with libical, as conference tools,
 * Outlook, Exchange and Google export it: each VEVENT is a talk (SUMMARY,
 * LOCATION, DTSTART, DTEND or DURATION, UID, DESCRIPTION, URL,
 * CATEGORIES, ATTENDEE's CN, X-SPEAKER).
 *
 * Times: a TZID is looked up as the time zone database (IANA, in any
 * case) or Windows ("W. Europe Standard Time", through ICU) names it, else
 * in the file's VTIMEZONE (libical); a time in a spring-forward gap or a
 * fall-back overlap is read as RFC 5545 says (calendar_from_civil()). A
 * floating time is in the calendar's X-WR-TIMEZONE, else in lim's zone
 * (the screen's). A repeating event (RRULE, RDATE) gives one talk for each
 * occurrence that ends after the window's start and starts before its end
 * (lim->now - 1 day to lim->now + lim->horizon; without lim->now, from its
 * own first start), less its EXDATEs and the occurrences an override
 * (RECURRENCE-ID) replaces; each occurrence's id is "UID@START" (START the
 * original start, UTC), the override's the same. An all-day event (DATE)
 * is a day banner (all_day), never a hall's talk. STATUS:CANCELLED events
 * and occurrences are left out.
 *
 * Must not: touch the cache, the file system or the network.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libical/ical.h>

#include "base/calendar.h"
#include "parse/schedule.h"

/* Occurrences one rule may yield before the window's end stops it: a
 * guard against FREQ=SECONDLY over years. */
#define MAX_STEPS 10000
#define ZONE_MAX  127

/* An override of one occurrence: its UID and the original start. */
struct override {
	const char *uid;
	int64_t at;
};

struct ics {
	const struct import_limits *lim;
	struct schedule_result *r;
	icalcomponent *cal;
	char *floating;	      /* the zone of floating times (resolved), "" for UTC */
	char *last_tzid, *last_id; /* the last TZID resolved, and its zone */
	struct override *over;
	size_t nover;
	size_t items;
};

/* libical's text as UTF-8 (any bytes become valid); "" for NULL. Caller
 * frees. */
static char *text(const char *s)
{
	size_t n;
	return utf8_sanitize(s ? s : "", s ? strlen(s) : 0, &n);
}

/* The zone database's name for tzid, or NULL; remembered for the next
 * call (a calendar names few zones, its events many times). Borrowed. */
static const char *zone_id(struct ics *x, const char *tzid)
{
	if (x->last_tzid && !strcmp(x->last_tzid, tzid))
		return x->last_id;
	free(x->last_tzid);
	free(x->last_id);
	x->last_tzid = xstrdup(tzid);
	x->last_id = calendar_zone_id(tzid);
	/* "/freeassociation.sourceforge.net/Europe/Paris": the end of the path.
	 * Zone names are short: only the last ZONE_MAX bytes are looked at, so
	 * a hostile TZID costs a few attempts, not one a slash. */
	size_t len = strlen(tzid);
	const char *from = len > ZONE_MAX ? tzid + len - ZONE_MAX : tzid;
	for (const char *z = strchr(from, '/'); !x->last_id && z; z = strchr(z + 1, '/'))
		x->last_id = z[1] ? calendar_zone_id(z + 1) : NULL;
	return x->last_id;
}

/* t (with its TZID tzid, NULL for none) as Unix time. 0, or -1 when its
 * zone is unknown. */
static int instant(struct ics *x, struct icaltimetype t, const char *tzid, int64_t *out)
{
	const char *zone = "UTC";
	if (icaltime_is_null_time(t))
		return -1;
	if (!icaltime_is_utc(t) && tzid && *tzid) {
		zone = zone_id(x, tzid);
		if (!zone) {
			icaltimezone *z = icalcomponent_get_timezone(x->cal, tzid);
			if (!z)
				return -1;
			t.zone = NULL;
			*out = (int64_t)icaltime_as_timet_with_zone(t, z);
			return 0;
		}
	} else if (!icaltime_is_utc(t) && *x->floating) {
		zone = x->floating;
	}
	return calendar_from_civil(t.year, t.month, t.day, t.is_date ? 0 : t.hour,
				   t.is_date ? 0 : t.minute, t.is_date ? 0 : t.second, zone, out);
}

static const char *tzid_of(icalproperty *p)
{
	icalparameter *z = p ? icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER) : NULL;
	return z ? icalparameter_get_tzid(z) : NULL;
}

/* A VEVENT's fields that every occurrence shares, into e. */
static void fields(icalcomponent *ev, struct event *e)
{
	icalproperty *p;
	e->guid = text((p = icalcomponent_get_first_property(ev, ICAL_UID_PROPERTY))
			   ? icalproperty_get_uid(p)
			   : NULL);
	e->title = text((p = icalcomponent_get_first_property(ev, ICAL_SUMMARY_PROPERTY))
			    ? icalproperty_get_summary(p)
			    : NULL);
	e->room = text((p = icalcomponent_get_first_property(ev, ICAL_LOCATION_PROPERTY))
			   ? icalproperty_get_location(p)
			   : NULL);
	e->abstract = text((p = icalcomponent_get_first_property(ev, ICAL_DESCRIPTION_PROPERTY))
			       ? icalproperty_get_description(p)
			       : NULL);
	e->url = text((p = icalcomponent_get_first_property(ev, ICAL_URL_PROPERTY))
			  ? icalproperty_get_url(p)
			  : NULL);
	e->track = text((p = icalcomponent_get_first_property(ev, ICAL_CATEGORIES_PROPERTY))
			    ? icalproperty_get_categories(p)
			    : NULL);
	char *comma = strchr(e->track, ',');
	if (comma)
		*comma = 0;
	for (p = icalcomponent_get_first_property(ev, ICAL_ANY_PROPERTY); p;
	     p = icalcomponent_get_next_property(ev, ICAL_ANY_PROPERTY)) {
		const char *name = NULL;
		if (icalproperty_isa(p) == ICAL_ATTENDEE_PROPERTY) {
			icalparameter *cn = icalproperty_get_first_parameter(p, ICAL_CN_PARAMETER);
			name = cn ? icalparameter_get_cn(cn) : NULL;
		} else if (icalproperty_isa(p) == ICAL_X_PROPERTY && icalproperty_get_x_name(p) &&
			   !strcasecmp(icalproperty_get_x_name(p), "X-SPEAKER")) {
			name = icalproperty_get_x(p);
		}
		if (name) {
			e->persons = xrealloc(e->persons, (e->npersons + 1) * sizeof *e->persons);
			e->persons[e->npersons++] = text(name);
		}
	}
}

static int cancelled(icalcomponent *ev)
{
	icalproperty *p = icalcomponent_get_first_property(ev, ICAL_STATUS_PROPERTY);
	return p && icalproperty_get_status(p) == ICAL_STATUS_CANCELLED;
}

/* The length of ev (DTEND - DTSTART, or DURATION, or a day for a date). */
static int64_t length(struct ics *x, icalcomponent *ev, struct icaltimetype start,
		      const char *tzid, int64_t at)
{
	icalproperty *p = icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY);
	int64_t end;
	if (p && instant(x, icalproperty_get_dtend(p), tzid_of(p), &end) == 0)
		return end - at;
	p = icalcomponent_get_first_property(ev, ICAL_DURATION_PROPERTY);
	if (p)
		return icaldurationtype_as_int(icalproperty_get_duration(p));
	(void)tzid;
	return start.is_date ? 86400 : 0;
}

/* Add one talk of ev at [start, start + len): its id is guid (borrowed). */
static void emit(struct ics *x, icalcomponent *ev, const char *guid, int64_t start, int64_t len,
		 int all_day)
{
	struct event e = {0};
	fields(ev, &e);
	if (guid) {
		free(e.guid);
		e.guid = xstrdup(guid);
	}
	e.start = start;
	e.end = start + len;
	e.all_day = all_day;
	if (all_day && !*e.room) { /* a banner has no hall */
		free(e.room);
		e.room = xstrdup("");
	}
	schedule_add(x->r, &e, x->items, x->lim);
}

/* "UID@2026-03-02T09:00:00Z". Caller frees. */
static char *occurrence_id(icalcomponent *ev, int64_t at)
{
	icalproperty *p = icalcomponent_get_first_property(ev, ICAL_UID_PROPERTY);
	char iso[32];
	calendar_format_iso8601(at, iso, sizeof iso);
	return xasprintf("%s@%s", p && icalproperty_get_uid(p) ? icalproperty_get_uid(p) : "", iso);
}

static int overridden(const struct ics *x, const char *uid, int64_t at)
{
	for (size_t i = 0; i < x->nover; i++)
		if (x->over[i].at == at && !strcmp(x->over[i].uid, uid))
			return 1;
	return 0;
}

/* Whether at is one of ev's EXDATEs. */
static int excluded(struct ics *x, icalcomponent *ev, int64_t at)
{
	for (icalproperty *p = icalcomponent_get_first_property(ev, ICAL_EXDATE_PROPERTY); p;
	     p = icalcomponent_get_next_property(ev, ICAL_EXDATE_PROPERTY)) {
		int64_t t;
		if (instant(x, icalproperty_get_exdate(p), tzid_of(p), &t) == 0 && t == at)
			return 1;
	}
	return 0;
}

/* One occurrence of ev at local time t (zone tzid) if in [from, to). */
static void occurrence(struct ics *x, icalcomponent *ev, struct icaltimetype t, const char *tzid,
		       int64_t len, int64_t from, int64_t to)
{
	int64_t at;
	icalproperty *u = icalcomponent_get_first_property(ev, ICAL_UID_PROPERTY);
	const char *uid = u && icalproperty_get_uid(u) ? icalproperty_get_uid(u) : "";
	if (instant(x, t, tzid, &at) || at + len <= from || at >= to || excluded(x, ev, at) ||
	    overridden(x, uid, at))
		return;
	char *id = occurrence_id(ev, at);
	emit(x, ev, id, at, len, t.is_date);
	free(id);
}

/* The properties of kind k of c, at most max, into out; how many. libical
 * walks a component's properties with one iterator per component, so a
 * walk inside another over the same component would restart the outer
 * one: lists are taken whole first. */
static size_t props(icalcomponent *c, icalproperty_kind k, icalproperty **out, size_t max)
{
	size_t n = 0;
	for (icalproperty *p = icalcomponent_get_first_property(c, k); p && n < max;
	     p = icalcomponent_get_next_property(c, k))
		out[n++] = p;
	return n;
}

/* An UNTIL in UTC as the wall-clock time of zone tzid (NULL: floating),
 * as the rule's start is: libical compares them field by field. */
static void until_local(struct ics *x, struct icalrecurrencetype *rule, const char *tzid)
{
	int64_t t;
	if (icaltime_is_null_time(rule->until) || !icaltime_is_utc(rule->until) ||
	    instant(x, rule->until, NULL, &t))
		return;
	const char *zone = tzid && *tzid ? zone_id(x, tzid) : *x->floating ? x->floating : "UTC";
	if (!zone) { /* a zone of the file's VTIMEZONE */
		icaltimezone *z = icalcomponent_get_timezone(x->cal, tzid);
		if (z) {
			rule->until = icaltime_convert_to_zone(rule->until, z);
			rule->until.zone = NULL;
		}
		return;
	}
	char *s = calendar_format_gregorian(t, zone, "yyyyMMddHHmmss", 0);
	int f[6] = {0}, w[6] = {4, 2, 2, 2, 2, 2}, k = 0;
	for (int i = 0; s && i < 6; i++)
		for (int j = 0; j < w[i]; j++, k++)
			f[i] = f[i] * 10 + (s[k] >= '0' && s[k] <= '9' ? s[k] - '0' : 0);
	if (s && strlen(s) == 14) {
		int date = rule->until.is_date;
		rule->until = icaltime_null_time();
		rule->until.year = f[0], rule->until.month = f[1], rule->until.day = f[2];
		rule->until.hour = f[3], rule->until.minute = f[4], rule->until.second = f[5];
		rule->until.is_date = date;
	}
	free(s);
}

/* A repeating event: every occurrence of its RRULEs and RDATEs in the
 * window. */
static void repeat(struct ics *x, icalcomponent *ev, struct icaltimetype start,
		   const char *tzid, int64_t first, int64_t len)
{
	int64_t from = x->lim->now ? x->lim->now - 86400 : first;
	int64_t to = (x->lim->now ? x->lim->now : first) + x->lim->horizon;
	/* Rules run on the wall clock of the start's zone (a weekly 09:00
	 * stays 09:00 across a change of offset); a start in UTC stays so. */
	if (icaltime_is_utc(start))
		tzid = "UTC";
	struct icaltimetype local = start;
	local.zone = NULL;
	icalproperty *rules[16], *dates[256];
	size_t nrules = props(ev, ICAL_RRULE_PROPERTY, rules, ARRAY_LEN(rules));
	size_t ndates = props(ev, ICAL_RDATE_PROPERTY, dates, ARRAY_LEN(dates));
	for (size_t i = 0; i < nrules; i++) {
		struct icalrecurrencetype rule = icalproperty_get_rrule(rules[i]);
		until_local(x, &rule, tzid);
		icalrecur_iterator *it = icalrecur_iterator_new(rule, local);
		struct icaltimetype t;
		int64_t at = 0;
		for (int k = 0; it && k < MAX_STEPS && at < to && x->r->events.n < SCHEDULE_MAX_EVENTS;
		     k++) {
			t = icalrecur_iterator_next(it);
			if (icaltime_is_null_time(t) || instant(x, t, tzid, &at))
				break;
			occurrence(x, ev, t, tzid, len, from, to);
		}
		icalrecur_iterator_free(it);
	}
	for (size_t i = 0; i < ndates; i++) {
		struct icaldatetimeperiodtype d = icalproperty_get_rdate(dates[i]);
		if (!icaltime_is_null_time(d.time))
			occurrence(x, ev, d.time, tzid_of(dates[i]) ? tzid_of(dates[i]) : tzid, len,
				   from, to);
	}
}

/* One VEVENT: a talk, an override, or a repeating event's talks. */
static void vevent(struct ics *x, icalcomponent *ev)
{
	x->items++;
	icalproperty *p = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
	struct icaltimetype start = p ? icalproperty_get_dtstart(p) : icaltime_null_time();
	const char *tzid = tzid_of(p);
	int64_t at;
	if (instant(x, start, tzid, &at)) {
		schedule_skip(x->r, "event %zu: %s", x->items,
			      p ? "its zone is not known (no VTIMEZONE for its TZID)"
				: "no start time");
		return;
	}
	if (cancelled(ev)) {
		schedule_skip(x->r, "event %zu: STATUS:CANCELLED", x->items);
		return;
	}
	int64_t len = length(x, ev, start, tzid, at);
	icalproperty *rid = icalcomponent_get_first_property(ev, ICAL_RECURRENCEID_PROPERTY);
	int64_t was;
	if (rid && instant(x, icalproperty_get_recurrenceid(rid), tzid_of(rid), &was) == 0) {
		char *id = occurrence_id(ev, was);
		emit(x, ev, id, at, len, start.is_date);
		free(id);
	} else if (icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY) ||
		   icalcomponent_get_first_property(ev, ICAL_RDATE_PROPERTY)) {
		repeat(x, ev, start, tzid, at, len);
	} else {
		emit(x, ev, NULL, at, len, start.is_date);
	}
}

/* The overrides (RECURRENCE-ID) of cal, cancelled ones included: the
 * occurrences their masters must not give. */
static void find_overrides(struct ics *x)
{
	for (icalcomponent *ev = icalcomponent_get_first_component(x->cal, ICAL_VEVENT_COMPONENT);
	     ev; ev = icalcomponent_get_next_component(x->cal, ICAL_VEVENT_COMPONENT)) {
		icalproperty *rid = icalcomponent_get_first_property(ev, ICAL_RECURRENCEID_PROPERTY);
		icalproperty *uid = icalcomponent_get_first_property(ev, ICAL_UID_PROPERTY);
		int64_t at;
		if (!rid || !uid || !icalproperty_get_uid(uid) ||
		    instant(x, icalproperty_get_recurrenceid(rid), tzid_of(rid), &at))
			continue;
		x->over = xrealloc(x->over, (x->nover + 1) * sizeof *x->over);
		x->over[x->nover++] = (struct override){icalproperty_get_uid(uid), at};
	}
}

/* The calendar's own X- property name, or NULL. Borrowed. */
static const char *calendar_x(icalcomponent *cal, const char *name)
{
	for (icalproperty *p = icalcomponent_get_first_property(cal, ICAL_X_PROPERTY); p;
	     p = icalcomponent_get_next_property(cal, ICAL_X_PROPERTY))
		if (icalproperty_get_x_name(p) && !strcasecmp(icalproperty_get_x_name(p), name))
			return icalproperty_get_x(p);
	return NULL;
}

/* One VCALENDAR: its name, its floating zone, its events. */
static void vcalendar(struct ics *x, icalcomponent *cal)
{
	x->cal = cal;
	const char *name = calendar_x(cal, "X-WR-CALNAME");
	if (name && *name && (!x->r->conference || !*x->r->conference)) {
		free(x->r->conference);
		x->r->conference = text(name);
	}
	const char *wr = calendar_x(cal, "X-WR-TIMEZONE");
	char *zone = wr && *wr ? calendar_zone_id(wr) : NULL;
	if (!zone && x->lim->time_zone && *x->lim->time_zone)
		zone = calendar_zone_id(x->lim->time_zone);
	free(x->floating);
	x->floating = zone ? zone : xstrdup("");
	find_overrides(x);
	/* Taken whole first, as props() says of properties. */
	icalcomponent **evs = NULL;
	size_t n = 0, cap = 0;
	for (icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev;
	     ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
		evs = xgrow(evs, &cap, n + 1, sizeof *evs);
		evs[n++] = ev;
	}
	for (size_t i = 0; i < n; i++)
		vevent(x, evs[i]);
	free(evs);
	free(x->over);
	x->over = NULL;
	x->nover = 0;
}

int schedule_ics_parse(const char *data, size_t len, const struct import_limits *lim,
		       struct schedule_result *r)
{
	/* libical's default is to abort() on an error: never, on any bytes. */
	icalerror_set_errors_are_fatal(0);
	size_t bom = utf8_bom_len(data, len);
	char *s = xmalloc(len - bom + 1);
	for (size_t i = bom; i < len; i++)
		s[i - bom] = data[i] ? data[i] : ' ';
	s[len - bom] = 0;
	icalcomponent *root = icalparser_parse_string(s);
	free(s);
	icalerror_clear_errno();
	struct ics x = {.lim = lim, .r = r, .floating = xstrdup("")};
	icalcomponent_kind kind = root ? icalcomponent_isa(root) : ICAL_NO_COMPONENT;
	if (kind == ICAL_VCALENDAR_COMPONENT) {
		vcalendar(&x, root);
	} else if (kind == ICAL_XROOT_COMPONENT) {
		for (icalcomponent *c = icalcomponent_get_first_component(root, ICAL_VCALENDAR_COMPONENT);
		     c; c = icalcomponent_get_next_component(root, ICAL_VCALENDAR_COMPONENT))
			vcalendar(&x, c);
	}
	if (root)
		icalcomponent_free(root);
	free(x.floating);
	free(x.last_tzid);
	free(x.last_id);
	if (kind != ICAL_VCALENDAR_COMPONENT && kind != ICAL_XROOT_COMPONENT)
		return schedule_fail_at(r, data, len, 0, "not an iCalendar file (no VCALENDAR)");
	free(r->time_zone);
	r->time_zone = xstrdup("");
	return 0;
}
