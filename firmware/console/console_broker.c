/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * console_broker — the console's one MQTT connection (libmosquitto's own
 * thread): the latest status, thumbnail, plays and emergency
 * acknowledgement of every screen, the retained announcements, the emergency and the halls'
 * states, kept in memory under a mutex for the pages; and retained
 * publishing (a hall's state).
 *
 * Must not: log the broker's password; trust a message (every field is
 * copied with a length bound and escaped later by the pages).
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <mosquitto.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/calendar.h"
#include "console/console.h"

#define MAX_SCREENS   512
#define MAX_ANNOUNCES 512
#define MAX_HALLS     256
#define MAX_THUMB     (256 * 1024)
#define MAX_PLAYS     (256 * 1024)

struct held_screen {
	struct console_screen s;
	unsigned char *thumb;
	size_t thumb_len;
	char *plays;	  /* its plays message, a JSON object; NULL none */
	char *plays_days; /* the same with only each day's totals */
};

struct console_broker {
	struct mosquitto *m;
	pthread_mutex_t lock;
	struct held_screen *screens;
	size_t nscreens;
	struct console_announce *announces;
	size_t nannounces;
	char **halls_full;
	size_t nhalls_full;
	int connected;
	uint64_t thumbs; /* thumbnails received, for versions */
	int64_t emergency_at;
	char emergency[512];
	char *prefix;   /* [fleet] topic plus "/" */
	char *announce; /* [mqtt] topic, the announcements' filter */
};

/* Under [fleet] topic (TOPIC/...), then [mqtt] topic, then the halls'. */
static const char *const fleet_filters[] = {"screen/+/status", "screen/+/thumbnail",
					    "screen/+/plays", "screen/+/ack", "emergency",
					    "group/+/announce/#"};
#define ROOM_PREFIX "khabar/room/"

static void copy(char *dst, size_t n, const char *s, size_t len)
{
	len = MIN(len, n - 1);
	memcpy(dst, s, len);
	dst[len] = 0;
}

static struct held_screen *screen_for(struct console_broker *b, const char *name, size_t len)
{
	for (size_t i = 0; i < b->nscreens; i++)
		if (strlen(b->screens[i].s.name) == len && !memcmp(b->screens[i].s.name, name, len))
			return &b->screens[i];
	if (b->nscreens >= MAX_SCREENS || len == 0 || len >= sizeof b->screens[0].s.name)
		return NULL;
	b->screens = xrealloc(b->screens, (b->nscreens + 1) * sizeof *b->screens);
	struct held_screen *h = &b->screens[b->nscreens++];
	memset(h, 0, sizeof *h);
	copy(h->s.name, sizeof h->s.name, name, len);
	return h;
}

static void json_copy(const cJSON *o, const char *key, char *dst, size_t n)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	if (cJSON_IsString(v))
		copy(dst, n, v->valuestring, strlen(v->valuestring));
}

static void take_status(struct held_screen *h, const void *p, size_t len)
{
	cJSON *o = cJSON_ParseWithLength(p, len);
	if (!cJSON_IsObject(o)) {
		log_warn("console: khabar/screen/%s/status: not a JSON object; ignored", h->s.name);
		cJSON_Delete(o);
		return;
	}
	h->s.state[0] = 0;
	json_copy(o, "state", h->s.state, sizeof h->s.state);
	json_copy(o, "groups", h->s.groups, sizeof h->s.groups);
	json_copy(o, "resolution", h->s.resolution, sizeof h->s.resolution);
	const cJSON *card = cJSON_GetObjectItemCaseSensitive(o, "card");
	h->s.card[0] = 0;
	if (cJSON_IsObject(card))
		json_copy(card, "title", h->s.card, sizeof h->s.card);
	const cJSON *at = cJSON_GetObjectItemCaseSensitive(o, "at");
	h->s.at = cJSON_IsNumber(at) ? (int64_t)at->valuedouble : time_now_unix();
	cJSON_Delete(o);
}

