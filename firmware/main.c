/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * khabar — a Persian news display for lobby screens.
 *
 * Start reading here: parse the global options, pick the command, run it.
 * This is the display program; what talks to the network is khabar-net
 * (main_net.c, netcmd/ and net/), which this one starts and never links.
 * One folder per layer; a layer uses only those below it in this list
 * (the table in scripts/check-structure.sh, `make structure`):
 *
 *   cmd/      khabar COMMAND: options, config, then one of the layers below
 *   app/      the display process: window loop, systemd, panel, khabar-net child
 *   screen/   draw operations -> pixels: a whole screen, the ticker, fades
 *   show/     what is shown, as plain data: playlist, deck, cards, agenda
 *   text/     Persian text -> positioned glyphs (HarfBuzz, ICU)
 *   feed/     the writers of files and schedules -> cache
 *   parse/    bytes -> articles and talks (no cache, no files, no clock)
 *   cache/    the one SQLite file (WAL), survives power cuts
 *   media/    lead images: probe, decode, the image store
 *   base/     articles, talks, config, dates, languages, util
 *
 * docs/hacking.md walks the tree in reading order.
 */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "base/util.h"
#include "base/version.h"

static const struct command {
	const char *name;
	int (*run)(const struct cmd_ctx *ctx, int argc, char **argv);
	const char *help;
} commands[] = {
    {"run", cmd_run, "the fullscreen display (the default command)"},
    {"check", cmd_check, "validate config, fonts and cache"},
    {"layout", cmd_layout, "the text engine's result for stdin, as JSON"},
    {"render", cmd_render, "draw text or a card to a PNG, without a display"},
    {"import", cmd_import, "text, JSON, RSS and Atom files into the cache"},
    {"list", cmd_list, "what the display would show, in order (--json)"},
    {"plays", cmd_plays, "what the display played and for how long (--json, --csv)"},
    {"remove", cmd_remove, "delete articles from the cache by id"},
    {"post", cmd_post, "an announcement into the cache, or to every screen (--mqtt)"},
    {"room", cmd_room, "mark a hall full or open, here or on every screen (--mqtt)"},
    {"prune", cmd_prune, "delete expired and old articles"},
    {"sync", cmd_sync, "fetch the configured feeds over HTTP (runs khabar-net)"},
    {"fleet", cmd_fleet, "every screen of the fleet: state, card, last seen (runs khabar-net)"},
    {"console", cmd_console, "the organisers' web console (runs khabar-console)"},
    {"repair", cmd_repair, "keep the readable articles of a damaged cache"},
    {"schedule", cmd_schedule, "the conference schedule: each room now and next (--json, --all)"},
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: khabar [--config FILE] [--db FILE] [COMMAND] [ARGS...]\n"
		"       khabar --version | --help\n\ncommands:\n");
	for (size_t i = 0; i < ARRAY_LEN(commands); i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].help);
	fprintf(out, "\nkhabar COMMAND --help shows a command's options.\n");
}

int main(int argc, char **argv)
{
	struct cmd_ctx ctx = {0};
	struct cmd_args a;
	cmd_args_init(&a, argc, argv);
	while (cmd_args_next(&a) && cmd_args_cur(&a)[0] == '-') {
		if (cmd_opt_str(&a, "--config", &ctx.config_path) ||
		    cmd_opt_str(&a, "--db", &ctx.db_path))
			continue;
		if (cmd_opt_flag(&a, "--help")) {
			usage(stdout);
			return 0;
		}
		if (cmd_opt_flag(&a, "--version")) {
			printf("khabar %s\n", KHABAR_VERSION);
			return 0;
		}
		break; /* a command's own option, e.g. `khabar --windowed 800x600` */
	}
	if (a.status)
		return a.status;
	int i = a.i;
	const char *name = i < argc && argv[i][0] != '-' ? argv[i] : "run";
	for (size_t c = 0; c < ARRAY_LEN(commands); c++) {
		if (strcmp(commands[c].name, name) != 0)
			continue;
		if (i < argc && argv[i][0] != '-')
			return commands[c].run(&ctx, argc - i, argv + i);
		/* No command word: the default command sees the options. */
		argv[i - 1] = (char *)name;
		return commands[c].run(&ctx, argc - i + 1, argv + i - 1);
	}
	fprintf(stderr, "khabar: unknown command '%s'\n", name);
	usage(stderr);
	return 2;
}
