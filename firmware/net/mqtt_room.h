/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mqtt_room — the halls' live state over MQTT: the retained message on
 * khabar/room/HALL/state ("full" or "open", or JSON {"state": "full"};
 * an empty message, which clears a retained one, counts as "open") into
 * the cache, as `khabar room HALL full|open` writes it. The
 * subscriber (mqtt.c) hands each message of MQTT_ROOM_FILTER here.
 *
 * Must not: touch libmosquitto (mqtt.c does); block for more than one
 * small write; take any other message.
 */
#ifndef KHABAR_MQTT_ROOM_H
#define KHABAR_MQTT_ROOM_H

#include <stddef.h>

struct cache;

/* What the subscriber subscribes to for the halls' state. */
#define MQTT_ROOM_FILTER "khabar/room/+/state"

/* Whether topic is a hall's state topic (khabar/room/HALL/state). */
int mqtt_room_topic(const char *topic);

/* The hall and state of one message: 1 full, 0 open (also for an empty
 * message), or -1 with *err
 * (caller frees) saying why it is refused (not one hall level, not UTF-8,
 * not "full" or "open"). *hall is the topic's hall (caller frees), set
 * only on success. */
int mqtt_room_parse(const char *topic, const void *payload, size_t len, char **hall,
		    char **err);

/* Store one message on topic into c: the hall full or open, or one log
 * line naming the topic when it is refused. 0 stored or refused (nothing
 * to try again), -1 when the cache failed (logged; try again). */
int mqtt_room_store(struct cache *c, const char *topic, const void *payload, size_t len);

#endif
