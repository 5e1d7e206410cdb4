/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mqtt — the MQTT client (libmosquitto). See mqtt.h.
 *
 * The subscriber runs in its own thread and owns its own read-write
 * connection to the cache; the display only notices the new rows through
 * the cache's data version, as it does for `khabar import`. Messages that
 * arrive together (a burst, or the retained ones after a connect) are
 * written in one transaction.
 *
 * The fleet: the subscriber also takes the emergency topic and its
 * groups' announcements; it publishes the display's status file and
 * thumbnail (retained) when they change, what it showed per day (from the
 * cache's plays, retained, every [fleet] every when it changed), an
 * acknowledgement once the
 * display says an emergency is on screen, and leaves a retained will
 * {"state": "offline"} at connect, which it publishes itself when it stops
 * (a clean disconnect fires no will). After each connect it publishes a
 * marker on a private topic of its own: once the marker comes back every
 * retained message has arrived, and the announcements from MQTT it did
 * not receive are dropped (removed at the broker while it was away).
 * The status it publishes is the display's file with two members of its
 * own: each feed's last sync from the cache ("feeds") and its own health
 * ("net"). Settings pushed to the screen or its groups go to pushed.c.
 *
 * Must not: touch SDL or the display's state; log the password.
 */
#include "net/mqtt.h"
#include "net/mqtt_room.h"

#include <errno.h>
#include <mosquitto.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cache/cache.h"
#include "feed/ingest.h"
#include "base/util.h"
#include "base/version.h"
#include "net/fleet.h"
#include "net/pushed.h"

#define KEEPALIVE   30	 /* seconds between pings the broker expects */
#define MAX_BACKOFF 60.0 /* seconds between reconnect attempts, at most */
#define MAX_BATCH   256	 /* messages written in one transaction, at most */
#define MAX_PENDING 10000 /* announcements kept for a retry while the cache fails */
#define RETRY_MS    1000  /* between retries of announcements that failed to store */
#define MAX_STATUS  (64 * 1024)	 /* bytes of the status file published, at most */
#define MAX_THUMB   (64 * 1024)	 /* bytes of the thumbnail published, at most */
#define PLAYS_RETRY 10.0 /* seconds between tries of a plays message not yet sent */
/* The status of a screen that is gone: its will, and said at a clean stop. */
#define OFFLINE "{\"state\": \"offline\"}"

/* ------------------------------------------------------------ messages */

/* A message may name an image only by an http(s) URL, which the sync
 * fetches with its limits; a local path (or any other scheme) would have
 * the display open a file the sender chose: dropped, with a log line. */
static void network_image(const char *topic, struct article *a)
{
	if (!a->image || !*a->image || !strncasecmp(a->image, "http://", 7) ||
	    !strncasecmp(a->image, "https://", 8))
		return;
	log_warn("mqtt: %s: image '%s' is not an http(s) URL; the article is shown without it",
		 topic, a->image);
	free(a->image);
	a->image = xstrdup("");
}

int mqtt_message_article(const char *topic, const void *payload, size_t len,
			 const struct import_limits *lim, struct article *out, char **err)
{
	memset(out, 0, sizeof *out);
	if (len == 0)
		return 0;
	if (len > lim->max_file_size) {
		*err = xasprintf("a message of %zu bytes is over the limit of %zu ([mqtt] "
				 "max_message)",
				 len, lim->max_file_size);
		return -1;
	}
	const char *data = payload;
	if (import_detect(data, len) != IMPORT_JSON) {
		*err = xstrdup("not a JSON article (a message is one article in the import JSON "
			       "format)");
		return -1;
	}
	struct import_result r = {0};
	struct import_limits at = *lim;
	at.now = time_now_unix(); /* the message's arrival */
	int ret = -1;
	if (import_parse(data, len, &at, &r)) {
		*err = xstrdup(r.error);
	} else if (r.articles.n == 1 && !r.skipped) {
		*out = r.articles.items[0];
		memset(&r.articles.items[0], 0, sizeof r.articles.items[0]);
		free(out->id);
		out->id = xstrdup(topic); /* one topic, one article */
		network_image(topic, out);
		ret = 1;
	} else if (r.skipped) {
		*err = xstrdup(r.reasons.data ? r.reasons.data : "the article was skipped");
	} else {
		*err = xasprintf("holds %zu articles; a message is one article", r.articles.n);
	}
	import_result_free(&r);
	return ret;
}

char *mqtt_topic_for(const struct config *cfg, const char *id)
{
	size_t n = strlen(cfg->mqtt_topic);
	if (n < 2 || strcmp(cfg->mqtt_topic + n - 2, "/#") != 0)
		return NULL;
	return xasprintf("%.*s%s", (int)(n - 1), cfg->mqtt_topic, id);
}

int mqtt_topic_matches(const struct config *cfg, const char *topic)
{
	bool match = false;
	if (mosquitto_topic_matches_sub(cfg->mqtt_topic, topic, &match) == MOSQ_ERR_SUCCESS && match)
		return 1;
	/* the fleet's emergency, and any group's announcements */
	char *emergency = xasprintf("%s/emergency", cfg->fleet_topic);
	char *groups = xasprintf("%s/group/+/announce/#", cfg->fleet_topic);
	match = !strcmp(topic, emergency) ||
		(mosquitto_topic_matches_sub(groups, topic, &match) == MOSQ_ERR_SUCCESS && match);
	free(emergency);
	free(groups);
	return match;
}

/* ------------------------------------------------------------- session */

/* The first 8 characters of the machine's id (systemd's /etc/machine-id,
 * else D-Bus's copy) in out[9]; "" when neither can be read. */
static void machine_id(char out[9])
{
	static const char *const files[] = {"/etc/machine-id", "/var/lib/dbus/machine-id"};
	out[0] = '\0';
	for (size_t i = 0; i < sizeof files / sizeof *files && !out[0]; i++) {
		FILE *f = fopen(files[i], "r");
		if (!f)
			continue;
		char line[64] = "";
		if (fgets(line, sizeof line, f)) {
			size_t n = strspn(line, "0123456789abcdefABCDEF");
			if (n >= 8)
				snprintf(out, 9, "%.8s", line);
		}
		fclose(f);
	}
}

/* The default client id: the host name plus the start of the machine id,
 * so screens flashed from one image (all "raspberrypi") do not take each
 * other's place at the broker; stable across restarts, as the persistent
 * session needs. Caller frees. */
static char *default_client_id(void)
{
	char h[256], m[9];
	if (gethostname(h, sizeof h - 1) != 0 || !*h)
		snprintf(h, sizeof h, "khabar");
	h[sizeof h - 1] = '\0';
	machine_id(m);
	return *m ? xasprintf("%s-%s", h, m) : xstrdup(h);
}

/* The password from cfg's password_file (its first line), or NULL with
 * *err naming the file; never the content. */
static char *read_password(const struct config *cfg, char **err)
{
	char *ferr = NULL;
	size_t len = 0;
	char *s = file_read(cfg->mqtt_password_file, 4096, &len, &ferr);
	if (!s) {
		*err = xasprintf("[mqtt] password_file: %s", ferr);
		free(ferr);
		return NULL;
	}
	s[strcspn(s, "\r\n")] = '\0';
	return s;
}

/* A client for cfg's broker, its id the configured one (or default_client_id())
 * plus role when not NULL; user data ud. NULL with *err. */
static struct mosquitto *session_new(const struct config *cfg, const char *role, int clean,
				     void *ud, char **err)
{
	char *base = *cfg->mqtt_client_id ? xstrdup(cfg->mqtt_client_id) : default_client_id();
	char *id = role ? xasprintf("%s-%s-%ld", base, role, (long)getpid()) : xstrdup(base);
	free(base);
	struct mosquitto *m = mosquitto_new(id, clean, ud);
	free(id);
	char *pass = NULL;
	if (!m) {
		*err = xasprintf("cannot create an MQTT client: %s", strerror(errno));
		return NULL;
	}
	mosquitto_threaded_set(m, true);
	if (*cfg->mqtt_password_file && !(pass = read_password(cfg, err)))
		goto fail;
	int rc = MOSQ_ERR_SUCCESS;
	if (*cfg->mqtt_username)
		rc = mosquitto_username_pw_set(m, cfg->mqtt_username, pass);
	if (pass) {
		memset(pass, 0, strlen(pass));
		free(pass);
	}
	if (rc != MOSQ_ERR_SUCCESS) {
		*err = xasprintf("[mqtt] username: %s", mosquitto_strerror(rc));
		goto fail;
	}
	if (cfg->mqtt_tls) {
		/* The broker's certificate is verified (peer and host name). */
		if (*cfg->mqtt_ca_file)
			rc = mosquitto_tls_set(m, cfg->mqtt_ca_file, NULL, NULL, NULL, NULL);
		else
			rc = mosquitto_int_option(m, MOSQ_OPT_TLS_USE_OS_CERTS, 1);
		if (rc == MOSQ_ERR_SUCCESS)
			rc = mosquitto_tls_opts_set(m, 1, NULL, NULL);
		if (rc != MOSQ_ERR_SUCCESS) {
			*err = xasprintf("[mqtt] ca_file '%s': %s", cfg->mqtt_ca_file,
					 rc == MOSQ_ERR_INVAL ? "cannot be read"
							      : mosquitto_strerror(rc));
			goto fail;
		}
	}
	return m;
fail:
	mosquitto_destroy(m);
	return NULL;
}

/* libmosquitto's own last error line (OpenSSL's reason for a TLS
 * failure), kept for the message that says why a connection failed. */
struct last_error {
	char text[200];
};

static void keep_error(struct last_error *e, int level, const char *str)
{
	if (level == MOSQ_LOG_ERR && !e->text[0])
		snprintf(e->text, sizeof e->text, "%s", str);
}

/* Why a connection ended or failed, for a log line; e's text is cleared. */
static const char *why(int rc, int connack, struct last_error *e, char *buf, size_t n)
{
	const char *s;
	if (connack > 0)
		s = mosquitto_connack_string(connack);
	else if (rc == MOSQ_ERR_ERRNO)
		s = strerror(errno);
	else if (rc == MOSQ_ERR_CONN_LOST)
		s = "connection lost";
	else if (rc == MOSQ_ERR_NO_CONN)
		s = "not connected";
	else if (rc == MOSQ_ERR_CONN_REFUSED)
		s = "connection refused";
	else
		s = mosquitto_strerror(rc);
	size_t len = strlen(s);
	if (len && s[len - 1] == '.')
		len--; /* "A TLS error occurred." */
	snprintf(buf, n, "%.*s%s%s", (int)len, s, e->text[0] ? ": " : "", e->text);
	e->text[0] = '\0';
	return buf;
}

/* ---------------------------------------------------------- subscriber */

struct pending {
	char *topic;
	struct article a; /* id NULL: remove topic */
	int retained;	  /* the broker holds it retained */
};

/* The feed name under which the announcements the broker holds retained
 * are remembered (feed_items), so those it no longer holds can go. */
#define RETAINED_FEED "mqtt:retained"

/* The real time in milliseconds: the retained feed's "seen" (a reconnect
 * within the same second must still tell the old marks from the new). */
static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}


