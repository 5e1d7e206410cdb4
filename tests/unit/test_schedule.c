/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests for the schedule parsers and what the schedule module decides:
 * the real files of ../shared/corpus/schedules/ (skipped when absent) with
 * instants written down by hand from the files, the Persian conference of
 * tests/schedules/, the traps of each format, the merge that remembers
 * changes, and the choice of each room's current and next talk.
 */
#include "testutil.h"

#include <unistd.h>

#include "cache/cache.h"
#include "feed/schedule_store.h"
#include "parse/schedule.h"
#include "show/agenda.h"

#define CORPUS "../shared/corpus/schedules/"

static struct import_limits lim(void)
{
	struct import_limits l;
	import_limits_default(&l);
	return l;
}

/* Parse a file of the corpus (relative to the source tree); skips the
 * test when the corpus is not there. */
static void parse_corpus(const char *name, struct schedule_result *r)
{
	char *path = xasprintf("%s/%s%s", datadir(), CORPUS, name), *err = NULL;
	size_t len;
	if (access(path, R_OK) != 0) {
		print_message("%s: not there; skipping\n", path);
		free(path);
		skip();
	}
	char *data = file_read(path, 0, &len, &err);
	assert_non_null(data);
	struct import_limits l = lim();
	if (schedule_parse(data, len, &l, "fallback", r))
		fail_msg("%s: %s", name, r->error);
	free(data);
	free(path);
}

static void parse_text(const char *text, struct schedule_result *r)
{
	struct import_limits l = lim();
	schedule_parse(text, strlen(text), &l, "fallback", r);
}

static const struct event *by_guid(const struct schedule_result *r, const char *guid)
{
	for (size_t i = 0; i < r->events.n; i++)
		if (!strcmp(r->events.items[i].guid, guid))
			return &r->events.items[i];
	fail_msg("no event %s", guid);
	return NULL;
}

static void debconf_dates_are_utc_and_starts_local_across_the_day_boundary(void **state)
{
	(void)state;
	struct schedule_result r = {0};
	parse_corpus("debconf23-wafer.schedule.xml", &r);
	assert_int_equal(r.events.n, 117);
	assert_int_equal(r.skipped, 0);
	assert_string_equal(r.conference, "debconf23");
	assert_string_equal(r.time_zone, "Asia/Kolkata");
	/* Opening Ceremony: under <day date="2023-09-09">, <date>
	 * 2023-09-10T05:00:00+00:00, <start>10:30 (India, +05:30). */
	const struct event *e = by_guid(&r, "455d075f-48c0-2ec2-24b3-f5add30c383a");
	assert_int_equal(e->start, 1694322000); /* 2023-09-10T05:00:00Z */
	assert_int_equal(e->end, 1694322000 + 20 * 60);
	assert_string_equal(e->room, "Anamudi");
	assert_string_equal(e->title, "Opening Ceremony");
	assert_int_equal(e->npersons, 1);
	assert_string_equal(e->persons[0], "Sruthi Chandran");
	assert_string_equal(e->url, "https://debconf23.debconf.org/talks/18-opening-ceremony/");
	/* Event 1: <start>07:00 local is 01:30 UTC, 3 h 30 min. */
	e = by_guid(&r, "4bd0f4b3-ed98-8834-365c-28752657797d");
	assert_int_equal(e->start, 1694309400); /* 2023-09-10T01:30:00Z */
	assert_int_equal(e->end, 1694309400 + 210 * 60);
	/* The day trip, 8 h 30 min from 2023-09-13T05:00:00Z. */
	e = by_guid(&r, "5764409b-2f48-b97c-cb2a-84ce5f1711e0");
	assert_int_equal(e->start, 1694581200);
	assert_int_equal(e->end, 1694581200 + 510 * 60);
	schedule_result_free(&r);
}

static void camp2019_json_v1_reads_79_events_with_their_offsets(void **state)
{
	(void)state;
	struct schedule_result r = {0};
	parse_corpus("camp2019-frab.schedule.json", &r);
	assert_int_equal(r.events.n, 79);
	assert_int_equal(r.skipped, 0);
	assert_string_equal(r.conference, "Camp2019");
	const struct event *e = by_guid(&r, "a0a0fcfe-b7fb-46e3-84b6-97a5406016b4");
	assert_int_equal(e->start, 1566378000); /* 2019-08-21T11:00:00+02:00 */
	assert_int_equal(e->end, 1566378000 + 30 * 60);
	assert_string_equal(e->room, "Curie");
	assert_string_equal(e->track, "CCC");
	assert_int_equal(e->npersons, 2);
	assert_string_equal(e->persons[1], "smtw");
	schedule_result_free(&r);
}

