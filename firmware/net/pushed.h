/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pushed — settings an organiser pushes to this screen over the fleet:
 * retained INI fragments on TOPIC/group/G/settings (one per group of
 * [fleet] groups) and TOPIC/screen/NAME/settings. Each message is checked
 * as `khabar check` would check it (the INI, then every fragment in force
 * with this one in place, each named by its topic), and only a fragment
 * that passes replaces the one of its topic. The fragments in force are
 * kept in settings.ini beside the cache (the groups' in [fleet] groups
 * order, then the screen's, each under a "; pushed on TOPIC" line), which
 * the config loader reads after the INI (config_apply_settings()), so they
 * survive a restart; the verdict on the last message goes to
 * settings.result beside it (three lines: topic, checksum of the message,
 * "applied", "withdrawn" or "refused: why"), for the display's status.
 * An empty message withdraws the topic's fragment.
 *
 * Must not: talk to the broker (mqtt.c does), open the cache, or let a
 * message of any bytes do more than be refused with a log line.
 */
#ifndef KHABAR_PUSHED_H
#define KHABAR_PUSHED_H

#include <stddef.h>

#include "base/config.h"

#define PUSHED_MAX_MESSAGE (64 * 1024) /* bytes of one fragment, at most */
#define PUSHED_RESULT_FILE "settings.result"

struct pushed;

/* The settings topics of cfg's screen, and the fragments in force read
 * back from the settings file beside db_path. Free with pushed_free(). */
struct pushed *pushed_new(const struct config *cfg, const char *db_path);
void pushed_free(struct pushed *p);
/* Its topics (n of them), to subscribe to. Borrowed. */
const char *const *pushed_topics(const struct pushed *p, size_t *n);
/* Whether topic is one of them. */
int pushed_is_topic(const struct pushed *p, const char *topic);
/* A message on one of its topics: checked, and on success the settings
 * file rewritten; the verdict logged and written. */
void pushed_message(struct pushed *p, const char *topic, const void *payload, size_t len);
/* A new connection to the broker: every topic unseen until pushed_synced(). */
void pushed_connected(struct pushed *p);
/* Every retained message has arrived: a fragment whose topic sent none
 * was withdrawn while this screen was away, and goes. */
void pushed_synced(struct pushed *p);

#endif
