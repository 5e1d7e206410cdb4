/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd — option parsing, config loading and the cache-path rule shared by
 * every command. See cmd.h.
 */
#include "cmd/cmd.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "app/panel.h"
#include "base/util.h"
#include "cache/cache.h"
#include "show/i18n.h"

void cmd_args_init(struct cmd_args *a, int argc, char **argv)
{
	a->argc = argc;
	a->argv = argv;
	a->i = 0;
	a->status = 0;
}

int cmd_args_next(struct cmd_args *a)
{
	if (a->status || a->i >= a->argc)
		return 0;
	a->i++;
	return a->i < a->argc;
}

const char *cmd_args_cur(const struct cmd_args *a)
{
	return a->i < a->argc ? a->argv[a->i] : "";
}

int cmd_opt_flag(struct cmd_args *a, const char *name)
{
	const char *s = cmd_args_cur(a);
	return !strcmp(s, name) || (!strcmp(name, "--help") && !strcmp(s, "-h"));
}

int cmd_opt_str(struct cmd_args *a, const char *name, const char **v)
{
	const char *s = cmd_args_cur(a);
	size_t n = strlen(name);
	if (strncmp(s, name, n) != 0 || (s[n] != '=' && s[n] != '\0'))
		return 0;
	if (s[n] == '=') {
		*v = s + n + 1;
		return 1;
	}
	if (a->i + 1 >= a->argc) {
		fprintf(stderr, "khabar: %s needs a value\n", name);
		a->status = 2;
		return 1;
	}
	*v = a->argv[++a->i];
	return 1;
}

int cmd_opt_long(struct cmd_args *a, const char *name, long lo, long hi, long *v)
{
	const char *s;
	if (!cmd_opt_str(a, name, &s))
		return 0;
	if (!a->status && cmd_parse_long(name, s, lo, hi, v))
		a->status = 2;
	return 1;
}

int cmd_opt_double(struct cmd_args *a, const char *name, double lo, double hi, double *v)
{
	const char *s;
	if (!cmd_opt_str(a, name, &s))
		return 0;
	if (!a->status && cmd_parse_double(name, s, lo, hi, v))
		a->status = 2;
	return 1;
}

int cmd_opt_enum(struct cmd_args *a, const char *name, const char *const *names, int n, int *v)
{
	const char *s;
	if (!cmd_opt_str(a, name, &s))
		return 0;
	if (a->status)
		return 1;
	for (int k = 0; k < n; k++) {
		if (!strcmp(s, names[k])) {
			*v = k;
			return 1;
		}
	}
	fprintf(stderr, "khabar: %s: '%s' is not one of", name, s);
	for (int k = 0; k < n; k++)
		fprintf(stderr, " %s", names[k]);
	fprintf(stderr, "\n");
	a->status = 2;
	return 1;
}

int cmd_opt_size(struct cmd_args *a, const char *name, int *w, int *h)
{
	const char *s;
	if (!cmd_opt_str(a, name, &s))
		return 0;
	if (!a->status && cmd_parse_size(s, w, h)) {
		fprintf(stderr,
			"khabar %s: %s '%s' is not WxH from 160x120 to 8192x8192 (e.g. 1280x720)\n",
			a->argv[0], name, s);
		a->status = 2;
	}
	return 1;
}

void cmd_args_unknown(struct cmd_args *a)
{
	fprintf(stderr, "khabar %s: unknown option '%s' (see --help)\n", a->argv[0],
		cmd_args_cur(a));
	a->status = 2;
}

int cmd_parse_size(const char *v, int *w, int *h)
{
	char x, end;
	int pw, ph;
	if (!v || sscanf(v, "%d%c%d%c", &pw, &x, &ph, &end) != 3 || (x != 'x' && x != 'X') ||
	    pw < 160 || ph < 120 || pw > 8192 || ph > 8192)
		return -1;
	*w = pw;
	*h = ph;
	return 0;
}

int cmd_parse_long(const char *name, const char *v, long lo, long hi, long *out)
{
	char *end;
	errno = 0;
	long x = strtol(v, &end, 10);
	if (errno || end == v || *end || x < lo || x > hi) {
		fprintf(stderr, "khabar: %s: '%s' is not a whole number from %ld to %ld\n", name, v,
			lo, hi);
		return -1;
	}
	*out = x;
	return 0;
}

int cmd_parse_double(const char *name, const char *v, double lo, double hi, double *out)
{
	char *end;
	errno = 0;
	double x = strtod(v, &end);
	if (errno || end == v || *end || !(x >= lo && x <= hi)) {
		fprintf(stderr, "khabar: %s: '%s' is not a number from %g to %g\n", name, v, lo,
			hi);
		return -1;
	}
	*out = x;
	return 0;
}

int cmd_config_load(const struct cmd_ctx *ctx, struct config *cfg, FILE *out, const char *prefix)
{
	char *err = NULL;
	int rc = config_read_checked(cfg, ctx->config_path, &err);
	if (rc) {
		/* Every problem on a line of its own. */
		for (char *line = strtok(err, "\n"); line; line = strtok(NULL, "\n"))
			fprintf(out, "%s%s\n", prefix, line);
		free(err);
		/* A --config that cannot be read is a usage error. */
		return rc == 2 || ctx->config_path ? 2 : 1;
	}
	/* The frame's words, digits and dates follow the config. */
	i18n_set(cfg->language == LANGUAGE_EN ? I18N_EN : I18N_FA);
	/* The panel's size for [display] viewing_distance: its EDID first. */
	panel_size_read(cfg);
	return 0;
}

char *cmd_cache_path(const struct cmd_ctx *ctx, const struct config *cfg)
{
	if (ctx->db_path)
		return xstrdup(ctx->db_path);
	char *p = *cfg->cache_path ? xstrdup(cfg->cache_path) : cache_default_path();
	if (!p) {
		fprintf(stderr, "khabar: %s\n", NO_HOME_MESSAGE);
		exit(2);
	}
	return p;
}

int cmd_config_load_cache(const struct cmd_ctx *ctx, struct config *cfg, char **path)
{
	int rc = cmd_config_load(ctx, cfg, stderr, "khabar: ");
	if (rc)
		return rc;
	*path = cmd_cache_path(ctx, cfg);
	return 0;
}

int cmd_cache_open(const struct cmd_ctx *ctx, struct cache **out)
{
	struct config cfg;
	char *path, *err = NULL;
	*out = NULL;
	int rc = cmd_config_load_cache(ctx, &cfg, &path);
	if (rc)
		return rc;
	config_free(&cfg);
	*out = cache_open(path, 0, &err);
	free(path);
	if (!*out) {
		log_error("%s", err);
		free(err);
		return 1;
	}
	return 0;
}
