/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * schedule_json — the frab/pretalx schedule.json (c3voc schema v1: events
 * under conference.days[].rooms) and the flat c3voc schedule2 JSON
 * (schedule.events[] with start and end), with cJSON. The file is already
 * bounded by the import size limit; cJSON bounds the nesting.
 *
 * Times: an event's "date" (v1) or "start"/"end" (schedule2) with their
 * own offsets are the instants, whatever offset the conference uses
 * elsewhere; only without an offset does the day's date with the local
 * "start" in the conference's time_zone_name count.
 *
 * Must not: touch the cache, the file system or the network.
 */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "parse/schedule.h"

/* A member as text: strings as they are, numbers (ids) in decimal; NULL
 * for anything else. Borrowed or in buf (at least 32 bytes). */
static const char *text_of(const cJSON *o, const char *name, char *buf, size_t n)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	if (cJSON_IsString(v))
		return v->valuestring;
	if (cJSON_IsNumber(v)) {
		snprintf(buf, n, "%.0f", v->valuedouble);
		return buf;
	}
	return NULL;
}

static char *dup_member(const cJSON *o, const char *name)
{
	char num[32];
	const char *s = text_of(o, name, num, sizeof num);
	return xstrdup(s ? s : "");
}

/* A member that is a string, or an object with a "name" (a room, a
 * track in schedule2): its text. */
static char *name_of(const cJSON *o, const char *member)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, member);
	if (cJSON_IsObject(v)) {
		if (cJSON_IsString(cJSON_GetObjectItemCaseSensitive(v, "name")))
			return dup_member(v, "name");
		return dup_member(v, "slug");
	}
	return dup_member(o, member);
}

/* The colour of a track named (or with the slug) name in the
 * conference's tracks: v1 "color", schedule2 "colors": {"light", ...}. */
static char *track_colour(const cJSON *tracks, const char *name)
{
	const cJSON *t;
	cJSON_ArrayForEach(t, tracks)
	{
		char a[32], b[32];
		const char *tn = text_of(t, "name", a, sizeof a),
			   *ts = text_of(t, "slug", b, sizeof b);
		if (!*name || !((tn && !strcmp(tn, name)) || (ts && !strcmp(ts, name))))
			continue;
		const cJSON *colors = cJSON_GetObjectItemCaseSensitive(t, "colors");
		if (cJSON_IsObject(colors))
			return dup_member(colors,
					  cJSON_GetObjectItem(colors, "dark") ? "dark" : "light");
		return dup_member(t, "color");
	}
	return xstrdup("");
}

/* A track's display name for a slug (schedule2 events name tracks by
 * slug). */
static char *track_name(const cJSON *tracks, char *slug)
{
	const cJSON *t;
	cJSON_ArrayForEach(t, tracks)
	{
		char a[32];
		const char *ts = text_of(t, "slug", a, sizeof a);
		if (ts && *slug && !strcmp(ts, slug) &&
		    cJSON_IsString(cJSON_GetObjectItem(t, "name"))) {
			free(slug);
			return dup_member(t, "name");
		}
	}
	return slug;
}

static void persons(struct event *e, const cJSON *list)
{
	const cJSON *p;
	cJSON_ArrayForEach(p, list)
	{
		const char *role = cJSON_GetStringValue(cJSON_GetObjectItem(p, "role"));
		if (role && strcmp(role, "SPEAKER") != 0 && strcmp(role, "speaker") != 0)
			continue;
		char *n = cJSON_IsString(p)			  ? xstrdup(p->valuestring)
			  : cJSON_GetObjectItem(p, "public_name") ? dup_member(p, "public_name")
								  : dup_member(p, "name");
		e->persons = xrealloc(e->persons, (e->npersons + 1) * sizeof *e->persons);
		e->persons[e->npersons++] = n;
	}
}

struct ctx {
	const struct import_limits *lim;
	struct schedule_result *r;
	const cJSON *tracks;
	size_t items;
};

