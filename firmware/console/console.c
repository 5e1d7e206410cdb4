/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * console — khabar-console's command line: serve the console, or add and
 * remove its accounts. `khabar console` (the display program) runs this
 * program in its place, as `khabar sync` runs khabar-net, so the display
 * never links libmicrohttpd.
 *
 * Must not: echo a password, log it, or take it from the command line.
 */
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "console/console.h"

static const char usage[] =
    "usage: khabar console [--listen ADDR:PORT]\n"
    "       khabar console --add-user NAME [--role organiser|viewer]\n"
    "       khabar console --remove-user NAME\n"
    "Serves the organisers' console (HTTPS with [console] cert and key, or plain HTTP\n"
    "when [console] plain_http = yes) on [console] listen, showing the screens that\n"
    "report on the [mqtt] broker. --add-user reads the password from a terminal prompt\n"
    "or the first line of standard input, and writes [console] users (yescrypt).\n"
    "Roles: organiser (post, remove, emergency, halls) and viewer (look only).\n"
    "Exit status: 0 done, 1 failure, 2 usage error.\n";

struct args {
	const char *config, *db, *listen, *add, *remove, *role;
};

static int parse(int argc, char **argv, struct args *a)
{
	for (int i = 1; i < argc; i++) {
		const char *o = argv[i];
		const char **slot = !strcmp(o, "--config")	? &a->config
				    : !strcmp(o, "--listen")	? &a->listen
				    : !strcmp(o, "--add-user")	? &a->add
				    : !strcmp(o, "--remove-user") ? &a->remove
				    : !strcmp(o, "--role")	? &a->role
				    : !strcmp(o, "--db")	? &a->db
								: NULL;
		if (!strcmp(o, "console"))
			continue;
		if (!strcmp(o, "--help") || !strcmp(o, "-h")) {
			fputs(usage, stdout);
			return 1;
		}
		if (!slot || i + 1 >= argc) {
			fprintf(stderr, "khabar console: %s '%s'\n%s",
				slot ? "a value is missing after" : "unknown argument", o, usage);
			return 2;
		}
		*slot = argv[++i];
	}
	return 0;
}

/* The password: prompted twice on a terminal (no echo), else stdin's
 * first line. Caller frees (and clears); NULL after a message. */
static char *read_password(void)
{
	char one[512], two[512];
	int tty = isatty(0);
	struct termios old, quiet;
	if (tty) {
		tcgetattr(0, &old);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(0, TCSAFLUSH, &quiet);
		fputs("Password: ", stderr);
	}
	int ok = fgets(one, sizeof one, stdin) != NULL;
	if (tty && ok) {
		fputs("\nAgain: ", stderr);
		ok = fgets(two, sizeof two, stdin) != NULL;
	}
	if (tty) {
		tcsetattr(0, TCSAFLUSH, &old);
		fputs("\n", stderr);
	}
	one[ok ? strcspn(one, "\r\n") : 0] = 0;
	if (tty && ok)
		two[strcspn(two, "\r\n")] = 0;
	char *out = NULL;
	if (!ok || strlen(one) < 8)
		fprintf(stderr, "khabar console: a password of at least 8 characters is needed\n");
	else if (tty && strcmp(one, two))
		fprintf(stderr, "khabar console: the two passwords differ\n");
	else
		out = xstrdup(one);
	explicit_bzero(one, sizeof one);
	explicit_bzero(two, sizeof two);
	return out;
}

static int accounts(const struct config *cfg, const struct args *a)
{
	const char *name = a->add ? a->add : a->remove;
	if (!console_name_ok(name)) {
		fprintf(stderr, "khabar console: '%s' is not an account name (1 to 32 of A-Z a-z "
				"0-9 . _ -)\n", name);
		return 2;
	}
	if (a->remove) {
		int rc = console_user_remove(cfg->console_users, name);
		if (rc == 1)
			fprintf(stderr, "khabar console: no account '%s' in %s\n", name,
				cfg->console_users);
		return rc ? 1 : 0;
	}
	const char *role = a->role ? a->role : "organiser";
	if (strcmp(role, "organiser") && strcmp(role, "viewer")) {
		fprintf(stderr, "khabar console: --role is organiser or viewer, not '%s'\n", role);
		return 2;
	}
	char *pass = read_password();
	if (!pass)
		return 1;
	int rc = console_user_set(cfg->console_users, name,
				  !strcmp(role, "organiser") ? ROLE_ORGANISER : ROLE_VIEWER, pass);
	explicit_bzero(pass, strlen(pass));
	free(pass);
	if (!rc)
		printf("%s: %s %s\n", cfg->console_users, name, role);
	return rc ? 1 : 0;
}

/* The display program: KHABAR_BIN, else khabar beside this program, else
 * the one in PATH's usual place. Caller frees. */
static char *display_program(void)
{
	const char *env = getenv("KHABAR_BIN");
	if (env && *env)
		return xstrdup(env);
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n > 0) {
		self[n] = 0;
		char *slash = strrchr(self, '/');
		if (slash) {
			*slash = 0;
			char *beside = xasprintf("%s/khabar", self);
			if (access(beside, X_OK) == 0)
				return beside;
			free(beside);
		}
	}
	return xstrdup("/usr/bin/khabar");
}

static int serve(const struct config *cfg, const struct args *a)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL); /* before any thread: sigwait gets them */
	signal(SIGPIPE, SIG_IGN);
	char *err = NULL;
	struct console_broker *b = broker_start(cfg, &err);
	if (!b) {
		log_error("console: %s", err);
		free(err);
		return 1;
	}
	char *khabar = display_program();
	struct console_opts o = {.cfg = cfg, .listen = a->listen ? a->listen : cfg->console_listen,
				 .khabar = khabar, .config_path = a->config, .db_path = a->db,
				 .broker = b};
	act_clean(&o); /* the previews of sessions that ended with the last run */
	int rc = console_serve(&o);
	broker_stop(b);
	free(khabar);
	return rc;
}

int console_main(int argc, char **argv)
{
	struct args a = {0};
	int rc = parse(argc, argv, &a);
	if (rc)
		return rc == 1 ? 0 : 2;
	if (a.add && a.remove) {
		fprintf(stderr, "khabar console: --add-user or --remove-user, not both\n");
		return 2;
	}
	struct config cfg;
	char *err = NULL;
	rc = config_read(&cfg, a.config, &err);
	if (rc) {
		fprintf(stderr, "khabar console: %s\n", err);
		free(err);
		config_free(&cfg);
		return 1;
	}
	rc = a.add || a.remove ? accounts(&cfg, &a) : serve(&cfg, &a);
	config_free(&cfg);
	return rc;
}
