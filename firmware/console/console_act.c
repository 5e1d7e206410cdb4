/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * console_act — what the console asks of the display program (khabar):
 * the preview (`khabar post` into a cache of its own, then `khabar
 * render` of it: the screens' own renderer, so the picture is the one
 * `khabar render` draws), publishing (`khabar post --mqtt`, the screens'
 * own message format), removing (`khabar remove --mqtt`) and the halls'
 * now and next (`khabar schedule --json`). Arguments go as argv, never
 * through a shell.
 *
 * Must not: run a shell; write outside [console] state_dir.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/calendar.h"
#include "console/console.h"

#define MAX_OUTPUT (4 * 1024 * 1024)
#define MAX_ARGS   32

extern char **environ;

/* Run khabar with args (NULL-terminated, after --config); its stdout into
 * out (may be NULL), its stderr's last line into *msg when it fails.
 * Returns its exit status, -1 when it could not run. */
static int run(const struct console_opts *o, const char *const *args, struct buf *out,
	       char **msg)
{
	const char *argv[MAX_ARGS + 4];
	size_t n = 0;
	argv[n++] = o->khabar;
	if (o->config_path) {
		argv[n++] = "--config";
		argv[n++] = o->config_path;
	}
	if (o->db_path && strcmp(args[0], "--db")) { /* a preview has a cache of its own */
		argv[n++] = "--db";
		argv[n++] = o->db_path;
	}
	for (size_t i = 0; args[i] && n < MAX_ARGS; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	int po[2], pe[2];
	if (pipe(po))
		return -1;
	if (pipe(pe)) {
		close(po[0]);
		close(po[1]);
		return -1;
	}
	/* Other threads spawn too: these ends go to this child only. */
	for (int i = 0; i < 2; i++) {
		fcntl(po[i], F_SETFD, FD_CLOEXEC);
		fcntl(pe[i], F_SETFD, FD_CLOEXEC);
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, po[1], 1);
	posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
	posix_spawn_file_actions_addclose(&fa, po[0]);
	posix_spawn_file_actions_addclose(&fa, pe[0]);
	pid_t pid;
	console_env_lock();
	int rc = posix_spawn(&pid, o->khabar, &fa, NULL, (char *const *)argv, environ);
	console_env_unlock();
	posix_spawn_file_actions_destroy(&fa);
	close(po[1]);
	close(pe[1]);
	struct buf err = {0}, sink = {0};
	if (!out)
		out = &sink;
	char chunk[4096];
	ssize_t r;
	while ((r = read(po[0], chunk, sizeof chunk)) > 0 || (r < 0 && errno == EINTR))
		if (r > 0 && out->len < MAX_OUTPUT)
			buf_append(out, chunk, (size_t)r);
	while ((r = read(pe[0], chunk, sizeof chunk)) > 0 || (r < 0 && errno == EINTR))
		if (r > 0 && err.len < 64 * 1024)
			buf_append(&err, chunk, (size_t)r);
	close(po[0]);
	close(pe[0]);
	int status = -1;
	if (rc == 0) {
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	}
	if (status && msg) {
		buf_putc(&err, 0);
		char *e = err.data ? str_trim(err.data) : (char *)"";
		char *last = strrchr(e, '\n');
		*msg = xstrdup(*e ? (last ? last + 1 : e) : rc ? strerror(rc) : "failed");
	}
	buf_free(&err);
	buf_free(&sink);
	return status;
}

/* The post options of f into args from index n; returns the new n. */
static size_t post_args(const struct announce_form *f, const char **args, size_t n)
{
	if (f->priority && !strcmp(f->priority, "breaking"))
		args[n++] = "--breaking";
	if (f->priority && !strcmp(f->priority, "emergency"))
		args[n++] = "--emergency";
	if (f->expires && *f->expires) {
		args[n++] = "--expires";
		args[n++] = f->expires;
	}
	if (f->category && *f->category) {
		args[n++] = "--category";
		args[n++] = f->category;
	}
	if (f->url && *f->url) {
		args[n++] = "--url";
		args[n++] = f->url;
	}
	args[n++] = "--";
	args[n++] = f->title ? f->title : "";
	if (f->body && *f->body)
		args[n++] = f->body;
	args[n] = NULL;
	return n;
}

/* WxH of the target: the first screen of its group (or any screen) that
 * says its resolution, else 1920x1080. */
static void target_size(const struct announce_form *f, const struct console_snapshot *s,
			char *out, size_t n)
{
	snprintf(out, n, "1920x1080");
	const char *g = f->target && strncmp(f->target, "group:", 6) == 0 ? f->target + 6 : NULL;
	for (size_t i = 0; i < s->nscreens; i++) {
		const struct console_screen *x = &s->screens[i];
		if (g && !config_list_has(x->groups, g))
			continue;
		int w, h;
		char c;
		if (sscanf(x->resolution, "%d%c%d", &w, &c, &h) == 3 && c == 'x' && w > 0 && h > 0) {
			snprintf(out, n, "%dx%d", w, h);
			return;
		}
	}
}

int act_preview(const struct console_opts *o, const struct announce_form *f,
		const struct console_snapshot *s, const char *id, int64_t at, char **msg)
{
	if (mkdir_p(o->cfg->console_state_dir)) {
		*msg = xasprintf("cannot create %s: %s", o->cfg->console_state_dir, strerror(errno));
		return -1;
	}
	char *db = xasprintf("%s/%s.db", o->cfg->console_state_dir, id);
	char *png = xasprintf("%s/%s.png", o->cfg->console_state_dir, id);
	char size[32], when[32];
	target_size(f, s, size, sizeof size);
	calendar_format_iso8601(at, when, sizeof when);
	const char *args[MAX_ARGS] = {"--db", db, "post"};
	post_args(f, args, 3);
	int rc = run(o, args, NULL, msg);
	if (rc == 0) {
		const char *r[] = {"--db",   db,   "render", "--out", png, "--size",
				   size,     "--at", when,     NULL};
		rc = run(o, r, NULL, msg);
	}
	unlink(db);
	char *side = xasprintf("%s-wal", db);
	unlink(side);
	free(side);
	side = xasprintf("%s-shm", db);
	unlink(side);
	free(side);
	free(db);
	free(png);
	return rc ? -1 : 0;
}

void act_clean(const struct console_opts *o)
{
	DIR *d = opendir(o->cfg->console_state_dir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		size_t n = strlen(e->d_name);
		/* a preview: 16 hex digits and .png, .db, .db-wal or .db-shm */
		if (n > 16 && strspn(e->d_name, "0123456789abcdef") == 16 && e->d_name[16] == '.') {
			char *p = xasprintf("%s/%s", o->cfg->console_state_dir, e->d_name);
			unlink(p);
			free(p);
		}
	}
	if (d)
		closedir(d);
}

void act_forget(const struct console_opts *o, const char *id)
{
	if (!id || !*id)
		return;
	char *png = xasprintf("%s/%s.png", o->cfg->console_state_dir, id);
	unlink(png);
	free(png);
}

int act_publish(const struct console_opts *o, const struct announce_form *f, char **msg)
{
	const char *args[MAX_ARGS] = {"post", "--mqtt"};
	size_t n = 2;
	if (f->target && !strncmp(f->target, "group:", 6) && f->target[6]) {
		args[n++] = "--group";
		args[n++] = f->target + 6;
	}
	post_args(f, args, n);
	struct buf out = {0};
	int rc = run(o, args, &out, msg);
	if (rc == 0) {
		buf_putc(&out, 0);
		*msg = xstrdup(str_trim(out.data));
	}
	buf_free(&out);
	return rc ? -1 : 0;
}

int act_remove(const struct console_opts *o, const char *topic, char **msg)
{
	if (!*topic || topic[0] == '-' || strpbrk(topic, "+#"))
		return -1;
	const char *args[] = {"remove", "--mqtt", topic, NULL};
	return run(o, args, NULL, msg) ? -1 : 0;
}

char *act_schedule(const struct console_opts *o)
{
	const char *args[] = {"schedule", "--json", "--all", NULL};
	struct buf out = {0};
	if (run(o, args, &out, NULL)) {
		buf_free(&out);
		return NULL;
	}
	buf_putc(&out, 0);
	return buf_steal(&out);
}
