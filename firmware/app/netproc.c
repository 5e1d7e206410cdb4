/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * netproc — posix_spawn of khabar-net with its report pipe on fd 3, in a
 * process group of its own, SIGKILL when it says nothing for 30 s (it
 * writes "alive" every 5 s: a hung loop goes silent), waitpid(WNOHANG) to
 * notice its end, then
 * SIGKILL to the rest of its group (a feed round it left behind), as
 * systemd ends a unit's control group. A pause before the next start that
 * doubles with each quick death (1 s up to 60 s) and starts again at 1 s
 * once a child has lived NETPROC_STEADY seconds. The child's environment
 * leaves out systemd's notify and watchdog variables: under systemd the
 * display speaks for itself alone.
 *
 * Must not: fetch, parse or write the cache; block the caller.
 */
#include "app/netproc.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/calendar.h"
#include "base/util.h"

#ifndef KHABAR_LIBEXECDIR
#define KHABAR_LIBEXECDIR "/usr/libexec/khabar"
#endif
#define NETPROC_NAME   "khabar-net"
#define NETPROC_FIRST  1.0  /* seconds before restarting a child that died */
#define NETPROC_MAX    60.0 /* the longest pause */
#define NETPROC_STEADY 5.0  /* a child that lived this long was fine */
#define NETPROC_SILENT 30.0 /* a child that said nothing this long hangs */
#define REPORT_FD      3
#define IDLE	       3600.0

extern char **environ;

/* pipe() with both ends closed on exec (pipe2 is not POSIX 2008). */
static int cloexec_pipe(int fds[2])
{
	if (pipe(fds))
		return -1;
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	return 0;
}

char *netproc_path(void)
{
	return netproc_path_of(NETPROC_NAME);
}

char *netproc_path_of(const char *name)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n > 0) {
		self[n] = 0;
		char *slash = strrchr(self, '/');
		if (slash) {
			*slash = 0;
			char *beside = xasprintf("%s/%s", self, name);
			if (access(beside, X_OK) == 0)
				return beside;
			free(beside);
		}
	}
	return xasprintf("%s/%s", KHABAR_LIBEXECDIR, name);
}

/* argv for the program: name, global options, then args (n of them). */
static char **net_argv(const char *path, const char *config_path, const char *db_path,
		       const char *const *args, int n)
{
	char **v = xcalloc((size_t)n + 6, sizeof *v);
	int i = 0;
	v[i++] = (char *)path;
	if (config_path) {
		v[i++] = (char *)"--config";
		v[i++] = (char *)config_path;
	}
	if (db_path) {
		v[i++] = (char *)"--db";
		v[i++] = (char *)db_path;
	}
	for (int k = 0; k < n; k++)
		v[i++] = (char *)args[k];
	return v;
}

/* The environment without systemd's variables for the display itself. */
static char **child_environ(void)
{
	static const char *const drop[] = {"NOTIFY_SOCKET=", "WATCHDOG_USEC=", "WATCHDOG_PID=",
					   "LISTEN_FDS=", "LISTEN_PID=", "LISTEN_FDNAMES="};
	size_t n = 0;
	while (environ[n])
		n++;
	char **env = xcalloc(n + 1, sizeof *env);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		int keep = 1;
		for (size_t d = 0; d < ARRAY_LEN(drop); d++)
			keep &= strncmp(environ[i], drop[d], strlen(drop[d])) != 0;
		if (keep)
			env[k++] = environ[i];
	}
	return env;
}

static void write_all(int fd, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return; /* the child stopped reading: its status says why */
		p += w;
		len -= (size_t)w;
	}
}

