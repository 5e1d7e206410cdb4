/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * netcmd_fleet — `khabar fleet` (khabar-net fleet): every screen's retained
 * status from the broker, one line a screen (or JSON): name, state, card,
 * last seen, last sync, temperature, version; "stale" when its status is
 * older than [fleet] stale, "offline" from its will, "black" when its panel
 * is off or disconnected while its schedule has it on. Exit status 1 when
 * any screen is one of those. With --watch it prints them again as
 * statuses arrive. The last sync is the newest of the feeds' last
 * attempts in the status, and how many of them failed.
 *
 * `khabar fleet --push FILE --screen NAME | --group G` publishes a
 * settings fragment, retained, for one screen or a group (pushed.h),
 * after the same checks a screen makes of it (the sections a push may
 * set, every value); an empty one withdraws it.
 *
 * Must not: write to the cache; trust a status (any bytes from the broker).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/config.h"
#include "base/util.h"
#include "net/fleet.h"
#include "net/mqtt.h"
#include "net/pushed.h"
#include "netcmd/netcmd.h"

#define MAX_SCREENS 10000
#define WATCH_TIMEOUT 10.0 /* seconds for the broker to send the retained set */

struct screen {
	char name[128];
	char *status, *ack;
	size_t len, acklen;
};

struct fleet_view {
	const struct config *cfg;
	struct screen *s;
	size_t n, cap;
	char *emergency;
	size_t elen;
	const char *group;
	int json, watch, color;
};

static const char fleet_usage[] =
    "usage: khabar fleet [--watch] [--json] [--group G]\n"
    "       khabar fleet --push FILE (--screen NAME | --group G)\n"
    "Every screen that reports to the [mqtt] broker, one line each: name, state,\n"
    "card, last seen, last sync, temperature, version; stale (no status for\n"
    "[fleet] stale), offline (its connection is gone) or black (its panel is off\n"
    "while its schedule has it on). --watch prints them again as statuses come;\n"
    "--group only the screens of group G. Exit status 1 when a screen is stale,\n"
    "offline or black, 2 for a usage error.\n"
    "--push publishes the settings fragment in FILE (- for stdin), retained, to\n"
    "screen NAME or to the screens of group G: only [playlist], [cards], [screen],\n"
    "[schedule], [ticker], [theme] and [feed NAME]; an empty FILE withdraws it.\n";

static struct screen *screen_of(struct fleet_view *v, const char *name)
{
	for (size_t i = 0; i < v->n; i++)
		if (!strcmp(v->s[i].name, name))
			return &v->s[i];
	if (v->n >= MAX_SCREENS)
		return NULL;
	v->s = xgrow(v->s, &v->cap, v->n + 1, sizeof *v->s);
	struct screen *s = &v->s[v->n++];
	memset(s, 0, sizeof *s);
	snprintf(s->name, sizeof s->name, "%s", name);
	return s;
}

static void keep(char **dst, size_t *dlen, const void *p, size_t len)
{
	free(*dst);
	*dst = xstrndup(p, len);
	*dlen = len;
}

/* A screen's condition: "" fine, else stale, offline or black. */
static const char *condition(const struct fleet_view *v, const struct screen *s, double *age)
{
	char state[32] = "";
	double at = 0;
	fleet_json_str(s->status, s->len, "state", state, sizeof state);
	*age = fleet_json_num(s->status, s->len, "at", &at) ? (double)time_now_unix() - at : -1;
	if (!strcmp(state, "offline"))
		return "offline";
	if (*age < 0 || *age > v->cfg->fleet_stale)
		return "stale";
	if (!strcmp(state, "panel-off"))
		return "black";
	return "";
}

static int in_group(const struct fleet_view *v, const struct screen *s)
{
	char groups[512] = "";
	if (!v->group)
		return 1;
	fleet_json_str(s->status, s->len, "groups", groups, sizeof groups);
	for (char *g = strtok(groups, ","); g; g = strtok(NULL, ",")) {
		g += strspn(g, " ");
		size_t n = strlen(g);
		while (n && g[n - 1] == ' ')
			g[--n] = 0;
		if (!strcmp(g, v->group))
			return 1;
	}
	return 0;
}