static void schedule2_keeps_each_events_offset_and_track_colour(void **state)
{
	(void)state;
	struct schedule_result r = {0};
	parse_corpus("38c3-hub.schedule2.json", &r);
	assert_int_equal(r.events.n, 2);
	assert_string_equal(r.conference, "38c3");
	const struct event *e = by_guid(&r, "270fa44c-821a-577f-8ca3-33e8d4a8c2a7");
	assert_int_equal(e->start, 1735291800); /* 2024-12-27T10:30:00+01:00 */
	assert_int_equal(e->end, 1735291800 + 30 * 60);
	assert_string_equal(e->room, "Saal 1");
	assert_string_equal(e->track, "CCC");
	assert_string_equal(e->track_color, "#F2F006");
	assert_int_equal(e->npersons, 2); /* speakers, not the contributor */
	/* 2024-12-28T00:15:00+01:00 is still 27 December in UTC. */
	e = by_guid(&r, "b1740c2f-0c44-5f1b-89ed-456a9eecf0b8");
	assert_int_equal(e->start, 1735341300);
	assert_int_equal(e->end, 1735341300 + 40 * 60);
	assert_string_equal(e->subtitle, "Most Wanted Using Deep Reinforcement Learning");
	schedule_result_free(&r);
}

static void kielux_ics_reads_utc_starts_without_vtimezone(void **state)
{
	(void)state;
	struct schedule_result r = {0};
	parse_corpus("kielux2020.ics", &r);
	assert_int_equal(r.events.n, 24);
	assert_string_equal(r.conference, "18. Kieler Open Source und Linux Tage");
	const struct event *e = by_guid(&r, "460@KOLT20");
	assert_int_equal(e->start, 1600426800); /* 20200918T110000Z */
	assert_int_equal(e->end, 1600426800 + 3600);
	assert_string_equal(e->room, "Ravensberg");
	assert_string_equal(e->title, "OpenCelium - Der generische OpenSoure API-Hub");
	assert_int_equal(e->npersons, 1);
	assert_string_equal(e->persons[0], "Jakob Semere");
	schedule_result_free(&r);
}

static void jres_ics_resolves_tzid_and_joins_a_fold_inside_a_character(void **state)
{
	(void)state;
	struct schedule_result r = {0};
	parse_corpus("jres2022.ics", &r);
	/* 120 VEVENTs, all kept: presentation_147 ends when it starts, a
	 * duration of 0, not a missing one. */
	assert_int_equal(r.events.n, 120);
	assert_int_equal(r.skipped, 0);
	const struct event *e = by_guid(&r, "presentation_147@conf-ng.jres.org");
	assert_non_null(e);
	assert_int_equal(e->end, e->start);
	assert_string_equal(r.conference, "JRES 2021/22");
	e = by_guid(&r, "presentation_94@conf-ng.jres.org");
	assert_int_equal(e->start, 1652778000); /* 20220517T110000 Europe/Paris, CEST */
	assert_int_equal(e->end, 1652778000 + 90 * 60);
	assert_string_equal(e->room, "Accueil Parc Chanot");
	/* Lines 1600-1601 fold inside the three bytes of U+2019. */
	int found = 0;
	for (size_t i = 0; i < r.events.n; i++) {
		assert_null(strstr(r.events.items[i].abstract, "\xEF\xBF\xBD"));
		found |= strstr(r.events.items[i].abstract, "d\xE2\x80\x99"
							    "exploitation.") != NULL;
	}
	assert_true(found);
	schedule_result_free(&r);
}

static void persian_conference_reads_the_same_from_xml_and_json(void **state)
{
	(void)state;
	struct schedule_result x = {0}, j = {0};
	struct import_limits l = lim();
	size_t n;
	char *data = test_read("tests/schedules/tehran1405.schedule.xml", &n);
	assert_int_equal(schedule_parse(data, n, &l, "x", &x), 0);
	free(data);
	data = test_read("tests/schedules/tehran1405.schedule.json", &n);
	assert_int_equal(schedule_parse(data, n, &l, "x", &j), 0);
	free(data);
	assert_int_equal(x.events.n, 17);
	assert_int_equal(j.events.n, 17);
	assert_string_equal(x.conference, "tehran1405");
	for (size_t i = 0; i < x.events.n; i++) {
		const struct event *a = &x.events.items[i], *b = &j.events.items[i];
		assert_string_equal(a->guid, b->guid);
		assert_int_equal(a->start, b->start);
		assert_int_equal(a->end, b->end);
		assert_string_equal(a->room, b->room);
		assert_string_equal(a->title, b->title);
		assert_string_equal(a->abstract, b->abstract);
	}
	/* کارگاه گیت: no <date> in the XML, 10:00 in Asia/Tehran (+03:30). */
	const struct event *e = by_guid(&x, "7e4a0c2e-1405-4000-8000-000000000013");
	assert_int_equal(e->start, 1778653800);
	assert_string_equal(e->room, "کارگاه ۱");
	assert_string_equal(e->abstract,
			    "کارگاه گیت برای تازه‌کارها"); /* <p> dropped */
	e = by_guid(&j, "7e4a0c2e-1405-4000-8000-000000000013");
	assert_string_equal(e->track_color, "#2e86c1");
	schedule_result_free(&x);
	schedule_result_free(&j);
}

