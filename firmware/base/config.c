/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * config — reads khabar.ini with inih. A table lists every key: its
 * section, type, range or allowed names, and where it lives in struct
 * config. Lines are counted by our own reader so messages can name them.
 *
 * Must not: act on the values or open anything but the config file.
 */
#include "base/config.h"
#include "base/calendar.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"
#include "base/version.h"

enum key_type { K_STRING, K_BOOL, K_INT, K_DOUBLE, K_ENUM, K_COLOUR, K_DURATION, K_SIZE, K_WINDOW,
		K_LISTEN };

struct key {
	const char *section, *name;
	enum key_type type;
	size_t offset;
	double lo, hi;             /* K_INT, K_DOUBLE */
	const char *const *names;  /* K_ENUM: NULL-terminated */
	const int *values;         /* K_ENUM: the value for each name; NULL: the index */
};

static const char *const renderer_names[] = {"auto", "gpu", "software", NULL};
static const char *const transition_names[] = {"crossfade", "slide", "none", NULL};
static const char *const justify_names[] = {"kashida", "spaces", "none", NULL};
static const char *const rotate_names[] = {"0", "90", "180", "270", NULL};
static const int rotate_values[] = {0, 90, 180, 270};
static const char *const theme_names[] = {"dark", "light", NULL};
static const char *const priority_names[] = {"normal", "pinned", "breaking", NULL};
static const char *const language_names[] = {"fa", "en", NULL};
static const char *const console_language_names[] = {"auto", "fa", "en", NULL};