static void line_json(struct buf *b, const struct screen *s, const char *cond, double age)
{
	static const char *const keys[] = {"state", "title", "network", "version", "groups"};
	buf_puts(b, b->data[b->len - 1] != '[' ? ",\n  {\"name\": " : "\n  {\"name\": ");
	buf_json_string(b, s->name, strlen(s->name));
	for (size_t i = 0; i < ARRAY_LEN(keys); i++) {
		char v[256] = "";
		fleet_json_str(s->status, s->len, keys[i], v, sizeof v);
		buf_printf(b, ", \"%s\": ", !strcmp(keys[i], "title") ? "card" : keys[i]);
		buf_json_string(b, v, strlen(v));
	}
	double t;
	if (fleet_json_num(s->status, s->len, "temperature", &t))
		buf_printf(b, ", \"temperature\": %.1f", t);
	char set[512];
	if (fleet_json_member(s->status, s->len, "settings", "result", set, sizeof set)) {
		buf_puts(b, ", \"settings\": ");
		buf_json_string(b, set, strlen(set));
	}
	int feeds, failed;
	if (fleet_feeds_summary(s->status, s->len, &t, &feeds, &failed))
		buf_printf(b, ", \"last_sync\": %.0f, \"feeds\": %d, \"feeds_failed\": %d", t,
			   feeds, failed);
	buf_printf(b, ", \"age\": %.0f, \"problem\": \"%s\"}", age, cond);
}

/* The last sync column: "40s ago ok", "3m ago 1/2 failed", "no sync
 * yet", or the display's words for it from an older screen. */
static void last_sync(const struct screen *s, char *out, size_t n)
{
	double when;
	int feeds, failed;
	if (!fleet_feeds_summary(s->status, s->len, &when, &feeds, &failed)) {
		fleet_json_str(s->status, s->len, "network", out, n);
		if (!*out)
			snprintf(out, n, "-");
		return;
	}
	if (!feeds || when <= 0) {
		snprintf(out, n, feeds ? "no sync yet" : "no feeds");
		return;
	}
	double ago = MAX((double)time_now_unix() - when, 0);
	char age[16];
	if (ago < 120)
		snprintf(age, sizeof age, "%.0fs", ago);
	else if (ago < 7200)
		snprintf(age, sizeof age, "%.0fm", ago / 60);
	else
		snprintf(age, sizeof age, "%.0fh", ago / 3600);
	if (failed)
		snprintf(out, n, "%s ago %d/%d failed", age, failed, feeds);
	else
		snprintf(out, n, "%s ago ok", age);
}

static void line_text(const struct fleet_view *v, const struct screen *s, const char *cond,
		      double age)
{
	char state[32] = "?", title[160] = "", net[96] = "", ver[32] = "";
	double t = 0;
	fleet_json_str(s->status, s->len, "state", state, sizeof state);
	fleet_json_str(s->status, s->len, "title", title, sizeof title);
	last_sync(s, net, sizeof net);
	fleet_json_str(s->status, s->len, "version", ver, sizeof ver);
	char temp[16] = "-";
	if (fleet_json_num(s->status, s->len, "temperature", &t))
		snprintf(temp, sizeof temp, "%.0f°C", t);
	char seen[24] = "never"; /* only its will: no status with a time */
	if (age >= 0)
		snprintf(seen, sizeof seen, "%.0fs ago", age);
	printf("%-20s %s%-9s%s %-12s %9s  %-22s %6s  %-8s %s\n", s->name,
	       *cond && v->color ? "\033[31m" : "", *cond ? cond : "ok",
	       *cond && v->color ? "\033[0m" : "", state, seen, *net ? net : "-", temp, ver, title);
	char set[512], topic[160];
	if (fleet_json_member(s->status, s->len, "settings", "result", set, sizeof set) &&
	    !strncmp(set, "refused", 7)) {
		fleet_json_member(s->status, s->len, "settings", "topic", topic, sizeof topic);
		for (char *c = set; *c; c++) /* any bytes from the broker: no escapes */
			*c = (unsigned char)*c < 0x20 || *c == 0x7f ? '?' : *c;
		for (char *c = topic; *c; c++)
			*c = (unsigned char)*c < 0x20 || *c == 0x7f ? '?' : *c;
		printf("%-20s settings %s %s\n", s->name, topic, set);
	}
}

