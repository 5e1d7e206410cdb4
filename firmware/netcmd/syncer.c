/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * syncer — posix_spawn of /proc/self/exe (this very binary) with the
 * `sync` command, waitpid(WNOHANG) to reap it, SIGKILL past its deadline.
 * A round that crashed or was killed doubles the wait before the next
 * (up to 6 h); a round that ran to its end (even with failed feeds, which
 * the sync backs off by itself) resets it to the shortest feed period.
 *
 * Must not: fetch, parse or touch the cache; block the caller.
 */
#include "netcmd/syncer.h"

#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/util.h"

#define MAX_WAIT (6 * 3600.0)
#define IDLE	 3600.0

extern char **environ;

struct syncer {
	char *config_path, *db_path;
	double period; /* seconds between rounds */
	double limit;  /* a round is killed after this long */
	double wait;   /* before the next round: period, more after crashes */
	double next;   /* monotonic time of the next round */
	pid_t pid;     /* the running child, 0 for none */
	double started, kill_at;
	int killed;
	unsigned long rounds;
	int64_t ended_at; /* wall clock of the last round's end, 0: none yet */
	int outcome;	  /* of that round: an enum syncer_outcome */
};

struct syncer *syncer_new(const struct config *cfg, const char *config_path, const char *db_path)
{
	double period = config_sync_period(cfg);
	if (!cfg->sync_auto || period <= 0)
		return NULL;
	struct syncer *s = xcalloc(1, sizeof *s);
	s->config_path = config_path ? xstrdup(config_path) : NULL;
	s->db_path = xstrdup(db_path);
	s->period = s->wait = period;
	s->limit = 2 * cfg->sync_timeout;
	s->next = time_mono(); /* the first round right away */
	log_info("sync: every %.0f s with `khabar sync` as a child", period);
	return s;
}

struct syncer *syncer_reload(struct syncer *s, const struct config *cfg, const char *config_path,
			     const char *db_path)
{
	double period = config_sync_period(cfg);
	if (!cfg->sync_auto || period <= 0) {
		syncer_free(s);
		return NULL;
	}
	if (!s)
		return syncer_new(cfg, config_path, db_path);
	s->period = s->wait = period;
	s->limit = 2 * cfg->sync_timeout;
	s->next = MIN(s->next, time_mono() + period);
	return s;
}

static void start(struct syncer *s, double now)
{
	static char name[] = "khabar", config[] = "--config", db[] = "--db", sync[] = "sync";
	char *argv[8];
	int n = 0;
	argv[n++] = name;
	if (s->config_path) {
		argv[n++] = config;
		argv[n++] = s->config_path;
	}
	argv[n++] = db;
	argv[n++] = s->db_path;
	argv[n++] = sync;
	argv[n] = NULL;
	pid_t pid;
	int rc = posix_spawn(&pid, "/proc/self/exe", NULL, NULL, argv, environ);
	s->next = now + s->wait;
	if (rc != 0) {
		log_error("sync: cannot start `khabar sync`: %s", strerror(rc));
		return;
	}
	s->pid = pid;
	s->started = now;
	s->kill_at = now + s->limit;
	s->killed = 0;
	s->rounds++;
}

/* The child is done: log how, and set the wait before the next round. */
static void round_ended(struct syncer *s, int status, double now)
{
	int crashed = 1;
	if (s->killed)
		log_error("sync: killed after running %.0f s (twice the timeout)",
			  now - s->started);
	else if (WIFSIGNALED(status))
		log_error("sync: crashed (signal %d)", WTERMSIG(status));
	else if (WIFEXITED(status) && WEXITSTATUS(status) > 1)
		log_error("sync: exited with status %d", WEXITSTATUS(status));
	else
		crashed = 0;
	s->ended_at = time_now_unix();
	s->outcome = crashed			? SYNCER_CRASHED
		     : WEXITSTATUS(status) == 0 ? SYNCER_OK
						: SYNCER_FEED_FAILED;
	s->wait = crashed ? (s->wait * 2 < MAX_WAIT ? s->wait * 2 : MAX_WAIT) : s->period;
	if (crashed)
		log_error("sync: next round in %.0f s", s->wait);
	s->next = s->started + s->wait;
	s->pid = 0;
}

double syncer_poll(struct syncer *s, int *finished)
{
	*finished = 0;
	if (!s)
		return IDLE;
	double now = time_mono();
	if (s->pid) {
		int status = 0;
		pid_t r = waitpid(s->pid, &status, WNOHANG);
		if (r == s->pid || (r < 0 && errno == ECHILD)) {
			round_ended(s, status, now);
			*finished = 1;
		} else if (now >= s->kill_at && !s->killed) {
			kill(s->pid, SIGKILL);
			s->killed = 1;
		}
	}
	if (!s->pid && now >= s->next)
		start(s, now);
	if (s->pid)
		return 1.0; /* look again soon: reap it */
	return s->next - now;
}

unsigned long syncer_rounds(const struct syncer *s)
{
	return s ? s->rounds : 0;
}

int syncer_last(const struct syncer *s, int64_t *when)
{
	if (!s || !s->ended_at)
		return SYNCER_NONE;
	*when = s->ended_at;
	return s->outcome;
}

int syncer_child(const struct syncer *s)
{
	return s ? (int)s->pid : 0;
}

void syncer_free(struct syncer *s)
{
	if (!s)
		return;
	if (s->pid) {
		kill(s->pid, SIGKILL);
		waitpid(s->pid, NULL, 0);
	}
	free(s->config_path);
	free(s->db_path);
	free(s);
}