#define OFF(field) offsetof(struct config, field)
static const struct key keys[] = {
	{"display", "title", K_STRING, OFF(title), 0, 0, NULL, NULL},
	{"display", "logo", K_STRING, OFF(logo), 0, 0, NULL, NULL},
	{"display", "timezone", K_STRING, OFF(timezone), 0, 0, NULL, NULL},
	{"display", "gregorian", K_BOOL, OFF(gregorian), 0, 0, NULL, NULL},
	{"display", "language", K_ENUM, OFF(language), 0, 0, language_names, NULL},
	{"display", "renderer", K_ENUM, OFF(renderer), 0, 0, renderer_names, NULL},
	{"display", "rotate", K_ENUM, OFF(rotate), 0, 0, rotate_names, rotate_values},
	{"display", "allow_quit", K_BOOL, OFF(allow_quit), 0, 0, NULL, NULL},
	{"display", "drm_device", K_STRING, OFF(drm_device), 0, 0, NULL, NULL},
	{"display", "viewing_distance", K_DOUBLE, OFF(viewing_distance), 0, 100, NULL, NULL},
	{"display", "diagonal", K_DOUBLE, OFF(diagonal), 0, 400, NULL, NULL},
	{"theme", "theme", K_ENUM, OFF(light), 0, 0, theme_names, NULL},
	{"theme", "background", K_COLOUR, OFF(theme.background), 0, 0, NULL, NULL},
	{"theme", "surface", K_COLOUR, OFF(theme.surface), 0, 0, NULL, NULL},
	{"theme", "text", K_COLOUR, OFF(theme.text), 0, 0, NULL, NULL},
	{"theme", "muted", K_COLOUR, OFF(theme.muted), 0, 0, NULL, NULL},
	{"theme", "accent", K_COLOUR, OFF(theme.accent), 0, 0, NULL, NULL},
	{"theme", "breaking", K_COLOUR, OFF(theme.breaking), 0, 0, NULL, NULL},
	{"theme", "breaking_text", K_COLOUR, OFF(theme.breaking_text), 0, 0, NULL, NULL},
	{"theme", "ticker", K_COLOUR, OFF(theme.ticker), 0, 0, NULL, NULL},
	{"cards", "article_pages", K_BOOL, OFF(article_pages), 0, 0, NULL, NULL},
	{"cards", "max_pages", K_INT, OFF(max_pages), 1, 100, NULL, NULL},
	{"cards", "words_per_minute", K_DOUBLE, OFF(words_per_minute), 30, 1000, NULL, NULL},
	{"cards", "min_dwell", K_DOUBLE, OFF(min_dwell), 1, 3600, NULL, NULL},
	{"cards", "max_dwell", K_DOUBLE, OFF(max_dwell), 1, 3600, NULL, NULL},
	{"cards", "transition", K_ENUM, OFF(transition), 0, 0, transition_names, NULL},
	{"cards", "transition_time", K_DOUBLE, OFF(transition_time), 0, 10, NULL, NULL},
	{"cards", "justify", K_ENUM, OFF(justify), 0, 0, justify_names, NULL},
	{"playlist", "max_articles", K_INT, OFF(max_articles), 0, 10000, NULL, NULL},
	{"playlist", "max_age_hours", K_DOUBLE, OFF(max_age_hours), 0, 87600, NULL, NULL},
	{"playlist", "breaking_every", K_INT, OFF(breaking_every), 0, 1000, NULL, NULL},
	{"playlist", "include_categories", K_STRING, OFF(include_categories), 0, 0, NULL, NULL},
	{"playlist", "exclude_categories", K_STRING, OFF(exclude_categories), 0, 0, NULL, NULL},
	{"playlist", "include_tags", K_STRING, OFF(include_tags), 0, 0, NULL, NULL},
	{"playlist", "exclude_tags", K_STRING, OFF(exclude_tags), 0, 0, NULL, NULL},
	{"ticker", "enabled", K_BOOL, OFF(ticker), 0, 0, NULL, NULL},
	{"ticker", "speed", K_DOUBLE, OFF(ticker_speed), 10, 2000, NULL, NULL},
	{"ticker", "items", K_INT, OFF(ticker_items), 1, 200, NULL, NULL},
	{"cache", "path", K_STRING, OFF(cache_path), 0, 0, NULL, NULL},
	{"cache", "retry_seconds", K_DOUBLE, OFF(retry_seconds), 1, 3600, NULL, NULL},
	{"cache", "prune_days", K_INT, OFF(prune_days), 0, 100000, NULL, NULL},
	{"import", "max_file_size", K_INT, OFF(import_max_file_size), 1, 1 << 30, NULL, NULL},
	{"import", "max_articles", K_INT, OFF(import_max_articles), 1, 10000000, NULL, NULL},
	{"import", "max_title", K_INT, OFF(import_max_title), 1, 1 << 20, NULL, NULL},
	{"import", "max_body", K_INT, OFF(import_max_body), 1, 1 << 30, NULL, NULL},
	{"cards", "qr", K_BOOL, OFF(qr), 0, 0, NULL, NULL},
	{"sync", "auto", K_BOOL, OFF(sync_auto), 0, 0, NULL, NULL},
	{"sync", "timeout", K_DURATION, OFF(sync_timeout), 5, 3600, NULL, NULL},
	{"sync", "max_size", K_SIZE, OFF(sync_max_size), 1024, 1024.0 * 1024 * 1024, NULL, NULL},
	{"sync", "max_image_size", K_SIZE, OFF(sync_max_image_size), 1024, 1024.0 * 1024 * 1024,
	 NULL, NULL},
	{"sync", "user_agent", K_STRING, OFF(sync_user_agent), 0, 0, NULL, NULL},
	{"sync", "ca_file", K_STRING, OFF(sync_ca_file), 0, 0, NULL, NULL},
	{"sync", "images", K_BOOL, OFF(sync_images), 0, 0, NULL, NULL},
	{"sync", "image_cache_mb", K_INT, OFF(sync_image_cache_mb), 1, 1000000, NULL, NULL},
	{"sync", "max_image_pixels", K_INT, OFF(sync_max_image_pixels), 100000, 50000000, NULL, NULL},
	{"screen", "on", K_WINDOW, OFF(screen_on), 0, 0, NULL, NULL},
	{"screen", "sunday", K_WINDOW, OFF(screen_day[0]), 0, 0, NULL, NULL},
	{"screen", "monday", K_WINDOW, OFF(screen_day[1]), 0, 0, NULL, NULL},
	{"screen", "tuesday", K_WINDOW, OFF(screen_day[2]), 0, 0, NULL, NULL},
	{"screen", "wednesday", K_WINDOW, OFF(screen_day[3]), 0, 0, NULL, NULL},
	{"screen", "thursday", K_WINDOW, OFF(screen_day[4]), 0, 0, NULL, NULL},
	{"screen", "friday", K_WINDOW, OFF(screen_day[5]), 0, 0, NULL, NULL},
	{"screen", "saturday", K_WINDOW, OFF(screen_day[6]), 0, 0, NULL, NULL},
	{"screen", "cec", K_BOOL, OFF(screen_cec), 0, 0, NULL, NULL},
	{"mqtt", "url", K_STRING, OFF(mqtt_url), 0, 0, NULL, NULL},
	{"mqtt", "topic", K_STRING, OFF(mqtt_topic), 0, 0, NULL, NULL},
	{"mqtt", "username", K_STRING, OFF(mqtt_username), 0, 0, NULL, NULL},
	{"mqtt", "password_file", K_STRING, OFF(mqtt_password_file), 0, 0, NULL, NULL},
	{"mqtt", "client_id", K_STRING, OFF(mqtt_client_id), 0, 0, NULL, NULL},
	{"mqtt", "ca_file", K_STRING, OFF(mqtt_ca_file), 0, 0, NULL, NULL},
	{"mqtt", "max_message", K_SIZE, OFF(mqtt_max_message), 1024, 64.0 * 1024 * 1024, NULL, NULL},
	{"schedule", "rooms", K_STRING, OFF(schedule_rooms), 0, 0, NULL, NULL},
	{"schedule", "room", K_STRING, OFF(schedule_room), 0, 0, NULL, NULL},
	{"schedule", "every", K_INT, OFF(schedule_every), 0, 1000, NULL, NULL},
	{"schedule", "horizon", K_DURATION, OFF(schedule_horizon), 86400, 366 * 86400, NULL, NULL},
	{"schedule", "stream_url", K_STRING, OFF(schedule_stream_url), 0, 0, NULL, NULL},
	{"schedule", "intermission", K_DURATION, OFF(schedule_intermission), 0, 86400, NULL, NULL},
	{"schedule", "intermission_category", K_STRING, OFF(schedule_intermission_category), 0, 0,
	 NULL, NULL},
	{"fleet", "name", K_STRING, OFF(fleet_name), 0, 0, NULL, NULL},
	{"fleet", "groups", K_STRING, OFF(fleet_groups), 0, 0, NULL, NULL},
	{"fleet", "every", K_DURATION, OFF(fleet_every), 0, 3600, NULL, NULL},
	{"fleet", "stale", K_DURATION, OFF(fleet_stale), 2, 86400, NULL, NULL},
	{"fleet", "thumbnails", K_BOOL, OFF(fleet_thumbnails), 0, 0, NULL, NULL},
	{"fleet", "topic", K_STRING, OFF(fleet_topic), 0, 0, NULL, NULL},
	{"console", "listen", K_LISTEN, OFF(console_listen), 0, 0, NULL, NULL},
	{"console", "users", K_STRING, OFF(console_users), 0, 0, NULL, NULL},
	{"console", "cert", K_STRING, OFF(console_cert), 0, 0, NULL, NULL},
	{"console", "key", K_STRING, OFF(console_key), 0, 0, NULL, NULL},
	{"console", "plain_http", K_BOOL, OFF(console_plain_http), 0, 0, NULL, NULL},
	{"console", "language", K_ENUM, OFF(console_language), 0, 0, console_language_names, NULL},
	{"console", "state_dir", K_STRING, OFF(console_state_dir), 0, 0, NULL, NULL},
};
#undef OFF

