/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * calendar — Jalali dates and zone-aware times through ICU's calendar
 * (ucal) and date formatter (udat).
 *
 * Must not: know about SDL, the cache or layout. Keeps no global state:
 * calendar_format opens and closes its own ICU formatter; a struct
 * calendar_fmt keeps one open for its owner.
 */
#include "base/calendar.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <unicode/ucal.h>
#include <unicode/udat.h>
#include <unicode/uenum.h>
#include <unicode/ustring.h>

#include "base/util.h"

/* UTF-8 to a NUL-terminated UTF-16 string in out (cap units); -1 when it
 * does not fit or is not valid. */
static int to_uchars(const char *s, UChar *out, int32_t cap)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t n = 0;
	/* Bounded: a long string is refused without being read to its end. */
	size_t len = strnlen(s, (size_t)cap * 4 + 1);
	if (len > (size_t)cap * 4)
		return -1;
	u_strFromUTF8(out, cap, &n, s, (int32_t)len, &st);
	if (U_FAILURE(st) || n >= cap)
		return -1;
	out[n] = 0;
	return 0;
}

/* A zone ICU does not know silently becomes "Etc/Unknown" (GMT); refuse it
 * instead, so a typo in a config file is not six hours of wrong clock. */
static int zone_known(const UChar *zone)
{
	UErrorCode st = U_ZERO_ERROR;
	UChar canon[128];
	UBool system = 0;
	ucal_getCanonicalTimeZoneID(zone, -1, canon, (int32_t)ARRAY_LEN(canon), &system, &st);
	return U_SUCCESS(st) && system;
}

static int from_fields(const char *locale, int y, int m, int d, int h, int mi, int s,
		       const char *zone, int64_t *out)
{
	UChar uzone[128];
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 ||
	    mi > 59 || s < 0 || s > 60 || !zone ||
	    to_uchars(zone, uzone, (int32_t)ARRAY_LEN(uzone)) || !zone_known(uzone))
		return -1;
	UErrorCode st = U_ZERO_ERROR;
	UCalendar *cal = ucal_open(uzone, -1, locale, UCAL_DEFAULT, &st);
	if (U_FAILURE(st))
		return -1;
	ucal_clear(cal);
	/* Not lenient: 1401/13/40 is an error, not a date next year. */
	ucal_setAttribute(cal, UCAL_LENIENT, 0);
	ucal_setDateTime(cal, y, m - 1, d, h, mi, s == 60 ? 59 : s, &st);
	UDate ms = ucal_getMillis(cal, &st);
	ucal_close(cal);
	if (U_FAILURE(st))
		return -1;
	*out = (int64_t)(ms / 1000.0) + (s == 60);
	return 0;
}

/* Rails' zone names (ActiveSupport::TimeZone, as frab writes them) that
 * are not the city of their IANA name; the others ("Brussels", "Buenos
 * Aires") are found by their city. */