static void xml_without_dates_counts_past_midnight_as_the_next_day(void **state)
{
	(void)state;
	struct schedule_result r = {0};
	parse_text("<schedule><conference><acronym>night</acronym>"
		   "<time_zone_name>Europe/Berlin</time_zone_name></conference>"
		   "<day date=\"2019-08-21\" start=\"2019-08-21T09:00:00+02:00\">"
		   "<room name=\"A\"><event guid=\"late\"><start>01:30</start>"
		   "<duration>00:45</duration><room>A</room><title>Late</title></event>"
		   "<event id=\"7\"><start>11:00</start><duration>1:00</duration>"
		   "<room>A</room><title>Early</title></event></room></day></schedule>",
		   &r);
	assert_null(r.error);
	assert_int_equal(r.events.n, 2);
	/* 2019-08-21 11:00 CEST = 09:00Z; 01:30 belongs to 22 August: 23:30Z. */
	assert_string_equal(r.events.items[0].guid, "7");
	assert_int_equal(r.events.items[0].start, 1566378000);
	assert_int_equal(r.events.items[1].start, 1566430200);
	assert_int_equal(r.events.items[1].end, 1566430200 + 45 * 60);
	schedule_result_free(&r);
}

static void json_times_without_offsets_are_local_to_the_conference(void **state)
{
	(void)state;
	struct schedule_result r = {0};
	parse_text("{\"schedule\": {\"conference\": {\"acronym\": \"l\", \"time_zone_name\": "
		   "\"Europe/Berlin\"}, \"events\": [{\"guid\": \"a\", \"start\": "
		   "\"2024-12-27T10:30:00\", \"duration\": \"00:30\", \"room\": \"R\", "
		   "\"title\": \"t\"}]}}",
		   &r);
	assert_int_equal(r.events.n, 1);
	assert_int_equal(r.events.items[0].start, 1735291800); /* 10:30 CET = 09:30Z */
	schedule_result_free(&r);
	memset(&r, 0, sizeof r);
	parse_text("{\"schedule\": {\"conference\": {\"acronym\": \"l\", \"time_zone_name\": "
		   "\"Europe/Berlin\", \"days\": [{\"date\": \"2024-12-27\", \"rooms\": {\"R\": "
		   "[{\"guid\": \"b\", \"date\": \"2024-12-27T10:30:00\", \"duration\": \"0:30\", "
		   "\"room\": \"R\", \"title\": \"t\"}]}}]}}}",
		   &r);
	assert_int_equal(r.events.n, 1);
	assert_int_equal(r.events.items[0].start, 1735291800);
	schedule_result_free(&r);
}

static void events_without_required_fields_are_skipped_with_reasons(void **state)
{
	(void)state;
	struct schedule_result r = {0};
	parse_text("{\"schedule\": {\"conference\": {\"title\": \"T\", \"days\": [{\"date\": "
		   "\"2024-01-01\", \"rooms\": {\"A\": ["
		   "{\"guid\": \"ok\", \"date\": \"2024-01-01T10:00:00+00:00\", \"duration\": "
		   "\"00:30\", \"room\": \"A\", \"title\": \"Fine\"},"
		   "{\"guid\": \"g2\", \"date\": \"2024-01-01T10:00:00+00:00\", \"duration\": "
		   "\"00:30\", \"room\": \"A\"},"
		   "{\"guid\": \"g3\", \"date\": \"2024-01-01T10:00:00+00:00\", \"title\": \"x\", "
		   "\"room\": \"A\"},"
		   "{\"date\": \"2024-01-01T10:00:00+00:00\", \"duration\": \"0:30\", "
		   "\"room\": \"A\", \"title\": \"y\"},"
		   "{\"guid\": \"g5\", \"duration\": \"0:30\", \"room\": \"\", \"title\": \"z\"},"
		   "7]}}]}}}",
		   &r);
	assert_null(r.error);
	assert_int_equal(r.events.n, 1);
	assert_int_equal(r.skipped, 5);
	assert_non_null(strstr(r.reasons.data, "event 2 (g2): no title"));
	assert_non_null(strstr(r.reasons.data, "event 3 (g3): no duration or end"));
	assert_non_null(strstr(r.reasons.data, "event 4 (?): no id or guid"));
	/* No room is not a reason (a break is every hall's); no time is. */
	assert_non_null(strstr(r.reasons.data, "event 5 (g5): no start time"));
	assert_non_null(strstr(r.reasons.data, "event 6: not an object"));
	schedule_result_free(&r);
}

static void entity_declarations_are_refused(void **state)
{
	(void)state;
	struct schedule_result r = {0};
	parse_text("<?xml version=\"1.0\"?><!DOCTYPE schedule [<!ENTITY a \"aaaa\">"
		   "<!ENTITY b \"&a;&a;&a;&a;\">]><schedule><conference><title>&b;</title>"
		   "</conference></schedule>",
		   &r);
	/* The DOCTYPE comes before the root: not even detected as a schedule. */
	assert_non_null(r.error);
	schedule_result_free(&r);
	memset(&r, 0, sizeof r);
	struct import_limits l = lim();
	const char *doc = "<schedule><!DOCTYPE x></schedule>";
	assert_int_equal(schedule_xml_parse(doc, strlen(doc), &l, &r), -1);
	schedule_result_free(&r);
	memset(&r, 0, sizeof r);
	const char *ent = "<!DOCTYPE schedule [<!ENTITY e \"x\">]><schedule/>";
	assert_int_equal(schedule_xml_parse(ent, strlen(ent), &l, &r), -1);
	assert_non_null(strstr(r.error, "refused"));
	schedule_result_free(&r);
}