/* The emergency on the broker, and on how many screens it was seen. */
static void emergency_line(const struct fleet_view *v, struct buf *b)
{
	char title[512] = "";
	if (!v->emergency || !v->elen)
		return;
	fleet_json_str(v->emergency, v->elen, "title", title, sizeof title);
	size_t seen = 0, all = 0;
	for (size_t i = 0; i < v->n; i++) {
		char t[512] = "", id[256] = "";
		if (!in_group(v, &v->s[i]))
			continue;
		all++;
		if (v->s[i].ack && fleet_json_str(v->s[i].ack, v->s[i].acklen, "emergency", id,
						  sizeof id) &&
		    *id && fleet_json_str(v->s[i].ack, v->s[i].acklen, "title", t, sizeof t))
			seen += !strcmp(t, title);
	}
	if (b) {
		buf_puts(b, "\n], \"emergency\": {\"title\": ");
		buf_json_string(b, title, strlen(title));
		buf_printf(b, ", \"seen\": %zu, \"of\": %zu}", seen, all);
	} else {
		printf("emergency seen on %zu of %zu: %s\n", seen, all, title);
	}
}

/* Print every screen; the number with a problem. */
static int show(const struct fleet_view *v)
{
	struct buf b = {0};
	int bad = 0;
	buf_puts(&b, "{\"screens\": [");
	for (size_t i = 0; i < v->n; i++) {
		double age;
		const struct screen *s = &v->s[i];
		if (!s->status || !in_group(v, s))
			continue;
		const char *cond = condition(v, s, &age);
		bad += *cond != 0;
		if (v->json)
			line_json(&b, s, cond, age);
		else
			line_text(v, s, cond, age);
	}
	if (v->json) {
		emergency_line(v, &b);
		if (!v->emergency || !v->elen)
			buf_puts(&b, "\n]");
		buf_puts(&b, "}\n");
		fputs(b.data, stdout);
	} else {
		emergency_line(v, NULL);
	}
	fflush(stdout);
	free(b.data);
	return bad;
}

static void on_status(const char *topic, const void *payload, size_t len, void *user)
{
	struct fleet_view *v = user;
	size_t p = strlen(v->cfg->fleet_topic);
	if (strncmp(topic, v->cfg->fleet_topic, p) || topic[p] != '/')
		return;
	topic += p + 1;
	if (!strcmp(topic, "emergency")) {
		keep(&v->emergency, &v->elen, payload, len);
		return;
	}
	if (strncmp(topic, "screen/", 7))
		return;
	const char *name = topic + 7, *slash = strchr(name, '/');
	if (!slash || slash - name >= 128 || len > 65536)
		return;
	char n[128];
	snprintf(n, sizeof n, "%.*s", (int)(slash - name), name);
	struct screen *s = screen_of(v, n);
	if (s && !strcmp(slash, "/status"))
		keep(&s->status, &s->len, payload, len);
	else if (s && !strcmp(slash, "/ack"))
		keep(&s->ack, &s->acklen, payload, len);
	if (v->watch && s && !strcmp(slash, "/status")) {
		printf("--\n");
		show(v);
	}
}

static int settled(void *user)
{
	return !((struct fleet_view *)user)->watch;
}

/* The fragment in file (- for stdin), at most PUSHED_MAX_MESSAGE
 * bytes, into *out. 0, or 2 after a message. */
