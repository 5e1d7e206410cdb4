/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mqtt_room — a hall's state message into the cache (mqtt_room.h).
 *
 * Must not: touch libmosquitto; take any other message.
 */
#include "net/mqtt_room.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "cache/cache.h"
#include "parse/hall_state.h"

#define PREFIX "khabar/room/"
#define SUFFIX "/state"

int mqtt_room_topic(const char *topic)
{
	size_t n = strlen(topic), p = strlen(PREFIX), s = strlen(SUFFIX);
	return n > p + s && !strncmp(topic, PREFIX, p) && !strcmp(topic + n - s, SUFFIX) &&
	       !memchr(topic + p, '/', n - p - s);
}

int mqtt_room_parse(const char *topic, const void *payload, size_t len, char **hall,
		    char **err)
{
	if (!mqtt_room_topic(topic)) {
		*err = xstrdup("not a hall's state topic (khabar/room/HALL/state)");
		return -1;
	}
	size_t p = strlen(PREFIX), n = strlen(topic) - p - strlen(SUFFIX);
	if (utf8_first_invalid(topic + p, n) != n) {
		*err = xstrdup("the hall's name is not UTF-8");
		return -1;
	}
	/* An empty message clears the retained state at the broker: the hall
	 * is no longer marked, as after "open". */
	int w = len ? hall_state_parse(payload, len) : 0;
	if (w < 0) {
		*err = xasprintf("the state must be \"full\" or \"open\" (or {\"state\": "
				 "\"full\"}), not %zu bytes of something else",
				 len);
		return -1;
	}
	*hall = xstrndup(topic + p, n);
	return w;
}

int mqtt_room_store(struct cache *c, const char *topic, const void *payload, size_t len)
{
	char *hall = NULL, *err = NULL;
	int full = mqtt_room_parse(topic, payload, len, &hall, &err);
	if (full < 0) {
		log_warn("mqtt: %s: refused: %s", topic, err);
		free(err);
		return 0;
	}
	int rc = cache_hall_set(c, hall, full, time_now_unix(), &err);
	if (rc)
		log_warn("mqtt: %s: not stored: %s", topic, err);
	else
		log_info("mqtt: %s: hall %s is %s", topic, hall, full ? "full" : "open");
	free(err);
	free(hall);
	return rc;
}