/* A duration past a thousand years is no duration (summed, it could run
 * out of range); a TZID of 200,000 '/' is looked at only in its end. */
static void ics_durations_are_bounded_and_long_zones_refused_by_their_end(void **state)
{
	(void)state;
	struct buf b = {0};
	buf_puts(&b, "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:1\r\nSUMMARY:long\r\n"
		     "LOCATION:H\r\nDTSTART:20260513T063000Z\r\nDURATION:P104400W\r\n"
		     "END:VEVENT\r\nBEGIN:VEVENT\r\nUID:2\r\nSUMMARY:zone\r\nLOCATION:H\r\n"
		     "DTSTART;TZID=");
	for (int i = 0; i < 200000; i++)
		buf_putc(&b, '/');
	buf_puts(&b, "Asia/Tehran:20260513T100000\r\nDURATION:PT1H\r\nEND:VEVENT\r\n"
		     "END:VCALENDAR\r\n");
	struct schedule_result r = {0};
	parse_text(b.data, &r);
	assert_int_equal(r.events.n, 1);
	assert_string_equal(r.events.items[0].title, "zone");
	assert_int_equal(r.events.items[0].start, 1778653800); /* 10:00 at +03:30 */
	assert_non_null(strstr(r.reasons.data, "no duration or end"));
	schedule_result_free(&r);
	buf_free(&b);
}

static void ics_unfolds_raw_bytes_reads_tzid_and_durations(void **state)
{
	(void)state;
	struct schedule_result r = {0};
	/* "ی" (DB8C) folded between its two bytes; a line of 300 octets. */
	char *long_title = xcalloc(1, 301);
	memset(long_title, 'a', 300);
	char *text =
	    xasprintf("BEGIN:VCALENDAR\r\nX-WR-CALNAME:Conf\r\nBEGIN:VEVENT\r\n"
		      "UID:1\r\nSUMMARY:\xDB\r\n \x8C\xDA\xA9 talk\r\nLOCATION:Hall\\, 2\r\n"
		      "DTSTART;TZID=Asia/Tehran:20260513T100000\r\nDURATION:PT1H30M\r\n"
		      "END:VEVENT\r\nBEGIN:VEVENT\r\nUID:2\r\nSUMMARY:%s\r\n"
		      "LOCATION:Hall\r\nDTSTART:20260513T063000Z\r\n"
		      "DTEND:20260513T070000Z\r\nBEGIN:VALARM\r\nSUMMARY:no\r\n"
		      "END:VALARM\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:3\r\n"
		      "SUMMARY:x\r\nLOCATION:H\r\nDTSTART;TZID=\"/freeassociation.sourceforge"
		      ".net/Europe/Paris\":20220517T110000\r\nDTEND;VALUE=DATE-TIME;TZID="
		      "Europe/Paris:20220517T113000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
		      long_title);
	parse_text(text, &r);
	assert_null(r.error);
	assert_int_equal(r.events.n, 3);
	const struct event *a = by_guid(&r, "1"), *b = by_guid(&r, "2");
	/* A TZID written as a path still names the IANA zone. */
	assert_int_equal(by_guid(&r, "3")->start, 1652778000);
	assert_int_equal(by_guid(&r, "3")->end, 1652778000 + 1800);
	assert_string_equal(a->title, "یک talk");
	assert_string_equal(a->room, "Hall, 2");
	assert_int_equal(a->start, 1778653800);
	assert_int_equal(a->end, 1778653800 + 5400);
	assert_string_equal(b->title, long_title);
	assert_int_equal(b->start, 1778653800);
	assert_int_equal(b->end, 1778653800 + 1800);
	free(text);
	free(long_title);
	schedule_result_free(&r);
}

static void detection_tells_schedules_from_articles(void **state)
{
	(void)state;
	assert_int_equal(schedule_detect("<?xml version=\"1.0\"?>\n<!-- x -->\n<schedule>", 43),
			 SCHEDULE_XML);
	const char *rss = "<?xml version=\"1.0\"?><rss><channel/></rss>";
	assert_int_equal(schedule_detect(rss, strlen(rss)), SCHEDULE_NONE);
	const char *json = "{\"articles\": [{\"title\": \"schedule\"}]}";
	assert_int_equal(schedule_detect(json, strlen(json)), SCHEDULE_NONE);
	const char *v1 = "\xEF\xBB\xBF {\"schedule\" : {}}";
	assert_int_equal(schedule_detect(v1, strlen(v1)), SCHEDULE_JSON);
	assert_int_equal(schedule_detect("begin:vcalendar\n", 16), SCHEDULE_ICS);
	assert_int_equal(schedule_detect("", 0), SCHEDULE_NONE);
}