struct mqtt_client {
	pthread_t thread;
	int started; /* thread runs */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int stop; /* under lock */
	struct mosquitto *mosq;
	char *host, *topic, *db;
	int port;
	struct import_limits lim;
	struct cache *cache;
	dev_t dev; /* the cache file that was opened */
	ino_t ino;
	struct pending *q;
	size_t nq, capq;
	int connack; /* -1 until the broker answers the connect */
	struct last_error error;
	/* the fleet */
	struct fleet_topics ft;
	char *status_path, *thumb_path;
	struct timespec status_mtime, thumb_mtime; /* of the files last published */
	uint64_t acked;				   /* hash of the emergency and title last acknowledged */
	char marker[64];			   /* this connection's marker */
	int syncing;				   /* connected, the marker not yet back */
	int synced;				   /* the marker came back: drop the unseen */
	int64_t connected_at;			   /* real time of the connect, ms */
	size_t nretained;			   /* retained messages since it */
	struct pushed *pushed;			   /* settings pushed to this screen */
	char **feeds;				   /* the [feed NAME]s, under lock */
	size_t nfeeds;
	int64_t since;		/* Unix time the client started */
	unsigned long connects; /* connections the broker accepted */
	char *zone;		/* [display] timezone: the plays' days */
	double plays_every;	/* seconds between plays summaries; 0 none */
	double plays_at;	/* time_mono() of the last summary made */
	uint64_t plays_hash;	/* of the last one published; 0 none yet */
	int plays_failed;	/* the last failure said, 0 none */
};