int netproc_call(const char *config_path, const char *db_path, const char *const *args,
		 const char *input, size_t len)
{
	int n = 0;
	while (args[n])
		n++;
	char *path = netproc_path();
	char **argv = net_argv(path, config_path, db_path, args, n);
	int fds[2] = {-1, -1}, rc = 1, status = 0;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	if (cloexec_pipe(fds) == 0)
		posix_spawn_file_actions_adddup2(&fa, fds[0], 0);
	fflush(stdout);
	fflush(stderr);
	pid_t pid;
	int e = posix_spawn(&pid, path, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (fds[0] >= 0)
		close(fds[0]);
	if (e) {
		fprintf(stderr, "khabar: cannot start the network program %s: %s\n", path,
			strerror(e));
	} else {
		void (*old)(int) = signal(SIGPIPE, SIG_IGN);
		if (fds[1] >= 0 && input)
			write_all(fds[1], input, len);
		if (fds[1] >= 0)
			close(fds[1]);
		fds[1] = -1;
		signal(SIGPIPE, old);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		if (WIFEXITED(status))
			rc = WEXITSTATUS(status);
		else
			fprintf(stderr, "khabar: the network program died (signal %d)\n",
				WTERMSIG(status));
	}
	if (fds[1] >= 0)
		close(fds[1]);
	free(argv);
	free(path);
	return rc;
}

int netproc_exec(const char *config_path, const char *db_path, int argc, char **argv)
{
	return netproc_exec_of(NETPROC_NAME, config_path, db_path, argc, argv);
}

int netproc_exec_of(const char *name, const char *config_path, const char *db_path, int argc,
		    char **argv)
{
	char *path = netproc_path_of(name);
	char **v = net_argv(path, config_path, db_path, (const char *const *)argv, argc);
	fflush(stdout);
	fflush(stderr);
	execv(path, v);
	fprintf(stderr,
		"khabar: cannot run the program %s: %s (it is installed beside khabar or "
		"in %s)\n",
		path, strerror(errno), KHABAR_LIBEXECDIR);
	free(v);
	free(path);
	return 1;
}

/* --------------------------------------------------------------- the child */

struct netproc {
	char *path, *config_path, *db_path;
	pid_t pid;	  /* 0: not running */
	int fd;		  /* the report pipe's reading end, -1 when none */
	double started;	  /* monotonic time the child started */
	double heard;	  /* monotonic time it last wrote a line */
	int hung;	  /* killed for its silence */
	double next;	  /* monotonic time of the next start */
	double pause;	  /* before the next start after a death */
	char line[128];	  /* a report line being read */
	size_t nline;
	int outcome;	  /* the last round's: 0 none, 1 ok, 2 a feed failed, 3 crashed */
	int64_t sync_at;  /* when it ended */
	int syncs;	  /* whether the config has feeds to sync */
};

int netproc_wanted(const struct config *cfg)
{
	return (cfg->sync_auto && config_sync_period(cfg) > 0) || *cfg->mqtt_url;
}

struct netproc *netproc_new(const struct config *cfg, const char *config_path, const char *db_path)
{
	if (!netproc_wanted(cfg))
		return NULL;
	struct netproc *p = xcalloc(1, sizeof *p);
	p->path = netproc_path();
	p->config_path = config_path ? xstrdup(config_path) : NULL;
	p->db_path = xstrdup(db_path);
	p->fd = -1;
	p->pause = NETPROC_FIRST;
	p->next = time_mono();
	p->syncs = cfg->sync_auto && config_sync_period(cfg) > 0;
	log_info("net: %s as a child, for %s", p->path,
		 p->syncs && *cfg->mqtt_url ? "feeds and MQTT" : p->syncs ? "feeds" : "MQTT");
	return p;
}

struct netproc *netproc_reload(struct netproc *p, const struct config *cfg,
			       const char *config_path, const char *db_path)
{
	if (!netproc_wanted(cfg)) {
		netproc_free(p);
		return NULL;
	}
	if (!p)
		return netproc_new(cfg, config_path, db_path);
	p->syncs = cfg->sync_auto && config_sync_period(cfg) > 0;
	if (p->pid)
		kill(p->pid, SIGHUP);
	return p;
}

static void start(struct netproc *p, double now)
{
	static const char *const args[] = {"run", "--report-fd", "3"};
	int fds[2];
	p->next = now + p->pause;
	if (cloexec_pipe(fds)) {
		log_error("net: cannot start %s: %s", p->path, strerror(errno));
		return;
	}
	if (fds[1] == REPORT_FD) { /* dup2 onto itself would keep O_CLOEXEC */
		int w = fcntl(fds[1], F_DUPFD_CLOEXEC, REPORT_FD + 1);
		close(fds[1]);
		fds[1] = w;
	}
	char **argv = net_argv(p->path, p->config_path, p->db_path, args, 3);
	char **env = child_environ();
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], REPORT_FD);
	posix_spawnattr_t at;
	posix_spawnattr_init(&at);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP);
	posix_spawnattr_setpgroup(&at, 0);
	pid_t pid;
	int e = posix_spawn(&pid, p->path, &fa, &at, argv, env);
	posix_spawnattr_destroy(&at);
	posix_spawn_file_actions_destroy(&fa);
	free(env);
	free(argv);
	close(fds[1]);
	if (e) {
		close(fds[0]);
		log_error("net: cannot start %s: %s; trying again in %.0f s", p->path,
			  strerror(e), p->pause);
		p->pause = MIN(p->pause * 2, NETPROC_MAX);
		return;
	}
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	p->fd = fds[0];
	p->pid = pid;
	p->started = p->heard = now;
	p->hung = 0;
	p->nline = 0;
}