/* The keys of a [feed NAME] section, placed in struct config_feed. */
#define FOFF(field) offsetof(struct config_feed, field)
static const struct key feed_keys[] = {
	{"feed NAME", "url", K_STRING, FOFF(url), 0, 0, NULL, NULL},
	{"feed NAME", "every", K_DURATION, FOFF(every), 60, 7 * 86400, NULL, NULL},
	{"feed NAME", "category", K_STRING, FOFF(category), 0, 0, NULL, NULL},
	{"feed NAME", "timezone", K_STRING, FOFF(timezone), 0, 0, NULL, NULL},
	{"feed NAME", "priority", K_ENUM, FOFF(priority), 0, 0, priority_names, NULL},
	{"feed NAME", "max_items", K_INT, FOFF(max_items), 1, 10000, NULL, NULL},
	{"feed NAME", "keep", K_DURATION, FOFF(keep), 0, 365 * 86400, NULL, NULL},
	{"feed NAME", "enabled", K_BOOL, FOFF(enabled), 0, 0, NULL, NULL},
};
#undef FOFF

static const struct config_theme dark_theme = {
	.background = 0xff10161f, .surface = 0xff18212d, .text = 0xfff2efe8,
	.muted = 0xff9aa6b5, .accent = 0xffd9a441, .breaking = 0xffb3261e,
	.breaking_text = 0xffffffff, .ticker = 0xff0b1017,
};
static const struct config_theme light_theme = {
	.background = 0xfff6f3ec, .surface = 0xffffffff, .text = 0xff1b2330,
	.muted = 0xff5e6877, .accent = 0xff8f6210, .breaking = 0xffb3261e,
	.breaking_text = 0xffffffff, .ticker = 0xffe9e3d6,
};

char *config_fleet_name(const struct config *c)
{
	char host[256] = "";
	if (*c->fleet_name)
		return xstrdup(c->fleet_name);
	if (gethostname(host, sizeof host - 1) != 0 || !*host)
		snprintf(host, sizeof host, "khabar");
	for (char *p = host; *p; p++)
		if (*p == '/' || *p == '+' || *p == '#')
			*p = '_';
	return xstrdup(host);
}

/* [console]: the organisers' web console. */
static void console_defaults(struct config *c)
{
	c->console_listen = xstrdup("0.0.0.0:8443");
	c->console_users = xstrdup("/etc/khabar/console.users");
	c->console_cert = xstrdup("");
	c->console_key = xstrdup("");
	c->console_state_dir = xstrdup("/var/lib/khabar-console");
}

void config_defaults(struct config *c)
{
	memset(c, 0, sizeof *c);
	c->title = xstrdup("خبر");
	c->logo = xstrdup("");
	c->timezone = xstrdup(CALENDAR_TEHRAN);
	c->gregorian = 0;
	c->language = LANGUAGE_FA;
	c->renderer = RENDERER_AUTO;
	c->rotate = 0;
	c->allow_quit = 1;
	c->drm_device = xstrdup("");
	c->light = 0;
	c->theme = dark_theme;
	c->article_pages = 1;
	c->max_pages = 4;
	c->words_per_minute = 180;
	c->min_dwell = 8;
	c->max_dwell = 30;
	c->transition = TRANSITION_CROSSFADE;
	c->transition_time = 0.6;
	c->justify = JUSTIFY_KASHIDA;
	c->max_articles = 50;
	c->max_age_hours = 0;
	c->breaking_every = 4;
	c->include_categories = xstrdup("");
	c->exclude_categories = xstrdup("");
	c->include_tags = xstrdup("");
	c->exclude_tags = xstrdup("");
	c->ticker = 1;
	c->ticker_speed = 90;
	c->ticker_items = 12;
	c->cache_path = xstrdup("");
	c->retry_seconds = 30;
	c->prune_days = 30;
	c->screen_on = (struct config_window){0, 1440};
	for (int d = 0; d < 7; d++)
		c->screen_day[d] = (struct config_window){SCREEN_INHERIT, SCREEN_INHERIT};
	c->screen_cec = 0;
	/* [import]: 0 is the importer's own default (import_limits_default). */
	c->import_max_file_size = 0;
	c->import_max_articles = 0;
	c->import_max_title = 0;
	c->import_max_body = 0;
	c->qr = 1;
	c->sync_auto = 1;
	c->sync_timeout = 60;
	c->sync_max_size = 8 << 20;
	c->sync_max_image_size = 10 << 20;
	c->sync_user_agent = xasprintf("khabar/%s", KHABAR_VERSION);
	c->sync_ca_file = xstrdup("");
	c->sync_images = 1;
	c->sync_image_cache_mb = 200;
	c->sync_max_image_pixels = 10000000;
	c->mqtt_max_message = 256 << 10;
	c->mqtt_url = xstrdup("");
	c->mqtt_topic = xstrdup("khabar/announce/#");
	c->mqtt_username = xstrdup("");
	c->mqtt_password_file = xstrdup("");
	c->mqtt_client_id = xstrdup("");
	c->mqtt_ca_file = xstrdup("");
	c->mqtt_host = xstrdup("");
	c->mqtt_port = 1883;
	c->schedule_rooms = xstrdup("");
	c->schedule_room = xstrdup("");
	c->fleet_name = xstrdup("");
	c->fleet_groups = xstrdup("");
	c->fleet_every = 30;
	c->fleet_stale = 90;
	c->fleet_thumbnails = 1;
	c->fleet_topic = xstrdup("khabar");
	c->schedule_every = 3;
	c->schedule_horizon = 14 * 86400;
	c->schedule_stream_url = xstrdup("");
	c->schedule_intermission = 15 * 60;
	c->schedule_intermission_category = xstrdup("");
	console_defaults(c);
}