static int stopping(struct mqtt_client *c)
{
	pthread_mutex_lock(&c->lock);
	int s = c->stop;
	pthread_mutex_unlock(&c->lock);
	return s;
}

/* Sleep seconds, or less when told to stop. */
static void pause_for(struct mqtt_client *c, double seconds)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	double end = (double)ts.tv_sec + ts.tv_nsec / 1e9 + seconds;
	ts.tv_sec = (time_t)end;
	ts.tv_nsec = (long)((end - (double)ts.tv_sec) * 1e9);
	pthread_mutex_lock(&c->lock);
	while (!c->stop && pthread_cond_timedwait(&c->cond, &c->lock, &ts) != ETIMEDOUT)
		;
	pthread_mutex_unlock(&c->lock);
}

static void on_log(struct mosquitto *m, void *ud, int level, const char *str)
{
	(void)m;
	keep_error(&((struct mqtt_client *)ud)->error, level, str);
}

static void on_connect(struct mosquitto *m, void *ud, int rc)
{
	struct mqtt_client *c = ud;
	c->connack = rc;
	if (rc != 0)
		return; /* the loop logs it when the broker hangs up */
	/* The announcements and the halls' state (mqtt_room.c), one SUBACK. */
	char *const subs[] = {c->topic, (char *)MQTT_ROOM_FILTER};
	int s = mosquitto_subscribe_multiple(m, NULL, 2, subs, 1, 0, NULL);
	if (s != MOSQ_ERR_SUCCESS)
		log_warn("mqtt: cannot subscribe to %s: %s", c->topic, mosquitto_strerror(s));
	else
		log_info("mqtt: connected to %s:%d, subscribed to %s", c->host, c->port, c->topic);
	mosquitto_subscribe(m, NULL, c->ft.emergency, 1);
	for (size_t i = 0; i < c->ft.ngroups; i++)
		mosquitto_subscribe(m, NULL, c->ft.groups[i], 1);
	size_t np;
	const char *const *pt = pushed_topics(c->pushed, &np);
	for (size_t i = 0; i < np; i++)
		mosquitto_subscribe(m, NULL, pt[i], 1);
	pushed_connected(c->pushed);
	c->connects++;
	mosquitto_subscribe(m, NULL, c->ft.sync, 1);
	/* The broker sends the retained messages of each subscription before
	 * it handles this publish: the marker comes back after all of them. */
	snprintf(c->marker, sizeof c->marker, "%ld-%.6f", (long)getpid(), time_mono());
	c->connected_at = now_ms();
	c->nretained = 0;
	c->syncing = 1;
	mosquitto_publish(m, NULL, c->ft.sync, (int)strlen(c->marker), c->marker, 1, false);
	/* The will may have said offline: say it again as it is. */
	c->status_mtime = (struct timespec){0};
	c->thumb_mtime = (struct timespec){0};
	c->plays_hash = 0;
	c->plays_at = 0; /* at once: a broker that restarted has lost it */
}

static void on_subscribe(struct mosquitto *m, void *ud, int mid, int n, const int *granted)
{
	(void)m;
	(void)mid;
	struct mqtt_client *c = ud;
	if (n > 0 && granted[0] == 0x80)
		log_warn("mqtt: the broker refused the subscription to %s (check its ACL)",
			 c->topic);
	if (n > 1 && granted[1] == 0x80)
		log_info("mqtt: the broker refused the subscription to %s: no hall's state "
			 "from it (its ACL)",
			 MQTT_ROOM_FILTER);
}

static struct cache *cache_current(struct mqtt_client *c, char **err);

static void on_message(struct mosquitto *m, void *ud, const struct mosquitto_message *msg)
{
	(void)m;
	struct mqtt_client *c = ud;
	struct article a;
	char *err = NULL;
	if (!strcmp(msg->topic, c->ft.sync)) {
		if (c->syncing && (size_t)msg->payloadlen == strlen(c->marker) &&
		    !memcmp(msg->payload, c->marker, strlen(c->marker))) {
			c->syncing = 0;
			c->synced = 1;
		}
		return;
	}
	if (pushed_is_topic(c->pushed, msg->topic)) {
		pushed_message(c->pushed, msg->topic, msg->payload, (size_t)msg->payloadlen);
		return;
	}
	if (mqtt_room_topic(msg->topic)) {
		if (cache_current(c, &err)) /* logs what it refuses */
			mqtt_room_store(c->cache, msg->topic, msg->payload, (size_t)msg->payloadlen);
		else
			log_warn("mqtt: %s: not stored: %s", msg->topic, err);
		free(err);
		return;
	}
	c->nretained += msg->retain != 0;
	int emergency = !strcmp(msg->topic, c->ft.emergency);
	if (!msg->retain && msg->payloadlen > 0 && !emergency && strcmp(msg->topic, c->topic)) {
		/* Live messages come without their retain flag: ask the broker
		 * for the topic's retained message, which comes flagged when it
		 * holds one (the same article again, unchanged). Never for a
		 * topic that is itself one of the subscriptions: the
		 * unsubscribe would end it. */
		mosquitto_subscribe(m, NULL, msg->topic, 1);
		mosquitto_unsubscribe(m, NULL, msg->topic);
	}
	int r = mqtt_message_article(msg->topic, msg->payload, (size_t)msg->payloadlen, &c->lim, &a,
				     &err);
	if (r == 1 && !strcmp(msg->topic, c->ft.emergency))
		a.priority = PRIORITY_EMERGENCY; /* whatever the message says */
	else if (r == 1 && a.priority == PRIORITY_EMERGENCY)
		a.priority = PRIORITY_BREAKING; /* only the emergency topic takes the screen */
	if (r < 0) {
		log_warn("mqtt: %s: message dropped: %s", msg->topic, err);
		free(err);
		return;
	}
	if (c->nq >= MAX_PENDING) {
		log_error("mqtt: %s: message dropped: %d announcements already wait for the "
			  "cache",
			  msg->topic, MAX_PENDING);
		article_clear(&a);
		return;
	}
	c->q = xgrow(c->q, &c->capq, c->nq + 1, sizeof *c->q);
	c->q[c->nq].topic = xstrdup(msg->topic);
	c->q[c->nq].a = a;
	c->q[c->nq].retained = msg->retain != 0 || emergency; /* it is only ever retained */
	c->nq++;
}