static const char *const RAILS[][2] = {
    {"International Date Line West", "Etc/GMT+12"},
    {"American Samoa", "Pacific/Pago_Pago"},
    {"Hawaii", "Pacific/Honolulu"},
    {"Alaska", "America/Juneau"},
    {"Pacific Time (US & Canada)", "America/Los_Angeles"},
    {"Mountain Time (US & Canada)", "America/Denver"},
    {"Arizona", "America/Phoenix"},
    {"Central Time (US & Canada)", "America/Chicago"},
    {"Saskatchewan", "America/Regina"},
    {"Guadalajara", "America/Mexico_City"},
    {"Central America", "America/Guatemala"},
    {"Eastern Time (US & Canada)", "America/New_York"},
    {"Indiana (East)", "America/Indiana/Indianapolis"},
    {"Quito", "America/Lima"},
    {"Atlantic Time (Canada)", "America/Halifax"},
    {"Newfoundland", "America/St_Johns"},
    {"Brasilia", "America/Sao_Paulo"},
    {"Georgetown", "America/Guyana"},
    {"Greenland", "America/Godthab"},
    {"Mid-Atlantic", "Atlantic/South_Georgia"},
    {"Cape Verde Is.", "Atlantic/Cape_Verde"},
    {"Edinburgh", "Europe/London"},
    {"UTC", "Etc/UTC"},
    {"Bern", "Europe/Zurich"},
    {"West Central Africa", "Africa/Algiers"},
    {"Kyiv", "Europe/Kiev"},
    {"Pretoria", "Africa/Johannesburg"},
    {"St. Petersburg", "Europe/Moscow"},
    {"Abu Dhabi", "Asia/Muscat"},
    {"Ekaterinburg", "Asia/Yekaterinburg"},
    {"Islamabad", "Asia/Karachi"},
    {"Chennai", "Asia/Kolkata"},
    {"Mumbai", "Asia/Kolkata"},
    {"New Delhi", "Asia/Kolkata"},
    {"Astana", "Asia/Almaty"},
    {"Sri Jayawardenepura", "Asia/Colombo"},
    {"Hanoi", "Asia/Bangkok"},
    {"Beijing", "Asia/Shanghai"},
    {"Osaka", "Asia/Tokyo"},
    {"Sapporo", "Asia/Tokyo"},
    {"Solomon Is.", "Pacific/Guadalcanal"},
    {"New Caledonia", "Pacific/Noumea"},
    {"Marshall Is.", "Pacific/Majuro"},
    {"Wellington", "Pacific/Auckland"},
    {"Nuku'alofa", "Pacific/Tongatapu"},
    {"Tokelau Is.", "Pacific/Fakaofo"},
    {"Chatham Is.", "Pacific/Chatham"},
    {"Samoa", "Pacific/Apia"},
};

/* Whether a and b are the same name, ignoring case and taking '_' for ' '. */
static int same_name(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a == '_' ? ' ' : *a, y = *b == '_' ? ' ' : *b;
		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (char)(y - 'A' + 'a');
		if (x != y)
			return 0;
	}
	return !*a && !*b;
}

/* An IANA name equal to zone but for case (whole: 1) or whose city is
 * zone (1 for whole, 0 for city); NULL when none. Caller frees. */
static char *zone_search(const char *zone, int whole)
{
	UErrorCode st = U_ZERO_ERROR;
	UEnumeration *all = ucal_openTimeZones(&st);
	char *found = NULL;
	const char *id;
	while (U_SUCCESS(st) && !found && (id = uenum_next(all, NULL, &st))) {
		const char *city = strrchr(id, '/');
		if (same_name(whole ? id : city ? city + 1 : id, zone))
			found = xstrdup(id);
	}
	uenum_close(all);
	return found;
}

char *calendar_zone_id(const char *zone)
{
	UChar uzone[128], win[128];
	if (!zone || !*zone || strlen(zone) > 100 || to_uchars(zone, uzone, (int32_t)ARRAY_LEN(uzone)))
		return NULL;
	if (zone_known(uzone))
		return xstrdup(zone);
	char *id = zone_search(zone, 1);
	for (size_t i = 0; !id && i < ARRAY_LEN(RAILS); i++)
		if (same_name(zone, RAILS[i][0]))
			id = xstrdup(RAILS[i][1]);
	if (!id && !strchr(zone, '/'))
		id = zone_search(zone, 0);
	UErrorCode st = U_ZERO_ERROR;
	int32_t n;
	if (!id && (n = ucal_getTimeZoneIDForWindowsID(uzone, -1, NULL, win,
						       (int32_t)ARRAY_LEN(win), &st)) > 0 &&
	    U_SUCCESS(st) && n < (int32_t)ARRAY_LEN(win)) {
		char out[128];
		win[n] = 0;
		u_strToUTF8(out, (int32_t)sizeof out, NULL, win, -1, &st);
		if (U_SUCCESS(st))
			id = xstrdup(out);
	}
	return id;
}