void config_free(struct config *c)
{
	if (!c)
		return;
	free(c->title);
	free(c->logo);
	free(c->timezone);
	free(c->drm_device);
	free(c->include_categories);
	free(c->exclude_categories);
	free(c->include_tags);
	free(c->exclude_tags);
	free(c->cache_path);
	free(c->sync_user_agent);
	free(c->sync_ca_file);
	for (size_t i = 0; i < c->nfeeds; i++) {
		free(c->feeds[i].name);
		free(c->feeds[i].url);
		free(c->feeds[i].category);
		free(c->feeds[i].timezone);
	}
	free(c->feeds);
	free(c->path);
	free(c->mqtt_url);
	free(c->mqtt_topic);
	free(c->mqtt_username);
	free(c->mqtt_password_file);
	free(c->mqtt_client_id);
	free(c->mqtt_ca_file);
	free(c->mqtt_host);
	free(c->schedule_rooms);
	free(c->schedule_room);
	free(c->schedule_stream_url);
	free(c->schedule_intermission_category);
	free(c->fleet_name);
	free(c->fleet_groups);
	free(c->fleet_topic);
	free(c->console_listen);
	free(c->console_users);
	free(c->console_cert);
	free(c->console_key);
	free(c->console_state_dir);
	memset(c, 0, sizeof *c);
}

/* Parsing state shared by the reader and the handler. */
struct parse {
	struct config *c;
	const char *name;  /* file name for messages */
	const char *text;  /* remaining input */
	int line;          /* the line the handler is looking at */
	int section_line;  /* the line of the last [section] header */
	int too_long;      /* a line did not fit inih's buffer */
	char *err;         /* every error, one a line */
	char *unknown;     /* the last unknown section warned about */
	unsigned char colour_set[ARRAY_LEN(keys)];
};

/* msg (taken) added to the errors, so check reports them all at once. */
static void add_err(char **err, char *msg)
{
	if (!msg)
		return;
	if (!*err) {
		*err = msg;
		return;
	}
	char *both = xasprintf("%s\n%s", *err, msg);
	free(*err);
	free(msg);
	*err = both;
}

/* inih calls this for each line; counting here tells the handler which
 * line it sees. */
static char *reader(char *str, int num, void *stream)
{
	struct parse *p = stream;
	if (!*p->text)
		return NULL;
	const char *nl = strchr(p->text, '\n');
	size_t len = nl ? (size_t)(nl - p->text) + 1 : strlen(p->text);
	p->line++;
	if (len > (size_t)num - 1) {
		add_err(&p->err, xasprintf("%s:%d: line longer than %d bytes", p->name, p->line,
					   num - 2));
		p->too_long = 1;
		len = (size_t)num - 1;
		/* Skip the rest so it is not read as a line of its own. */
		memcpy(str, p->text, len);
		str[len] = '\0';
		str[0] = ';'; /* make inih treat the cut line as a comment */
		p->text += nl ? (size_t)(nl - p->text) + 1 : strlen(p->text);
		return str;
	}
	memcpy(str, p->text, len);
	str[len] = '\0';
	p->text += len;
	const char *t = str;
	while (*t == ' ' || *t == '\t')
		t++;
	if (*t == '[')
		p->section_line = p->line;
	return str;
}

