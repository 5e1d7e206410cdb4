/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * schedule_xml — the frab/Pentabarf schedule.xml (as frab, pretalx and
 * wafer export it) with expat, streaming: each <event> is built as its
 * elements end, and only the text of the element being read is held.
 *
 * Times: an event's <date> with its offset is the instant; only when it
 * has none is the <day>'s date combined with the local <start> in the
 * conference's <time_zone_name> (a conference day runs past midnight: a
 * start before the day's start belongs to the next date). Fields a screen
 * does not use are not checked, so files that fail the XSD elsewhere
 * still import. DOCTYPE and entity declarations are refused before any
 * entity is expanded, as in the feed parser.
 *
 * Must not: touch the cache, the file system or the network.
 */
#include <expat.h>
#include <stdlib.h>
#include <string.h>

#include "parse/schedule.h"

#define CHUNK 65536

struct sx {
	XML_Parser p;
	const struct import_limits *lim;
	struct schedule_result *r;
	int depth;
	int conf_depth;	 /* depth of <conference>, 0 outside */
	int event_depth; /* depth of the open <event>, 0 outside */
	char *refused;	 /* why the parser was stopped */
	struct buf text; /* character data of the element being read */
	char *acronym, *title;
	char *day_date;	   /* the open <day>'s date */
	int64_t day_start; /* its start attribute as an instant, 0 when none */
	size_t items;
	struct event e;
	char *date, *start, *duration, *end, *description;
};

static void refuse(struct sx *x, const char *why)
{
	if (!x->refused)
		x->refused = xstrdup(why);
	XML_StopParser(x->p, XML_FALSE);
}

static const char *attr(const char **atts, const char *name)
{
	for (size_t i = 0; atts[i]; i += 2)
		if (strcmp(atts[i], name) == 0)
			return atts[i + 1];
	return NULL;
}

static void set(char **field, const char *v)
{
	free(*field);
	*field = xstrdup(v ? v : "");
}

static void event_reset(struct sx *x)
{
	event_clear(&x->e);
	char **f[] = {&x->date, &x->start, &x->duration, &x->end, &x->description};
	for (size_t i = 0; i < ARRAY_LEN(f); i++) {
		free(*f[i]);
		*f[i] = NULL;
	}
}

static void XMLCALL on_start(void *ud, const char *name, const char **atts)
{
	struct sx *x = ud;
	buf_free(&x->text);
	if (++x->depth > x->lim->max_depth) {
		refuse(x, "XML nested too deeply");
		return;
	}
	if (x->depth == 1) {
		if (strcmp(name, "schedule") != 0)
			refuse(x, "not a schedule.xml (the root element is not <schedule>)");
		return;
	}
	if (x->event_depth) {
		if (strcmp(name, "track") == 0 && attr(atts, "color"))
			set(&x->e.track_color, attr(atts, "color"));
		return;
	}
	if (x->depth == 2 && strcmp(name, "conference") == 0) {
		x->conf_depth = x->depth;
	} else if (strcmp(name, "day") == 0) {
		set(&x->day_date, attr(atts, "date"));
		if (schedule_parse_instant(attr(atts, "start"), &x->day_start))
			x->day_start = 0;
	} else if (strcmp(name, "event") == 0) {
		x->event_depth = x->depth;
		x->items++;
		event_reset(x);
		const char *guid = attr(atts, "guid");
		set(&x->e.guid, guid && *guid ? guid : attr(atts, "id"));
	}
}

static void XMLCALL on_text(void *ud, const char *s, int len)
{
	struct sx *x = ud;
	/* Bounded: an abstract longer than the body limit is cut. */
	if (x->text.len + (size_t)len <= x->lim->max_body)
		buf_append(&x->text, s, (size_t)len);
}

/* Start and end of the finished event from its fields. */
static void event_times(struct sx *x)
{
	struct event *e = &x->e;
	int64_t t, dur;
	if (schedule_parse_instant(x->date, &t) == 0) {
		e->start = t;
	} else {
		/* A <date> without an offset still names the day. */
		char day[11] = "";
		const char *d = x->date && strlen(x->date) >= 10 ? x->date : x->day_date;
		snprintf(day, sizeof day, "%.10s", d ? d : "");
		/* No <start>: the local time in <date> ("2019-08-21T11:00:00"). */
		const char *hm = x->start && *x->start ? x->start
				 : x->date && strlen(x->date) >= 16 && x->date[10] == 'T'
				     ? x->date + 11
				     : NULL;
		if (schedule_local_time(day, hm, schedule_zone(x->r, x->lim), &t) == 0) {
			if (x->day_start && t < x->day_start && (!x->date || !*x->date))
				t += 86400;
			e->start = t;
		}
	}
	if (e->start && schedule_parse_duration(x->duration, &dur) == 0)
		e->end = e->start + dur;
	else if (e->start && schedule_parse_instant(x->end, &t) == 0)
		e->end = t;
}

