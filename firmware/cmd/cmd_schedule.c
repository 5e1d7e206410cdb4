/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_schedule — `khabar schedule` (each room's talk now and next, or
 * every event, as text or JSON) and `khabar remove --conference NAME`.
 *
 * Must not: know about SDL or layout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache/cache.h"
#include "base/calendar.h"
#include "cmd/cmd.h"
#include "base/config.h"
#include "parse/import.h"
#include "parse/schedule.h"
#include "show/agenda.h"
#include "base/util.h"


static void usage(FILE *out)
{
	fprintf(out, "usage: khabar schedule [--json] [--room ROOM] [--at TIME] [--all]\n"
		     "What a schedule screen shows: per room the talk on now and the next one\n"
		     "(--all: every event, in order), at TIME (ISO 8601; default now), times in\n"
		     "the [display] timezone. --room keeps one room. --json prints\n"
		     "{\"events\": [...]} with start and end in UTC.\n");
}

/* The status a screen shows at time at: a change is marked until the
 * talk ends. */
static enum event_status shown_status(const struct event *e, int64_t at)
{
	if (e->status == EVENT_CANCELLED)
		return EVENT_CANCELLED;
	return agenda_marked(e, at) ? e->status : EVENT_SCHEDULED;
}

static void json_event(struct buf *b, const struct event *e, enum event_status st)
{
	char t[32];
	const char *names[] = {"guid", "conference", "room"};
	const char *vals[] = {e->guid, e->conference, e->room};
	buf_puts(b, "  {");
	for (size_t i = 0; i < ARRAY_LEN(names); i++) {
		buf_printf(b, "%s\"%s\": ", i ? ", " : "", names[i]);
		buf_json_string(b, vals[i], strlen(vals[i]));
	}
	calendar_format_iso8601(e->start, t, sizeof t);
	buf_printf(b, ", \"start\": \"%s\"", t);
	calendar_format_iso8601(e->end, t, sizeof t);
	buf_printf(b, ", \"end\": \"%s\"", t);
	const char *more[] = {"title", "subtitle", "track"};
	const char *mvals[] = {e->title, e->subtitle, e->track};
	for (size_t i = 0; i < ARRAY_LEN(more); i++) {
		buf_printf(b, ", \"%s\": ", more[i]);
		buf_json_string(b, mvals[i], strlen(mvals[i]));
	}
	buf_puts(b, ", \"persons\": [");
	for (size_t i = 0; i < e->npersons; i++) {
		buf_puts(b, i ? ", " : "");
		buf_json_string(b, e->persons[i], strlen(e->persons[i]));
	}
	buf_puts(b, "], \"url\": ");
	buf_json_string(b, e->url, strlen(e->url));
	buf_printf(b, ", \"status\": \"%s\"%s}", event_status_name(st),
		   e->all_day ? ", \"all_day\": true" : "");
}

static void text_event(struct buf *b, const char *label, const struct event *e,
		       enum event_status st, int64_t at, struct calendar_fmt *clock)
{
	char s[64], en[64];
	if (calendar_fmt_format(clock, e->start, s, sizeof s))
		strcpy(s, "?");
	if (calendar_fmt_format(clock, e->end, en, sizeof en))
		strcpy(en, "?");
	buf_printf(b, "%s  %s-%s  %s", label, s, strchr(en, ' ') ? strchr(en, ' ') + 1 : en,
		   e->title);
	for (size_t i = 0; i < e->npersons; i++)
		buf_printf(b, "%s%s", i ? ", " : " — ", e->persons[i]);
	if (e->start > at && e->start - at < 3600)
		buf_printf(b, "  (in %lld minutes)", (long long)((e->start - at + 59) / 60));
	if (st != EVENT_SCHEDULED)
		buf_printf(b, "  [%s]", event_status_name(st));
	buf_putc(b, '\n');
}

struct opts {
	int json, all;
	const char *room;
	int64_t at;
};