static int parse_bool(const char *v, int *out)
{
	static const char *const yes[] = {"yes", "true", "on", "1"};
	static const char *const no[] = {"no", "false", "off", "0"};
	for (size_t i = 0; i < ARRAY_LEN(yes); i++) {
		if (!strcasecmp(v, yes[i])) {
			*out = 1;
			return 0;
		}
		if (!strcasecmp(v, no[i])) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

static int parse_colour(const char *v, uint32_t *out)
{
	size_t n = strlen(v);
	if (v[0] != '#' || (n != 7 && n != 9))
		return -1;
	for (size_t i = 1; i < n; i++)
		if (!isxdigit((unsigned char)v[i]))
			return -1;
	unsigned long x = strtoul(v + 1, NULL, 16);
	*out = n == 7 ? 0xff000000u | (uint32_t)x : (uint32_t)x;
	return 0;
}

static int parse_number(const char *v, double *out)
{
	char *end;
	errno = 0;
	double d = strtod(v, &end);
	if (end == v || *end || errno || !isfinite(d))
		return -1;
	*out = d;
	return 0;
}

/* A number followed by one of the suffixes (each with its factor), or
 * none (factor 1). */
static int parse_suffixed(const char *v, const char *const *suffixes, const double *factors,
			  double *out)
{
	char *end;
	errno = 0;
	double d = strtod(v, &end);
	if (end == v || errno || !isfinite(d) || d < 0)
		return -1;
	while (*end == ' ')
		end++;
	if (!*end) {
		*out = d;
		return 0;
	}
	for (size_t i = 0; suffixes[i]; i++)
		if (!strcasecmp(end, suffixes[i])) {
			*out = d * factors[i];
			return 0;
		}
	return -1;
}

int config_parse_duration(const char *v, double *out)
{
	static const char *const suf[] = {"s", "m", "h", "d", NULL};
	static const double fac[] = {1, 60, 3600, 86400};
	return parse_suffixed(v, suf, fac, out);
}

int config_parse_size(const char *v, int64_t *out)
{
	static const char *const suf[] = {"B", "K", "KB", "M", "MB", "G", "GB", NULL};
	static const double fac[] = {1, 1024, 1024, 1048576, 1048576, 1073741824, 1073741824};
	double d;
	if (parse_suffixed(v, suf, fac, &d) || d != floor(d) || d > 9e15)
		return -1;
	*out = (int64_t)d;
	return 0;
}

/* "HH:MM" with HH 0..24 (24 only as 24:00); minutes after midnight. */
static int parse_clock(const char *v, size_t n, int *out)
{
	if (n != 5 || !isdigit((unsigned char)v[0]) || !isdigit((unsigned char)v[1]) ||
	    v[2] != ':' || !isdigit((unsigned char)v[3]) || !isdigit((unsigned char)v[4]))
		return -1;
	int h = (v[0] - '0') * 10 + (v[1] - '0'), m = (v[3] - '0') * 10 + (v[4] - '0');
	if (h > 24 || m > 59 || (h == 24 && m))
		return -1;
	*out = h * 60 + m;
	return 0;
}

/* "on", "off" or "HH:MM-HH:MM" (may cross midnight; not empty). */
static int parse_window(const char *v, struct config_window *out)
{
	if (!strcasecmp(v, "on")) {
		*out = (struct config_window){0, 1440};
		return 0;
	}
	if (!strcasecmp(v, "off")) {
		*out = (struct config_window){-1, -1};
		return 0;
	}
	const char *dash = strchr(v, '-');
	int a, b;
	if (!dash || parse_clock(v, (size_t)(dash - v), &a) ||
	    parse_clock(dash + 1, strlen(dash + 1), &b) || a == b || a == 1440)
		return -1;
	*out = (struct config_window){a, b > a ? b : b + 1440};
	return 0;
}

static char *allowed(const struct key *k)
{
	struct buf b = {0};
	switch (k->type) {
	case K_BOOL:
		buf_puts(&b, "yes or no");
		break;
	case K_INT:
		buf_printf(&b, "a whole number from %.0f to %.0f", k->lo, k->hi);
		break;
	case K_DOUBLE:
		buf_printf(&b, "a number from %g to %g", k->lo, k->hi);
		break;
	case K_COLOUR:
		buf_puts(&b, "a colour #RRGGBB or #AARRGGBB");
		break;
	case K_ENUM:
		for (size_t i = 0; k->names[i]; i++)
			buf_printf(&b, "%s%s", i ? (k->names[i + 1] ? ", " : " or ") : "", k->names[i]);
		break;
	case K_STRING:
		buf_puts(&b, "text");
		break;
	case K_LISTEN:
		buf_puts(&b, "ADDRESS:PORT, e.g. 0.0.0.0:8443 or [::]:8443");
		break;
	case K_DURATION:
		buf_printf(&b, "a duration from %gs to %gs, e.g. 90s, 10m, 2h, 1d", k->lo, k->hi);
		break;
	case K_SIZE:
		buf_printf(&b, "a size from %.0f to %.0f bytes, e.g. 512KB, 8MB", k->lo, k->hi);
		break;
	case K_WINDOW:
		buf_puts(&b, k->name[0] == 'o' ? "a window like 07:00-22:00 (it may cross midnight), on or off"
					   : "a window like 07:00-22:00, on, off, or empty for as [screen] on");
		break;
	}
	return buf_steal(&b);
}

/* Store value for key k in the struct at obj. 0, or -1 when invalid. */
/* ADDRESS:PORT: an IPv4 address, or an IPv6 one in brackets, and a port
 * from 1 to 65535. 0 or -1. */
static int parse_listen(const char *v)
{
	const char *colon = strrchr(v, ':');
	if (!colon || colon == v)
		return -1;
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (colon[1] == 0 || *end || port < 1 || port > 65535)
		return -1;
	char host[64];
	size_t n = (size_t)(colon - v);
	if (n >= sizeof host)
		return -1;
	memcpy(host, v, n);
	host[n] = 0;
	unsigned char addr[16];
	if (host[0] == '[' && n > 2 && host[n - 1] == ']') {
		host[n - 1] = 0;
		return inet_pton(AF_INET6, host + 1, addr) == 1 ? 0 : -1;
	}
	return inet_pton(AF_INET, host, addr) == 1 ? 0 : -1;
}

static int set_value(const struct key *k, char *obj, const char *value)
{
	char *base = obj + k->offset;
	double d;
	int b;
	int64_t sz;
	uint32_t col;
	switch (k->type) {
	case K_DURATION:
		if (config_parse_duration(value, &d) || d < k->lo || d > k->hi)
			return -1;
		*(double *)base = d;
		return 0;
	case K_SIZE:
		if (config_parse_size(value, &sz) || (double)sz < k->lo || (double)sz > k->hi)
			return -1;
		*(int64_t *)base = sz;
		return 0;
	case K_LISTEN:
		if (parse_listen(value))
			return -1;
		/* fall through */
	case K_STRING:
		free(*(char **)base);
		*(char **)base = xstrdup(value);
		return 0;
	case K_BOOL:
		if (parse_bool(value, &b))
			return -1;
		*(int *)base = b;
		return 0;
	case K_INT:
		if (parse_number(value, &d) || d != floor(d) || d < k->lo || d > k->hi)
			return -1;
		*(int *)base = (int)d;
		return 0;
	case K_DOUBLE:
		if (parse_number(value, &d) || d < k->lo || d > k->hi)
			return -1;
		*(double *)base = d;
		return 0;
	case K_COLOUR:
		if (parse_colour(value, &col))
			return -1;
		*(uint32_t *)base = col;
		return 0;
	case K_ENUM:
		for (size_t i = 0; k->names[i]; i++) {
			if (strcasecmp(value, k->names[i]) == 0) {
				*(int *)base = k->values ? k->values[i] : (int)i;
				return 0;
			}
		}
		return -1;
	case K_WINDOW:
		if (!*value && strcmp(k->name, "on") != 0) { /* a weekday: as [screen] on */
			*(struct config_window *)(void *)base =
				(struct config_window){SCREEN_INHERIT, SCREEN_INHERIT};
			return 0;
		}
		return parse_window(value, (struct config_window *)(void *)base);
	}
	return -1;
}

/* [display] timezone names a zone ICU knows (else it would silently be
 * GMT); other keys pass. */
static int zone_ok(const struct key *k, const char *value)
{
	if (strcasecmp(k->section, "display") || strcasecmp(k->name, "timezone"))
		return 1;
	char *probe = calendar_format(0, value, "HH:mm", 1);
	int ok = probe != NULL;
	free(probe);
	return ok;
}

/* [schedule] stream_url: empty, or a web link ({room} is the hall's name). */
static int link_ok(const struct key *k, const char *value)
{
	if (strcasecmp(k->section, "schedule") || strcasecmp(k->name, "stream_url") || !*value)
		return 1;
	return url_is_web(value) && !strpbrk(value, " \t\"<>");
}

static void invalid(struct parse *p, const char *section, const struct key *k, const char *value)
{
	if (!link_ok(k, value)) {
		add_err(&p->err, xasprintf("%s:%d: [%s] %s = '%s' is not an http:// or https:// "
					   "link (e.g. https://streaming.example.org/{room})",
					   p->name, p->line, section, k->name, value));
		return;
	}
	if (!zone_ok(k, value)) {
		add_err(&p->err, xasprintf("%s:%d: [%s] %s = '%s' is not a known time zone (use "
					   "an IANA name such as Asia/Tehran)",
					   p->name, p->line, section, k->name, value));
		return;
	}
	char *a = allowed(k);
	add_err(&p->err, xasprintf("%s:%d: [%s] %s = '%s' is not valid; use %s", p->name, p->line,
				   section, k->name, value, a));
	free(a);
}

/* The feed of section [feed NAME], added with its defaults when new. */
static struct config_feed *feed_for(struct parse *p, const char *name)
{
	struct config *c = p->c;
	for (size_t i = 0; i < c->nfeeds; i++)
		if (!strcmp(c->feeds[i].name, name))
			return &c->feeds[i];
	c->feeds = xrealloc(c->feeds, (c->nfeeds + 1) * sizeof *c->feeds);
	struct config_feed *f = &c->feeds[c->nfeeds++];
	*f = (struct config_feed){.name = xstrdup(name), .url = xstrdup(""), .every = 600,
				  .category = xstrdup(""), .timezone = xstrdup(""), .max_items = 30, .keep = 2 * 86400,
				  .enabled = 1, .line = p->section_line};
	return f;
}

/* A feed's timezone: a zone the schedule parsers can use. */
static void check_zone(struct parse *p, const char *section, const char *zone)
{
	char *id = calendar_zone_id(zone);
	if (!id && !p->err)
		p->err = xasprintf("%s:%d: [%s] timezone = '%s' is not a known time zone (use an "
				   "IANA name such as Europe/Brussels)",
				   p->name, p->line, section, zone);
	free(id);
}

/* A key of a [feed NAME] section. */
static int feed_handler(struct parse *p, const char *section, const char *name, const char *value)
{
	char *fname = str_trim(xstrdup(section + 4));
	if (!*fname || strpbrk(fname, " \t")) {
		add_err(&p->err, xasprintf("%s:%d: [%s] needs one name without spaces: [feed NAME]",
					   p->name, p->section_line, section));
		free(fname);
		return 1;
	}
	struct config_feed *f = feed_for(p, fname);
	free(fname);
	for (size_t i = 0; i < ARRAY_LEN(feed_keys); i++) {
		if (strcasecmp(name, feed_keys[i].name))
			continue;
		if (!strcasecmp(name, "url"))
			f->url_line = p->line;
		if (set_value(&feed_keys[i], (char *)f, value))
			invalid(p, section, &feed_keys[i], value);
		else if (!strcasecmp(name, "timezone") && *f->timezone)
			check_zone(p, section, f->timezone);
		return 1;
	}
	log_warn("%s:%d: unknown key '%s' in [%s]; ignored", p->name, p->line, name, section);
	return 1;
}

/* A key nobody reads: its section is unknown (said once per section), or
 * the key is. */
static void unknown_key(struct parse *p, const char *section, const char *name)
{
	for (size_t i = 0; i < ARRAY_LEN(keys); i++)
		if (!strcasecmp(section, keys[i].section)) {
			log_warn("%s:%d: unknown key '%s' in [%s]; ignored", p->name, p->line, name,
				 section);
			return;
		}
	if (p->unknown && !strcmp(p->unknown, section))
		return;
	free(p->unknown);
	p->unknown = xstrdup(section);
	log_warn("%s:%d: unknown section [%s]; its keys are ignored", p->name, p->section_line,
		 section);
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
	struct parse *p = user;
	if (!strncasecmp(section, "feed", 4) && (!section[4] || section[4] == ' ' || section[4] == '\t'))
		return feed_handler(p, section, name, value);
	if (!strcasecmp(section, "mqtt") && !strcasecmp(name, "password")) {
		/* Never echo the value: it is a secret. */
		add_err(&p->err, xasprintf("%s:%d: [mqtt] password is not read from the config; put "
					   "the password alone in a file only khabar can read and "
					   "set password_file",
					   p->name, p->line));
		return 1;
	}
	for (size_t i = 0; i < ARRAY_LEN(keys); i++) {
		if (strcasecmp(section, keys[i].section) || strcasecmp(name, keys[i].name))
			continue;
		if (set_value(&keys[i], (char *)p->c, value) == 0 && zone_ok(&keys[i], value) &&
		    link_ok(&keys[i], value)) {
			if (keys[i].type == K_COLOUR)
				p->colour_set[i] = 1;
			return 1;
		}
		invalid(p, keys[i].section, &keys[i], value);
		return 1; /* keep going: later lines may still warn */
	}
	unknown_key(p, section, name);
	return 1;
}

int config_mqtt_url(const char *url, char **host, int *port, int *tls)
{
	const char *rest;
	if (!strncasecmp(url, "mqtt://", 7)) {
		*tls = 0;
		rest = url + 7;
	} else if (!strncasecmp(url, "mqtts://", 8)) {
		*tls = 1;
		rest = url + 8;
	} else {
		return -1;
	}
	size_t n = strcspn(rest, ":/");
	if (n == 0 || n > 253)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)rest[i]) && rest[i] != '.' && rest[i] != '-' &&
		    rest[i] != '_')
			return -1;
	long pn = *tls ? 8883 : 1883;
	const char *e = rest + n;
	if (*e == ':') {
		char *end;
		errno = 0;
		pn = strtol(e + 1, &end, 10);
		if (end == e + 1 || errno || pn < 1 || pn > 65535)
			return -1;
		e = end;
	}
	if (*e == '/')
		e++;
	if (*e)
		return -1;
	*host = xstrndup(rest, n);
	*port = (int)pn;
	return 0;
}