/* The writer's connection to the cache, opened again when the file was
 * deleted or replaced (khabar repair renames a new file over it: the old
 * connection would go on writing to the unlinked file nobody reads).
 * NULL with *err. */
static struct cache *cache_current(struct mqtt_client *c, char **err)
{
	struct stat st;
	int here = stat(c->db, &st) == 0;
	if (c->cache && (!here || st.st_dev != c->dev || st.st_ino != c->ino)) {
		log_info("mqtt: %s was %s; opening it again", c->db, here ? "replaced" : "deleted");
		cache_close(c->cache);
		c->cache = NULL;
	}
	if (!c->cache && (c->cache = cache_open(c->db, 0, err)) && stat(c->db, &st) == 0) {
		c->dev = st.st_dev;
		c->ino = st.st_ino;
	}
	return c->cache;
}

/* Store the queue's run of announcements from *i on through the one door
 * (ingest.h), moving *i past it. 0, or -1 with *err on a database error
 * (locked, disk full): nothing of the queue is dropped then. */
static int store_run(struct mqtt_client *c, size_t *i, size_t *stored, char **err)
{
	struct article_list l = {0};
	size_t end = *i;
	while (end < c->nq && c->q[end].a.id)
		end++;
	l.items = xcalloc(end - *i, sizeof *l.items);
	for (size_t k = *i; k < end; k++)
		l.items[l.n++] = c->q[k].a; /* borrowed: freed with the queue */
	struct ingest_result r = {0};
	int rc = ingest_articles(c->cache, &l, NULL, time_now_unix(), &r, err);
	*stored += r.added + r.changed + r.same;
	free(l.items);
	ingest_result_free(&r);
	for (size_t k = *i; !rc && k < end; k++)
		if (c->q[k].retained)
			rc = cache_feed_seen(c->cache, RETAINED_FEED, c->q[k].topic, now_ms(), err);
	*i = end;
	return rc;
}

/* The queue, in the order it came. 0 when all of it was written, -1 when
 * the cache could not be opened or failed (logged): the caller keeps the
 * queue and tries it all again (storing an announcement twice, or
 * removing one twice, changes nothing). */
static int store_queue(struct mqtt_client *c, size_t *stored, size_t *removed)
{
	char *err = NULL;
	*stored = *removed = 0;
	if (!cache_current(c, &err))
		goto wait;
	for (size_t i = 0; i < c->nq;) {
		if (c->q[i].a.id) {
			if (store_run(c, &i, stored, &err))
				goto wait;
			continue;
		}
		int r = cache_remove(c->cache, c->q[i].topic, &err);
		if (r < 0)
			goto wait;
		*removed += r == 1;
		i++;
	}
	return 0;
wait:
	log_warn("mqtt: %zu announcements wait: %s", c->nq, err ? err : "the cache failed");
	free(err);
	cache_close(c->cache); /* opened again for the next try */
	c->cache = NULL;
	return -1;
}

/* Write the queued messages; when that fails they stay queued for the
 * next call (the serve loop calls again within RETRY_MS). */
static void flush(struct mqtt_client *c)
{
	if (!c->nq)
		return;
	size_t stored, removed;
	if (store_queue(c, &stored, &removed))
		return;
	log_info("mqtt: announcements: %zu stored, %zu removed", stored, removed);
	for (size_t i = 0; i < c->nq; i++) {
		free(c->q[i].topic);
		article_clear(&c->q[i].a);
	}
	c->nq = 0;
}

/* ---------------------------------------------------------------- fleet */

/* The marker came back: every retained message has arrived. An
 * announcement the broker held retained before and did not send again
 * is no longer held (removed while this screen was away): it goes.
 * Announcements that were never retained (a burst) stay. */
static void drop_unseen(struct mqtt_client *c)
{
	char *err = NULL;
	if (!cache_current(c, &err)) {
		log_warn("mqtt: cannot check for removed announcements: %s", err);
		free(err);
		return;
	}
	long dropped = cache_feed_expire(c->cache, RETAINED_FEED, c->connected_at, &err);
	if (dropped < 0) {
		log_warn("mqtt: cannot drop removed announcements: %s", err);
		free(err);
		return;
	}
	log_info("mqtt: %zu retained messages after the connect; %ld announcements no longer "
		 "at the broker removed",
		 c->nretained, dropped);
}

/* What an acknowledgement is of: the emergency's id and its title. */
static uint64_t ack_key(const char *id, const char *title)
{
	return hash_fnv1a(hash_fnv1a(HASH_FNV1A_INIT, id, strlen(id) + 1), title, strlen(title));
}