/* A screen's plays: kept as it came when it is a JSON object with a
 * "days" array (the pages read it), with a copy holding only the days'
 * totals (the page of every screen reads those); else refused with its
 * topic named and the last good one kept. An empty message forgets them. */
static void take_plays(struct console_broker *b, struct held_screen *h, const void *p, size_t len)
{
	if (len == 0) {
		free(h->plays);
		free(h->plays_days);
		h->plays = h->plays_days = NULL;
		return;
	}
	const char *end = NULL;
	cJSON *o = len <= MAX_PLAYS ? cJSON_ParseWithLengthOpts(p, len, &end, 0) : NULL, *d;
	while (o && end < (const char *)p + len && *end && strchr(" \t\r\n", *end))
		end++;
	cJSON *days = cJSON_GetObjectItemCaseSensitive(o, "days");
	if (!cJSON_IsArray(days) || end != (const char *)p + len) {
		log_warn("console: %sscreen/%s/plays: %s; ignored", b->prefix, h->s.name,
			 len > MAX_PLAYS ? "over 256 KB" : "not a JSON object with \"days\"");
		cJSON_Delete(o);
		return;
	}
	free(h->plays);
	free(h->plays_days);
	h->plays = cJSON_PrintUnformatted(o); /* as parsed: one value, nothing after it */
	cJSON_ArrayForEach(d, days)
		cJSON_DeleteItemFromObjectCaseSensitive(d, "titles");
	h->plays_days = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
}

static void take_announce(struct console_broker *b, const char *topic, const void *p, size_t len)
{
	size_t i = 0;
	while (i < b->nannounces && strcmp(b->announces[i].topic, topic))
		i++;
	if (len == 0 || i == b->nannounces) {
		if (i < b->nannounces) /* an empty retained message: removed */
			memmove(&b->announces[i], &b->announces[i + 1],
				(b->nannounces-- - i - 1) * sizeof *b->announces);
		if (len == 0 || b->nannounces >= MAX_ANNOUNCES || strlen(topic) >= 256)
			return;
		b->announces = xrealloc(b->announces, (b->nannounces + 1) * sizeof *b->announces);
		i = b->nannounces++;
	}
	struct console_announce *a = &b->announces[i];
	memset(a, 0, sizeof *a);
	copy(a->topic, sizeof a->topic, topic, strlen(topic));
	cJSON *o = cJSON_ParseWithLength(p, len);
	json_copy(o, "title", a->title, sizeof a->title);
	json_copy(o, "priority", a->priority, sizeof a->priority);
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(o, "expires");
	if (cJSON_IsString(e))
		calendar_parse_iso8601(e->valuestring, &a->expires);
	cJSON_Delete(o);
}

static void take_hall(struct console_broker *b, const char *hall, size_t n, const void *p,
		      size_t len)
{
	char name[128];
	copy(name, sizeof name, hall, n);
	size_t i = 0;
	while (i < b->nhalls_full && strcmp(b->halls_full[i], name))
		i++;
	int full = len == 4 && !memcmp(p, "full", 4);
	if (full && i == b->nhalls_full && b->nhalls_full < MAX_HALLS) {
		b->halls_full = xrealloc(b->halls_full, (b->nhalls_full + 1) * sizeof *b->halls_full);
		b->halls_full[b->nhalls_full++] = xstrdup(name);
	} else if (!full && i < b->nhalls_full) {
		free(b->halls_full[i]);
		b->halls_full[i] = b->halls_full[--b->nhalls_full];
	}
}