int calendar_from_jalali(int y, int m, int d, int h, int mi, int s, const char *zone, int64_t *out)
{
	return from_fields("fa_IR@calendar=persian", y, m, d, h, mi, s, zone, out);
}

int calendar_from_civil(int y, int m, int d, int h, int mi, int s, const char *zone, int64_t *out)
{
	int64_t utc;
	UChar uzone[128];
	/* The fields checked in UTC (which has no gap), then read leniently in
	 * the zone: ICU's defaults for a skipped or repeated wall time are
	 * RFC 5545's. */
	if (from_fields("en_US@calendar=gregorian", y, m, d, h, mi, s, "UTC", &utc) || !zone ||
	    to_uchars(zone, uzone, (int32_t)ARRAY_LEN(uzone)) || !zone_known(uzone))
		return -1;
	UErrorCode st = U_ZERO_ERROR;
	UCalendar *cal = ucal_open(uzone, -1, "en_US@calendar=gregorian", UCAL_DEFAULT, &st);
	if (U_FAILURE(st))
		return -1;
	ucal_clear(cal);
	ucal_setAttribute(cal, UCAL_REPEATED_WALL_TIME, UCAL_WALLTIME_FIRST);
	ucal_setAttribute(cal, UCAL_SKIPPED_WALL_TIME, UCAL_WALLTIME_LAST);
	ucal_setDateTime(cal, y, m - 1, d, h, mi, s == 60 ? 59 : s, &st);
	UDate ms = ucal_getMillis(cal, &st);
	ucal_close(cal);
	if (U_FAILURE(st))
		return -1;
	*out = (int64_t)(ms / 1000.0) + (s == 60);
	return 0;
}

struct calendar_fmt {
	UDateFormat *fmt;
	/* "yyyy/MM/dd HH:mm" in ASCII digits, the list's column, is built from
	 * the calendar's fields: five times faster than the formatter. */
	UCalendar *numeric;
};

static struct calendar_fmt *fmt_open(const char *zone, const char *pattern, const char *locale,
				     int fast)
{
	UChar uzone[128], upat[256];
	if (!zone || !pattern || to_uchars(zone, uzone, (int32_t)ARRAY_LEN(uzone)) ||
	    !zone_known(uzone) || to_uchars(pattern, upat, (int32_t)ARRAY_LEN(upat)))
		return NULL;
	UErrorCode st = U_ZERO_ERROR;
	UDateFormat *fmt = udat_open(UDAT_PATTERN, UDAT_PATTERN, locale, uzone, -1, upat, -1, &st);
	if (U_FAILURE(st))
		return NULL;
	struct calendar_fmt *f = xcalloc(1, sizeof *f);
	f->fmt = fmt;
	if (fast && strcmp(pattern, "yyyy/MM/dd HH:mm") == 0 && strstr(locale, "numbers=latn")) {
		f->numeric = ucal_open(uzone, -1, "fa_IR@calendar=persian", UCAL_DEFAULT, &st);
		if (U_FAILURE(st))
			f->numeric = NULL;
	}
	return f;
}

static const char *locale_for(int persian_digits)
{
	return persian_digits ? "fa_IR@calendar=persian;numbers=arabext"
			      : "fa_IR@calendar=persian;numbers=latn";
}

struct calendar_fmt *calendar_fmt_open(const char *zone, const char *pattern, int persian_digits)
{
	return fmt_open(zone, pattern, locale_for(persian_digits), 1);
}

