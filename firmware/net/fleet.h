/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fleet — the network program's side of the fleet: the topics of one
 * screen ([fleet] topic, name, groups), and reading the few fields it
 * needs from a status (the display's status.json, or a screen's status
 * message on the broker, which may hold any bytes).
 *
 *   TOPIC/screen/NAME/status      the status, retained; the will
 *                                 {"state": "offline"} on the same topic
 *   TOPIC/screen/NAME/thumbnail   the JPEG, retained
 *   TOPIC/screen/NAME/ack         the emergency the screen has shown
 *   TOPIC/screen/NAME/sync        private: its own marker after a connect
 *   TOPIC/emergency               the emergency, retained
 *   TOPIC/group/G/announce/#      announcements for group G
 *
 * Must not: talk to the broker (mqtt.c does), open the cache.
 */
#ifndef KHABAR_NET_FLEET_H
#define KHABAR_NET_FLEET_H

#include <stddef.h>

#include "base/config.h"

struct fleet_topics {
	char *name;
	char *status, *thumbnail, *ack, *sync, *emergency;
	char **groups; /* TOPIC/group/G/announce/# for each group */
	size_t ngroups;
};

/* The topics of cfg's screen. Free with fleet_topics_free(). */
void fleet_topics_init(struct fleet_topics *t, const struct config *cfg);
void fleet_topics_free(struct fleet_topics *t);

/* The string value of the first "key" in json (len bytes, any bytes) into
 * out (n bytes, cut at a character boundary): 1, or 0 when there is none
 * or it is not a string. Only \" \\ \/ \n \t and \uXXXX below 0x80 are
 * decoded; other escapes come out as '?'. */
int fleet_json_str(const char *json, size_t len, const char *key, char *out, size_t n);
/* The number value of the first "key": 1 with *v, or 0. */
int fleet_json_num(const char *json, size_t len, const char *key, double *v);

#endif