static void take_screen(struct console_broker *b, const char *rest, const struct mosquitto_message *msg)
{
	const char *slash = strchr(rest, '/');
	if (!slash)
		return;
	struct held_screen *h = screen_for(b, rest, (size_t)(slash - rest));
	if (!h)
		return;
	const char *what = slash + 1;
	if (!strcmp(what, "status")) {
		take_status(h, msg->payload, (size_t)msg->payloadlen);
	} else if (!strcmp(what, "thumbnail") && msg->payloadlen <= MAX_THUMB) {
		free(h->thumb);
		h->thumb = NULL;
		h->thumb_len = (size_t)msg->payloadlen;
		if (h->thumb_len) {
			h->thumb = xmalloc(h->thumb_len);
			memcpy(h->thumb, msg->payload, h->thumb_len);
		}
		h->s.thumb_version = h->thumb_len ? ++b->thumbs : 0;
	} else if (!strcmp(what, "plays")) {
		take_plays(b, h, msg->payload, (size_t)msg->payloadlen);
	} else if (!strcmp(what, "ack")) {
		/* {"emergency": ID, "title": T}: which emergency it has shown */
		cJSON *o = cJSON_ParseWithLength(msg->payload, (size_t)msg->payloadlen);
		h->s.ack_title[0] = 0;
		json_copy(o, "title", h->s.ack_title, sizeof h->s.ack_title);
		cJSON_Delete(o);
	}
}

static void on_message(struct mosquitto *m, void *ud, const struct mosquitto_message *msg)
{
	(void)m;
	struct console_broker *b = ud;
	const char *t = msg->topic;
	size_t pl = strlen(b->prefix);
	const char *f = strncmp(t, b->prefix, pl) ? "" : t + pl; /* under [fleet] topic */
	pthread_mutex_lock(&b->lock);
	if (!strncmp(f, "screen/", 7)) {
		take_screen(b, f + 7, msg);
	} else if (!strcmp(f, "emergency")) {
		b->emergency[0] = 0;
		b->emergency_at = 0;
		if (msg->payloadlen > 0) {
			cJSON *o = cJSON_ParseWithLength(msg->payload, (size_t)msg->payloadlen);
			json_copy(o, "title", b->emergency, sizeof b->emergency);
			cJSON_Delete(o);
			b->emergency_at = time_now_unix();
		}
	} else if (!strncmp(t, ROOM_PREFIX, strlen(ROOM_PREFIX))) {
		const char *hall = t + strlen(ROOM_PREFIX), *slash = strchr(hall, '/');
		if (slash && !strcmp(slash, "/state"))
			take_hall(b, hall, (size_t)(slash - hall), msg->payload, (size_t)msg->payloadlen);
	} else {
		take_announce(b, t, msg->payload, (size_t)msg->payloadlen);
	}
	pthread_mutex_unlock(&b->lock);
}

static void on_connect(struct mosquitto *m, void *ud, int rc)
{
	struct console_broker *b = ud;
	if (rc) {
		log_warn("console: the broker refused the connection: %s", mosquitto_connack_string(rc));
		return;
	}
	for (size_t i = 0; i < ARRAY_LEN(fleet_filters); i++) {
		char *filter = xasprintf("%s%s", b->prefix, fleet_filters[i]);
		mosquitto_subscribe(m, NULL, filter, 1);
		free(filter);
	}
	mosquitto_subscribe(m, NULL, b->announce, 1);
	mosquitto_subscribe(m, NULL, ROOM_PREFIX "+/state", 1);
	pthread_mutex_lock(&b->lock);
	b->connected = 1;
	pthread_mutex_unlock(&b->lock);
	log_info("console: connected to the broker");
}

static void on_disconnect(struct mosquitto *m, void *ud, int rc)
{
	(void)m;
	struct console_broker *b = ud;
	pthread_mutex_lock(&b->lock);
	b->connected = 0;
	pthread_mutex_unlock(&b->lock);
	if (rc)
		log_warn("console: lost the broker; reconnecting");
}

static char *read_password(const char *path, char **err)
{
	struct stat st;
	if (stat(path, &st) == 0 && (st.st_mode & 077))
		log_warn("console: [mqtt] password_file %s can be read by others (mode %03o); "
			 "make it 0600, for the console's user alone",
			 path, (unsigned)(st.st_mode & 0777));
	char *ferr = NULL;
	size_t len = 0;
	char *s = file_read(path, 4096, &len, &ferr);
	if (!s) {
		*err = xasprintf("[mqtt] password_file: %s", ferr);
		free(ferr);
		return NULL;
	}
	s[strcspn(s, "\r\n")] = '\0';
	return s;
}