static struct event ev(const char *guid, const char *room, int64_t start, int64_t end)
{
	struct event e = {0};
	e.conference = xstrdup("c");
	e.guid = xstrdup(guid);
	e.room = xstrdup(room);
	e.title = xstrdup(guid);
	e.start = start;
	e.end = end;
	e.old_room = xstrdup("");
	return e;
}

static void reimport_marks_moved_talks_changed_and_missing_ones_cancelled(void **state)
{
	(void)state;
	struct event_list old = {0}, fresh = {0};
	struct event e;
	e = ev("same", "A", 1000, 2000), event_list_take(&old, &e);
	e = ev("moved", "A", 3000, 4000), event_list_take(&old, &e);
	e = ev("gone", "B", 5000, 6000), event_list_take(&old, &e);
	e = ev("past", "B", 100, 200), event_list_take(&old, &e);
	e = ev("same", "A", 1000, 2000), event_list_take(&fresh, &e);
	e = ev("moved", "C", 3600, 4600), event_list_take(&fresh, &e);
	e = ev("new", "A", 7000, 8000), event_list_take(&fresh, &e);
	size_t changed, cancelled;
	schedule_merge(&old, &fresh, 500, &changed, &cancelled);
	assert_int_equal(changed, 1);
	assert_int_equal(cancelled, 1);
	assert_int_equal(fresh.n, 4); /* "past" had started: dropped */
	assert_string_equal(fresh.items[0].guid, "same");
	assert_int_equal(fresh.items[0].status, EVENT_SCHEDULED);
	assert_string_equal(fresh.items[1].guid, "moved");
	assert_int_equal(fresh.items[1].status, EVENT_CHANGED);
	assert_int_equal(fresh.items[1].old_start, 3000);
	assert_string_equal(fresh.items[1].old_room, "A");
	assert_int_equal(fresh.items[1].changed_at, 500);
	assert_string_equal(fresh.items[2].guid, "gone");
	assert_int_equal(fresh.items[2].status, EVENT_CANCELLED);
	/* Marked from the import until the talk ends (4600). */
	assert_true(agenda_marked(&fresh.items[1], 4599));
	assert_false(agenda_marked(&fresh.items[1], 4600));
	assert_false(agenda_marked(&fresh.items[1], 499));
	/* A talk the programme did not have is new, until it ends. */
	assert_string_equal(fresh.items[3].guid, "new");
	assert_int_equal(fresh.items[3].status, EVENT_NEW);
	assert_true(agenda_marked(&fresh.items[3], 7999));
	assert_false(agenda_marked(&fresh.items[3], 8000));
	assert_true(agenda_visible(&fresh.items[2], 4999));
	assert_false(agenda_visible(&fresh.items[2], 5000));
	/* The same file again: the marks stay, nothing new changes. */
	struct event_list again = {0};
	for (size_t i = 0; i < fresh.n; i++)
		if (fresh.items[i].status != EVENT_CANCELLED)
			event_list_push(&again, &fresh.items[i]);
	for (size_t i = 0; i < again.n; i++)
		again.items[i].status = EVENT_SCHEDULED, again.items[i].changed_at = 0;
	schedule_merge(&fresh, &again, 900, &changed, &cancelled);
	assert_int_equal(changed, 0);
	assert_int_equal(cancelled, 0);
	assert_int_equal(again.n, 4);
	assert_int_equal(again.items[1].status, EVENT_CHANGED);
	assert_int_equal(again.items[1].changed_at, 500);
	assert_int_equal(again.items[2].status, EVENT_CANCELLED);
	assert_int_equal(again.items[3].status, EVENT_NEW);
	assert_int_equal(again.items[3].changed_at, 500);
	event_list_free(&old);
	event_list_free(&fresh);
	event_list_free(&again);
}

static void rooms_show_the_talk_on_now_and_the_next_one(void **state)
{
	(void)state;
	struct event_list l = {0};
	struct event e;
	e = ev("a1", "A", 1000, 2000), event_list_take(&l, &e);
	e = ev("a2", "A", 2000, 3000), event_list_take(&l, &e);
	e = ev("a3", "A", 3000, 4000), event_list_take(&l, &e);
	e = ev("b1", "B", 500, 900), event_list_take(&l, &e);
	e = ev("b2", "B", 2500, 3500), event_list_take(&l, &e);
	e = ev("c1", "C", 100, 200), event_list_take(&l, &e);
	event_list_sort(&l);
	struct agenda_room r[8];
	size_t n = agenda_rooms(&l, 1500, "", r, 8);
	/* C is over; B (first talk at 500) comes before A (1000). */
	assert_int_equal(n, 2);
	assert_string_equal(r[0].room, "B");
	assert_null(r[0].now);
	assert_string_equal(r[0].next->guid, "b2");
	assert_string_equal(r[1].room, "A");
	assert_string_equal(r[1].now->guid, "a1");
	assert_string_equal(r[1].next->guid, "a2");
	/* At the end of a1, a2 is on: a talk is "now" from start to end. */
	n = agenda_rooms(&l, 2000, "A, B", r, 8);
	assert_int_equal(n, 2);
	assert_string_equal(r[0].room, "A");
	assert_string_equal(r[0].now->guid, "a2");
	n = agenda_rooms(&l, 2000, "B", r, 8);
	assert_int_equal(n, 1);
	assert_string_equal(r[0].room, "B");
	event_list_free(&l);
}

