/*
 * cmd — the subcommands. Each takes the global options and its own
 * arguments (argv[0] is the command name) and returns the exit code:
 * 0 success, 1 failure, 2 usage or configuration error.
 */
#ifndef KHABAR_CMD_H
#define KHABAR_CMD_H

struct cmd_ctx {
	const char *config_path; /* --config, or NULL for the default search */
	const char *db_path;     /* --db, or NULL for the default cache */
};

int cmd_layout(const struct cmd_ctx *ctx, int argc, char **argv);
int cmd_render(const struct cmd_ctx *ctx, int argc, char **argv);
/* `khabar render` without --text draws a card: cmd_render hands over. */
int display_render_card(const struct cmd_ctx *ctx, int argc, char **argv);
/* The display: fullscreen rotation of cards (app.c). */
int cmd_run(const struct cmd_ctx *ctx, int argc, char **argv);
/* Validate config, fonts and cache (app.c). */
int cmd_check(const struct cmd_ctx *ctx, int argc, char **argv);
int cmd_import(const struct cmd_ctx *ctx, int argc, char **argv);
int cmd_list(const struct cmd_ctx *ctx, int argc, char **argv);
int cmd_remove(const struct cmd_ctx *ctx, int argc, char **argv);
int cmd_prune(const struct cmd_ctx *ctx, int argc, char **argv);
/* Conference schedules (cmd_schedule.c): what a screen shows now and
 * next, and `khabar remove --conference NAME`. */
int cmd_schedule(const struct cmd_ctx *ctx, int argc, char **argv);
int cmd_remove_conference(const struct cmd_ctx *ctx, int argc, char **argv);

/* Shared option parsing: "--name VALUE" or "--name=VALUE". Returns the
 * value and advances *i, or NULL when argv[*i] is not that option. */
const char *cmd_opt(int argc, char **argv, int *i, const char *name);
/* Parse a whole number/decimal in [lo, hi] for option name; prints a usage
 * message and returns -1 when it is not one. */
int cmd_parse_int(const char *name, const char *v, long lo, long hi, long *out);
int cmd_parse_double(const char *name, const char *v, double lo, double hi, double *out);

#endif
