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
 *   TOPIC/screen/NAME/plays       what it showed, per day, retained
 *   TOPIC/screen/NAME/ack         the emergency the screen has shown
 *   TOPIC/screen/NAME/sync        private: its own marker after a connect
 *   TOPIC/screen/NAME/settings    settings pushed to it, retained (pushed.h)
 *   TOPIC/group/G/settings        settings pushed to group G, retained
 *   TOPIC/emergency               the emergency, retained
 *   TOPIC/group/G/announce/#      announcements for group G
 *
 * Must not: talk to the broker (mqtt.c does), open the cache.
 */
#ifndef KHABAR_NET_FLEET_H
#define KHABAR_NET_FLEET_H

#include <stddef.h>
#include <stdint.h>

#include "base/config.h"
#include "base/util.h"
#include "cache/cache.h"

struct fleet_topics {
	char *name;
	char *status, *thumbnail, *plays, *ack, *sync, *emergency;
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

/* At most this many feeds in a status; the rest are counted. */
#define FLEET_MAX_FEEDS 32
/* The status's "feeds" member (", \"feeds\": [...]") into b: for each of
 * the n feeds (name, last_attempt, last_success, result "ok", "failed",
 * "gone" or "never", http, articles, error cut to 160 bytes), the first
 * FLEET_MAX_FEEDS of them, then ", \"feeds_more\": N" when there are
 * more. */
void fleet_feeds_json(struct buf *b, const struct cache_feed *f, size_t n);
/* The JSON object status (len bytes) with members (a string of
 * ", \"key\": value" pairs) added before its closing brace. Caller frees;
 * NULL when status does not end with '}' (it is then sent as it is). */
char *fleet_status_merge(const char *status, size_t len, const char *members, size_t *outlen);
/* From a status (any bytes): the latest last_attempt of its feeds in
 * *when (0 none), how many there are and how many failed. 1 when it has a
 * "feeds" array, else 0. */
int fleet_feeds_summary(const char *json, size_t len, double *when, int *feeds, int *failed);
/* The string value of key inside the object value of the first "object"
 * of json (any bytes) into out (n bytes): 1, or 0 when there is none. */
int fleet_json_member(const char *json, size_t len, const char *object, const char *key, char *out,
		      size_t n);

/* ------------------------------------------------------ plays, per day */

/* The local days a screen's plays message covers, today the last. */
#define FLEET_PLAY_DAYS 7
/* Cards listed per day, longest on screen first; the rest are counted in
 * the day's "more" (its totals count every card). */
#define FLEET_PLAY_TITLES 40
/* A title longer than this is cut (at a character boundary). */
#define FLEET_PLAY_TITLE_BYTES 160

/* What a screen showed over the FLEET_PLAY_DAYS local days (zone) up to
 * now, summed per day and per card (kind and title; an article's further
 * pages are its one card). NULL when zone is not one ICU knows. */
struct fleet_plays *fleet_plays_new(int64_t now, const char *zone);
/* Where the first day starts: the plays to add start at or after it. */
int64_t fleet_plays_since(const struct fleet_plays *p);
/* Count one play (any start: one outside the days is left out). */
void fleet_plays_add(struct fleet_plays *p, const struct cache_play *play);
/* The message: {"screen", "at", "days": [{"day": "yyyy-MM-dd", "cards",
 * "seconds", "more", "titles": [{"kind", "title", "count", "seconds"}]}]},
 * oldest day first. Caller frees; *len its length. */
char *fleet_plays_json(struct fleet_plays *p, const char *screen, int64_t now, size_t *len);
void fleet_plays_free(struct fleet_plays *p);

#endif