static void event_field(struct sx *x, const char *name, char *t)
{
	struct event *e = &x->e;
	char **f = NULL;
	if (!strcmp(name, "title"))
		f = &e->title;
	else if (!strcmp(name, "subtitle"))
		f = &e->subtitle;
	else if (!strcmp(name, "room"))
		f = &e->room;
	else if (!strcmp(name, "track"))
		f = &e->track;
	else if (!strcmp(name, "type"))
		f = &e->type;
	else if (!strcmp(name, "language"))
		f = &e->lang;
	else if (!strcmp(name, "abstract"))
		f = &e->abstract;
	else if (!strcmp(name, "url"))
		f = &e->url;
	else if (!strcmp(name, "date"))
		f = &x->date;
	else if (!strcmp(name, "start"))
		f = &x->start;
	else if (!strcmp(name, "duration"))
		f = &x->duration;
	else if (!strcmp(name, "end"))
		f = &x->end;
	else if (!strcmp(name, "description"))
		f = &x->description;
	if (f) {
		free(*f);
		*f = str_trim(t);
	} else {
		free(t);
	}
}

static void XMLCALL on_end(void *ud, const char *name)
{
	struct sx *x = ud;
	char *t = buf_steal(&x->text);
	if (!t)
		t = xstrdup("");
	int depth = x->depth--;
	if (x->event_depth && depth == x->event_depth) {
		x->event_depth = 0;
		event_times(x);
		if ((!x->e.abstract || !*x->e.abstract) && x->description) {
			free(x->e.abstract);
			x->e.abstract = x->description;
			x->description = NULL;
		}
		schedule_add(x->r, &x->e, x->items, x->lim);
		event_reset(x);
		free(t);
		return;
	}
	if (x->event_depth && depth == x->event_depth + 1) {
		event_field(x, name, t);
		return;
	}
	if (x->event_depth && depth == x->event_depth + 2 && !strcmp(name, "person")) {
		x->e.persons = xrealloc(x->e.persons, (x->e.npersons + 1) * sizeof *x->e.persons);
		x->e.persons[x->e.npersons++] = t;
		return;
	}
	if (x->conf_depth && depth == x->conf_depth + 1) {
		if (!strcmp(name, "acronym"))
			set(&x->acronym, str_trim(t));
		else if (!strcmp(name, "title"))
			set(&x->title, str_trim(t));
		else if (!strcmp(name, "time_zone_name"))
			set(&x->r->time_zone, str_trim(t));
	} else if (x->conf_depth && depth == x->conf_depth) {
		x->conf_depth = 0;
		free(x->r->conference);
		x->r->conference = xstrdup(x->acronym && *x->acronym ? x->acronym
					   : x->title		     ? x->title
								     : "");
	}
	free(t);
}

static void XMLCALL on_doctype(void *ud, const char *name, const char *sysid, const char *pubid,
			       int has_internal)
{
	(void)name, (void)sysid, (void)pubid, (void)has_internal;
	refuse(ud, "DOCTYPE declarations are refused (entity expansion attack?)");
}

static void XMLCALL on_entity(void *ud, const char *name, int is_param, const char *value, int len,
			      const char *base, const char *sysid, const char *pubid,
			      const char *notation)
{
	(void)name, (void)is_param, (void)value, (void)len, (void)base, (void)sysid, (void)pubid;
	(void)notation;
	refuse(ud, "entity declarations are refused (entity expansion attack?)");
}

int schedule_xml_parse(const char *data, size_t len, const struct import_limits *lim,
		       struct schedule_result *r)
{
	struct sx x = {.lim = lim, .r = r};
	int ret = 0;
	if (!r->time_zone)
		r->time_zone = xstrdup("");
	x.p = XML_ParserCreate("UTF-8");
	if (!x.p)
		return schedule_fail_at(r, data, len, 0, "out of memory for the XML parser");
	XML_SetUserData(x.p, &x);
	XML_SetElementHandler(x.p, on_start, on_end);
	XML_SetCharacterDataHandler(x.p, on_text);
	XML_SetStartDoctypeDeclHandler(x.p, on_doctype);
	XML_SetEntityDeclHandler(x.p, on_entity);
	XML_SetParamEntityParsing(x.p, XML_PARAM_ENTITY_PARSING_NEVER);
	size_t off = 0;
	do {
		size_t n = MIN(len - off, (size_t)CHUNK);
		int final = off + n == len;
		if (XML_Parse(x.p, data + off, (int)n, final) != XML_STATUS_OK) {
			size_t at = (size_t)XML_GetCurrentByteIndex(x.p);
			if (x.refused)
				ret = schedule_fail_at(r, data, len, at, "%s", x.refused);
			else
				ret = schedule_fail_at(r, data, len, at, "XML: %s",
						       XML_ErrorString(XML_GetErrorCode(x.p)));
			break;
		}
		off += n;
	} while (off < len);
	XML_ParserFree(x.p);
	event_reset(&x);
	buf_free(&x.text);
	free(x.refused);
	free(x.acronym);
	free(x.title);
	free(x.day_date);
	return ret;
}
