/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * console — the organisers' web console, the program khabar-console
 * (`khabar console` runs it): an HTTPS server on libmicrohttpd that shows
 * every screen's status and thumbnail from the broker, posts and removes
 * announcements, marks halls full or open, behind accounts hashed with
 * yescrypt. One family: console.c (command line, accounts file),
 * console_users.c (hashing), console_broker.c (what the broker holds),
 * console_http.c (requests, sessions, limits), console_pages.c (HTML).
 *
 * Must not: open the display or the cache; talk to a screen except
 * through the broker; log a password; put an unescaped outside value in
 * a page.
 */
#ifndef KHABAR_CONSOLE_H
#define KHABAR_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

#include "base/config.h"
#include "base/util.h"

/* `khabar-console [--config F] console [--listen A:P] | --add-user N
 * [--role R] | --remove-user N`. Exit status 0, 1 failure, 2 usage. */
int console_main(int argc, char **argv);

/* ------------------------------------------------------------ accounts */

enum console_role { ROLE_NONE, ROLE_VIEWER, ROLE_ORGANISER };

/* The yescrypt hash of password (fresh salt). Caller frees; NULL when
 * libcrypt refuses. */
char *console_hash(const char *password);
/* The role of name in the users file at path when password matches its
 * hash; ROLE_NONE otherwise (an unknown name costs a hash too). */
enum console_role console_verify(const char *path, const char *name, const char *password);
/* Add or replace name (role organiser or viewer) in path, written 0640
 * by rename. 0, or -1 with a message on stderr. */
int console_user_set(const char *path, const char *name, enum console_role role,
		     const char *password);
/* Take name out of path. 0, 1 when it was not there, -1 on error. */
int console_user_remove(const char *path, const char *name);
/* Whether name is a valid account name (1..32 of [A-Za-z0-9._-]). */
int console_name_ok(const char *name);

/* --------------------------------------------------- what the broker holds */

struct console_broker;
/* Connect to cfg's [mqtt] broker in a thread of its own and keep the
 * latest khabar/screen/+/status, thumbnail, ack, khabar/emergency, the
 * announcements and hall states. NULL with *err (caller frees). */
struct console_broker *broker_start(const struct config *cfg, char **err);
void broker_stop(struct console_broker *b);
/* Publish payload retained on topic (QoS 1). 0 or -1. */
int broker_publish(struct console_broker *b, const char *topic, const char *payload);

/* A copy of what is known, for one page; free with broker_snapshot_free. */
struct console_screen {
	char name[64];
	char groups[128];
	char state[32];
	char card[256];
	char resolution[16];
	int64_t at;           /* the status's time; 0 unknown */
	char ack_title[256];  /* the title of the emergency it has shown */
	uint64_t thumb_version; /* changes with each thumbnail; 0 none */
};
struct console_announce {
	char topic[256];
	char title[512];
	char priority[16];
	int64_t expires;
};
struct console_snapshot {
	struct console_screen *screens;
	size_t nscreens;
	struct console_announce *announces;
	size_t nannounces;
	char **halls_full; /* halls marked full */
	size_t nhalls_full;
	int connected;
	int64_t emergency_at; /* when the emergency was seen; 0 none */
	char emergency[512];
	char emergency_topic[160]; /* [fleet] topic + "/emergency" */
};
void broker_snapshot(struct console_broker *b, struct console_snapshot *out);
void broker_snapshot_free(struct console_snapshot *s);
/* The thumbnail of screen name: a copy (caller frees) and its length;
 * NULL when none. */
unsigned char *broker_thumbnail(struct console_broker *b, const char *name, size_t *len);
/* The latest plays message of screen, [{"name": N, "plays": {...}}] (see
 * net/fleet.h for the message; [] when it sent none); with screen NULL,
 * every screen's by name, each day with its totals only (no "titles").
 * Caller frees. */
char *broker_plays(struct console_broker *b, const char *screen);
/* "", "stale", "offline" or "black" for a screen at time now. */
const char *console_condition(const struct console_screen *s, int64_t now);

/* ------------------------------------------------------------- the server */

