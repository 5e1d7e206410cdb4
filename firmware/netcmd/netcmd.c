/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * netcmd — khabar-net's commands: the long-running `run` (feed rounds as
 * children, the MQTT subscriber in a thread, systemd's notify protocol),
 * one `sync` round, `post` and `remove` on the broker, and the network's
 * part of `khabar check`. See netcmd.h.
 *
 * Must not: open a window, a DRM or an input device; block its loop on the
 * network (the rounds are children, MQTT has its own thread).
 */
#include "netcmd/netcmd.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#include "base/calendar.h"
#include "base/config.h"
#include "base/util.h"
#include "base/version.h"
#include "cache/cache.h"
#include "net/http.h"
#include "net/mqtt.h"
#include "net/sync.h"
#include "netcmd/syncer.h"

#define PUBLISH_TIMEOUT 10.0	  /* seconds to wait for the broker */
#define ALIVE_EVERY	5.0	  /* seconds between "alive" lines to the display */
#define MAX_ANNOUNCEMENT (1 << 20) /* bytes of JSON read for `post` */

struct net_ctx {
	const char *config_path; /* --config, or NULL for the default search */
	const char *db_path;	 /* --db, or NULL for the cache the config names */
};

static const char net_usage[] =
    "usage: khabar-net [--config FILE] [--db FILE] COMMAND [ARGS...]\n"
    "The network part of khabar; the display (`khabar run`) starts it by itself.\n\n"
    "commands:\n"
    "  run [--report-fd N]   feed rounds and the MQTT subscriber until SIGTERM\n"
    "  sync [...]            one round of the feeds (`khabar sync --help`)\n"
    "  post TOPIC            publish stdin, retained, on TOPIC\n"
    "  remove TOPIC...       take announcements back from the broker\n"
    "  check [--connect]     the feeds' and the [mqtt] broker's part of `khabar check`\n"
    "  fleet [...]           every screen's status (`khabar fleet --help`)\n";

static const char sync_usage[] =
    "usage: khabar sync [--feed NAME]... [--force] [--status] [--at ISO-8601-TIME]\n"
    "Fetch every [feed NAME] of the config that is due and import what changed.\n\n"
    "  --feed NAME   fetch this feed now, due or not (repeatable)\n"
    "  --force       fetch without the validators and parse even an unchanged body\n"
    "  --status      print each feed's state instead of fetching\n"
    "  --at TIME     run as if the clock said TIME (2026-11-30T10:00:00Z)\n\n"
    "One line per feed on stderr. Exit status: 0 every feed tried succeeded or was\n"
    "unchanged, 1 some feed failed, 2 usage or configuration error.\n";

/* "--name VALUE" or "--name=VALUE" at argv[*i]: 1 with *v (and *i moved
 * past the value), 0 when it is another argument, -1 after a message when
 * the value is missing. */
static int opt_value(int argc, char **argv, int *i, const char *name, const char **v)
{
	size_t n = strlen(name);
	if (strncmp(argv[*i], name, n) != 0)
		return 0;
	if (argv[*i][n] == '=') {
		*v = argv[*i] + n + 1;
		return 1;
	}
	if (argv[*i][n])
		return 0;
	if (*i + 1 >= argc) {
		fprintf(stderr, "khabar: %s needs a value\n", name);
		return -1;
	}
	*v = argv[++*i];
	return 1;
}

static int is_help(const char *s)
{
	return !strcmp(s, "--help") || !strcmp(s, "-h");
}

/* The config and the cache file (--db, else [cache] path, else the
 * default): 0, or the exit status after a message on out. */
static int load(const struct net_ctx *ctx, struct config *cfg, char **db, FILE *out)
{
	char *err = NULL;
	int rc = config_read_checked(cfg, ctx->config_path, &err);
	if (rc) {
		fprintf(out, "%skhabar: %s\n", log_priority(LOG_ERROR), err);
		free(err);
		return rc == 2 ? 2 : 1;
	}
	*db = ctx->db_path	     ? xstrdup(ctx->db_path)
	      : *cfg->cache_path ? xstrdup(cfg->cache_path)
				 : cache_default_path();
	return 0;
}

/* ------------------------------------------------------------------ sync */