int config_mqtt_topic_ok(const char *topic)
{
	if (!topic || !*topic || strlen(topic) > 65535)
		return 0;
	for (const char *s = topic; *s; s++) {
		int start = s == topic || s[-1] == '/';
		int end = s[1] == '\0' || s[1] == '/';
		if (*s == '#' && !(start && s[1] == '\0'))
			return 0;
		if (*s == '+' && !(start && end))
			return 0;
		if ((unsigned char)*s < 0x20)
			return 0;
	}
	return 1;
}

/* The [mqtt] keys together: a url that parses (its parts kept), a topic
 * filter. NULL, or the message. */
static char *check_mqtt(struct config *c, const char *name)
{
	free(c->mqtt_host);
	c->mqtt_host = xstrdup("");
	c->mqtt_tls = 0;
	c->mqtt_port = 1883;
	if (!*c->mqtt_url)
		return NULL;
	char *host;
	/* A user and password in the URL are refused without echoing them:
	 * the message goes to the journal. */
	if (strchr(c->mqtt_url, '@'))
		return xasprintf("%s: [mqtt] url has a user or password in it (not repeated "
				 "here); use mqtt://HOST[:PORT] with username and password_file",
				 name);
	if (config_mqtt_url(c->mqtt_url, &host, &c->mqtt_port, &c->mqtt_tls))
		return xasprintf("%s: [mqtt] url = '%s' is not valid; use mqtt://HOST[:PORT] or "
				 "mqtts://HOST[:PORT]",
				 name, c->mqtt_url);
	free(c->mqtt_host);
	c->mqtt_host = host;
	if (!config_mqtt_topic_ok(c->mqtt_topic))
		return xasprintf("%s: [mqtt] topic = '%s' is not a valid topic filter (e.g. "
				 "khabar/announce/#)",
				 name, c->mqtt_topic);
	return NULL;
}

