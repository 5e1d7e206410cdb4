/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hall_state — "full", "open" or {"state": "full"} (hall_state.h).
 *
 * Must not: open files, read the clock or touch the cache.
 */
#include "parse/hall_state.h"

#include <string.h>

#include <cJSON.h>

static int state_word(const char *s, size_t n)
{
	if (n == 4 && !memcmp(s, "full", 4))
		return 1;
	if (n == 4 && !memcmp(s, "open", 4))
		return 0;
	return -1;
}

int hall_state_parse(const char *p, size_t len)
{
	if (!p || len > HALL_STATE_MAX)
		return -1;
	int w = state_word(p, len);
	if (w >= 0 || !len || p[0] != '{')
		return w;
	cJSON *j = cJSON_ParseWithLength(p, len);
	const cJSON *st = cJSON_GetObjectItemCaseSensitive(j, "state");
	w = cJSON_IsString(st) ? state_word(st->valuestring, strlen(st->valuestring)) : -1;
	cJSON_Delete(j);
	return w;
}