/* sync's options into o and *status: 0, 1 after --help, or 2. */
static int sync_options(int argc, char **argv, struct sync_options *o, int *status)
{
	for (int i = 1; i < argc; i++) {
		const char *v;
		int r = opt_value(argc, argv, &i, "--feed", &v);
		if (r < 0)
			return 2;
		if (r) {
			o->feeds[o->nfeeds++] = (char *)v;
		} else if ((r = opt_value(argc, argv, &i, "--at", &v))) {
			if (r < 0)
				return 2;
			if (calendar_parse_iso8601(v, &o->now)) {
				fprintf(stderr,
					"khabar sync: --at '%s' is not a time like "
					"2022-06-07T11:39:14Z\n",
					v);
				return 2;
			}
		} else if (!strcmp(argv[i], "--force")) {
			o->force = 1;
		} else if (!strcmp(argv[i], "--status")) {
			*status = 1;
		} else if (is_help(argv[i])) {
			fputs(sync_usage, stdout);
			return 1;
		} else {
			fprintf(stderr, "khabar sync: unknown option '%s' (see --help)\n", argv[i]);
			return 2;
		}
	}
	return 0;
}

static int net_sync(const struct net_ctx *ctx, int argc, char **argv)
{
	struct sync_options o = {.now = time_now_unix()};
	o.feeds = xcalloc((size_t)argc, sizeof *o.feeds);
	int status = 0, rc = sync_options(argc, argv, &o, &status);
	if (rc) {
		free(o.feeds);
		return rc == 1 ? 0 : rc;
	}
	struct config cfg;
	char *err = NULL, *db = NULL;
	if ((rc = load(ctx, &cfg, &db, stderr))) {
		free(o.feeds);
		return rc;
	}
	rc = 2;
	if (!cfg.nfeeds && status) { /* a fresh install: nothing wrong */
		printf("no feeds: %s has no [feed NAME] section\n",
		       cfg.path ? cfg.path : "the config (none found)");
		rc = 0;
		goto done;
	}
	if (!cfg.nfeeds) {
		fprintf(stderr, "khabar sync: no [feed NAME] section in %s; nothing to fetch\n",
			cfg.path ? cfg.path : "the config (none found)");
		goto done;
	}
	if (status && access(db, F_OK) != 0) {
		printf("no feed fetched yet: there is no cache at %s\n", db);
		rc = 0;
		goto done;
	}
	struct cache *c = cache_open(db, status, &err);
	if (!c) {
		fprintf(stderr, "khabar sync: %s\n", err);
		free(err);
		rc = 1;
		goto done;
	}
	o.db_path = db;
	if (status) {
		rc = sync_status(&cfg, c, o.now, stdout);
	} else if (sync_limit_process(&cfg)) {
		rc = 1; /* the display that started it is gone */
	} else if (http_init()) {
		fprintf(stderr, "khabar sync: cannot start libcurl\n");
		rc = 1;
	} else {
		rc = sync_run(&cfg, c, &o, stderr);
		http_cleanup();
	}
	cache_close(c);
done:
	free(db);
	free(o.feeds);
	config_free(&cfg);
	return rc;
}

/* ------------------------------------------------------------------- run */

static volatile sig_atomic_t got_stop, got_hup;

static void on_signal(int sig)
{
	if (sig == SIGHUP)
		got_hup = 1;
	else
		got_stop = sig;
}

/* TERM, INT and HUP end the loop's sleep (no SA_RESTART); a display that
 * went away is a write error, not a signal. */