static void cache_replaces_a_conference_and_removes_it(void **state)
{
	(void)state;
	char *path = test_tmp_path("events.db"), *err = NULL;
	struct cache *c = cache_open(path, 0, &err);
	assert_non_null(c);
	struct event_list l = {0}, got = {0};
	struct event e = ev("x", "سالن", 1000, 2000);
	e.persons = xcalloc(2, sizeof *e.persons);
	e.persons[0] = xstrdup("مریم");
	e.persons[1] = xstrdup("John");
	e.npersons = 2;
	e.status = EVENT_CHANGED;
	e.old_start = 900;
	event_list_take(&l, &e);
	assert_int_equal(cache_begin(c), 0);
	assert_int_equal(cache_events_replace(c, "c", &l, &err), 0);
	assert_int_equal(cache_commit(c), 0);
	assert_int_equal(cache_events_list(c, &got, &err), 0);
	assert_int_equal(got.n, 1);
	assert_string_equal(got.items[0].room, "سالن");
	assert_int_equal(got.items[0].npersons, 2);
	assert_string_equal(got.items[0].persons[1], "John");
	assert_int_equal(got.items[0].status, EVENT_CHANGED);
	assert_int_equal(got.items[0].old_start, 900);
	assert_int_equal(cache_events_remove(c, "other", &err), 0);
	assert_int_equal(cache_events_remove(c, "c", &err), 1);
	event_list_free(&got);
	assert_int_equal(cache_events_list(c, &got, &err), 0);
	assert_int_equal(got.n, 0);
	event_list_free(&l);
	cache_close(c);
	free(path);
}

static void a_talks_direction_is_settled_at_import_from_its_title(void **state)
{
	(void)state;
	size_t n;
	char *data = test_read("tests/schedules/pretalx-fa-english-title.schedule.xml", &n);
	struct import_limits l = lim();
	struct schedule_result r = {0};
	assert_int_equal(schedule_parse(data, n, &l, "x", &r), 0);
	/* <language>fa</language> is the spoken language; the title is English. */
	assert_int_equal(by_guid(&r, "pycon-fa-1")->dir, ARTICLE_DIR_LTR);
	assert_int_equal(by_guid(&r, "pycon-fa-2")->dir, ARTICLE_DIR_RTL);
	assert_int_equal(by_guid(&r, "pycon-fa-3")->dir, ARTICLE_DIR_RTL);
	schedule_result_free(&r);
	free(data);
}

/* Parse a file of tests/schedules/ with zone (and its origin) as the
 * importer's. */
static void parse_with_zone(const char *name, const char *zone, struct schedule_result *r)
{
	size_t n;
	char *path = xasprintf("tests/schedules/%s", name);
	char *data = test_read(path, &n);
	struct import_limits l = lim();
	l.time_zone = zone;
	l.time_zone_origin = "--timezone";
	assert_int_equal(schedule_parse(data, n, &l, "x", r), 0);
	free(data);
	free(path);
}

static void old_frab_without_a_zone_is_read_in_the_importers_zone(void **state)
{
	(void)state;
	struct schedule_result r = {0};
	/* FOSDEM up to 2024: no offsets, no <time_zone_name>. */
	parse_with_zone("fosdem-old-no-zone.schedule.xml", "Europe/Brussels", &r);
	assert_int_equal(r.events.n, 2);
	assert_int_equal(by_guid(&r, "9025")->start, 1580545800); /* 09:30+01:00 */
	assert_int_equal(by_guid(&r, "10415")->start, 1580547600); /* 10:00+01:00 */
	assert_string_equal(r.zone_used, "Europe/Brussels");
	assert_string_equal(r.zone_origin, "--timezone");
	schedule_result_free(&r);
	/* Without any zone: UTC, and the import line says so. */
	memset(&r, 0, sizeof r);
	parse_with_zone("fosdem-old-no-zone.schedule.xml", NULL, &r);
	assert_int_equal(by_guid(&r, "9025")->start, 1580549400); /* 09:30Z */
	assert_string_equal(r.zone_used, "UTC");
	assert_string_equal(r.zone_origin, "no zone given");
	schedule_result_free(&r);
}

