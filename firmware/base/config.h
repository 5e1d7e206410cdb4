/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * config — the one INI file: every key khabar reads, its default, and the
 * checks on its value. Unknown keys are warned about by line; invalid
 * values are errors naming the file, the line and the allowed values.
 *
 * Must not: know about SDL, the cache or layout; act on the values.
 */
#ifndef KHABAR_CONFIG_H
#define KHABAR_CONFIG_H

#include <stddef.h>
#include <stdint.h>

enum config_renderer { RENDERER_AUTO, RENDERER_GPU, RENDERER_SOFTWARE };
enum config_language { LANGUAGE_FA, LANGUAGE_EN };
enum config_transition { TRANSITION_CROSSFADE, TRANSITION_SLIDE, TRANSITION_NONE };
/* How an article page's body fills its lines (docs/text-layout.md). */
enum config_justify { JUSTIFY_KASHIDA, JUSTIFY_SPACES, JUSTIFY_NONE };

/* A daily window of the night schedule, in minutes after local midnight:
 * on from start until end, which is past 1440 when it crosses midnight
 * (22:00-02:00 is 1320..1560). start < 0: off all day; SCREEN_INHERIT (a
 * weekday key not given): as [screen] on. */
struct config_window {
	int start, end;
};
#define SCREEN_INHERIT (-2)

/* Colours as 0xAARRGGBB. */
struct config_theme {
	uint32_t background, surface, text, muted, accent, breaking, breaking_text, ticker;
};

/* One [feed NAME] section: a feed `khabar sync` fetches. */
struct config_feed {
	char *name;       /* from the section header, unique */
	char *url;        /* http:// or https:// */
	double every;     /* seconds between fetches, at least 60 */
	char *category;   /* given to articles that have none; "" for none */
	char *timezone;   /* a schedule's local times when it names no zone; "" for
			   * [display] timezone */
	int priority;     /* 0 normal, 1 pinned, 2 breaking (enum article_priority) */
	int max_items;    /* newest N per fetch */
	double keep;      /* seconds an article that left the feed stays */
	int enabled;
	int line;         /* of the section header, for messages */
	int url_line;     /* of its url key; 0 when none */
};

struct config {
	/* [display] */
	char *title;     /* header title */
	char *logo;      /* image path ("" for none; relative to the data dir) */
	char *timezone;  /* IANA zone for the clock and dates */
	int gregorian;   /* show a Gregorian date line under the Jalali one */
	enum config_language language; /* the frame's words, digits and dates */
	enum config_renderer renderer;
	int rotate;      /* 0, 90, 180, 270 */
	int allow_quit;  /* the quit key works (no in kiosk mode) */
	char *drm_device; /* /dev/dri/cardN for KMSDRM; "" lets SDL find it */
	double viewing_distance; /* metres from the screen to the farthest reader; 0: off */
	double diagonal;	 /* the panel's diagonal, inches; 0: unknown */
	double panel_mm;	 /* not a key: the diagonal the panel's EDID gives, mm;
				  * 0 none (filled by the display's side, see panel.h) */
	/* [theme] */
	int light;       /* theme = light|dark: picks the default colours */
	struct config_theme theme;
	/* [cards] */
	int article_pages;      /* show article pages after the headline */
	int max_pages;          /* article pages at most; the last ends at a sentence, then … */
	double words_per_minute;
	double min_dwell, max_dwell; /* seconds */
	enum config_transition transition;
	double transition_time; /* seconds */
	enum config_justify justify; /* article bodies: kashida, spaces or none (ragged) */
	/* [playlist] */
	int max_articles;     /* 0: no limit */
	double max_age_hours; /* 0: no limit */
	int breaking_every;   /* breaking headline again every N cards; 0: off */
	char *include_categories, *exclude_categories; /* comma-separated; "" for none */
	char *include_tags, *exclude_tags;
	/* [ticker] */
	int ticker;          /* enabled */
	double ticker_speed; /* pixels per second at 1080 lines; scaled with the screen */
	int ticker_items;    /* at most this many headlines */
	/* [cache] */
	char *cache_path;    /* "" for the default */
	double retry_seconds; /* how often to retry a lost cache */
	int prune_days;      /* `khabar prune` drops articles older than this; 0: none */
	/* [screen] the night schedule */
	struct config_window screen_on;     /* every day unless its own key says */
	struct config_window screen_day[7]; /* 0 Sunday .. 6 Saturday */
	int screen_cec;                     /* HDMI-CEC standby / wake too */
	/* [import] limits; a file or article past one is refused with a message;
	 * 0 where the config says nothing: the importer's default */
	int import_max_file_size; /* bytes */
	int import_max_articles;  /* per file */
	int import_max_title;     /* bytes */
	int import_max_body;      /* bytes */
	/* [mqtt] announcements; url "" for none */
	char *mqtt_url;           /* mqtt://host[:port] or mqtts://host[:port] */
	char *mqtt_topic;         /* subscription filter, e.g. khabar/announce/# */
	char *mqtt_username;      /* "" for none */
	char *mqtt_password_file; /* "" for none; the password is never in the INI */
	char *mqtt_client_id;     /* "" for the host name */
	char *mqtt_ca_file;       /* mqtts: the CA bundle; "" for the system's */
	int64_t mqtt_max_message; /* bytes of one message; bigger ones are dropped */
	/* Parsed from mqtt_url by config_load(): */
	char *mqtt_host;          /* "" when no url */
	int mqtt_port;            /* 1883 or 8883 unless given */
	int mqtt_tls;             /* mqtts:// */
	/* [sync] */
	int sync_auto;            /* the display runs `khabar sync` itself */
	double sync_timeout;      /* seconds for one whole transfer */
	int64_t sync_max_size;    /* bytes of one feed */
	int64_t sync_max_image_size; /* bytes of one image */
	char *sync_user_agent;
	char *sync_ca_file;       /* "" for the system's CAs */
	int sync_images;          /* download lead images */
	int sync_image_cache_mb;  /* the image store stays under this */
	int sync_max_image_pixels; /* a decoded picture (4 bytes a pixel) at most */
	/* [cards] qr: a QR code of the article's URL on its cards */
	int qr;
	/* [feed NAME] sections, in file order */
	struct config_feed *feeds;
	size_t nfeeds;
	char *path; /* the file read, for messages; NULL for defaults only */
	/* [schedule] */
	char *schedule_rooms;   /* comma-separated rooms of the now-and-next card; "" for all */
	char *schedule_room;    /* room mode: this hall's schedule fills the screen; "" off */
	int schedule_every;     /* the now-and-next card after every N cards; 0 never */
	double schedule_horizon; /* seconds ahead a repeating calendar event is taken */
	char *schedule_stream_url; /* a hall's stream, {room} its name; "" none */
	double schedule_intermission; /* a gap this long (s) has slides at the door; 0 never */
	char *schedule_intermission_category; /* the slides: articles of it; "" none */
	/* [fleet] what this screen reports about itself */
	char *fleet_name;       /* "" for the host name */
	char *fleet_groups;     /* comma-separated groups; "" for none */
	double fleet_every;     /* seconds between status reports; 0: no status file */
	double fleet_stale;     /* seconds without a status before a screen is stale */
	int fleet_thumbnails;   /* write a thumbnail of the screen */
	char *fleet_topic;      /* the MQTT topic prefix of the fleet */
	/* [console] the organisers' web console (khabar console) */
	char *console_listen;     /* ADDR:PORT */
	char *console_users;      /* the accounts file */
	char *console_cert;       /* PEM certificate for HTTPS; "" with plain_http */
	char *console_key;        /* its PEM private key */
	int console_plain_http;   /* serve plain HTTP (a warning on the login page) */
	int console_language;     /* 0 the browser's choice (Persian first), 1 fa, 2 en */
	char *console_state_dir;  /* where previews are drawn; the only place it writes */
};

