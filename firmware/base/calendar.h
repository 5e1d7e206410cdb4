/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * calendar — Jalali (Persian) dates and Tehran time with ICU: converting a
 * Jalali wall-clock time in a zone to UTC, and formatting a UTC time as
 * Persian text (month names, Persian digits).
 *
 * Must not: know about SDL, the cache or layout.
 */
#ifndef KHABAR_CALENDAR_H
#define KHABAR_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

/* The zone of the Jalali dates in scraped pages and of the list's
 * published_jalali column. */
#define CALENDAR_TEHRAN "Asia/Tehran"

/* Jalali y/m/d h:mi:s as wall-clock time in zone (e.g. "Asia/Tehran") to
 * Unix time; historic daylight-saving rules apply. 0 or -1 (bad date). */
int calendar_from_jalali(int y, int m, int d, int h, int mi, int s, const char *zone, int64_t *out);
/* Gregorian y/m/d h:mi:s as wall-clock time in zone (IANA, from the time
 * zone database) to Unix time. 0 or -1 (bad date or unknown zone). As
 * RFC 5545 says: a time in a spring-forward gap is read with the offset
 * before the gap (02:30 becomes 03:30), one in a fall-back overlap is
 * the first of the two. */
int calendar_from_civil(int y, int m, int d, int h, int mi, int s, const char *zone, int64_t *out);
/* The time zone database's name for zone as schedules and calendars write
 * it: an IANA name in any case ("Europe/lisbon"), the Rails names frab
 * writes ("Brussels", "Eastern Time (US & Canada)"), or a Windows name
 * ("W. Europe Standard Time", through ICU's table). NULL when it is none
 * of these. Caller frees. */
char *calendar_zone_id(const char *zone);

/* Format t in zone with an ICU pattern ("EEEE d MMMM y", "HH:mm",
 * "yyyy/MM/dd HH:mm") in the Persian calendar and locale (Persian digits
 * when persian_digits, else ASCII). Caller frees; NULL on a bad zone. */
char *calendar_format(int64_t t, const char *zone, const char *pattern, int persian_digits);

/* A formatter kept open for many times (ICU's formatter is costly to
 * open): calendar_fmt_open(zone, pattern, persian_digits) as for
 * calendar_format; NULL on a bad zone or pattern. calendar_fmt_format
 * writes the text into out (n bytes, NUL-terminated) and returns 0, or -1
 * when it does not fit. calendar_fmt_close accepts NULL. */
struct calendar_fmt;
struct calendar_fmt *calendar_fmt_open(const char *zone, const char *pattern, int persian_digits);
int calendar_fmt_format(struct calendar_fmt *f, int64_t t, char *out, size_t n);
void calendar_fmt_close(struct calendar_fmt *f);

/* Same in the Gregorian calendar (locale fa, or en when !persian). */
char *calendar_format_gregorian(int64_t t, const char *zone, const char *pattern, int persian);

/* ISO 8601 ("2022-06-07T07:09:14Z", "...+04:30", "2022-06-07") to Unix
 * time; no zone means UTC. 0, or -1 when s is not such a time. */
int calendar_parse_iso8601(const char *s, int64_t *out);
/* RFC 822 / 1123 as in RSS ("Tue, 07 Jun 2022 07:09:14 GMT", "+0430");
 * 0 or -1. */
int calendar_parse_rfc822(const char *s, int64_t *out);
/* Unix time as "2022-06-07T07:09:14Z" into out (at least 21 bytes). */
void calendar_format_iso8601(int64_t t, char *out, size_t n);

#endif