int calendar_fmt_format(struct calendar_fmt *f, int64_t t, char *out, size_t n)
{
	UChar res[512];
	UErrorCode st = U_ZERO_ERROR;
	if (f->numeric) {
		ucal_setMillis(f->numeric, (UDate)t * 1000.0, &st);
		int y = ucal_get(f->numeric, UCAL_YEAR, &st),
		    m = ucal_get(f->numeric, UCAL_MONTH, &st);
		int d = ucal_get(f->numeric, UCAL_DATE, &st);
		int h = ucal_get(f->numeric, UCAL_HOUR_OF_DAY, &st);
		int mi = ucal_get(f->numeric, UCAL_MINUTE, &st);
		if (U_SUCCESS(st)) {
			int len = snprintf(out, n, "%04d/%02d/%02d %02d:%02d", y, m + 1, d, h, mi);
			return len >= 0 && (size_t)len < n ? 0 : -1;
		}
		st = U_ZERO_ERROR;
	}
	int32_t len =
	    udat_format(f->fmt, (UDate)t * 1000.0, res, (int32_t)ARRAY_LEN(res) - 1, NULL, &st);
	if (U_FAILURE(st) || len < 0 || len >= (int32_t)ARRAY_LEN(res) || n > INT32_MAX)
		return -1;
	int32_t bytes = 0;
	u_strToUTF8(out, (int32_t)n, &bytes, res, len, &st);
	if (U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING || bytes >= (int32_t)n)
		return -1;
	out[bytes] = 0;
	return 0;
}

void calendar_fmt_close(struct calendar_fmt *f)
{
	if (!f)
		return;
	udat_close(f->fmt);
	if (f->numeric)
		ucal_close(f->numeric);
	free(f);
}

static char *format_in(int64_t t, const char *zone, const char *pattern, const char *locale)
{
	/* ICU's own formatter, which the fast path is tested against. */
	struct calendar_fmt *f = fmt_open(zone, pattern, locale, 0);
	char out[1024];
	int r = f ? calendar_fmt_format(f, t, out, sizeof out) : -1;
	calendar_fmt_close(f);
	return r ? NULL : xstrdup(out);
}

char *calendar_format(int64_t t, const char *zone, const char *pattern, int persian_digits)
{
	return format_in(t, zone, pattern, locale_for(persian_digits));
}

char *calendar_format_gregorian(int64_t t, const char *zone, const char *pattern, int persian)
{
	return format_in(t, zone, pattern,
			 persian ? "fa_IR@calendar=gregorian;numbers=arabext"
				 : "en_US@calendar=gregorian;numbers=latn");
}

/* The date codec of feeds and JSON: plain arithmetic, no ICU. */

static int64_t days_from_civil(int y, int m, int d)
{
	/* Howard Hinnant's algorithm: proleptic Gregorian, no time zone. */
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int valid_civil(int y, int mo, int d, int h, int mi, int s)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return y >= 1 && y <= 9999 && mo >= 1 && mo <= 12 && d >= 1 && d <= mdays[mo - 1] &&
	       h >= 0 && h <= 24 && mi >= 0 && mi <= 59 && s >= 0 && s <= 60;
}

int calendar_parse_iso8601(const char *s, int64_t *out)
{
	int y, mo, d, h = 0, mi = 0, sec = 0, off = 0;
	while (*s == ' ')
		s++;
	if (str_digits(&s, 4, &y) || *s++ != '-' || str_digits(&s, 2, &mo) || *s++ != '-' ||
	    str_digits(&s, 2, &d))
		return -1;
	if (*s == 'T' || *s == 't' || *s == ' ') {
		s++;
		if (str_digits(&s, 2, &h) || *s++ != ':' || str_digits(&s, 2, &mi))
			return -1;
		if (*s == ':') {
			s++;
			if (str_digits(&s, 2, &sec))
				return -1;
			if (*s == '.' || *s == ',') {
				s++;
				int frac;
				if (str_digits(&s, 9, &frac))
					return -1;
			}
		}
		if (*s == 'Z' || *s == 'z') {
			s++;
		} else if (*s == '+' || *s == '-') {
			int sign = *s++ == '-' ? -1 : 1, oh, om = 0;
			if (str_digits(&s, 2, &oh))
				return -1;
			if (*s == ':')
				s++;
			if (*s >= '0' && *s <= '9' && str_digits(&s, 2, &om))
				return -1;
			if (oh > 23 || om > 59)
				return -1;
			off = sign * (oh * 3600 + om * 60);
		}
	}
	while (*s == ' ')
		s++;
	if (*s || !valid_civil(y, mo, d, h, mi, sec))
		return -1;
	*out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - off;
	return 0;
}