/* One line from the child: "sync OUTCOME UNIXTIME" (1) or "alive" (0). */
static int take_line(struct netproc *p, const char *line)
{
	int o;
	long long t;
	if (sscanf(line, "sync %d %lld", &o, &t) == 2 && o >= 0 && o <= 3) {
		p->outcome = o;
		p->sync_at = t;
		return 1;
	}
	return 0;
}

/* Everything the child wrote so far (now: the time); 1 when a round's end
 * was among it. */
static int read_reports(struct netproc *p, double now)
{
	int got = 0;
	char chunk[256];
	ssize_t n;
	while (p->fd >= 0 && (n = read(p->fd, chunk, sizeof chunk)) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			if (chunk[i] != '\n') {
				if (p->nline < sizeof p->line - 1)
					p->line[p->nline++] = chunk[i];
				continue;
			}
			p->line[p->nline] = 0;
			got |= take_line(p, p->line);
			p->nline = 0;
			p->heard = now;
		}
	}
	return got;
}

/* The child is gone: how, and when the next one starts. */
static void ended(struct netproc *p, int status, double now)
{
	double lived = now - p->started;
	if (lived >= NETPROC_STEADY && !p->hung)
		p->pause = NETPROC_FIRST;
	if (p->hung)
		log_error("net: %s said nothing for %.0f s and was killed; network part down, "
			  "started again in %.0f s",
			  NETPROC_NAME, NETPROC_SILENT, p->pause);
	else if (WIFSIGNALED(status))
		log_error("net: %s died (signal %d) after %.0f s; network part down, started "
			  "again in %.0f s",
			  NETPROC_NAME, WTERMSIG(status), lived, p->pause);
	else
		log_error("net: %s exited with status %d after %.0f s; network part down, "
			  "started again in %.0f s",
			  NETPROC_NAME, WIFEXITED(status) ? WEXITSTATUS(status) : -1, lived,
			  p->pause);
	kill(-p->pid, SIGKILL); /* a round it left running */
	p->next = now + p->pause;
	p->pause = MIN(p->pause * 2, NETPROC_MAX);
	p->pid = 0;
	close(p->fd);
	p->fd = -1;
}

double netproc_poll(struct netproc *p, int *round)
{
	*round = 0;
	if (!p)
		return IDLE;
	double now = time_mono();
	*round = read_reports(p, now);
	if (p->pid && !p->hung && now - p->heard > NETPROC_SILENT) {
		kill(p->pid, SIGKILL); /* reaped below or at the next call */
		p->hung = 1;
	}
	if (p->pid) {
		int status = 0;
		pid_t r = waitpid(p->pid, &status, WNOHANG);
		if (r == p->pid || (r < 0 && errno == ECHILD)) {
			read_reports(p, now); /* its last words */
			ended(p, status, now);
			*round = 1;
		}
	}
	if (!p->pid && now >= p->next) {
		start(p, now);
		*round = 1;
	}
	return p->pid ? 1.0 : MAX(p->next - now, 0.05);
}

void netproc_status(const struct netproc *p, const char *tz, char *out, size_t n)
{
	static const char *const outcome[] = {"", "ok", "a feed failed", "crashed"};
	*out = 0;
	if (!p)
		return;
	if (!p->pid) {
		double in = p->next - time_mono();
		snprintf(out, n, "; network part down (started again in %.0f s)", MAX(in, 0));
	} else if (!p->syncs) {
		snprintf(out, n, "; network part running");
	} else if (!p->outcome) {
		snprintf(out, n, "; no sync yet");
	} else {
		char *w = calendar_format_gregorian(p->sync_at, tz, "HH:mm", 0);
		snprintf(out, n, "; last sync %s, %s", w ? w : "?", outcome[p->outcome]);
		free(w);
	}
}

int netproc_child(const struct netproc *p)
{
	return p ? (int)p->pid : 0;
}

void netproc_free(struct netproc *p)
{
	if (!p)
		return;
	if (p->pid) {
		kill(p->pid, SIGTERM);
		int status;
		double end = time_mono() + 2;
		while (waitpid(p->pid, &status, WNOHANG) == 0) {
			if (time_mono() > end) {
				kill(p->pid, SIGKILL);
				waitpid(p->pid, &status, 0);
				break;
			}
			usleep(10000);
		}
		kill(-p->pid, SIGKILL);
	}
	if (p->fd >= 0)
		close(p->fd);
	free(p->path);
	free(p->config_path);
	free(p->db_path);
	free(p);
}
