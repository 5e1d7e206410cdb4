/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * netproc — the display's side of khabar-net, the network program
 * (netcmd.h): where it is, starting it as the display's child when there
 * are feeds or an [mqtt] url, restarting it with a growing pause when it
 * dies, stopping it on exit, and the commands that hand their network part
 * to it (`khabar sync`, `post --mqtt`, `remove --mqtt`, `check`).
 *
 * Where it is, one rule: khabar-net in the same folder as the running
 * khabar (a build tree: build/khabar beside build/khabar-net), else
 * KHABAR_LIBEXECDIR/khabar-net (an installed khabar: /usr/libexec/khabar).
 *
 * The news it fetches reaches the screen through the cache, which the
 * display watches anyway; the child tells the display how each feed round
 * ended over a pipe, and "alive" every 5 s: one silent for 30 s hangs and
 * is killed. Its faults (a crash, a hang, a loop of crashes) never stop
 * the display: it keeps showing the cache, says in
 * its STATUS line that the network part is down, and tries again.
 *
 * Must not: fetch, parse or write the cache; block the caller (except the
 * one-shot commands, which wait for their answer).
 */
#ifndef KHABAR_NETPROC_H
#define KHABAR_NETPROC_H

#include <stdint.h>

#include "base/config.h"

/* The network program's path by the rule above. Caller frees. */
char *netproc_path(void);
/* The same rule for another helper program of khabar's (khabar-console). */
char *netproc_path_of(const char *name);

/* Run the network program with the global options (NULL: none) and args
 * (NULL-terminated), give it the len bytes of input on its stdin (NULL:
 * an empty stdin) and wait for it. Its output goes where ours does (ours
 * is flushed first). Its exit status, or 1 after a message when it cannot
 * be started or dies of a signal. */
int netproc_call(const char *config_path, const char *db_path, const char *const *args,
		 const char *input, size_t len);

/* Replace this process with the network program (`khabar sync` becomes
 * `khabar-net sync`); returns 1 after a message only when it cannot. */
int netproc_exec(const char *config_path, const char *db_path, int argc, char **argv);
/* The same for the helper program name (`khabar console` becomes
 * `khabar-console console`). */
int netproc_exec_of(const char *name, const char *config_path, const char *db_path, int argc,
		    char **argv);

struct netproc;

/* Whether cfg has work for the network program: feeds the display syncs
 * by itself ([sync] auto), or an [mqtt] url. */
int netproc_wanted(const struct config *cfg);

/* The network program as this process's child, with --config config_path
 * (NULL: the default search) and --db db_path; it starts at the first
 * netproc_poll(). NULL when cfg gives it nothing to do. */
struct netproc *netproc_new(const struct config *cfg, const char *config_path,
			    const char *db_path);

/* After the display read its config again: the child reads it too
 * (SIGHUP), or is started, or is stopped and freed (NULL returned). */
struct netproc *netproc_reload(struct netproc *p, const struct config *cfg,
			       const char *config_path, const char *db_path);

/* Read what the child said, reap it when it died (logging how), start it
 * when it is due. Never blocks. *round is set to 1 when a feed round ended
 * (the cache may have been created) or the child died or started (the
 * status changed). Returns the seconds the caller may sleep before calling
 * again (a large number for NULL). */
double netproc_poll(struct netproc *p, int *round);

/* For the STATUS line: "; last sync 14:05, ok", "; no sync yet", or
 * "; network part down (started again in 4 s)", into out (n bytes); ""
 * for NULL. tz is the config's time zone for the time of day. */
void netproc_status(const struct netproc *p, const char *tz, char *out, size_t n);

/* The running child's pid, 0 when none. */
int netproc_child(const struct netproc *p);

/* Stop the child (SIGTERM, SIGKILL after 2 s), reap it, free. NULL is
 * fine. */
void netproc_free(struct netproc *p);

#endif