/* Acknowledge the emergency the display says is on screen (its status's
 * "emergency" and its title, the card's), once per emergency: again when
 * it was replaced on its topic by new words, which `khabar fleet` counts
 * by their title. */
static void acknowledge(struct mqtt_client *c, const char *json, size_t len)
{
	char id[256] = "", title[512] = "";
	fleet_json_str(json, len, "emergency", id, sizeof id);
	if (*id)
		fleet_json_str(json, len, "title", title, sizeof title);
	uint64_t h = ack_key(id, title);
	if (h == c->acked)
		return;
	struct buf b = {0};
	buf_puts(&b, "{\"emergency\": ");
	buf_json_string(&b, id, strlen(id));
	buf_puts(&b, ", \"title\": ");
	buf_json_string(&b, title, strlen(title));
	buf_printf(&b, ", \"at\": %lld}", (long long)time_now_unix());
	if (mosquitto_publish(c->mosq, NULL, c->ft.ack, (int)b.len, b.data, 1, true) ==
	    MOSQ_ERR_SUCCESS) {
		c->acked = h;
		if (*id)
			log_info("mqtt: emergency %s acknowledged on %s", id, c->ft.ack);
	}
	free(b.data);
}

/* Publish the file at path on topic, retained, when it changed since
 * *mtime (topic NULL: the caller publishes). Its bytes in *out (caller
 * frees) when out is not NULL. */
static int publish_file(struct mqtt_client *c, const char *path, const char *topic,
			struct timespec *mtime, size_t max, char **out, size_t *outlen)
{
	struct stat st;
	if (stat(path, &st) != 0 || (st.st_mtim.tv_sec == mtime->tv_sec &&
				     st.st_mtim.tv_nsec == mtime->tv_nsec))
		return 0;
	size_t len = 0;
	char *err = NULL, *data = file_read(path, max, &len, &err);
	if (!data) {
		log_warn("mqtt: %s", err);
		free(err);
		*mtime = st.st_mtim; /* said once */
		return 0;
	}
	if (!topic ||
	    mosquitto_publish(c->mosq, NULL, topic, (int)len, data, 1, true) == MOSQ_ERR_SUCCESS)
		*mtime = st.st_mtim;
	if (out) {
		*out = data;
		*outlen = len;
	} else {
		free(data);
	}
	return 1;
}

/* The status's members of the network program: each feed's last sync
 * ("feeds", from the cache) and its own health ("net"). */
static char *net_members(struct mqtt_client *c)
{
	struct buf b = {0};
	char *err = NULL;
	pthread_mutex_lock(&c->lock);
	size_t n = MIN(c->nfeeds, (size_t)FLEET_MAX_FEEDS);
	struct cache_feed *f = xcalloc(n + 1, sizeof *f);
	int ok = cache_current(c, &err) != NULL;
	for (size_t i = 0; i < n; i++) {
		int r = ok ? cache_feed_get(c->cache, c->feeds[i], &f[i], &err) : 0;
		if (r != 1) {
			cache_feed_clear(&f[i]);
			memset(&f[i], 0, sizeof f[i]);
		}
		ok &= r >= 0; /* one failure said, not one a feed */
		free(f[i].name);
		f[i].name = xstrdup(c->feeds[i]);
	}
	size_t all = c->nfeeds;
	pthread_mutex_unlock(&c->lock);
	fleet_feeds_json(&b, f, n);
	if (all > n)
		buf_printf(&b, ", \"feeds_more\": %zu", all - n);
	for (size_t i = 0; i < n; i++)
		cache_feed_clear(&f[i]);
	free(f);
	buf_printf(&b,
		   ", \"net\": {\"version\": \"%s\", \"pid\": %ld, \"started\": %lld, "
		   "\"connected\": %lld, \"connects\": %lu, \"waiting\": %zu, \"cache\": ",
		   KHABAR_VERSION, (long)getpid(), (long long)c->since,
		   (long long)(c->connected_at / 1000), c->connects, c->nq);
	const char *cs = err ? err : ok ? "ok" : "?";
	buf_json_string(&b, cs, strlen(cs));
	buf_putc(&b, '}');
	free(err);
	return buf_steal(&b);
}

/* The display's status file, with this program's members, retained. */
static void publish_status(struct mqtt_client *c)
{
	char *json = NULL;
	size_t len = 0;
	struct timespec seen = c->status_mtime;
	if (!publish_file(c, c->status_path, NULL, &c->status_mtime, MAX_STATUS, &json, &len))
		return;
	char *members = net_members(c);
	size_t mlen = 0;
	char *merged = fleet_status_merge(json, len, members, &mlen);
	int rc = mosquitto_publish(c->mosq, NULL, c->ft.status, (int)(merged ? mlen : len),
				   merged ? merged : json, 1, true);
	if (rc != MOSQ_ERR_SUCCESS)
		c->status_mtime = seen; /* again at the next turn */
	acknowledge(c, json, len);
	free(members);
	free(merged);
	free(json);
}

static int play_each(const struct cache_play *p, void *user)
{
	fleet_plays_add(user, p);
	return 0;
}

/* What the screen showed over its last days, from the cache, retained:
 * after each connect, then every [fleet] every when it changed. Until one
 * is published (a failure), tried again every PLAYS_RETRY seconds at
 * most, the failure said once. */
