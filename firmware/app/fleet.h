/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fleet — what the display says about itself to the fleet: a status file
 * (JSON) beside the cache, written atomically, which the network program
 * publishes. The display fills in what it knows (state, card, counts);
 * this module adds what the machine knows (temperature, memory, disk, the
 * config's checksum).
 *
 * Must not: open a socket, carry a secret or a secret's file path (the
 * config's checksum is of its bytes; no key of [mqtt] goes in).
 */
#ifndef KHABAR_FLEET_H
#define KHABAR_FLEET_H

#include <stddef.h>
#include <stdint.h>

#include "app/panel.h"
#include "base/config.h"

/* What the display knows. Strings are borrowed; NULL or "" for none. */
struct fleet_status {
	const char *state; /* showing, night, no-news, cache-damaged, network-down,
			    * panel-off, emergency */
	const char *card_kind, *card_id, *card_title;
	long articles, talks;
	int64_t started, now; /* Unix time */
	int w, h;
	const char *emergency; /* the id of the emergency on screen, "" none */
	const char *network;   /* the network program's health, "" for none */
	struct panel_state panel;
};

/* The files beside the cache at db: "status.json", "thumbnail.jpg".
 * Caller frees. */
char *fleet_path(const char *db, const char *name);
/* The status as JSON (caller frees); dir: where free disk is measured
 * (NULL: not at all). */
char *fleet_status_json(const struct config *cfg, const struct fleet_status *s, const char *dir);
/* Write it to path atomically. 0, or -1 (logged once per failure run). */
int fleet_status_write(const char *path, const struct config *cfg, const struct fleet_status *s);

#endif
