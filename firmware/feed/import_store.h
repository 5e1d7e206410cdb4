/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * import_store — files into the cache: each path (a file, or a
 * directory's files in name order) is read, parsed by import.h's parsers
 * and written to the cache.
 *
 * Must not: parse any format itself; talk to SQLite except through cache.h.
 */
#ifndef KHABAR_IMPORT_STORE_H
#define KHABAR_IMPORT_STORE_H

#include <stdio.h>

#include "parse/import.h"

struct cache;

/* Import each path (a file, or a directory's files in name order) into c,
 * printing one line per file to report ("FILE: imported 3, updated 1,
 * skipped 2: reasons") and logging each failure with the file's name.
 * Returns 0 when every file imported, 1 when some file failed. */
int import_paths(struct cache *c, char **paths, int npaths, const struct import_limits *lim,
		 FILE *report);

#endif