static void a_rails_zone_name_or_any_case_is_the_files_zone(void **state)
{
	(void)state;
	struct schedule_result r = {0};
	/* The file's zone wins over the importer's. */
	parse_with_zone("frab-rails-zone.schedule.xml", "Asia/Tehran", &r);
	assert_int_equal(r.events.n, 2);
	assert_int_equal(by_guid(&r, "9025")->start, 1580545800);
	assert_string_equal(r.zone_used, "Europe/Brussels");
	assert_string_equal(r.zone_origin, "the file's \"Brussels\"");
	schedule_result_free(&r);
	memset(&r, 0, sizeof r);
	parse_text("<schedule><conference><acronym>l</acronym>"
		   "<time_zone_name>europe/LISBON</time_zone_name></conference>"
		   "<day date=\"2024-07-01\"><room name=\"A\"><event id=\"1\"><start>10:00</start>"
		   "<duration>00:30</duration><room>A</room><title>T</title></event></room></day>"
		   "</schedule>",
		   &r);
	assert_int_equal(r.events.n, 1);
	assert_int_equal(r.events.items[0].start, 1719824400); /* 10:00+01:00 (WEST) */
	assert_string_equal(r.zone_used, "Europe/Lisbon");
	schedule_result_free(&r);
	/* A zone nobody knows: the importer's, and the line says why. */
	memset(&r, 0, sizeof r);
	struct import_limits l = lim();
	l.time_zone = "Europe/Lisbon";
	l.time_zone_origin = "[display] timezone";
	const char *doc = "<schedule><conference><acronym>l</acronym>"
			  "<time_zone_name>Mars/Olympus</time_zone_name></conference>"
			  "<day date=\"2024-07-01\"><room name=\"A\"><event id=\"1\"><start>10:00"
			  "</start><duration>00:30</duration><room>A</room><title>T</title></event>"
			  "</room></day></schedule>";
	assert_int_equal(schedule_parse(doc, strlen(doc), &l, "x", &r), 0);
	assert_int_equal(r.events.items[0].start, 1719824400);
	assert_string_equal(r.zone_origin,
			    "[display] timezone; the file's \"Mars/Olympus\" is not a known zone");
	schedule_result_free(&r);
}

static void two_sessions_with_one_id_are_both_kept_and_breaks_are_for_every_hall(void **state)
{
	(void)state;
	struct schedule_result r = {0};
	parse_with_zone("breaks-shared-ids.schedule.xml", NULL, &r);
	assert_int_equal(r.events.n, 5);
	assert_int_equal(r.skipped, 0);
	assert_int_equal(r.renamed, 1);
	/* The earlier keeps the id; the later is the id with its start. */
	assert_string_equal(by_guid(&r, "5120")->title, "Lightning talks, part 1");
	const struct event *two = by_guid(&r, "5120@2026-05-13T10:30:00Z");
	assert_string_equal(two->title, "Lightning talks, part 2");
	assert_int_equal(two->start, 1778668200);
	/* Lunch has no room: it is every hall's. */
	const struct event *lunch = by_guid(&r, "lunch");
	assert_string_equal(lunch->room, "");
	struct agenda_room rooms[4];
	size_t n = agenda_rooms(&r.events, 1778661900, "", rooms, 4); /* 12:15 */
	assert_int_equal(n, 2);
	for (size_t i = 0; i < n; i++)
		assert_ptr_equal(rooms[i].now, lunch);
	n = agenda_rooms(&r.events, 1778659200, "", rooms, 4); /* 11:30 */
	assert_string_equal(rooms[0].room, "Hall 1");
	assert_string_equal(rooms[0].now->title, "Lightning talks, part 1");
	assert_ptr_equal(rooms[0].next, lunch);
	assert_ptr_equal(rooms[1].next, lunch); /* before part 2 at 14:00 */
	schedule_result_free(&r);
	/* The same id at the same start too: "-2". */
	memset(&r, 0, sizeof r);
	parse_text("<schedule><conference><acronym>d</acronym></conference><day date=\"2024-01-01\">"
		   "<room name=\"A\"><event id=\"7\"><date>2024-01-01T10:00:00Z</date>"
		   "<duration>00:30</duration><room>A</room><title>One</title></event>"
		   "<event id=\"7\"><date>2024-01-01T10:00:00Z</date><duration>00:30</duration>"
		   "<room>B</room><title>Two</title></event></room></day></schedule>",
		   &r);
	assert_int_equal(r.events.n, 2);
	assert_string_equal(by_guid(&r, "7@2024-01-01T10:00:00Z-2")->title, "Two");
	schedule_result_free(&r);
}

static void a_calendar_named_calendar_takes_its_files_name(void **state)
{
	(void)state;
#define CAL(name)                                                                                  \
	"BEGIN:VCALENDAR\r\nX-WR-CALNAME:" name "\r\nBEGIN:VEVENT\r\nUID:a\r\nSUMMARY:T\r\n"          \
	"LOCATION:R\r\nDTSTART:20990601T090000Z\r\nDTEND:20990601T100000Z\r\nEND:VEVENT\r\n"      \
	"END:VCALENDAR\r\n"
	const char *docs[] = {CAL("Calendar"), CAL("FOSDEM 2026"), CAL("FOSDEM 2026")};
	const char *names[][3] = {{"Calendar", NULL, "work"},
				  {"FOSDEM 2026", NULL, "FOSDEM 2026"},
				  {"FOSDEM 2026", "fosdem", "fosdem"}};
	for (size_t i = 0; i < ARRAY_LEN(names); i++) {
		const char *doc = docs[i];
		struct import_limits l = lim();
		l.conference = names[i][1];
		struct schedule_result r = {0};
		assert_int_equal(schedule_parse(doc, strlen(doc), &l, "work", &r), 0);
		assert_string_equal(r.conference, names[i][2]);
		assert_string_equal(r.events.items[0].conference, names[i][2]);
		schedule_result_free(&r);
	}
}

