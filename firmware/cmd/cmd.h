/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd — the command layer: the subcommands `khabar` dispatches to (one
 * file per family: cmd_run.c, cmd_render.c, cmd_check.c, cmd_text.c,
 * cmd_cache.c, cmd_remove.c, cmd_post.c, cmd_sync.c, cmd_schedule.c) and
 * the helpers they share (cmd.c): option parsing, config loading with an
 * exit status, and the cache-path rule.
 *
 * Every command takes the global options and its own arguments (argv[0]
 * is the command name) and returns the exit status: 0 success, 1
 * failure, 2 usage or configuration error.
 *
 * Must not: exit() or hold state between calls; helpers print their
 * message and return, the command decides.
 */
#ifndef KHABAR_CMD_H
#define KHABAR_CMD_H

#include <stdio.h>

#include "base/config.h"

struct cmd_ctx {
	const char *config_path; /* --config, or NULL for the default search */
	const char *db_path;	 /* --db, or NULL for the cache the config names */
};

/* The commands, in main.c's table. */
int cmd_run(const struct cmd_ctx *ctx, int argc, char **argv);	  /* cmd_run.c */
int cmd_check(const struct cmd_ctx *ctx, int argc, char **argv);  /* cmd_check.c */
int cmd_render(const struct cmd_ctx *ctx, int argc, char **argv); /* cmd_render.c */
int cmd_layout(const struct cmd_ctx *ctx, int argc, char **argv); /* cmd_text.c */
/* `khabar render --text`: cmd_render hands over when --text is given. */
int cmd_render_text(const struct cmd_ctx *ctx, int argc, char **argv); /* cmd_text.c */
int cmd_import(const struct cmd_ctx *ctx, int argc, char **argv);      /* cmd_cache.c */
int cmd_list(const struct cmd_ctx *ctx, int argc, char **argv);
int cmd_plays(const struct cmd_ctx *ctx, int argc, char **argv);
int cmd_fleet(const struct cmd_ctx *ctx, int argc, char **argv);
/* Articles by id, a conference, or announcements on the broker (cmd_remove.c). */
int cmd_remove(const struct cmd_ctx *ctx, int argc, char **argv);
int cmd_prune(const struct cmd_ctx *ctx, int argc, char **argv);
/* Copy the readable articles of a damaged cache into a new file. */
int cmd_repair(const struct cmd_ctx *ctx, int argc, char **argv);
/* An announcement into the cache or, with --mqtt, to the broker (cmd_post.c). */
int cmd_post(const struct cmd_ctx *ctx, int argc, char **argv);
/* A hall marked full or open, in the cache or, with --mqtt, on the
 * broker (cmd_room.c). */
int cmd_room(const struct cmd_ctx *ctx, int argc, char **argv);
/* Fetch the configured feeds (cmd_sync.c). */
int cmd_sync(const struct cmd_ctx *ctx, int argc, char **argv);
/* The organisers' web console (cmd_console.c). */
int cmd_console(const struct cmd_ctx *ctx, int argc, char **argv);
/* Conference schedules (cmd_schedule.c): what a screen shows now and
 * next. */
int cmd_schedule(const struct cmd_ctx *ctx, int argc, char **argv);
/* For `khabar check`: the schedule in the cache at db, and whether
 * [schedule] room and rooms name rooms it has. Prints one line per
 * finding to out; returns the number of problems (0 when the cache cannot
 * be opened: the cache's own check says so). */
int cmd_schedule_check(const char *db, const struct config *cfg, FILE *out);

/*
 * Option parsing. A command walks its arguments like this:
 *
 *	struct cmd_args a;
 *	cmd_args_init(&a, argc, argv);
 *	while (cmd_args_next(&a)) {
 *		if (cmd_opt_flag(&a, "--help")) ...
 *		else if (cmd_opt_str(&a, "--out", &out)) ;
 *		else if (cmd_opt_long(&a, "--card", 0, 1000, &card)) ;
 *		else cmd_args_unknown(&a);
 *	}
 *	if (a.status) return a.status;
 *
 * Options are "--name VALUE" or "--name=VALUE". A bad or missing value
 * prints one message naming the option and sets status to 2, which ends
 * the walk.
 */
struct cmd_args {
	int argc;
	char **argv; /* argv[0] is the command name, used in messages */
	int i;	     /* the argument being looked at */
	int status;  /* 0, or 2 after a usage message */
};
void cmd_args_init(struct cmd_args *a, int argc, char **argv);
/* Move to the next argument: 1, or 0 at the end or after an error. */
int cmd_args_next(struct cmd_args *a);
/* The argument being looked at. */
const char *cmd_args_cur(const struct cmd_args *a);
/* Whether the argument is the flag name (or "-h" for "--help"). */
int cmd_opt_flag(struct cmd_args *a, const char *name);
/* Whether the argument is option name; its value (borrowed from argv) in
 * *v. 1 also when the value is missing (then status is 2). */
int cmd_opt_str(struct cmd_args *a, const char *name, const char **v);
/* The same with a whole number in [lo, hi]. */
int cmd_opt_long(struct cmd_args *a, const char *name, long lo, long hi, long *v);
/* The same with a number in [lo, hi]. */
int cmd_opt_double(struct cmd_args *a, const char *name, double lo, double hi, double *v);
/* The same with one of names[0..n): *v gets its index. */
int cmd_opt_enum(struct cmd_args *a, const char *name, const char *const *names, int n, int *v);
/* The same with WxH (160x120 to 8192x8192). */
int cmd_opt_size(struct cmd_args *a, const char *name, int *w, int *h);
/* The argument is not one the command knows: a message, status 2. */
void cmd_args_unknown(struct cmd_args *a);

/* Parse "WxH" (or "WXH") within 160x120 .. 8192x8192: 0, or -1. */
int cmd_parse_size(const char *v, int *w, int *h);
/* A whole number/decimal in [lo, hi] for option name: 0, or -1 after a
 * message. */
int cmd_parse_long(const char *name, const char *v, long lo, long hi, long *out);
int cmd_parse_double(const char *name, const char *v, double lo, double hi, double *out);

/* Load the config (--config, else the default search), check what only a
 * library can check (the time zone) and return 0, or the exit status (2
 * for an invalid config, 1 when it cannot be read) after printing
 * "<prefix><what is wrong>" to out. cfg is freed on failure; the caller
 * frees it with config_free() on success. */
int cmd_config_load(const struct cmd_ctx *ctx, struct config *cfg, FILE *out, const char *prefix);
/* The cache file: --db, else [cache] path, else the default
 * ($XDG_DATA_HOME/khabar/khabar.db). Caller frees. */
char *cmd_cache_path(const struct cmd_ctx *ctx, const struct config *cfg);
/* cmd_config_load() with messages "khabar: ..." on stderr, then the cache
 * file (cmd_cache_path) in *path. 0, or the exit status after a message.
 * Caller frees *path and the config (config_free()). */
int cmd_config_load_cache(const struct cmd_ctx *ctx, struct config *cfg, char **path);
struct cache;
/* The cache the config names, opened to write (khabar remove, prune):
 * 0 with *out, or the exit status after a message (1 when the cache
 * cannot be opened). Caller closes *out with cache_close(). */
int cmd_cache_open(const struct cmd_ctx *ctx, struct cache **out);

#endif
