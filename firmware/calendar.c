/*
 * calendar — Jalali dates and zone-aware times through ICU's calendar
 * (ucal) and date formatter (udat).
 *
 * Must not: know about SDL, the cache or layout. Keeps no state between
 * calls: each call opens and closes its own ICU objects.
 */
#include "calendar.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/ucal.h>
#include <unicode/udat.h>
#include <unicode/ustring.h>

#include "util.h"

/* UTF-8 to a NUL-terminated UTF-16 string in out (cap units); -1 when it
 * does not fit or is not valid. */
static int to_uchars(const char *s, UChar *out, int32_t cap)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t n = 0;
	u_strFromUTF8(out, cap, &n, s, -1, &st);
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

int calendar_from_jalali(int y, int m, int d, int h, int mi, int s, const char *zone, int64_t *out)
{
	UChar uzone[128];
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 ||
	    mi > 59 || s < 0 || s > 60 || !zone || to_uchars(zone, uzone, (int32_t)ARRAY_LEN(uzone)) ||
	    !zone_known(uzone))
		return -1;
	UErrorCode st = U_ZERO_ERROR;
	UCalendar *cal = ucal_open(uzone, -1, "fa_IR@calendar=persian", UCAL_DEFAULT, &st);
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

static char *format_in(int64_t t, const char *zone, const char *pattern, const char *locale)
{
	UChar uzone[128], upat[256], res[512];
	if (!zone || !pattern || to_uchars(zone, uzone, (int32_t)ARRAY_LEN(uzone)) ||
	    !zone_known(uzone) || to_uchars(pattern, upat, (int32_t)ARRAY_LEN(upat)))
		return NULL;
	UErrorCode st = U_ZERO_ERROR;
	UDateFormat *fmt = udat_open(UDAT_PATTERN, UDAT_PATTERN, locale, uzone, -1, upat, -1, &st);
	if (U_FAILURE(st))
		return NULL;
	int32_t n = udat_format(fmt, (UDate)t * 1000.0, res, (int32_t)ARRAY_LEN(res) - 1, NULL, &st);
	udat_close(fmt);
	if (U_FAILURE(st) || n < 0 || n >= (int32_t)ARRAY_LEN(res))
		return NULL;
	char out[2048];
	int32_t len = 0;
	u_strToUTF8(out, (int32_t)sizeof out - 1, &len, res, n, &st);
	if (U_FAILURE(st) || len >= (int32_t)sizeof out)
		return NULL;
	out[len] = 0;
	return xstrdup(out);
}

char *calendar_format(int64_t t, const char *zone, const char *pattern, int persian_digits)
{
	return format_in(t, zone, pattern,
			 persian_digits ? "fa_IR@calendar=persian;numbers=arabext"
					: "fa_IR@calendar=persian;numbers=latn");
}

char *calendar_format_gregorian(int64_t t, const char *zone, const char *pattern, int persian)
{
	return format_in(t, zone, pattern,
			 persian ? "fa_IR@calendar=gregorian;numbers=arabext"
				 : "en_US@calendar=gregorian;numbers=latn");
}