/* One level of an MQTT topic: not empty, no '/', '+', '#' or control. */
static int topic_level_ok(const char *s, size_t n)
{
	if (!n || n > 128)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '/' || s[i] == '+' || s[i] == '#' || (unsigned char)s[i] < 0x20)
			return 0;
	return 1;
}

/* The [fleet] keys together: a name and groups that are topic levels, a
 * prefix that is a topic without wildcards. NULL, or the message. */
static char *check_fleet(const struct config *c, const char *name)
{
	if (*c->fleet_name && !topic_level_ok(c->fleet_name, strlen(c->fleet_name)))
		return xasprintf("%s: [fleet] name = '%s' cannot be a topic level (no /, + or #)",
				 name, c->fleet_name);
	for (const char *g = c->fleet_groups; *g;) {
		g += strspn(g, " ,");
		size_t n = strcspn(g, ",");
		while (n && g[n - 1] == ' ')
			n--;
		if (n && !topic_level_ok(g, n))
			return xasprintf("%s: [fleet] groups = '%s': '%.*s' cannot be a topic level "
					 "(no /, + or #)",
					 name, c->fleet_groups, (int)n, g);
		g += n;
		g += strcspn(g, ",");
	}
	if (!config_mqtt_topic_ok(c->fleet_topic) || strpbrk(c->fleet_topic, "+#"))
		return xasprintf("%s: [fleet] topic = '%s' is not a topic prefix (e.g. khabar)", name,
				 c->fleet_topic);
	return NULL;
}

/* An error naming the line of the first byte of text (len bytes) that is
 * not UTF-8 (or is a NUL), or NULL when it is all UTF-8 text. */
