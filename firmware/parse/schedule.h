/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * schedule — conference schedules, parsed: the three parsers (frab/Pentabarf
 * schedule.xml in schedule_xml.c, frab/pretalx schedule.json and c3voc
 * schedule2 JSON in schedule_json.c, iCalendar in schedule_ics.c) and what
 * they share (detection, times, required fields). Storing a conference with
 * what changed is feed/schedule_store.h; choosing what a screen shows now
 * and next is show/agenda.h.
 *
 * The parsers take bytes in memory and return events; they never touch
 * the cache, the file system or the clock, so they are tested and fuzzed
 * alone.
 *
 * Must not: include the cache, the writers, SDL or layout.
 */
#ifndef KHABAR_SCHEDULE_H
#define KHABAR_SCHEDULE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/event.h"
#include "parse/import.h"
#include "base/util.h"

/* Events one file may hold (a big congress has about 1,500); the rest
 * are skipped. */
#define SCHEDULE_MAX_EVENTS 20000

enum schedule_format { SCHEDULE_NONE, SCHEDULE_XML, SCHEDULE_JSON, SCHEDULE_ICS };

/* The schedule format of data, from its content: an XML document whose
 * root is <schedule>, a JSON object with a "schedule" member or a flat
 * schedule2 "events" array, or text starting BEGIN:VCALENDAR. SCHEDULE_NONE
 * for anything else (an article file). */
enum schedule_format schedule_detect(const char *data, size_t len);
const char *schedule_format_name(enum schedule_format f);

/* What a parser found in one file. Zero-initialise; schedule_result_free(). */
struct schedule_result {
	struct event_list events; /* whole events only, each with r->conference */
	char *conference;	  /* acronym, else title, else the fallback name */
	char *time_zone;	  /* the zone the file names, as written; "" when none */
	char *zone_used;	  /* the zone its local times were read in (schedule_zone()),
				   * NULL when it has none */
	char *zone_origin;	  /* where zone_used came from: "the file's", "[display]
				   * timezone" ... */
	size_t skipped;		  /* events left out, each with a reason */
	size_t renamed;		  /* events whose id another event had: kept as "ID@START" */
	struct buf reasons;	  /* "event 3: no room; ..." (the first few) */
	char *error;		  /* the whole file was refused: "line 3, byte 120: ..." */
};
void schedule_result_free(struct schedule_result *r);

/* Detect the format and run its parser. fallback_name names the
 * conference when the file does not (an .ics without X-WR-CALNAME, or
 * with the name every calendar gets: "Calendar"); lim->conference, when
 * set, names it whatever the file says. Two
 * events with one id (36C3 has three such) are both kept: every one but
 * the earliest gets the id "ID@START" (START in ISO 8601, UTC; "-2",
 * "-3" after it for the same start too), counted in r->renamed.
 * 0, or -1 with r->error (no events kept). data may hold any bytes. */
int schedule_parse(const char *data, size_t len, const struct import_limits *lim,
		   const char *fallback_name, struct schedule_result *r);
int schedule_xml_parse(const char *data, size_t len, const struct import_limits *lim,
		       struct schedule_result *r);
int schedule_json_parse(const char *data, size_t len, const struct import_limits *lim,
			struct schedule_result *r);
int schedule_ics_parse(const char *data, size_t len, const struct import_limits *lim,
		       struct schedule_result *r);

/* What the parsers share. */

/* Record one skipped event and why (printf-style). */
void schedule_skip(struct schedule_result *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Set r->error to "line L, byte B: " + message for byte offset off; drops
 * the events found so far. Returns -1. */
int schedule_fail_at(struct schedule_result *r, const char *data, size_t len, size_t off,
		     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Check e (item: its 1-based place in the file) has a guid, title and a
 * start before its end (an event without a room, a lunch or a break, is
 * for every hall: room ""), trim its fields, reduce its abstract's HTML
 * to text, and add it to r or skip it with the reason. Takes ownership of
 * *e (cleared). */
void schedule_add(struct schedule_result *r, struct event *e, size_t item,
		  const struct import_limits *lim);
/* The zone of r's local times, decided on first use: the file's zone
 * (r->time_zone: IANA in any case, or a Rails name), else lim's, else UTC;
 * r->zone_used and r->zone_origin say which. Borrowed from r. */
const char *schedule_zone(struct schedule_result *r, const struct import_limits *lim);
/* A duration "HH:MM", "H:MM:SS" or "MM" (minutes) into seconds. 0 or -1. */
int schedule_parse_duration(const char *s, int64_t *out);
/* The wall-clock time date ("2023-09-10") hm ("10:30" or "10:30:00") in
 * zone (IANA; "" means UTC) as Unix time. 0 or -1. */
int schedule_local_time(const char *date, const char *hm, const char *zone, int64_t *out);
/* An ISO 8601 time with a UTC offset or Z. A time without either is -1:
 * the parsers then fall back to the local time in the conference's zone. */
int schedule_parse_instant(const char *s, int64_t *out);

#endif