int calendar_parse_rfc822(const char *s, int64_t *out)
{
	static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
					     "jul", "aug", "sep", "oct", "nov", "dec"};
	static const struct {
		const char *name;
		int off;
	} zones[] = {{"GMT", 0},	 {"UT", 0},	     {"UTC", 0},
		     {"Z", 0},		 {"EST", -5 * 3600}, {"EDT", -4 * 3600},
		     {"CST", -6 * 3600}, {"CDT", -5 * 3600}, {"MST", -7 * 3600},
		     {"MDT", -6 * 3600}, {"PST", -8 * 3600}, {"PDT", -7 * 3600},
		     /* Iran's, in Persian feeds that write a name. */
		     {"IRST", 3 * 3600 + 1800}, {"IRDT", 4 * 3600 + 1800}};
	int d, mo = -1, y, h, mi, sec = 0, off = 0;
	while (*s == ' ')
		s++;
	/* An optional day name and comma. */
	const char *comma = strchr(s, ',');
	if (comma && comma - s <= 10)
		s = comma + 1;
	else /* "Sat 06 Dec 2026 ...": a day name without its comma */
		while ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))
			s++;
	while (*s == ' ')
		s++;
	if (str_digits(&s, 2, &d))
		return -1;
	while (*s == ' ')
		s++;
	for (int i = 0; i < 12; i++)
		if (strncasecmp(s, months[i], 3) == 0)
			mo = i + 1;
	if (mo < 0)
		return -1;
	while (*s && *s != ' ')
		s++;
	while (*s == ' ')
		s++;
	const char *year = s;
	if (str_digits(&s, 4, &y))
		return -1;
	/* Two digits are a year of this century or the last; "0001" is 1. */
	if (s - year <= 2)
		y += y < 50 ? 2000 : 1900;
	while (*s == ' ')
		s++;
	if (str_digits(&s, 2, &h) || *s++ != ':' || str_digits(&s, 2, &mi))
		return -1;
	if (*s == ':') {
		s++;
		if (str_digits(&s, 2, &sec))
			return -1;
	}
	while (*s == ' ')
		s++;
	if (*s == '+' || *s == '-') {
		int sign = *s++ == '-' ? -1 : 1, hhmm;
		const char *start = s;
		if (str_digits(&s, 4, &hhmm) || s - start != 4)
			return -1;
		off = sign * ((hhmm / 100) * 3600 + (hhmm % 100) * 60);
	} else if (*s) {
		size_t i = 0;
		for (; i < ARRAY_LEN(zones); i++)
			if (strncasecmp(s, zones[i].name, strlen(zones[i].name)) == 0 &&
			    !s[strlen(zones[i].name)])
				break;
		if (i == ARRAY_LEN(zones))
			return -1;
		off = zones[i].off;
		s += strlen(zones[i].name);
	}
	while (*s == ' ')
		s++;
	if (*s || !valid_civil(y, mo, d, h, mi, sec))
		return -1;
	*out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - off;
	return 0;
}

void calendar_format_iso8601(int64_t t, char *out, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;
	/* Not strftime's %Y: glibc writes year 1 as "1", which is not ISO
	 * 8601 and other tools would not read back. */
	if (!gmtime_r(&tt, &tm) || tm.tm_year + 1900 < 0 || tm.tm_year + 1900 > 9999)
		snprintf(out, n, "1970-01-01T00:00:00Z");
	else
		snprintf(out, n, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
			 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}