static char *not_utf8(const char *text, size_t len, const char *name)
{
	size_t bad = utf8_first_invalid(text, len);
	if (bad == len)
		return NULL;
	int line = 1;
	for (size_t i = 0; i < bad; i++)
		line += text[i] == '\n';
	return xasprintf("%s:%d: not UTF-8 text (byte 0x%02X); save the file as UTF-8", name, line,
			 (unsigned char)text[bad]);
}

int config_load_string(struct config *c, const char *text, const char *name, char **err)
{
	if ((*err = not_utf8(text, strlen(text), name)))
		return 2;
	struct parse p = {.c = c, .name = name, .text = text};
	/* The theme name picks the palette; colours set in the file win. */
	int was_light = c->light;
	int rc = ini_parse_stream(reader, &p, handler, &p);
	free(p.unknown);
	if (rc > 0)
		add_err(&p.err, xasprintf("%s:%d: not an INI line (expected [section] or key = "
					  "value)",
					  name, rc));
	if (rc < 0)
		add_err(&p.err, xasprintf("%s: could not be parsed", name));
	if (c->light != was_light) {
		const struct config_theme *t = c->light ? &light_theme : &dark_theme;
		for (size_t i = 0; i < ARRAY_LEN(keys); i++) {
			if (keys[i].type != K_COLOUR || p.colour_set[i])
				continue;
			size_t off = keys[i].offset - offsetof(struct config, theme);
			memcpy((char *)c + keys[i].offset, (const char *)t + off, sizeof(uint32_t));
		}
	}
	if (c->min_dwell > c->max_dwell)
		add_err(&p.err, xasprintf("%s: [cards] min_dwell (%g) is larger than max_dwell (%g)",
					  name, c->min_dwell, c->max_dwell));
	for (size_t i = 0; i < c->nfeeds; i++) {
		const struct config_feed *f = &c->feeds[i];
		if (!url_is_web(f->url))
			add_err(&p.err,
				xasprintf("%s:%d: [feed %s] %s; use an http:// or https:// URL", name,
					  f->url_line ? f->url_line : f->line, f->name,
					  *f->url ? "url is not http or https with a host"
						  : "has no url"));
	}
	free(c->path);
	c->path = xstrdup(name);
	add_err(&p.err, check_mqtt(c, name));
	add_err(&p.err, check_fleet(c, name));
	if (p.err) {
		*err = p.err;
		return 2;
	}
	return 0;
}

const struct config_feed *config_feed_find(const struct config *c, const char *name)
{
	for (size_t i = 0; i < c->nfeeds; i++)
		if (!strcmp(c->feeds[i].name, name))
			return &c->feeds[i];
	return NULL;
}

int config_load(struct config *c, const char *path, char **err)
{
	char *ferr = NULL;
	size_t len = 0;
	struct stat st;
	/* Opening a FIFO would wait for a writer for ever. */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
		*err = xasprintf("%s: not a regular file (a FIFO, socket or device)", path);
		return -1;
	}
	char *text = file_read(path, 1 << 20, &len, &ferr);
	if (!text) {
		*err = ferr;
		return -1;
	}
	if ((*err = not_utf8(text, len, path))) { /* a NUL would end the text early */
		free(text);
		return 2;
	}
	int rc = config_load_string(c, text, path, err);
	free(text);
	return rc;
}

char *config_find(const char *explicit_path)
{
	if (explicit_path)
		return xstrdup(explicit_path);
	char *dir = user_config_dir();
	char *p = dir ? xasprintf("%s/khabar.ini", dir) : NULL;
	free(dir);
	if (p && access(p, F_OK) == 0)
		return p;
	free(p);
	if (access("/etc/khabar/khabar.ini", F_OK) == 0)
		return xstrdup("/etc/khabar/khabar.ini");
	return NULL;
}

int config_read(struct config *c, const char *explicit_path, char **err)
{
	config_defaults(c);
	char *path = config_find(explicit_path);
	if (!path)
		return 0;
	int rc = config_load(c, path, err);
	if (rc == 0)
		log_debug("config: read %s", path);
	free(path);
	return rc;
}

int config_read_checked(struct config *c, const char *explicit_path, char **err)
{
	int rc = config_read(c, explicit_path, err);
	if (rc == 0) {
		char *probe = calendar_format(0, c->timezone, "HH:mm", 1);
		if (probe) {
			free(probe);
			return 0;
		}
		*err = xasprintf("[display] timezone = '%s' is not a known time zone "
				 "(use an IANA name such as Asia/Tehran)",
				 c->timezone);
		rc = 2;
	}
	config_free(c);
	return rc;
}

int config_list_has(const char *list, const char *item)
{
	if (!list || !item || !*item)
		return 0;
	size_t n = strlen(item);
	const char *s = list;
	while (*s) {
		while (*s == ' ' || *s == '\t' || *s == ',')
			s++;
		const char *e = s;
		while (*e && *e != ',')
			e++;
		const char *t = e;
		while (t > s && (t[-1] == ' ' || t[-1] == '\t'))
			t--;
		if ((size_t)(t - s) == n && memcmp(s, item, n) == 0)
			return 1;
		s = e;
	}
	return 0;
}

double config_sync_round_limit(const struct config *cfg)
{
	size_t n = 0;
	for (size_t i = 0; i < cfg->nfeeds; i++)
		n += cfg->feeds[i].enabled && *cfg->feeds[i].url;
	return cfg->sync_timeout * (2.0 * (double)n + 2);
}

double config_sync_period(const struct config *cfg)
{
	double p = 0;
	for (size_t i = 0; i < cfg->nfeeds; i++)
		if (cfg->feeds[i].enabled && *cfg->feeds[i].url &&
		    (p == 0 || cfg->feeds[i].every < p))
			p = cfg->feeds[i].every;
	return p;
}
