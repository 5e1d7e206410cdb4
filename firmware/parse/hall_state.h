/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hall_state — a hall's live state as a message carries it: the word
 * "full" or "open", or a JSON object {"state": "full"}.
 *
 * Must not: open files, read the clock or touch the cache.
 */
#ifndef KHABAR_HALL_STATE_H
#define KHABAR_HALL_STATE_H

#include <stddef.h>

/* The largest message taken: a word or a small object. */
#define HALL_STATE_MAX 256

/* 1 full, 0 open, -1 for anything else (other words, other JSON, more
 * than HALL_STATE_MAX bytes). */
int hall_state_parse(const char *p, size_t len);

#endif