static void outlook_calendars_repeat_move_and_skip_as_rfc_5545_says(void **state)
{
	(void)state;
	size_t n;
	char *data = test_read("tests/schedules/outlook-recurring.ics", &n);
	struct import_limits l = lim();
	l.now = 1773576000; /* 2026-03-15T12:00:00Z */
	l.horizon = 60 * 86400;
	l.time_zone = "Asia/Tehran"; /* the screen's: floating times and dates */
	struct schedule_result r = {0};
	assert_int_equal(schedule_parse(data, n, &l, "outlook", &r), 0);
	free(data);
	/* Hand-checked instants (Europe/Berlin rules for "W. Europe Standard
	 * Time"; summer time from 29 March). */
	static const struct {
		const char *guid;
		int64_t start;
	} want[] = {
	    {"standup@2026-03-16T08:00:00Z", 1773648000},
	    {"standup@2026-03-23T08:00:00Z", 1774252800},
	    {"standup@2026-03-30T07:00:00Z", 1774854000}, /* 09:00 after the change */
	    {"standup@2026-04-13T07:00:00Z", 1776070800}, /* the override: 11:00 */
	    {"standup@2026-04-20T07:00:00Z", 1776668400},
	    {"review@2026-03-17T13:00:00Z", 1773752400},
	    {"review@2026-03-24T13:00:00Z", 1774357200},
	    {"review@2026-03-31T12:00:00Z", 1774958400}, /* before UNTIL 13:00Z (15:00 there) */
	    {"tehran", 1773815400},			  /* Windows name, no VTIMEZONE */
	    {"holiday", 1773952200},			  /* a date: midnight on the screen */
	    {"floating", 1773909000},			  /* floating: the screen's zone */
	    {"gap", 1774747800},			  /* 02:30 in the gap: 01:30Z */
	    {"overlap", 1792888200},			  /* 02:30 twice: the first */
	};
	assert_int_equal(r.events.n, ARRAY_LEN(want));
	for (size_t i = 0; i < ARRAY_LEN(want); i++) {
		const struct event *e = by_guid(&r, want[i].guid);
		if (e->start != want[i].start)
			fail_msg("%s: %lld, want %lld", want[i].guid, (long long)e->start,
				 (long long)want[i].start);
	}
	assert_string_equal(by_guid(&r, "standup@2026-04-13T07:00:00Z")->room, "Room 2");
	assert_true(by_guid(&r, "holiday")->all_day);
	assert_int_equal(by_guid(&r, "holiday")->end, 1773952200 + 86400);
	assert_false(by_guid(&r, "standup@2026-03-16T08:00:00Z")->all_day);
	assert_string_equal(r.conference, "outlook"); /* "Calendar" names nothing */
	assert_int_equal(r.skipped, 1);			  /* STATUS:CANCELLED */
	schedule_result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(debconf_dates_are_utc_and_starts_local_across_the_day_boundary),
	    cmocka_unit_test(camp2019_json_v1_reads_79_events_with_their_offsets),
	    cmocka_unit_test(schedule2_keeps_each_events_offset_and_track_colour),
	    cmocka_unit_test(kielux_ics_reads_utc_starts_without_vtimezone),
	    cmocka_unit_test(jres_ics_resolves_tzid_and_joins_a_fold_inside_a_character),
	    cmocka_unit_test(persian_conference_reads_the_same_from_xml_and_json),
	    cmocka_unit_test(xml_without_dates_counts_past_midnight_as_the_next_day),
	    cmocka_unit_test(json_times_without_offsets_are_local_to_the_conference),
	    cmocka_unit_test(events_without_required_fields_are_skipped_with_reasons),
	    cmocka_unit_test(entity_declarations_are_refused),
	    cmocka_unit_test(ics_unfolds_raw_bytes_reads_tzid_and_durations),
	    cmocka_unit_test(ics_durations_are_bounded_and_long_zones_refused_by_their_end),
	    cmocka_unit_test(detection_tells_schedules_from_articles),
	    cmocka_unit_test(reimport_marks_moved_talks_changed_and_missing_ones_cancelled),
	    cmocka_unit_test(rooms_show_the_talk_on_now_and_the_next_one),
	    cmocka_unit_test(cache_replaces_a_conference_and_removes_it),
	    cmocka_unit_test(a_talks_direction_is_settled_at_import_from_its_title),
	    cmocka_unit_test(old_frab_without_a_zone_is_read_in_the_importers_zone),
	    cmocka_unit_test(a_rails_zone_name_or_any_case_is_the_files_zone),
	    cmocka_unit_test(two_sessions_with_one_id_are_both_kept_and_breaks_are_for_every_hall),
	    cmocka_unit_test(a_calendar_named_calendar_takes_its_files_name),
	    cmocka_unit_test(outlook_calendars_repeat_move_and_skip_as_rfc_5545_says),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