struct console_opts {
	const struct config *cfg;
	const char *listen;  /* ADDR:PORT */
	const char *khabar;  /* the display program, for render and post */
	const char *config_path; /* passed on to it; NULL for its default */
	const char *db_path;     /* the cache for the schedule; NULL: the config's */
	struct console_broker *broker;
};
/* Serve until SIGTERM or SIGINT. 0, or 1 after a message. */
int console_serve(const struct console_opts *o);

/* ------------------------------------------------------- the display's work */

struct announce_form;
/* Draw the announcement f as the target screens would ([console]
 * state_dir/ID.png) with `khabar post` into a cache of its own and
 * `khabar render --at at`. 0, or -1 with *msg (caller frees). */
int act_preview(const struct console_opts *o, const struct announce_form *f,
		const struct console_snapshot *s, const char *id, int64_t at, char **msg);
/* Delete every preview left in [console] state_dir (at the start). */
void act_clean(const struct console_opts *o);
/* Delete preview id's picture. */
void act_forget(const struct console_opts *o, const char *id);
/* `khabar post --mqtt` of f: 0 with *msg its topic, or -1 with *msg why. */
int act_publish(const struct console_opts *o, const struct announce_form *f, char **msg);
/* `khabar remove --mqtt topic`. 0 or -1 (with *msg when it ran). */
int act_remove(const struct console_opts *o, const char *topic, char **msg);
/* `khabar schedule --json --all`'s output, or NULL. Caller frees. */
char *act_schedule(const struct console_opts *o);

/* ------------------------------------------------------------- the pages */

/* s HTML-escaped (& < > " ') appended to b; invalid UTF-8 becomes U+FFFD. */
void html_escape(struct buf *b, const char *s);

enum console_page { PAGE_SCREENS, PAGE_ANNOUNCE, PAGE_HALLS, PAGE_PLAYS };
struct page_ctx {
	int en;               /* English, else Persian */
	const char *user;
	enum console_role role;
	const char *csrf;
	int plain_http;
	const char *message;  /* a line to show on top; NULL none */
	int64_t now;
	const char *timezone;
};
/* Whole pages into b. */
void page_login(struct buf *b, const struct page_ctx *c, int refused);
void page_screens(struct buf *b, const struct page_ctx *c, const struct console_snapshot *s);
void page_screen_grid(struct buf *b, const struct page_ctx *c, const struct console_snapshot *s);
/* The announce form as posted; any field may be NULL. */
struct announce_form {
	char *title, *body, *priority, *expires, *category, *url, *target;
};
/* The announce page: the form (f, may be NULL), the preview preview_id
 * drawn at time at (NULL: none), the active announcements. */
void page_announce(struct buf *b, const struct page_ctx *c, const struct console_snapshot *s,
		   const struct announce_form *f, const char *preview_id, int64_t at);
/* Set the process's language for c, between console_env_lock() and
 * console_env_unlock(). */
void page_begin(const struct page_ctx *c);
/* The environment's lock: the language is chosen with setenv (LANGUAGE)
 * for each page, so a page's drawing and a program's start (which copies
 * the environment) never overlap. */
void console_env_lock(void);
void console_env_unlock(void);
/* A built-in static file (style.css, app.js): its bytes and type; NULL
 * when name is not one. */
const void *page_static(const char *name, size_t *len, const char **type);
void page_halls(struct buf *b, const struct page_ctx *c, const struct console_snapshot *s,
		const char *schedule_json);
/* What the screens showed, per day: links to every screen's (from
 * every_json, broker_plays(NULL)), an SVG chart of the cards per day and a
 * table: each screen's days (screen NULL), or screen's cards per day (from
 * screen_json, broker_plays(screen)). */
void page_plays(struct buf *b, const struct page_ctx *c, const char *every_json,
		const char *screen_json, const char *screen);
/* The same as CSV (screen, day, kind, title, count, seconds; a day's
 * cards not listed by the screen as one "other" line). Caller frees. */
char *plays_csv(const char *plays_json, const char *screen);
#define PLAYS_CSV_HEADER "screen,day,kind,title,count,seconds\r\n"
/* The page's words in its language: the display's catalogue. */
const char *page_text(const struct page_ctx *c, const char *msgid);

#endif