static int parse_opts(int argc, char **argv, struct opts *o)
{
	struct cmd_args a;
	const char *at = NULL;
	o->at = time_now_unix();
	cmd_args_init(&a, argc, argv);
	while (cmd_args_next(&a)) {
		if (cmd_opt_flag(&a, "--help")) {
			usage(stdout);
			return -1;
		} else if (cmd_opt_flag(&a, "--json")) {
			o->json = 1;
		} else if (cmd_opt_flag(&a, "--all")) {
			o->all = 1;
		} else if (cmd_opt_str(&a, "--room", &o->room)) {
		} else if (cmd_opt_str(&a, "--at", &at)) {
			if (at && calendar_parse_iso8601(at, &o->at)) {
				fprintf(stderr,
					"khabar schedule: --at: not an ISO 8601 time: '%s'\n", at);
				return 2;
			}
		} else {
			cmd_args_unknown(&a);
		}
	}
	return a.status;
}

/* "updated 12 minutes ago", and the schedule's feed when it is failing. */
static void freshness(struct buf *out, const struct event_live *v, const struct config *cfg,
		      int64_t at)
{
	if (v->updated && v->updated <= at)
		buf_printf(out, "updated %lld minutes ago\n", (long long)((at - v->updated) / 60));
	const char *stale = agenda_feed_stale(v, cfg, at) ? " (stale: more than twice its every)" : "";
	if (v->feed && v->feed_ok)
		buf_printf(out, "feed %s failing, last fetched %lld minutes ago%s\n", v->feed,
			   (long long)((at - v->feed_ok) / 60), stale);
	else if (v->feed)
		buf_printf(out, "feed %s failing, never fetched%s\n", v->feed, stale);
}

/* The JSON report's end: "updated" (Unix time, 0 none yet), "failing_feed" (a failing
 * schedule feed's name, "" none), "feed_ok" (its last success, 0 none), "stale". */
static void json_freshness(struct buf *out, const struct event_live *v, const struct config *cfg,
			   int64_t at, size_t n)
{
	buf_puts(out, n ? "\n], \"updated\": " : "], \"updated\": ");
	buf_printf(out, "%lld, \"failing_feed\": ", (long long)(v->updated && v->updated <= at ? v->updated : 0));
	buf_json_string(out, v->feed ? v->feed : "", v->feed ? strlen(v->feed) : 0);
	buf_printf(out, ", \"feed_ok\": %lld, \"stale\": %s}\n", (long long)v->feed_ok,
		   agenda_feed_stale(v, cfg, at) ? "true" : "false");
}

/* The report for events l at o->at into out. */
static void report(struct buf *out, const struct event_list *l, const struct opts *o,
		   const struct config *cfg, struct calendar_fmt *clock)
{
	size_t n = 0;
	if (o->json)
		buf_puts(out, "{\"events\": [");
	if (o->all) {
		for (size_t i = 0; i < l->n; i++) {
			const struct event *e = &l->items[i];
			if (o->room && !agenda_for_room(e, o->room))
				continue;
			if (o->json) {
				buf_puts(out, n++ ? ",\n" : "\n");
				json_event(out, e, shown_status(e, o->at));
			} else {
				text_event(out, *e->room ? e->room : "(all halls)", e,
					   shown_status(e, o->at), o->at, clock);
			}
		}
	} else {
		/* Every room (at most one a talk). */
		struct agenda_room *rooms = xcalloc(l->n + 1, sizeof *rooms);
		size_t nr = agenda_rooms(l, o->at, o->room ? o->room : cfg->schedule_rooms, rooms,
					   l->n);
		for (size_t i = 0; i < nr; i++) {
			const struct event *pair[] = {rooms[i].now, rooms[i].next};
			if (!o->json)
				buf_printf(out, "%s%s\n", rooms[i].room,
					   event_live_full(l, rooms[i].room) ? "  [full]" : "");
			for (int k = 0; k < 2; k++) {
				if (!pair[k])
					continue;
				enum event_status st = shown_status(pair[k], o->at);
				if (o->json) {
					buf_puts(out, n++ ? ",\n" : "\n");
					json_event(out, pair[k], st);
				} else {
					text_event(out, k ? "  next" : "  now ", pair[k], st, o->at,
						   clock);
				}
			}
		}
		free(rooms);
	}
	if (o->json)
		json_freshness(out, &l->live, cfg, o->at, n);
	else if (!o->all) /* --all: the talks alone, one a line */
		freshness(out, &l->live, cfg, o->at);
}