/* Start and end of event o; day_date/day_start from its day (v1). */
static void times(struct ctx *c, struct event *e, const cJSON *o, const char *day_date,
		  int64_t day_start)
{
	char b1[32], b2[32];
	const char *date = text_of(o, "date", b1, sizeof b1),
		   *start = text_of(o, "start", b2, sizeof b2);
	int64_t t, dur;
	if (schedule_parse_instant(date, &t) == 0 || schedule_parse_instant(start, &t) == 0) {
		e->start = t;
	} else if (start || date) {
		/* A local date and time without an offset ("2019-08-21T11:00:00"
		 * in "start" or "date") or a day and a local "start". */
		const char *local = start && strlen(start) >= 16 && start[10] == 'T' ? start
				    : !start && date && strlen(date) >= 16 && date[10] == 'T'
					? date
					: NULL;
		const char *d = local ? local : date && strlen(date) >= 10 ? date : day_date;
		char day[11], hm[9];
		snprintf(day, sizeof day, "%.10s", d ? d : "");
		snprintf(hm, sizeof hm, "%.8s", local ? local + 11 : start ? start : "");
		if (schedule_local_time(day, hm, schedule_zone(c->r, c->lim), &t) == 0) {
			if (day_start && t < day_start && !date && !local)
				t += 86400;
			e->start = t;
		}
	}
	char b3[32], b4[32];
	const char *d = text_of(o, "duration", b3, sizeof b3),
		   *end = text_of(o, "end", b4, sizeof b4);
	if (e->start && d && schedule_parse_duration(d, &dur) == 0)
		e->end = e->start + dur;
	else if (e->start && schedule_parse_instant(end, &t) == 0)
		e->end = t;
}

static void one_event(struct ctx *c, const cJSON *o, const char *day_date, int64_t day_start)
{
	struct event e = {0};
	c->items++;
	if (!cJSON_IsObject(o)) {
		schedule_skip(c->r, "event %zu: not an object", c->items);
		return;
	}
	e.guid = dup_member(o, "guid");
	if (!*e.guid) {
		free(e.guid);
		e.guid = dup_member(o, "id");
	}
	e.room = name_of(o, "room");
	e.title = dup_member(o, "title");
	e.subtitle = dup_member(o, "subtitle");
	e.track = name_of(o, "track");
	e.track = track_name(c->tracks, e.track);
	e.track_color = track_colour(c->tracks, e.track);
	e.type = dup_member(o, "type");
	e.lang = dup_member(o, "language");
	e.url = dup_member(o, "url");
	e.abstract = dup_member(o, "abstract");
	if (!*e.abstract) {
		free(e.abstract);
		e.abstract = dup_member(o, "description");
	}
	const cJSON *ps = cJSON_GetObjectItem(o, "persons");
	persons(&e, ps ? ps : cJSON_GetObjectItem(o, "participants"));
	times(c, &e, o, day_date, day_start);
	schedule_add(c->r, &e, c->items, c->lim);
}

/* v1: conference.days[].rooms{name: [events]}. */
static void days(struct ctx *c, const cJSON *list)
{
	const cJSON *day;
	cJSON_ArrayForEach(day, list)
	{
		char b[32];
		const char *date = text_of(day, "date", b, sizeof b);
		int64_t day_start = 0;
		char b2[40];
		if (schedule_parse_instant(text_of(day, "day_start", b2, sizeof b2), &day_start))
			day_start = 0;
		const cJSON *room, *ev;
		cJSON_ArrayForEach(room, cJSON_GetObjectItem(day, "rooms"))
		{
			cJSON_ArrayForEach(ev, room) one_event(c, ev, date, day_start);
		}
	}
}

int schedule_json_parse(const char *data, size_t len, const struct import_limits *lim,
			struct schedule_result *r)
{
	const char *end = NULL;
	cJSON *root = cJSON_ParseWithLengthOpts(data, len, &end, 0);
	if (!root) {
		size_t at = end && end >= data ? (size_t)(end - data) : 0;
		return schedule_fail_at(r, data, len, at, "not valid JSON");
	}
	const cJSON *sched = cJSON_GetObjectItem(root, "schedule");
	if (!cJSON_IsObject(sched))
		sched = root;
	const cJSON *conf = cJSON_GetObjectItem(sched, "conference");
	if (!cJSON_IsObject(conf)) {
		cJSON_Delete(root);
		return schedule_fail_at(r, data, len, 0,
					"no \"conference\" object: not a schedule");
	}
	free(r->conference);
	r->conference = dup_member(conf, "acronym");
	if (!*r->conference) {
		free(r->conference);
		r->conference = dup_member(conf, "title");
	}
	free(r->time_zone);
	r->time_zone = dup_member(conf, "time_zone_name");
	struct ctx c = {.lim = lim, .r = r, .tracks = cJSON_GetObjectItem(conf, "tracks")};
	const cJSON *events = cJSON_GetObjectItem(sched, "events");
	if (cJSON_IsArray(events)) {
		const cJSON *ev;
		cJSON_ArrayForEach(ev, events) one_event(&c, ev, NULL, 0);
	} else {
		days(&c, cJSON_GetObjectItem(conf, "days"));
	}
	cJSON_Delete(root);
	return 0;
}