static void publish_plays(struct mqtt_client *c)
{
	double wait = c->plays_hash ? c->plays_every : MIN(c->plays_every, PLAYS_RETRY);
	if (!c->plays_every || (c->plays_at && time_mono() - c->plays_at < wait))
		return;
	c->plays_at = time_mono();
	char *err = NULL;
	int64_t now = time_now_unix();
	struct fleet_plays *p = fleet_plays_new(now, c->zone);
	struct cache *cache = p ? cache_current(c, &err) : NULL;
	if (cache && cache_plays_list(cache, fleet_plays_since(p), play_each, p, &err) == 0) {
		size_t len;
		char *json = fleet_plays_json(p, c->ft.name, now, &len);
		const char *days = strstr(json, "\"days\""); /* "at" aside: did it change? */
		uint64_t h = hash_fnv1a(HASH_FNV1A_INIT, days, strlen(days)) | 1;
		int rc = h == c->plays_hash ? MOSQ_ERR_SUCCESS
					    : mosquitto_publish(c->mosq, NULL, c->ft.plays, (int)len,
								json, 1, true);
		if (rc == MOSQ_ERR_SUCCESS)
			c->plays_hash = h;
		else if (rc != c->plays_failed)
			log_warn("mqtt: %s: cannot publish %zu bytes: %s", c->ft.plays, len,
				 mosquitto_strerror(rc));
		c->plays_failed = rc;
		free(json);
	} else if (err && !c->plays_failed) {
		log_warn("mqtt: %s: the plays: %s", c->ft.plays, err);
		c->plays_failed = -1;
	}
	free(err);
	fleet_plays_free(p);
}

/* What the display wrote beside the cache, to the broker. */
static void fleet_publish(struct mqtt_client *c)
{
	if (c->connack != 0)
		return;
	publish_status(c);
	publish_file(c, c->thumb_path, c->ft.thumbnail, &c->thumb_mtime, MAX_THUMB, NULL, NULL);
	publish_plays(c);
}

/* Connected: read and store messages until the connection ends or stop.
 * Returns the loop's last result. */
static int serve(struct mqtt_client *c)
{
	int rc = MOSQ_ERR_SUCCESS;
	while (rc == MOSQ_ERR_SUCCESS && !stopping(c)) {
		/* Announcements that could not be stored are tried again within a
		 * second, and the status and thumbnail files are looked at as often. */
		rc = mosquitto_loop(c->mosq, RETRY_MS, 1);
		/* A burst: take what follows within a few milliseconds (up to
		 * a tenth of a second) before writing, so it is one write. */
		double until = time_mono() + 0.1;
		size_t queued = c->nq;
		while (rc == MOSQ_ERR_SUCCESS && c->nq && c->nq - queued < MAX_BATCH &&
		       time_mono() < until) {
			size_t before = c->nq;
			rc = mosquitto_loop(c->mosq, 10, 1);
			if (c->nq == before)
				break;
		}
		flush(c);
		if (c->synced) {
			c->synced = 0;
			drop_unseen(c);
			pushed_synced(c->pushed);
		}
		if (!stopping(c)) /* after the offline status, nothing */
			fleet_publish(c);
	}
	return rc;
}

static void *client_main(void *ud)
{
	struct mqtt_client *c = ud;
	double backoff = 1;
	while (!stopping(c)) {
		c->connack = -1;
		int rc = mosquitto_connect_async(c->mosq, c->host, c->port, KEEPALIVE);
		if (rc == MOSQ_ERR_SUCCESS)
			rc = serve(c);
		if (c->connack == 0)
			backoff = 1; /* it was up: start the pauses over */
		if (stopping(c))
			break;
		char reason[300];
		log_warn("mqtt: %s:%d: %s; trying again in %.0f s", c->host, c->port,
			 why(rc, c->connack, &c->error, reason, sizeof reason), backoff);
		pause_for(c, backoff);
		backoff = backoff * 2 > MAX_BACKOFF ? MAX_BACKOFF : backoff * 2;
	}
	flush(c);
	return NULL;
}

struct mqtt_client *mqtt_client_start(const struct config *cfg, const char *db_path, char **err)
{
	if (!*cfg->mqtt_url)
		return NULL;
	mosquitto_lib_init();
	struct mqtt_client *c = xcalloc(1, sizeof *c);
	c->mosq = session_new(cfg, NULL, 0, c, err);
	if (!c->mosq) {
		free(c);
		mosquitto_lib_cleanup();
		return NULL;
	}
	mosquitto_connect_callback_set(c->mosq, on_connect);
	mosquitto_subscribe_callback_set(c->mosq, on_subscribe);
	mosquitto_message_callback_set(c->mosq, on_message);
	mosquitto_log_callback_set(c->mosq, on_log);
	fleet_topics_init(&c->ft, cfg);
	c->pushed = pushed_new(cfg, db_path);
	c->since = time_now_unix();
	c->acked = ack_key("", ""); /* no emergency: nothing to say */
	c->zone = xstrdup(cfg->timezone);
	c->plays_every = cfg->fleet_every;
	mosquitto_will_set(c->mosq, c->ft.status, (int)strlen(OFFLINE), OFFLINE, 1, true);
	const char *slash = strrchr(db_path, '/');
	int dl = slash ? (int)(slash - db_path) : 1;
	const char *dir = slash ? db_path : ".";
	c->status_path = xasprintf("%.*s/status.json", dl, dir);
	c->thumb_path = xasprintf("%.*s/thumbnail.jpg", dl, dir);
	/* Retained messages are not queued for a session that was away; a
	 * persistent session (clean = 0) also keeps the ones sent meanwhile. */
	c->host = xstrdup(cfg->mqtt_host);
	c->port = cfg->mqtt_port;
	c->topic = xstrdup(cfg->mqtt_topic);
	c->db = xstrdup(db_path);
	import_limits_from_config(&c->lim, cfg);
	/* The display's budget: the broker should refuse more already
	 * (mosquitto's message_size_limit), as libmosquitto reads a whole
	 * message before khabar sees it. */
	c->lim.max_file_size = (size_t)cfg->mqtt_max_message;
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->cond, NULL);
	mqtt_client_feeds(c, cfg);
	c->started = pthread_create(&c->thread, NULL, client_main, c) == 0;
	if (!c->started) {
		*err = xasprintf("mqtt: cannot start a thread: %s", strerror(errno));
		mqtt_client_stop(c);
		return NULL;
	}
	log_info("mqtt: listening for %s on %s:%d%s", c->topic, c->host, c->port,
		 cfg->mqtt_tls ? " (TLS)" : "");
	return c;
}