/* The screen's name in the fleet: [fleet] name, else the host name
 * ('/', '+' and '#' made '_': it is a topic level). Caller frees. */
char *config_fleet_name(const struct config *c);

/* Fill c with every default. Free with config_free(). */
void config_defaults(struct config *c);
/* Read path over the defaults already in c. Unknown keys are logged as
 * warnings naming path:line. Returns 0; -1 when the file cannot be read,
 * 2 when a value is invalid, with *err (caller frees) naming path:line, the
 * key and the allowed values. */
int config_load(struct config *c, const char *path, char **err);
/* The same for INI text in memory; name is used in messages. */
int config_load_string(struct config *c, const char *text, const char *name, char **err);
/* The file to read: explicit when not NULL, else
 * $XDG_CONFIG_HOME/khabar/khabar.ini, else /etc/khabar/khabar.ini when
 * they exist; NULL when none does (defaults apply). Caller frees. */
char *config_find(const char *explicit_path);
/* Defaults, then the file found by config_find(). 0, or the error code of
 * config_load() with *err; a missing explicit file is an error (-1). */
int config_read(struct config *c, const char *explicit_path, char **err);
/* config_read(), then what only a library can check: that [display]
 * timezone is a zone ICU knows. 0; or config_read()'s error code, or 2
 * for an unknown zone, with *err (caller frees) saying what is wrong, and
 * c already freed. Every place that reads the config to use it (a
 * command, the display's reload) goes through here. */
int config_read_checked(struct config *c, const char *explicit_path, char **err);
void config_free(struct config *c);

/* Split an MQTT url (mqtt://host[:port] or mqtts://host[:port], a
 * trailing slash allowed) into *host (caller frees), *port and *tls.
 * 0, or -1 when it is not one. */
int config_mqtt_url(const char *url, char **host, int *port, int *tls);
/* Whether topic is a valid subscription filter: non-empty, '#' only as the
 * whole last level, '+' only as a whole level. */
int config_mqtt_topic_ok(const char *topic);
/* The feed named name, or NULL. */
/* Seconds between rounds of the display's sync: the shortest `every` of
 * the enabled feeds; 0 when there is no enabled feed. */
double config_sync_period(const struct config *cfg);
/* Seconds a whole round of the sync may take before the display kills
 * it: a body and the images of each enabled feed, each within [sync]
 * timeout, and one timeout for the announcements' images and parsing. */
double config_sync_round_limit(const struct config *cfg);

const struct config_feed *config_feed_find(const struct config *c, const char *name);
/* "10m", "90s", "2h", "1d" or plain seconds to seconds. 0 or -1. */
int config_parse_duration(const char *v, double *out);
/* "8MB", "512KB", "1GB" or plain bytes to bytes. 0 or -1. */
int config_parse_size(const char *v, int64_t *out);

/* Whether comma-separated list contains item (trimmed, exact match). */
int config_list_has(const char *list, const char *item);

#endif
