/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mqtt — announcements over MQTT with libmosquitto: the display's
 * subscriber (its own thread; each message one article into the cache
 * through the import validation; an empty message removes its article),
 * one-shot publishing for `khabar post --mqtt`, and the connection probe
 * of `khabar check --connect`.
 *
 * An announcement's id on every screen is its topic
 * ("khabar/announce/post-1a2b…"): one topic holds one article, a new
 * message on it replaces the article, an empty retained message removes
 * it. A JSON "id" in the message is ignored.
 *
 * Must not: touch SDL or the frame loop; block the display; log the
 * password; let <mosquitto.h> out of this file.
 */
#ifndef KHABAR_MQTT_H
#define KHABAR_MQTT_H

#include <stddef.h>
#include <stdio.h>

#include "base/article.h"
#include "base/config.h"
#include "parse/import.h"

/* One message as the subscriber sees it. Returns 1 with *out filled (its
 * id the topic; caller clears with article_clear()), 0 for an empty
 * message (remove the article whose id is topic), or -1 with *err (caller
 * frees) saying why the message is dropped: not UTF-8 JSON, not exactly
 * one article, over a limit, a bad field, like `khabar import`. */
int mqtt_message_article(const char *topic, const void *payload, size_t len,
			 const struct import_limits *lim, struct article *out, char **err);

/* The topic for announcement id under cfg's filter: the filter without
 * its final "#" followed by id ("khabar/announce/" + id). NULL when the
 * filter does not end in "/#" (then there is no topic to publish to).
 * Caller frees. */
char *mqtt_topic_for(const struct config *cfg, const char *id);

/* Whether topic is one the filter of cfg subscribes to. */
int mqtt_topic_matches(const struct config *cfg, const char *topic);

struct mqtt_client;

/* Start the subscriber for cfg's [mqtt] settings in a thread of its own,
 * writing into the cache at db_path. cfg is copied. Returns NULL without
 * *err when [mqtt] url is empty (no MQTT); NULL with *err (caller frees)
 * when the settings cannot work (the password file unreadable, TLS set-up
 * failed). A broker that cannot be reached is not an error: the thread
 * retries with a growing pause (1 s doubling to 60 s) and logs each loss. */
struct mqtt_client *mqtt_client_start(const struct config *cfg, const char *db_path, char **err);
/* Stop the thread (within about a second) and free everything; NULL is
 * fine. */
void mqtt_client_stop(struct mqtt_client *c);

/* Connect to cfg's broker, publish payload (len bytes, 0 for an empty
 * message) on topic with QoS 1, and wait up to timeout_s seconds for the
 * broker's acknowledgement. 0, or -1 with *err (caller frees). */
int mqtt_publish(const struct config *cfg, const char *topic, const void *payload, size_t len,
		 int retain, double timeout_s, char **err);

/* `khabar check`: print cfg's [mqtt] settings to out (the password only
 * as whether its file is readable), and with connect, try the broker once
 * (connect, subscribe, disconnect) and say what happened. Returns the
 * number of problems found. */
int mqtt_check(const struct config *cfg, int connect, FILE *out);

/* Subscribe to filters on cfg's broker and call each(topic, payload) for
 * every message. Once every retained message has arrived (a marker of
 * its own came back) settled(user) is asked after each turn: 1 ends the
 * watch (0 returned); 0 watches on (`khabar fleet --watch`, until the
 * process is stopped). -1 with *err when the broker cannot be reached or
 * the retained set did not arrive within timeout_s. */
int mqtt_watch(const struct config *cfg, const char *const *filters, size_t n,
	       void (*each)(const char *topic, const void *payload, size_t len, void *user),
	       int (*settled)(void *user), void *user, double timeout_s, char **err);

#endif
