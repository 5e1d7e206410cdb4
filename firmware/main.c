/*
 * khabar — a Persian news display for lobby screens.
 *
 * Start reading here: parse the global options, pick the command, run it.
 * Each command lives with the module it drives (cmd_*.c).
 */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "util.h"

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
	{"remove", cmd_remove, "delete articles from the cache by id"},
	{"prune", cmd_prune, "delete expired and old articles"},
	{"schedule", cmd_schedule, "the conference schedule: each room now and next (--json, --all)"},
};

static void usage(FILE *out)
{
	fprintf(out, "usage: khabar [--config FILE] [--db FILE] [COMMAND] [ARGS...]\n\ncommands:\n");
	for (size_t i = 0; i < ARRAY_LEN(commands); i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].help);
	fprintf(out, "\nkhabar COMMAND --help shows a command's options.\n");
}

int main(int argc, char **argv)
{
	struct cmd_ctx ctx = {0};
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *v;
		if ((v = cmd_opt(argc, argv, &i, "--config"))) {
			ctx.config_path = v;
		} else if ((v = cmd_opt(argc, argv, &i, "--db"))) {
			ctx.db_path = v;
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "--version")) {
			printf("khabar %s\n", KHABAR_VERSION);
			return 0;
		} else {
			break; /* a command's own option, e.g. `khabar --windowed 800x600` */
		}
	}
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