int cmd_schedule(const struct cmd_ctx *ctx, int argc, char **argv)
{
	struct opts o = {0};
	int rc = parse_opts(argc, argv, &o);
	if (rc)
		return rc < 0 ? 0 : rc;
	struct config cfg;
	char *path;
	if ((rc = cmd_config_load_cache(ctx, &cfg, &path)))
		return rc;
	struct event_list l = {0};
	struct buf out = {0};
	struct cache *c = NULL;
	char *err = NULL;
	int ret = 1;
	struct calendar_fmt *clock = calendar_fmt_open(cfg.timezone, "yyyy/MM/dd HH:mm", 0);
	if (!clock) {
		log_error("[display] timezone '%s': cannot format times in it", cfg.timezone);
		goto done;
	}
	/* A cache that does not exist yet holds no schedule. */
	if (access(path, F_OK) == 0) {
		if (!(c = cache_open(path, 1, &err)) || cache_events_list(c, &l, &err)) {
			log_error("%s", err);
			goto done;
		}
		event_list_sort(&l);
	}
	report(&out, &l, &o, &cfg, clock);
	if (!o.json) /* JSON escapes them instead */
		term_clean(out.data, out.len);
	fwrite(out.data ? out.data : "", 1, out.len, stdout);
	ret = fflush(stdout) == 0 ? 0 : 1;
done:
	calendar_fmt_close(clock);
	cache_close(c);
	event_list_free(&l);
	buf_free(&out);
	free(err);
	free(path);
	config_free(&cfg);
	return ret;
}

/* Whether some event of l is in room. */
static int has_room(const struct event_list *l, const char *room)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->items[i].room, room))
			return 1;
	return 0;
}

/* The rooms of l, comma-separated, in order of their first talk. */
static void room_names(const struct event_list *l, struct buf *b)
{
	buf_puts(b, "");
	for (size_t i = 0; i < l->n; i++) {
		size_t j = 0;
		while (j < i && strcmp(l->items[j].room, l->items[i].room))
			j++;
		if (j == i)
			buf_printf(b, "%s%s", b->len ? ", " : "", l->items[i].room);
	}
}

int cmd_schedule_check(const char *db, const struct config *cfg, FILE *out)
{
	struct event_list l = {0};
	struct buf names = {0};
	char *err = NULL;
	int problems = 0;
	struct cache *c = cache_open(db, 1, &err);
	if (!c) {
		free(err);
		return 0;
	}
	if (cache_events_list(c, &l, &err)) {
		fprintf(out, "schedule: %s\n", err);
		free(err);
		cache_close(c);
		return 1;
	}
	cache_close(c);
	event_list_sort(&l);
	room_names(&l, &names);
	if (l.n)
		term_printf(out, "schedule: %zu events; rooms: %s\n", l.n, names.data);
	if (*cfg->schedule_room && !has_room(&l, cfg->schedule_room)) {
		fprintf(out,
			"schedule: [schedule] room = %s is not a room of the imported schedules "
			"(%s%s); write it as `khabar schedule --all` shows it\n",
			cfg->schedule_room, l.n ? "rooms: " : "none imported", names.data);
		problems++;
	}
	/* Each name of [schedule] rooms. */
	char *list = xstrdup(cfg->schedule_rooms);
	for (char *p = strtok(list, ","); p; p = strtok(NULL, ",")) {
		char *room = str_trim(p);
		if (*room && !has_room(&l, room)) {
			fprintf(out,
				"schedule: [schedule] rooms: %s is not a room of the imported "
				"schedules\n",
				room);
			problems++;
		}
	}
	free(list);
	buf_free(&names);
	event_list_free(&l);
	return problems;
}