void mqtt_client_feeds(struct mqtt_client *c, const struct config *cfg)
{
	if (!c)
		return;
	pthread_mutex_lock(&c->lock);
	for (size_t i = 0; i < c->nfeeds; i++)
		free(c->feeds[i]);
	c->feeds = xrealloc(c->feeds, (cfg->nfeeds + 1) * sizeof *c->feeds);
	c->nfeeds = 0;
	for (size_t i = 0; i < cfg->nfeeds; i++)
		if (cfg->feeds[i].enabled)
			c->feeds[c->nfeeds++] = xstrdup(cfg->feeds[i].name);
	pthread_mutex_unlock(&c->lock);
}

void mqtt_client_stop(struct mqtt_client *c)
{
	if (!c)
		return;
	if (c->started) {
		pthread_mutex_lock(&c->lock);
		c->stop = 1;
		pthread_cond_signal(&c->cond);
		pthread_mutex_unlock(&c->lock);
		/* A clean disconnect fires no will: say it, before it (the
		 * display gone, or the screen switched off). */
		mosquitto_publish(c->mosq, NULL, c->ft.status, (int)strlen(OFFLINE), OFFLINE, 1,
				  true);
		mosquitto_disconnect(c->mosq); /* wakes the loop */
		pthread_join(c->thread, NULL);
	}
	mosquitto_destroy(c->mosq);
	cache_close(c->cache);
	free(c->q);
	free(c->host);
	free(c->topic);
	free(c->db);
	fleet_topics_free(&c->ft);
	pushed_free(c->pushed);
	for (size_t i = 0; i < c->nfeeds; i++)
		free(c->feeds[i]);
	free(c->feeds);
	free(c->status_path);
	free(c->thumb_path);
	free(c->zone);
	pthread_mutex_destroy(&c->lock);
	pthread_cond_destroy(&c->cond);
	free(c);
	mosquitto_lib_cleanup();
}

/* ------------------------------------------------------- one-shot use */

struct oneshot {
	const char *topic;
	const void *payload;
	size_t len;
	int retain, publish;
	int connack, mid, acked, granted, retained;
	struct last_error error;
};

static void shot_log(struct mosquitto *m, void *ud, int level, const char *str)
{
	(void)m;
	keep_error(&((struct oneshot *)ud)->error, level, str);
}

static void shot_connect(struct mosquitto *m, void *ud, int rc)
{
	struct oneshot *o = ud;
	o->connack = rc;
	if (rc != 0)
		return;
	if (o->publish)
		mosquitto_publish(m, &o->mid, o->topic, (int)o->len, o->payload, 1, o->retain);
	else
		mosquitto_subscribe(m, &o->mid, o->topic, 1);
}

static void shot_publish(struct mosquitto *m, void *ud, int mid)
{
	(void)m;
	struct oneshot *o = ud;
	if (mid == o->mid)
		o->acked = 1;
}

static void shot_subscribe(struct mosquitto *m, void *ud, int mid, int n, const int *granted)
{
	(void)m;
	struct oneshot *o = ud;
	if (mid == o->mid) {
		o->acked = 1;
		o->granted = n > 0 ? granted[0] : 0x80;
	}
}

static void shot_message(struct mosquitto *m, void *ud, const struct mosquitto_message *msg)
{
	(void)m;
	struct oneshot *o = ud;
	o->retained += msg->retain && msg->payloadlen > 0;
}

/* Connect, do o's one thing, wait for its acknowledgement (and, for a
 * subscription, linger for the retained messages). 0 or -1 with *err. */
static int oneshot_run(const struct config *cfg, struct oneshot *o, double timeout_s, char **err)
{
	if (!*cfg->mqtt_url) {
		*err = xstrdup("no broker: [mqtt] url is empty in the config");
		return -1;
	}
	mosquitto_lib_init();
	int ret = -1;
	o->connack = -1;
	struct mosquitto *m = session_new(cfg, o->publish ? "post" : "check", 1, o, err);
	if (!m)
		goto done;
	mosquitto_connect_callback_set(m, shot_connect);
	mosquitto_publish_callback_set(m, shot_publish);
	mosquitto_subscribe_callback_set(m, shot_subscribe);
	mosquitto_message_callback_set(m, shot_message);
	mosquitto_log_callback_set(m, shot_log);
	int rc = mosquitto_connect(m, cfg->mqtt_host, cfg->mqtt_port, KEEPALIVE);
	double end = time_mono() + timeout_s, linger = 0;
	while (rc == MOSQ_ERR_SUCCESS && time_mono() < end) {
		rc = mosquitto_loop(m, 100, 1);
		if (o->acked && !linger)
			linger = time_mono() + (o->publish ? 0 : 0.5);
		if (o->acked && time_mono() >= linger)
			break;
	}
	if (o->acked) {
		ret = 0;
	} else if (o->connack > 0 || rc != MOSQ_ERR_SUCCESS) {
		char reason[300];
		*err = xasprintf("%s:%d: %s", cfg->mqtt_host, cfg->mqtt_port,
				 why(rc, o->connack, &o->error, reason, sizeof reason));
	} else {
		*err = xasprintf("%s:%d: no answer from the broker within %.0f s", cfg->mqtt_host,
				 cfg->mqtt_port, timeout_s);
	}
	mosquitto_disconnect(m);
	mosquitto_loop(m, 100, 1);
done:
	mosquitto_destroy(m);
	mosquitto_lib_cleanup();
	return ret;
}

int mqtt_publish(const struct config *cfg, const char *topic, const void *payload, size_t len,
		 int retain, double timeout_s, char **err)
{
	struct oneshot o = {
	    .topic = topic, .payload = payload, .len = len, .retain = retain, .publish = 1};
	return oneshot_run(cfg, &o, timeout_s, err);
}

/* ------------------------------------------------------------- watching */

struct watch {
	const char *marker_topic;
	char marker[64];
	int connack, arrived;
	void (*each)(const char *topic, const void *payload, size_t len, void *user);
	void *user;
	const char *const *filters;
	size_t nfilters;
	struct last_error error;
};

