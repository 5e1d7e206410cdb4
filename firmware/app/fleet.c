/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fleet — the display's status file. See fleet.h.
 *
 * Must not: open a socket or carry a secret or a secret's path.
 */
#include "app/fleet.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "base/util.h"
#include "base/version.h"

char *fleet_path(const char *db, const char *name)
{
	const char *slash = strrchr(db, '/');
	if (!slash)
		return xstrdup(name);
	return xasprintf("%.*s/%s", (int)(slash - db), db, name);
}

/* The hottest thermal zone in degrees Celsius, or -1000 when none. */
static double cpu_temperature(void)
{
	double best = -1000;
	for (int i = 0; i < 16; i++) {
		char path[64], line[32];
		snprintf(path, sizeof path, "/sys/class/thermal/thermal_zone%d/temp", i);
		FILE *f = fopen(path, "re");
		if (!f)
			break;
		if (fgets(line, sizeof line, f))
			best = MAX(best, atof(line) / 1000.0);
		fclose(f);
	}
	return best;
}

/* A "Key:   N kB" line's N of /proc file path, or -1. */
static long proc_kb(const char *path, const char *key)
{
	FILE *f = fopen(path, "re");
	char line[256];
	long v = -1;
	size_t n = strlen(key);
	while (f && fgets(line, sizeof line, f))
		if (!strncmp(line, key, n) && line[n] == ':')
			v = atol(line + n + 1);
	if (f)
		fclose(f);
	return v;
}

/* FNV-1a of the config file's bytes as hex, or "" with no file. */
static void config_checksum(const struct config *cfg, char out[17])
{
	size_t len = 0;
	char *err = NULL;
	char *text = cfg->path ? file_read(cfg->path, 1 << 20, &len, &err) : NULL;
	free(err);
	*out = 0;
	if (text)
		snprintf(out, 17, "%016llx",
			 (unsigned long long)hash_fnv1a(HASH_FNV1A_INIT, text, len));
	free(text);
}

static void json_str(struct buf *b, const char *key, const char *v)
{
	buf_printf(b, ", \"%s\": ", key);
	v = v ? v : "";
	buf_json_string(b, v, strlen(v));
}

/* -1 as null, else true or false. */
static void json_tri(struct buf *b, const char *key, int v)
{
	buf_printf(b, ", \"%s\": %s", key, v < 0 ? "null" : v ? "true" : "false");
}

/* What the machine says: temperature, memory, free disk beside db. */
static void machine_json(struct buf *b, const char *dir)
{
	double t = cpu_temperature();
	if (t > -1000)
		buf_printf(b, ", \"temperature\": %.1f", t);
	else
		buf_puts(b, ", \"temperature\": null");
	buf_printf(b, ", \"memory_kb\": %ld, \"memory_available_kb\": %ld",
		   proc_kb("/proc/self/status", "VmRSS"), proc_kb("/proc/meminfo", "MemAvailable"));
	struct statvfs v;
	if (dir && statvfs(dir, &v) == 0)
		buf_printf(b, ", \"disk_free_kb\": %llu",
			   (unsigned long long)v.f_bavail * v.f_frsize / 1024);
}

char *fleet_status_json(const struct config *cfg, const struct fleet_status *s, const char *dir)
{
	struct buf b = {0};
	char *name = config_fleet_name(cfg), sum[17];
	buf_puts(&b, "{\"name\": ");
	buf_json_string(&b, name, strlen(name));
	free(name);
	json_str(&b, "groups", cfg->fleet_groups);
	json_str(&b, "version", KHABAR_VERSION);
	json_str(&b, "state", s->state);
	buf_printf(&b, ", \"at\": %lld, \"started\": %lld", (long long)s->now,
		   (long long)s->started);
	buf_puts(&b, ", \"card\": {\"kind\": ");
	const char *k = s->card_kind ? s->card_kind : "";
	buf_json_string(&b, k, strlen(k));
	json_str(&b, "id", s->card_id);
	json_str(&b, "title", s->card_title);
	buf_printf(&b, "}, \"articles\": %ld, \"talks\": %ld", s->articles, s->talks);
	json_str(&b, "emergency", s->emergency);
	json_str(&b, "network", s->network);
	buf_printf(&b, ", \"resolution\": \"%dx%d\"", s->w, s->h);
	config_checksum(cfg, sum);
	json_str(&b, "config", sum);
	buf_printf(&b, ", \"panel\": {\"connected\": %s",
		   s->panel.connected < 0 ? "null" : s->panel.connected ? "true" : "false");
	json_tri(&b, "dpms", s->panel.dpms);
	json_tri(&b, "cec", s->panel.cec);
	buf_putc(&b, '}');
	machine_json(&b, dir);
	buf_puts(&b, "}\n");
	return buf_steal(&b);
}

int fleet_status_write(const char *path, const struct config *cfg, const struct fleet_status *s)
{
	static int failed;
	char *dir = fleet_path(path, ".");
	char *json = fleet_status_json(cfg, s, dir);
	free(dir);
	int rc = file_write(path, json, strlen(json));
	if (rc && !failed)
		log_warn("fleet: cannot write %s: %s", path, strerror(errno));
	failed = rc != 0;
	free(json);
	return rc;
}