static void signals_init(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

struct net_run {
	struct config cfg;
	char *db;
	const char *config_path;
	struct syncer *syncer;	  /* NULL: no feed rounds */
	struct mqtt_client *mqtt; /* NULL: no MQTT */
	int report;		  /* the display's pipe, or -1 */
	double alive_at;	  /* monotonic time of the next "alive" line */
	double ping_every;	  /* systemd's watchdog: seconds between pings, 0 none */
};

static void start_mqtt(struct net_run *r)
{
	char *err = NULL;
	r->mqtt = mqtt_client_start(&r->cfg, r->db, &err);
	if (!r->mqtt && err) {
		log_error("%s; no announcements over MQTT until it is fixed", err);
		free(err);
	}
}

static int mqtt_changed(const struct config *a, const struct config *b)
{
	return strcmp(a->mqtt_url, b->mqtt_url) || strcmp(a->mqtt_topic, b->mqtt_topic) ||
	       strcmp(a->mqtt_username, b->mqtt_username) ||
	       strcmp(a->mqtt_password_file, b->mqtt_password_file) ||
	       strcmp(a->mqtt_client_id, b->mqtt_client_id) ||
	       strcmp(a->mqtt_ca_file, b->mqtt_ca_file);
}

/* SIGHUP: the config again; new feed periods at once, the subscriber
 * restarted when its settings changed. An invalid config is refused. */
static void net_reload(struct net_run *r)
{
	struct config n;
	char *err = NULL;
	if (config_read_checked(&n, r->config_path, &err)) {
		log_error("config: %s; keeping the running config", err);
		free(err);
		return;
	}
	int restart = mqtt_changed(&n, &r->cfg);
	if (restart) {
		mqtt_client_stop(r->mqtt);
		r->mqtt = NULL;
	}
	config_free(&r->cfg);
	r->cfg = n;
	r->syncer = syncer_reload(r->syncer, &r->cfg, r->cfg.path, r->db);
	if (restart)
		start_mqtt(r);
}

/* One line to the display; a display that is gone ends the loop. */
static void report_line(struct net_run *r, const char *line)
{
	if (r->report >= 0 && write(r->report, line, strlen(line)) < 0 && errno == EPIPE)
		got_stop = SIGPIPE;
}

/* A round ended: one line to the display, the unit's STATUS=. */
static void report_round(struct net_run *r)
{
	static const char *const outcome[] = {"none", "ok", "a feed failed", "crashed"};
	int64_t when = 0;
	int o = syncer_last(r->syncer, &when);
	char line[64];
	snprintf(line, sizeof line, "sync %d %lld\n", o, (long long)when);
	report_line(r, line);
	sd_notifyf(0, "STATUS=%lu rounds, the last %s; MQTT %s", syncer_rounds(r->syncer),
		   outcome[o], r->mqtt ? "on" : "off");
}

/* run's options: 0, 1 after --help, or 2. */
static int run_options(int argc, char **argv, struct net_run *r)
{
	for (int i = 1; i < argc; i++) {
		const char *v;
		int o = opt_value(argc, argv, &i, "--report-fd", &v);
		if (o < 0)
			return 2;
		if (o) {
			char *end;
			long fd = strtol(v, &end, 10);
			if (*end || fd < 3 || fd > 1023 || fcntl((int)fd, F_GETFD) < 0) {
				fprintf(stderr, "khabar-net: --report-fd '%s' is not an open fd\n", v);
				return 2;
			}
			r->report = (int)fd;
		} else if (is_help(argv[i])) {
			fputs(net_usage, stdout);
			return 1;
		} else {
			fprintf(stderr, "khabar-net run: unknown option '%s'\n", argv[i]);
			return 2;
		}
	}
	return 0;
}

/* Sleep until the next round, the next watchdog ping or a signal; 1 when
 * the display at the other end of the report pipe is gone. */
static int net_wait(const struct net_run *r, double seconds)
{
	if (r->ping_every > 0)
		seconds = MIN(seconds, r->ping_every);
	if (r->report >= 0)
		seconds = MIN(seconds, ALIVE_EVERY);
	seconds = MIN(MAX(seconds, 0.01), 60.0);
	struct pollfd p = {.fd = r->report, .events = 0};
	int n = poll(&p, 1, (int)ceil(seconds * 1000));
	return n > 0 && (p.revents & (POLLERR | POLLHUP));
}

static void net_loop(struct net_run *r)
{
	while (!got_stop) {
		if (got_hup) {
			got_hup = 0;
			net_reload(r);
		}
		int finished;
		double wait = syncer_poll(r->syncer, &finished);
		if (finished)
			report_round(r);
		if (r->ping_every > 0)
			sd_notify(0, "WATCHDOG=1");
		if (r->report >= 0 && time_mono() >= r->alive_at) {
			/* The display's watchdog: a loop that hangs goes silent. */
			report_line(r, "alive\n");
			r->alive_at = time_mono() + ALIVE_EVERY;
		}
		if (net_wait(r, wait)) {
			log_info("net: the display is gone; stopping");
			break;
		}
	}
}

static int net_run(const struct net_ctx *ctx, int argc, char **argv)
{
	struct net_run r = {.report = -1, .config_path = ctx->config_path};
	int rc = run_options(argc, argv, &r);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (r.report >= 0) {
		/* The display's child: it ends with the display. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		fcntl(r.report, F_SETFD, FD_CLOEXEC);
	}
	signals_init();
	if ((rc = load(ctx, &r.cfg, &r.db, stderr)))
		return rc;
	start_mqtt(&r);
	r.syncer = syncer_new(&r.cfg, r.cfg.path, r.db);
	if (!r.syncer && !r.mqtt)
		log_info("net: no feed to fetch and no [mqtt] url; waiting for a new config");
	uint64_t usec = 0;
	r.ping_every = sd_watchdog_enabled(0, &usec) > 0 && usec > 0 ? (double)usec / 2e6 : 0;
	sd_notify(0, "READY=1\nSTATUS=started");
	net_loop(&r);
	sd_notify(0, "STOPPING=1");
	syncer_free(r.syncer);
	mqtt_client_stop(r.mqtt);
	config_free(&r.cfg);
	free(r.db);
	return 0;
}

/* ------------------------------------------------------- post and remove */

static int net_post(const struct net_ctx *ctx, int argc, char **argv)
{
	if (argc != 2 || is_help(argv[1])) {
		fputs(net_usage, argc == 2 ? stdout : stderr);
		return argc == 2 ? 0 : 2;
	}
	struct config cfg;
	char *db = NULL, *err = NULL;
	int rc = load(ctx, &cfg, &db, stderr);
	if (rc)
		return rc;
	struct buf in = {0};
	char chunk[4096];
	ssize_t n;
	while ((n = read(0, chunk, sizeof chunk)) > 0 && in.len < MAX_ANNOUNCEMENT)
		buf_append(&in, chunk, (size_t)n);
	rc = mqtt_publish(&cfg, argv[1], in.data ? in.data : "", in.len, 1, PUBLISH_TIMEOUT, &err)
		 ? 1
		 : 0;
	if (rc)
		log_error("post: not published: %s", err);
	free(err);
	buf_free(&in);
	free(db);
	config_free(&cfg);
	return rc;
}

static int net_remove(const struct net_ctx *ctx, int argc, char **argv)
{
	struct config cfg;
	char *db = NULL;
	int rc = load(ctx, &cfg, &db, stderr);
	if (rc)
		return rc;
	free(db);
	if (!*cfg.mqtt_url) {
		fprintf(stderr, "khabar remove: --mqtt needs [mqtt] url in the config\n");
		config_free(&cfg);
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		char *err = NULL;
		if (!mqtt_topic_matches(&cfg, argv[i])) {
			log_error("%s: not an announcement topic under %s", argv[i],
				  cfg.mqtt_topic);
			rc = 1;
		} else if (mqtt_publish(&cfg, argv[i], "", 0, 1, PUBLISH_TIMEOUT, &err)) {
			log_error("%s: not removed: %s", argv[i], err);
			rc = 1;
		} else {
			printf("%s: removed from the broker\n", argv[i]);
		}
		free(err);
	}
	config_free(&cfg);
	return rc;
}

/* ----------------------------------------------------------------- check */

static int net_check(const struct net_ctx *ctx, int argc, char **argv)
{
	int connect = argc > 1 && !strcmp(argv[1], "--connect");
	struct config cfg;
	char *db = NULL;
	int rc = load(ctx, &cfg, &db, stdout);
	if (rc)
		return rc;
	if (cfg.nfeeds) {
		char *err = NULL;
		struct cache *c = cache_open(db, 1, &err);
		if (c)
			sync_check(&cfg, c, time_now_unix(), stdout);
		cache_close(c);
		free(err);
	}
	int problems = mqtt_check(&cfg, connect, stdout);
	free(db);
	config_free(&cfg);
	return problems ? 1 : 0;
}

static int net_fleet(const struct net_ctx *ctx, int argc, char **argv)
{
	struct config cfg;
	char *db = NULL;
	int rc = load(ctx, &cfg, &db, stderr);
	if (rc)
		return rc;
	rc = netcmd_fleet(&cfg, argc, argv);
	free(db);
	config_free(&cfg);
	return rc;
}

static const struct net_command {
	const char *name;
	int (*run)(const struct net_ctx *ctx, int argc, char **argv);
} net_commands[] = {
    {"run", net_run},	    {"sync", net_sync},	  {"post", net_post},
    {"remove", net_remove}, {"check", net_check}, {"fleet", net_fleet},
};

int netcmd_main(int argc, char **argv)
{
	struct net_ctx ctx = {0};
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		int c = opt_value(argc, argv, &i, "--config", &ctx.config_path);
		int d = c ? 0 : opt_value(argc, argv, &i, "--db", &ctx.db_path);
		if (c < 0 || d < 0)
			return 2;
		if (c || d)
			continue;
		if (!strcmp(argv[i], "--version")) {
			printf("khabar-net %s\n", KHABAR_VERSION);
			return 0;
		}
		fputs(net_usage, is_help(argv[i]) ? stdout : stderr);
		return is_help(argv[i]) ? 0 : 2;
	}
	for (size_t c = 0; i < argc && c < ARRAY_LEN(net_commands); c++)
		if (!strcmp(net_commands[c].name, argv[i]))
			return net_commands[c].run(&ctx, argc - i, argv + i);
	fprintf(stderr, "khabar-net: %s\n%s", i < argc ? "unknown command" : "no command",
		net_usage);
	return 2;
}