/* Credentials and TLS for cfg's broker on m. 0, or -1 with *err. */
static int setup(struct mosquitto *m, const struct config *cfg, char **err)
{
	char *pass = NULL;
	if (*cfg->mqtt_password_file && !(pass = read_password(cfg->mqtt_password_file, err)))
		return -1;
	int rc = MOSQ_ERR_SUCCESS;
	if (*cfg->mqtt_username)
		rc = mosquitto_username_pw_set(m, cfg->mqtt_username, pass);
	if (pass) {
		explicit_bzero(pass, strlen(pass));
		free(pass);
	}
	if (rc == MOSQ_ERR_SUCCESS && cfg->mqtt_tls) {
		rc = *cfg->mqtt_ca_file ? mosquitto_tls_set(m, cfg->mqtt_ca_file, NULL, NULL, NULL, NULL)
					: mosquitto_int_option(m, MOSQ_OPT_TLS_USE_OS_CERTS, 1);
		if (rc == MOSQ_ERR_SUCCESS)
			rc = mosquitto_tls_opts_set(m, 1, NULL, NULL);
	}
	if (rc != MOSQ_ERR_SUCCESS) {
		*err = xasprintf("[mqtt]: %s", mosquitto_strerror(rc));
		return -1;
	}
	return 0;
}

struct console_broker *broker_start(const struct config *cfg, char **err)
{
	if (!*cfg->mqtt_url) {
		*err = xstrdup("the console needs [mqtt] url (the broker the screens report to)");
		return NULL;
	}
	mosquitto_lib_init();
	struct console_broker *b = xcalloc(1, sizeof *b);
	pthread_mutex_init(&b->lock, NULL);
	b->prefix = xasprintf("%s/", cfg->fleet_topic);
	b->announce = xstrdup(cfg->mqtt_topic);
	char host[64] = "khabar";
	gethostname(host, sizeof host - 1);
	char *id = xasprintf("%s-console-%ld", *cfg->mqtt_client_id ? cfg->mqtt_client_id : host,
			     (long)getpid());
	b->m = mosquitto_new(id, true, b);
	free(id);
	if (!b->m || setup(b->m, cfg, err)) {
		if (!b->m)
			*err = xasprintf("cannot create an MQTT client: %s", strerror(errno));
		broker_stop(b);
		return NULL;
	}
	mosquitto_connect_callback_set(b->m, on_connect);
	mosquitto_disconnect_callback_set(b->m, on_disconnect);
	mosquitto_message_callback_set(b->m, on_message);
	mosquitto_reconnect_delay_set(b->m, 1, 30, true);
	int rc = mosquitto_connect_async(b->m, cfg->mqtt_host, cfg->mqtt_port, 30);
	if (rc != MOSQ_ERR_SUCCESS)
		log_warn("console: broker %s:%d: %s; retrying", cfg->mqtt_host, cfg->mqtt_port,
			 mosquitto_strerror(rc));
	if (mosquitto_loop_start(b->m) != MOSQ_ERR_SUCCESS) {
		*err = xstrdup("cannot start the MQTT thread");
		broker_stop(b);
		return NULL;
	}
	return b;
}

void broker_stop(struct console_broker *b)
{
	if (!b)
		return;
	if (b->m) {
		mosquitto_disconnect(b->m);
		mosquitto_loop_stop(b->m, true);
		mosquitto_destroy(b->m);
	}
	for (size_t i = 0; i < b->nscreens; i++) {
		free(b->screens[i].thumb);
		free(b->screens[i].plays);
		free(b->screens[i].plays_days);
	}
	free(b->screens);
	free(b->announces);
	for (size_t i = 0; i < b->nhalls_full; i++)
		free(b->halls_full[i]);
	free(b->halls_full);
	pthread_mutex_destroy(&b->lock);
	free(b->prefix);
	free(b->announce);
	free(b);
	mosquitto_lib_cleanup();
}