static int push_read(const char *file, struct buf *out)
{
	int fd = strcmp(file, "-") ? open(file, O_RDONLY | O_CLOEXEC) : 0;
	if (fd < 0) {
		fprintf(stderr, "khabar fleet: --push %s: %s\n", file, strerror(errno));
		return 2;
	}
	char chunk[4096];
	ssize_t n;
	while ((n = read(fd, chunk, sizeof chunk)) > 0 && out->len <= PUSHED_MAX_MESSAGE)
		buf_append(out, chunk, (size_t)n);
	int bad = n < 0 || out->len > PUSHED_MAX_MESSAGE;
	if (bad)
		fprintf(stderr, "khabar fleet: --push %s: %s\n", file,
			n < 0 ? strerror(errno) : "over 64 KB; a screen refuses it");
	if (fd > 0)
		close(fd);
	return bad ? 2 : 0;
}

/* --push: the fragment checked as a screen checks it (over the defaults:
 * the screen's own INI is not here), then published, retained. */
static int push(const struct config *cfg, const char *file, const char *screen, const char *group)
{
	const char *who = screen ? screen : group;
	if (!who || (screen && group) || !*who || strpbrk(who, "/+#")) {
		fprintf(stderr, "khabar fleet: --push needs one --screen NAME or --group G (a "
				"topic level: no /, + or #)\n");
		return 2;
	}
	struct buf b = {0};
	if (push_read(file, &b))
		return 2;
	char *topic =
	    xasprintf("%s/%s/%s/settings", cfg->fleet_topic, screen ? "screen" : "group", who);
	char *err = NULL;
	struct config c;
	config_defaults(&c);
	int rc = b.len && config_load_pushed(&c, b.data, b.len, file, &err) ? 1 : 0;
	config_free(&c);
	if (rc)
		fprintf(stderr, "khabar fleet: not pushed: %s\n", err);
	else if ((rc = mqtt_publish(cfg, topic, b.data ? b.data : "", b.len, 1, WATCH_TIMEOUT, &err)
			   ? 1
			   : 0))
		fprintf(stderr, "khabar fleet: %s: not published: %s\n", topic, err);
	else if (b.len)
		printf("%s: settings %016llx pushed\n", topic,
		       (unsigned long long)hash_fnv1a(HASH_FNV1A_INIT, b.data, b.len));
	else
		printf("%s: settings withdrawn\n", topic);
	free(err);
	free(topic);
	buf_free(&b);
	return rc;
}

int netcmd_fleet(const struct config *cfg, int argc, char **argv)
{
	struct fleet_view v = {.cfg = cfg, .color = isatty(1)};
	const char *push_file = NULL, *screen = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--watch"))
			v.watch = 1;
		else if (!strcmp(argv[i], "--json"))
			v.json = 1;
		else if (!strcmp(argv[i], "--group") && i + 1 < argc)
			v.group = argv[++i];
		else if (!strcmp(argv[i], "--screen") && i + 1 < argc)
			screen = argv[++i];
		else if (!strcmp(argv[i], "--push") && i + 1 < argc)
			push_file = argv[++i];
		else {
			int help = !strcmp(argv[i], "--help");
			fputs(fleet_usage, help ? stdout : stderr);
			return help ? 0 : 2;
		}
	}
	if (push_file)
		return push(cfg, push_file, screen, v.group);
	if (screen) {
		fputs(fleet_usage, stderr);
		return 2;
	}
	char *status = xasprintf("%s/screen/+/status", cfg->fleet_topic);
	char *ack = xasprintf("%s/screen/+/ack", cfg->fleet_topic);
	char *emergency = xasprintf("%s/emergency", cfg->fleet_topic);
	const char *filters[] = {status, ack, emergency};
	char *err = NULL;
	int rc = mqtt_watch(cfg, filters, 3, on_status, settled, &v, WATCH_TIMEOUT, &err);
	if (rc) {
		fprintf(stderr, "khabar fleet: %s\n", err);
		free(err);
		rc = 1;
	} else {
		rc = show(&v) ? 1 : 0;
	}
	for (size_t i = 0; i < v.n; i++) {
		free(v.s[i].status);
		free(v.s[i].ack);
	}
	free(v.s);
	free(v.emergency);
	free(status);
	free(ack);
	free(emergency);
	return rc;
}