static void watch_log(struct mosquitto *m, void *ud, int level, const char *str)
{
	(void)m;
	keep_error(&((struct watch *)ud)->error, level, str);
}

static void watch_connect(struct mosquitto *m, void *ud, int rc)
{
	struct watch *w = ud;
	w->connack = rc;
	if (rc != 0)
		return;
	for (size_t i = 0; i < w->nfilters; i++)
		mosquitto_subscribe(m, NULL, w->filters[i], 1);
	mosquitto_subscribe(m, NULL, w->marker_topic, 1);
	mosquitto_publish(m, NULL, w->marker_topic, (int)strlen(w->marker), w->marker, 1, false);
}

static void watch_message(struct mosquitto *m, void *ud, const struct mosquitto_message *msg)
{
	(void)m;
	struct watch *w = ud;
	if (!strcmp(msg->topic, w->marker_topic)) {
		w->arrived |= (size_t)msg->payloadlen == strlen(w->marker) &&
			      !memcmp(msg->payload, w->marker, strlen(w->marker));
		return;
	}
	w->each(msg->topic, msg->payload, (size_t)msg->payloadlen, w->user);
}

int mqtt_watch(const struct config *cfg, const char *const *filters, size_t n,
	       void (*each)(const char *topic, const void *payload, size_t len, void *user),
	       int (*settled)(void *user), void *user, double timeout_s, char **err)
{
	if (!*cfg->mqtt_url) {
		*err = xstrdup("no broker: [mqtt] url is empty in the config");
		return -1;
	}
	mosquitto_lib_init();
	struct watch w = {.connack = -1, .each = each, .user = user, .filters = filters,
			  .nfilters = n};
	char *mt = xasprintf("%s/fleet/watch-%ld", cfg->fleet_topic, (long)getpid());
	w.marker_topic = mt;
	snprintf(w.marker, sizeof w.marker, "%.6f", time_mono());
	int ret = -1;
	struct mosquitto *m = session_new(cfg, "fleet", 1, &w, err);
	if (!m)
		goto done;
	mosquitto_connect_callback_set(m, watch_connect);
	mosquitto_message_callback_set(m, watch_message);
	mosquitto_log_callback_set(m, watch_log);
	int rc = mosquitto_connect(m, cfg->mqtt_host, cfg->mqtt_port, KEEPALIVE);
	double end = time_mono() + timeout_s;
	int said = 0;
	while (rc == MOSQ_ERR_SUCCESS && (w.arrived ? 1 : time_mono() < end)) {
		rc = mosquitto_loop(m, 500, 1);
		if (w.arrived && !said++)
			ret = 0;
		if (w.arrived && settled(user))
			break; /* not watching: the retained set is all there */
	}
	if (ret) {
		char reason[300];
		*err = w.connack > 0 || rc != MOSQ_ERR_SUCCESS
			   ? xasprintf("%s:%d: %s", cfg->mqtt_host, cfg->mqtt_port,
				       why(rc, w.connack, &w.error, reason, sizeof reason))
			   : xasprintf("%s:%d: no answer from the broker within %.0f s",
				       cfg->mqtt_host, cfg->mqtt_port, timeout_s);
	}
	mosquitto_disconnect(m);
done:
	mosquitto_destroy(m);
	mosquitto_lib_cleanup();
	free(mt);
	return ret;
}

int mqtt_check(const struct config *cfg, int connect, FILE *out)
{
	if (!*cfg->mqtt_url) {
		fprintf(out, "mqtt: off ([mqtt] url is empty)\n");
		return 0;
	}
	int problems = 0;
	char *id = *cfg->mqtt_client_id ? xstrdup(cfg->mqtt_client_id) : default_client_id();
	fprintf(out, "mqtt: %s (host %s, port %d, %s), topic %s, client id %s\n", cfg->mqtt_url,
		cfg->mqtt_host, cfg->mqtt_port,
		cfg->mqtt_tls ? "TLS, the broker's certificate verified" : "no TLS",
		cfg->mqtt_topic, id);
	free(id);
	if (cfg->mqtt_tls)
		fprintf(out, "mqtt: certificate authorities: %s\n",
			*cfg->mqtt_ca_file ? cfg->mqtt_ca_file : "the system's");
	if (cfg->mqtt_tls && *cfg->mqtt_ca_file && access(cfg->mqtt_ca_file, R_OK) != 0) {
		fprintf(out, "mqtt: [mqtt] ca_file %s: %s\n", cfg->mqtt_ca_file, strerror(errno));
		problems++;
	}
	fprintf(out, "mqtt: user %s", *cfg->mqtt_username ? cfg->mqtt_username : "(none)");
	if (*cfg->mqtt_password_file) {
		int ok = access(cfg->mqtt_password_file, R_OK) == 0;
		fprintf(out, ", password file %s: %s\n", cfg->mqtt_password_file,
			ok ? "readable" : strerror(errno));
		problems += !ok;
		if (!*cfg->mqtt_username) {
			fprintf(out, "mqtt: a password_file without a username is not sent\n");
			problems++;
		}
	} else {
		fprintf(out, ", no password\n");
	}
	if (!connect)
		return problems;
	struct oneshot o = {.topic = cfg->mqtt_topic};
	char *err = NULL;
	if (oneshot_run(cfg, &o, 10, &err)) {
		fprintf(out, "mqtt: connect: %s\n", err);
		free(err);
		return problems + 1;
	}
	if (o.granted == 0x80) {
		fprintf(out,
			"mqtt: connect: connected, but the broker refused the subscription to "
			"%s (check its ACL)\n",
			cfg->mqtt_topic);
		return problems + 1;
	}
	fprintf(out, "mqtt: connect: ok, subscribed to %s, %d retained announcement%s\n",
		cfg->mqtt_topic, o.retained, o.retained == 1 ? "" : "s");
	return problems;
}