int broker_publish(struct console_broker *b, const char *topic, const char *payload)
{
	int rc = mosquitto_publish(b->m, NULL, topic, (int)strlen(payload), payload, 1, true);
	if (rc != MOSQ_ERR_SUCCESS)
		log_warn("console: cannot publish on %s: %s", topic, mosquitto_strerror(rc));
	return rc == MOSQ_ERR_SUCCESS ? 0 : -1;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct console_screen *)a)->name,
		      ((const struct console_screen *)b)->name);
}

void broker_snapshot(struct console_broker *b, struct console_snapshot *out)
{
	memset(out, 0, sizeof *out);
	pthread_mutex_lock(&b->lock);
	out->nscreens = b->nscreens;
	out->screens = xcalloc(b->nscreens + 1, sizeof *out->screens);
	for (size_t i = 0; i < b->nscreens; i++)
		out->screens[i] = b->screens[i].s;
	out->nannounces = b->nannounces;
	out->announces = xcalloc(b->nannounces + 1, sizeof *out->announces);
	if (b->nannounces)
		memcpy(out->announces, b->announces, b->nannounces * sizeof *b->announces);
	out->nhalls_full = b->nhalls_full;
	out->halls_full = xcalloc(b->nhalls_full + 1, sizeof *out->halls_full);
	for (size_t i = 0; i < b->nhalls_full; i++)
		out->halls_full[i] = xstrdup(b->halls_full[i]);
	out->connected = b->connected;
	out->emergency_at = b->emergency_at;
	memcpy(out->emergency, b->emergency, sizeof out->emergency);
	snprintf(out->emergency_topic, sizeof out->emergency_topic, "%semergency", b->prefix);
	pthread_mutex_unlock(&b->lock);
	qsort(out->screens, out->nscreens, sizeof *out->screens, by_name);
}

void broker_snapshot_free(struct console_snapshot *s)
{
	free(s->screens);
	free(s->announces);
	for (size_t i = 0; i < s->nhalls_full; i++)
		free(s->halls_full[i]);
	free(s->halls_full);
	memset(s, 0, sizeof *s);
}

unsigned char *broker_thumbnail(struct console_broker *b, const char *name, size_t *len)
{
	unsigned char *out = NULL;
	pthread_mutex_lock(&b->lock);
	for (size_t i = 0; i < b->nscreens; i++) {
		struct held_screen *h = &b->screens[i];
		if (!strcmp(h->s.name, name) && h->thumb) {
			out = xmalloc(h->thumb_len);
			memcpy(out, h->thumb, h->thumb_len);
			*len = h->thumb_len;
		}
	}
	pthread_mutex_unlock(&b->lock);
	return out;
}

static int held_by_name(const void *a, const void *b)
{
	return strcmp((*(struct held_screen *const *)a)->s.name,
		      (*(struct held_screen *const *)b)->s.name);
}

char *broker_plays(struct console_broker *b, const char *screen)
{
	struct buf out = {0};
	pthread_mutex_lock(&b->lock);
	struct held_screen **h = xcalloc(b->nscreens + 1, sizeof *h);
	size_t n = 0;
	for (size_t i = 0; i < b->nscreens; i++)
		if (b->screens[i].plays && b->screens[i].plays_days &&
		    (!screen || !strcmp(screen, b->screens[i].s.name)))
			h[n++] = &b->screens[i];
	qsort(h, n, sizeof *h, held_by_name);
	buf_putc(&out, '[');
	for (size_t i = 0; i < n; i++) {
		buf_puts(&out, i ? ", {\"name\": " : "{\"name\": ");
		buf_json_string(&out, h[i]->s.name, strlen(h[i]->s.name));
		buf_puts(&out, ", \"plays\": ");
		buf_puts(&out, screen ? h[i]->plays : h[i]->plays_days);
		buf_putc(&out, '}');
	}
	buf_putc(&out, ']');
	pthread_mutex_unlock(&b->lock);
	free(h);
	return buf_steal(&out);
}

const char *console_condition(const struct console_screen *s, int64_t now)
{
	if (!strcmp(s->state, "offline"))
		return "offline";
	if (!s->at || now - s->at > 180)
		return "stale";
	if (!strcmp(s->state, "panel-off") || !strcmp(s->state, "black"))
		return "black";
	return "";
}
