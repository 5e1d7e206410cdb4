/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_room — `khabar room HALL full|open`: a steward marks a hall full
 * (its door screen shows a red band, the board marks it) or open again,
 * in the local cache or, with --mqtt, published retained on
 * khabar/room/HALL/state for every screen (the network program's
 * subscriber stores it, net/mqtt_room.c).
 *
 * Must not: know about SDL or layout; talk to the broker itself (the
 * network program publishes, app/netproc.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/netproc.h"
#include "base/config.h"
#include "base/util.h"
#include "cache/cache.h"
#include "cmd/cmd.h"

static const char room_usage[] =
    "usage: khabar room [--mqtt] HALL full|open\n"
    "Marks the hall HALL (its name as the schedule writes it; `khabar schedule` lists\n"
    "them) full or open again. Its door screen shows a red \"full\" band (with the QR\n"
    "code of [schedule] stream_url, when set) and the board marks the hall.\n\n"
    "  --mqtt   publish it, retained, on khabar/room/HALL/state to the [mqtt] broker\n"
    "           for every screen, instead of this screen's cache\n\n"
    "Exit status: 0 done, 1 not stored or not delivered, 2 usage error.\n";

/* Options and arguments: 0, 1 after --help, or 2 after a message. */
static int parse_args(int argc, char **argv, int *mqtt, const char **hall, int *full)
{
	struct cmd_args a;
	cmd_args_init(&a, argc, argv);
	while (cmd_args_next(&a) && argv[a.i][0] == '-' && argv[a.i][1]) {
		if (!strcmp(argv[a.i], "--")) {
			a.i++;
			break;
		} else if (cmd_opt_flag(&a, "--help")) {
			fputs(room_usage, stdout);
			return 1;
		} else if (cmd_opt_flag(&a, "--mqtt")) {
			*mqtt = 1;
		} else {
			cmd_args_unknown(&a);
			fputs(room_usage, stderr);
		}
	}
	if (a.status)
		return a.status;
	if (argc - a.i != 2 || !*argv[a.i] ||
	    (strcmp(argv[a.i + 1], "full") && strcmp(argv[a.i + 1], "open"))) {
		fprintf(stderr, "khabar room: give a hall and full or open\n%s", room_usage);
		return 2;
	}
	*hall = argv[a.i];
	*full = !strcmp(argv[a.i + 1], "full");
	if (utf8_first_invalid(*hall, strlen(*hall)) != strlen(*hall)) {
		fprintf(stderr, "khabar room: the hall's name is not UTF-8\n");
		return 2;
	}
	return 0;
}

static int room_local(const struct cmd_ctx *ctx, const struct config *cfg, const char *hall,
		      int full)
{
	char *err = NULL, *path = cmd_cache_path(ctx, cfg);
	struct cache *c = cache_open(path, 0, &err);
	int rc = 1;
	if (!c || cache_hall_set(c, hall, full, time_now_unix(), &err))
		log_error("room: %s", err);
	else {
		printf("%s: %s\n", hall, full ? "full" : "open");
		rc = 0;
	}
	free(err);
	free(path);
	cache_close(c);
	return rc;
}

static int room_mqtt(const struct cmd_ctx *ctx, const struct config *cfg, const char *hall,
		     int full)
{
	if (!*cfg->mqtt_url) {
		fprintf(stderr, "khabar room: --mqtt needs [mqtt] url in the config\n");
		return 2;
	}
	if (strpbrk(hall, "/+#")) {
		fprintf(stderr,
			"khabar room: '%s' cannot be an MQTT topic level (it has / + or #)\n",
			hall);
		return 2;
	}
	char *topic = xasprintf("khabar/room/%s/state", hall);
	const char *args[] = {"post", topic, NULL};
	const char *state = full ? "full" : "open";
	int rc = netproc_call(ctx->config_path, ctx->db_path, args, state, strlen(state)) ? 1 : 0;
	if (!rc)
		printf("%s: %s\n", topic, state);
	free(topic);
	return rc;
}

int cmd_room(const struct cmd_ctx *ctx, int argc, char **argv)
{
	int mqtt = 0, full = 0;
	const char *hall = NULL;
	int rc = parse_args(argc, argv, &mqtt, &hall, &full);
	if (rc)
		return rc == 1 ? 0 : rc;
	struct config cfg;
	if ((rc = cmd_config_load(ctx, &cfg, stderr, "khabar: ")))
		return rc;
	rc = mqtt ? room_mqtt(ctx, &cfg, hall, full) : room_local(ctx, &cfg, hall, full);
	config_free(&cfg);
	return rc;
}
