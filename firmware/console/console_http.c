/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * console_http — the console's HTTP side on libmicrohttpd: one request
 * from its first call (the body's size checked from Content-Length before
 * a byte of it is read) to its answer; sessions (random tokens, a CSRF
 * token each), the login's per-address rate limit, the limits on
 * connections, the static files (a fixed list, never a path).
 *
 * Must not: log a password or a form; read a body past MAX_BODY; answer a
 * POST without its CSRF token; hold a worker for an idle client.
 */
#include <arpa/inet.h>
#include <cjson/cJSON.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>

#include "console/console.h"

#define MAX_BODY	 (64 * 1024)
#define MAX_SESSIONS	 256
#define SESSION_IDLE	 (12 * 3600)
#define RATE_ADDRS	 1024
#define RATE_WINDOW	 60
#define RATE_FAILURES	 10
#define CONN_LIMIT	 1024
#define CONN_PER_IP	 32
#define CONN_TIMEOUT	 15
#define THREADS		 4

struct session {
	char token[65], csrf[65], user[33];
	enum console_role role;
	int64_t seen;
	char preview[17];
};

struct rate {
	char addr[INET6_ADDRSTRLEN];
	int64_t start;
	int failures;
};

struct server {
	const struct console_opts *o;
	pthread_mutex_t lock;
	struct session sessions[MAX_SESSIONS];
	struct rate rates[RATE_ADDRS];
	int tls;
};

/* One request between the calls of the handler. */
struct req {
	struct buf body;
	int too_big;
};

static void random_hex(char *out, size_t bytes)
{
	unsigned char r[64];
	size_t got = 0;
	while (got < bytes) {
		ssize_t n = getrandom(r + got, bytes - got, 0);
		if (n < 0 && errno != EINTR)
			abort(); /* no randomness: no safe session */
		got += n > 0 ? (size_t)n : 0;
	}
	for (size_t i = 0; i < bytes; i++)
		snprintf(out + 2 * i, 3, "%02x", r[i]);
}

static int64_t now_s(void)
{
	return time_now_unix();
}

/* ------------------------------------------------------------- sessions */

static struct session *session_find(struct server *s, const char *token, struct session *copy)
{
	if (!token || strlen(token) != 64)
		return NULL;
	struct session *found = NULL;
	pthread_mutex_lock(&s->lock);
	for (size_t i = 0; i < MAX_SESSIONS; i++) {
		struct session *x = &s->sessions[i];
		if (x->token[0] && !strcmp(x->token, token) && now_s() - x->seen < SESSION_IDLE) {
			x->seen = now_s();
			*copy = *x;
			found = copy;
		}
	}
	pthread_mutex_unlock(&s->lock);
	return found;
}

static void session_new(struct server *s, const char *user, enum console_role role,
			struct session *out)
{
	pthread_mutex_lock(&s->lock);
	struct session *slot = &s->sessions[0];
	for (size_t i = 0; i < MAX_SESSIONS; i++)
		if (s->sessions[i].seen < slot->seen)
			slot = &s->sessions[i];
	memset(slot, 0, sizeof *slot);
	random_hex(slot->token, 32);
	random_hex(slot->csrf, 32);
	snprintf(slot->user, sizeof slot->user, "%s", user);
	slot->role = role;
	slot->seen = now_s();
	*out = *slot;
	pthread_mutex_unlock(&s->lock);
}

static void session_end(struct server *s, const char *token)
{
	pthread_mutex_lock(&s->lock);
	for (size_t i = 0; i < MAX_SESSIONS; i++)
		if (!strcmp(s->sessions[i].token, token))
			memset(&s->sessions[i], 0, sizeof s->sessions[i]);
	pthread_mutex_unlock(&s->lock);
}

/* The preview id kept for a session, swapped for id; the old one in old. */
static void session_preview(struct server *s, const char *token, const char *id, char *old)
{
	old[0] = 0;
	pthread_mutex_lock(&s->lock);
	for (size_t i = 0; i < MAX_SESSIONS; i++)
		if (!strcmp(s->sessions[i].token, token)) {
			memcpy(old, s->sessions[i].preview, 17);
			snprintf(s->sessions[i].preview, 17, "%s", id);
		}
	pthread_mutex_unlock(&s->lock);
}

/* ----------------------------------------------------------- rate limit */

static void client_addr(struct MHD_Connection *c, char *out, size_t n)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(out, n, "?");
	if (!ci || !ci->client_addr)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
			  (socklen_t)n);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
			  (socklen_t)n);
}

static struct rate *rate_for(struct server *s, const char *addr)
{
	struct rate *oldest = &s->rates[0];
	for (size_t i = 0; i < RATE_ADDRS; i++) {
		if (!strcmp(s->rates[i].addr, addr))
			return &s->rates[i];
		if (s->rates[i].start < oldest->start)
			oldest = &s->rates[i];
	}
	memset(oldest, 0, sizeof *oldest);
	snprintf(oldest->addr, sizeof oldest->addr, "%s", addr);
	return oldest;
}

/* 1 when addr has had RATE_FAILURES wrong logins within the window. */
static int rate_refused(struct server *s, const char *addr)
{
	pthread_mutex_lock(&s->lock);
	struct rate *r = rate_for(s, addr);
	int refused = now_s() - r->start < RATE_WINDOW && r->failures >= RATE_FAILURES;
	pthread_mutex_unlock(&s->lock);
	return refused;
}

static void rate_note(struct server *s, const char *addr, int failed)
{
	pthread_mutex_lock(&s->lock);
	struct rate *r = rate_for(s, addr);
	if (!failed) {
		r->failures = 0;
	} else {
		if (now_s() - r->start >= RATE_WINDOW) {
			r->start = now_s();
			r->failures = 0;
		}
		r->failures++;
	}
	pthread_mutex_unlock(&s->lock);
}

/* ------------------------------------------------------------ answering */

static const char csp[] = "default-src 'none'; img-src 'self'; style-src 'self'; "
			  "script-src 'self'; font-src 'self'; connect-src 'self'; "
			  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

static enum MHD_Result reply(struct MHD_Connection *c, unsigned code, const char *type,
			    const void *data, size_t len, const char *cookie, const char *location)
{
	struct MHD_Response *r =
	    MHD_create_response_from_buffer(len, (void *)data, MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "Content-Security-Policy", csp);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	if (cookie)
		MHD_add_response_header(r, "Set-Cookie", cookie);
	if (location)
		MHD_add_response_header(r, "Location", location);
	enum MHD_Result ret = MHD_queue_response(c, code, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result send_text(struct MHD_Connection *c, unsigned code, const char *text)
{
	return reply(c, code, "text/plain; charset=utf-8", text, strlen(text), NULL, NULL);
}

static enum MHD_Result send_html(struct MHD_Connection *c, struct buf *b, const char *cookie)
{
	enum MHD_Result r = reply(c, MHD_HTTP_OK, "text/html; charset=utf-8", b->data, b->len,
				 cookie, NULL);
	buf_free(b);
	return r;
}

static enum MHD_Result redirect(struct MHD_Connection *c, const char *to, const char *cookie)
{
	return reply(c, MHD_HTTP_SEE_OTHER, "text/plain", "", 0, cookie, to);
}

/* The cookie header for name=value (empty: expire it). */
static char *cookie_for(const struct server *s, const char *name, const char *value)
{
	return xasprintf("%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s", name, value,
			 s->tls ? "; Secure" : "", *value ? "" : "; Max-Age=0");
}

/* ---------------------------------------------------------------- forms */

static int hexval(int ch)
{
	return ch >= '0' && ch <= '9' ? ch - '0'
	       : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
	       : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
					: -1;
}

/* The value of key in an application/x-www-form-urlencoded body, decoded;
 * caller frees; NULL when absent. */
static char *form_get(const struct buf *body, const char *key)
{
	size_t klen = strlen(key);
	const char *p = body->data, *end = body->data + body->len;
	while (p && p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *e = amp ? amp : end;
		if ((size_t)(e - p) > klen && !memcmp(p, key, klen) && p[klen] == '=') {
			struct buf v = {0};
			for (const char *q = p + klen + 1; q < e; q++) {
				if (*q == '+')
					buf_putc(&v, ' ');
				else if (*q == '%' && e - q > 2 && hexval(q[1]) >= 0 && hexval(q[2]) >= 0) {
					buf_putc(&v, (char)(hexval(q[1]) * 16 + hexval(q[2])));
					q += 2;
				} else
					buf_putc(&v, *q);
			}
			buf_putc(&v, 0);
			return buf_steal(&v);
		}
		p = amp ? amp + 1 : NULL;
	}
	return NULL;
}

static int same_token(const char *a, const char *b)
{
	if (!a || !b || strlen(a) != 64 || strlen(b) != 64)
		return 0;
	unsigned diff = 0;
	for (size_t i = 0; i < 64; i++)
		diff |= (unsigned)(a[i] ^ b[i]);
	return diff == 0;
}

/* The language of the page: the config's, else the browser's first of fa
 * and en, Persian when it names neither. */
static int want_english(const struct server *s, struct MHD_Connection *c)
{
	if (s->o->cfg->console_language)
		return s->o->cfg->console_language == 2;
	const char *al = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Language");
	if (!al)
		return 0;
	for (const char *p = al; *p; p++) {
		p += strspn(p, " ,");
		if (!strncasecmp(p, "fa", 2))
			return 0;
		if (!strncasecmp(p, "en", 2))
			return 1;
		p += strcspn(p, ",");
		if (!*p)
			break;
	}
	return 0;
}

/* ---------------------------------------------------------------- routes */

struct call {
	struct server *s;
	struct MHD_Connection *c;
	const char *url, *method;
	struct req *r;
	struct session sess; /* valid when logged in */
	int logged_in;
	struct page_ctx page;
	char addr[INET6_ADDRSTRLEN];
};


static enum MHD_Result serve_static(struct call *k)
{
	const char *name = k->url + strlen("/static/");
	size_t len;
	const char *type;
	if (strstr(name, "..") || strchr(name, '/') || strchr(name, '\\'))
		return send_text(k->c, MHD_HTTP_BAD_REQUEST, "bad path\n");
	const void *data = page_static(name, &len, &type);
	if (data)
		return reply(k->c, MHD_HTTP_OK, type, data, len, NULL, NULL);
	static const char *const fonts[] = {"Vazirmatn-Regular.ttf", "Vazirmatn-Bold.ttf"};
	for (size_t i = 0; i < ARRAY_LEN(fonts); i++) {
		if (strcmp(name, fonts[i]))
			continue;
		char *path = xasprintf("%s/fonts/%s", datadir(), name), *err = NULL;
		char *font = file_read(path, 4 * 1024 * 1024, &len, &err);
		free(path);
		free(err);
		if (!font)
			break;
		enum MHD_Result r = reply(k->c, MHD_HTTP_OK, "font/ttf", font, len, NULL, NULL);
		free(font);
		return r;
	}
	return send_text(k->c, MHD_HTTP_NOT_FOUND, "not found\n");
}

static enum MHD_Result login_page(struct call *k, int refused)
{
	/* The token of the login form, kept while the browser has one: a
	 * second tab (or a favicon redirected here) must not void the first. */
	char pre[65];
	const char *had = MHD_lookup_connection_value(k->c, MHD_COOKIE_KIND, "khabar_pre");
	if (had && strlen(had) == 64 && strspn(had, "0123456789abcdef") == 64)
		memcpy(pre, had, sizeof pre);
	else
		random_hex(pre, 32);
	struct buf b = {0};
	k->page.csrf = pre;
	console_env_lock();
	page_begin(&k->page);
	page_login(&b, &k->page, refused);
	console_env_unlock();
	char *cookie = cookie_for(k->s, "khabar_pre", pre);
	enum MHD_Result r = send_html(k->c, &b, cookie);
	free(cookie);
	return r;
}

static enum MHD_Result login(struct call *k)
{
	const char *pre = MHD_lookup_connection_value(k->c, MHD_COOKIE_KIND, "khabar_pre");
	char *csrf = form_get(&k->r->body, "csrf");
	int ok = same_token(pre, csrf);
	free(csrf);
	if (!ok)
		return send_text(k->c, MHD_HTTP_FORBIDDEN, "missing or wrong form token\n");
	if (rate_refused(k->s, k->addr)) {
		log_warn("console: login from %s refused: too many wrong passwords", k->addr);
		return send_text(k->c, MHD_HTTP_TOO_MANY_REQUESTS,
				 "too many wrong passwords; wait a minute\n");
	}
	char *user = form_get(&k->r->body, "user"), *pass = form_get(&k->r->body, "password");
	enum console_role role = ROLE_NONE;
	if (user && pass && console_name_ok(user))
		role = console_verify(k->s->o->cfg->console_users, user, pass);
	if (pass) {
		explicit_bzero(pass, strlen(pass));
		free(pass);
	}
	rate_note(k->s, k->addr, role == ROLE_NONE);
	if (role == ROLE_NONE) {
		log_warn("console: wrong name or password from %s", k->addr);
		free(user);
		return login_page(k, 1);
	}
	struct session ns;
	session_new(k->s, user, role, &ns);
	log_info("console: %s logged in from %s", user, k->addr);
	free(user);
	char *cookie = cookie_for(k->s, "khabar_session", ns.token);
	enum MHD_Result r = redirect(k->c, "/", cookie);
	free(cookie);
	return r;
}

/* A query argument; NULL when absent or empty. */
static const char *arg(struct call *k, const char *name)
{
	const char *v = MHD_lookup_connection_value(k->c, MHD_GET_ARGUMENT_KIND, name);
	return v && *v ? v : NULL;
}

static enum MHD_Result page(struct call *k, enum console_page which)
{
	struct console_snapshot snap;
	broker_snapshot(k->s->o->broker, &snap);
	struct buf b = {0};
	const char *screen = arg(k, "screen");
	char *sched = which == PAGE_HALLS   ? act_schedule(k->s->o)
		      : which == PAGE_PLAYS ? broker_plays(k->s->o->broker, NULL)
					    : NULL;
	char *one = which == PAGE_PLAYS && screen ? broker_plays(k->s->o->broker, screen) : NULL;
	console_env_lock();
	page_begin(&k->page);
	if (which == PAGE_SCREENS && !strcmp(k->url, "/grid"))
		page_screen_grid(&b, &k->page, &snap);
	else if (which == PAGE_SCREENS)
		page_screens(&b, &k->page, &snap);
	else if (which == PAGE_ANNOUNCE)
		page_announce(&b, &k->page, &snap, NULL, NULL, 0);
	else if (which == PAGE_PLAYS)
		page_plays(&b, &k->page, sched, one, screen);
	else
		page_halls(&b, &k->page, &snap, sched);
	console_env_unlock();
	free(sched);
	free(one);
	broker_snapshot_free(&snap);
	return send_html(k->c, &b, NULL);
}

static enum MHD_Result thumbnail(struct call *k)
{
	const char *name = MHD_lookup_connection_value(k->c, MHD_GET_ARGUMENT_KIND, "n");
	size_t len = 0;
	unsigned char *jpg = name ? broker_thumbnail(k->s->o->broker, name, &len) : NULL;
	if (!jpg)
		return send_text(k->c, MHD_HTTP_NOT_FOUND, "no thumbnail\n");
	enum MHD_Result r = reply(k->c, MHD_HTTP_OK, "image/jpeg", jpg, len, NULL, NULL);
	free(jpg);
	return r;
}

/* The plays as CSV: one screen's, or every screen's one after another
 * (one message parsed at a time). */
static enum MHD_Result send_plays_csv(struct call *k)
{
	struct console_broker *br = k->s->o->broker;
	const char *screen = arg(k, "screen");
	char *names = screen ? NULL : broker_plays(br, NULL);
	cJSON *all = names ? cJSON_Parse(names) : NULL;
	const cJSON *one = NULL;
	struct buf out = {0};
	buf_puts(&out, PLAYS_CSV_HEADER);
	int n = screen ? 1 : cJSON_GetArraySize(all);
	for (int i = 0; i < n; i++) {
		if (!screen)
			one = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(all, i), "name");
		const char *name = screen ? screen : cJSON_IsString(one) ? one->valuestring : "";
		char *json = broker_plays(br, name), *csv = plays_csv(json, name);
		buf_puts(&out, csv + strlen(PLAYS_CSV_HEADER));
		free(csv);
		free(json);
	}
	cJSON_Delete(all);
	free(names);
	size_t len = out.len;
	char *csv = buf_steal(&out);
	struct MHD_Response *r =
	    MHD_create_response_from_buffer(len, csv, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(csv);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", "text/csv; charset=utf-8");
	MHD_add_response_header(r, "Content-Disposition", "attachment; filename=\"plays.csv\"");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	enum MHD_Result ret = MHD_queue_response(k->c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result preview_png(struct call *k)
{
	const char *id = MHD_lookup_connection_value(k->c, MHD_GET_ARGUMENT_KIND, "id");
	if (!id || strlen(id) != 16 || strspn(id, "0123456789abcdef") != 16 ||
	    strcmp(id, k->sess.preview))
		return send_text(k->c, MHD_HTTP_NOT_FOUND, "no such preview\n");
	size_t len;
	char *path = xasprintf("%s/%s.png", k->s->o->cfg->console_state_dir, id), *err = NULL;
	char *png = file_read(path, 64 * 1024 * 1024, &len, &err);
	free(path);
	free(err);
	if (!png)
		return send_text(k->c, MHD_HTTP_NOT_FOUND, "no such preview\n");
	enum MHD_Result r = reply(k->c, MHD_HTTP_OK, "image/png", png, len, NULL, NULL);
	free(png);
	return r;
}

static void form_read(const struct buf *body, struct announce_form *f)
{
	f->title = form_get(body, "title");
	f->body = form_get(body, "body");
	f->priority = form_get(body, "priority");
	f->expires = form_get(body, "expires");
	f->category = form_get(body, "category");
	f->url = form_get(body, "url");
	f->target = form_get(body, "target");
}

static void form_free(struct announce_form *f)
{
	free(f->title);
	free(f->body);
	free(f->priority);
	free(f->expires);
	free(f->category);
	free(f->url);
	free(f->target);
}

/* The announce page again, with a message and the form as it was. */
static enum MHD_Result announce_again(struct call *k, const struct announce_form *f,
				      const char *preview, int64_t at)
{
	struct console_snapshot snap;
	broker_snapshot(k->s->o->broker, &snap);
	struct buf b = {0};
	console_env_lock();
	page_begin(&k->page);
	page_announce(&b, &k->page, &snap, f, preview, at);
	console_env_unlock();
	broker_snapshot_free(&snap);
	return send_html(k->c, &b, NULL);
}

static enum MHD_Result announce(struct call *k)
{
	struct announce_form f;
	form_read(&k->r->body, &f);
	char *action = form_get(&k->r->body, "action"), *msg = NULL;
	char id[17] = "", old[17];
	int64_t at = now_s(), published = 0;
	struct console_snapshot snap;
	broker_snapshot(k->s->o->broker, &snap);
	if (action && !strcmp(action, "preview")) {
		random_hex(id, 8);
		if (act_preview(k->s->o, &f, &snap, id, at, &msg)) {
			id[0] = 0;
		} else {
			session_preview(k->s, k->sess.token, id, old);
			act_forget(k->s->o, old);
		}
	} else if (act_publish(k->s->o, &f, &msg) == 0) {
		log_info("console: %s published %s", k->sess.user, msg);
		published = 1;
	}
	broker_snapshot_free(&snap);
	k->page.message = msg;
	/* Published: an empty form, so a second tap does not post it again. */
	enum MHD_Result r = announce_again(k, published ? NULL : &f, id[0] ? id : NULL, at);
	free(msg);
	free(action);
	form_free(&f);
	return r;
}

static enum MHD_Result take_back(struct call *k)
{
	char *topic = form_get(&k->r->body, "topic"), *msg = NULL;
	if (topic && act_remove(k->s->o, topic, &msg) == 0)
		log_info("console: %s removed %s", k->sess.user, topic);
	free(msg);
	free(topic);
	return redirect(k->c, "/announce", NULL);
}

static enum MHD_Result hall(struct call *k)
{
	char *name = form_get(&k->r->body, "hall"), *state = form_get(&k->r->body, "state");
	int ok = name && state && (!strcmp(state, "full") || !strcmp(state, "open")) && *name &&
		 strlen(name) < 100 && !strpbrk(name, "/+#") &&
		 utf8_first_invalid(name, strlen(name)) == strlen(name);
	if (ok) {
		char *topic = xasprintf("khabar/room/%s/state", name);
		ok = broker_publish(k->s->o->broker, topic, state) == 0;
		if (ok)
			log_info("console: %s marked hall %s %s", k->sess.user, name, state);
		free(topic);
	}
	free(name);
	free(state);
	if (!ok)
		return send_text(k->c, MHD_HTTP_BAD_REQUEST, "bad hall or state\n");
	return redirect(k->c, "/halls", NULL);
}

/* A POST of a logged-in user: its CSRF token, its role, then the action. */
static enum MHD_Result post(struct call *k)
{
	char *csrf = form_get(&k->r->body, "csrf");
	int ok = same_token(csrf, k->sess.csrf);
	free(csrf);
	if (!ok)
		return send_text(k->c, MHD_HTTP_FORBIDDEN, "missing or wrong form token\n");
	if (!strcmp(k->url, "/logout")) {
		session_end(k->s, k->sess.token);
		char *cookie = cookie_for(k->s, "khabar_session", "");
		enum MHD_Result r = redirect(k->c, "/login", cookie);
		free(cookie);
		return r;
	}
	if (k->sess.role != ROLE_ORGANISER)
		return send_text(k->c, MHD_HTTP_FORBIDDEN, "viewers cannot change anything\n");
	if (!strcmp(k->url, "/announce"))
		return announce(k);
	if (!strcmp(k->url, "/remove"))
		return take_back(k);
	if (!strcmp(k->url, "/hall"))
		return hall(k);
	return send_text(k->c, MHD_HTTP_NOT_FOUND, "not found\n");
}

static enum MHD_Result route(struct call *k)
{
	int get = !strcmp(k->method, "GET") || !strcmp(k->method, "HEAD");
	if (get && !strncmp(k->url, "/static/", 8))
		return serve_static(k);
	if (!strcmp(k->url, "/favicon.ico"))
		return send_text(k->c, MHD_HTTP_NOT_FOUND, "no icon\n");
	if (!strcmp(k->url, "/login"))
		return get ? login_page(k, 0) : login(k);
	if (!k->logged_in)
		return get ? redirect(k->c, "/login", NULL)
			   : send_text(k->c, MHD_HTTP_FORBIDDEN, "log in first\n");
	if (!get)
		return post(k);
	if (!strcmp(k->url, "/") || !strcmp(k->url, "/grid"))
		return page(k, PAGE_SCREENS);
	if (!strcmp(k->url, "/announce"))
		return page(k, PAGE_ANNOUNCE);
	if (!strcmp(k->url, "/halls"))
		return page(k, PAGE_HALLS);
	if (!strcmp(k->url, "/plays"))
		return page(k, PAGE_PLAYS);
	if (!strcmp(k->url, "/plays.csv"))
		return send_plays_csv(k);
	if (!strcmp(k->url, "/thumb"))
		return thumbnail(k);
	if (!strcmp(k->url, "/preview"))
		return preview_png(k);
	return send_text(k->c, MHD_HTTP_NOT_FOUND, "not found\n");
}

/* The body's announced size, before reading it: over MAX_BODY is refused
 * at once (1). */
static int body_too_big(struct MHD_Connection *c)
{
	const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
	if (!cl)
		return 0;
	char *end;
	errno = 0;
	unsigned long long n = strtoull(cl, &end, 10);
	return errno || *end || n > MAX_BODY;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url,
			       const char *method, const char *version, const char *upload,
			       size_t *upload_size, void **con_cls)
{
	(void)version;
	struct server *s = cls;
	struct req *r = *con_cls;
	if (!r) {
		if (strcmp(method, "GET") && strcmp(method, "HEAD") && strcmp(method, "POST"))
			return send_text(c, MHD_HTTP_METHOD_NOT_ALLOWED, "method not allowed\n");
		if (body_too_big(c))
			return send_text(c, MHD_HTTP_CONTENT_TOO_LARGE, "request body too large\n");
		*con_cls = xcalloc(1, sizeof *r);
		return MHD_YES;
	}
	if (*upload_size) {
		if (r->body.len + *upload_size > MAX_BODY)
			r->too_big = 1;
		else
			buf_append(&r->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (r->too_big)
		return send_text(c, MHD_HTTP_CONTENT_TOO_LARGE, "request body too large\n");
	struct call k = {.s = s, .c = c, .url = url, .method = method, .r = r};
	client_addr(c, k.addr, sizeof k.addr);
	const char *tok = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "khabar_session");
	k.logged_in = session_find(s, tok, &k.sess) != NULL;
	k.page = (struct page_ctx){.en = want_english(s, c),
				   .user = k.logged_in ? k.sess.user : NULL,
				   .role = k.logged_in ? k.sess.role : ROLE_NONE,
				   .csrf = k.logged_in ? k.sess.csrf : NULL,
				   .plain_http = !s->tls,
				   .now = now_s(),
				   .timezone = s->o->cfg->timezone};
	return route(&k);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
		      enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	(void)toe;
	struct req *r = *con_cls;
	if (r) {
		buf_free(&r->body);
		free(r);
	}
	*con_cls = NULL;
}

/* ADDR:PORT (IPv4, or [IPv6]:PORT) into ss. 0 or -1. */
static int parse_listen(const char *v, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof *ss);
	const char *colon = strrchr(v, ':');
	if (!colon)
		return -1;
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end || port < 1 || port > 65535)
		return -1;
	char host[INET6_ADDRSTRLEN + 2];
	size_t n = (size_t)(colon - v);
	if (n >= sizeof host)
		return -1;
	memcpy(host, v, n);
	host[n] = 0;
	struct sockaddr_in *in4 = (struct sockaddr_in *)(void *)ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)(void *)ss;
	if (n > 2 && host[0] == '[' && host[n - 1] == ']') {
		host[n - 1] = 0;
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)port);
		return inet_pton(AF_INET6, host + 1, &in6->sin6_addr) == 1 ? 0 : -1;
	}
	in4->sin_family = AF_INET;
	in4->sin_port = htons((uint16_t)port);
	return inet_pton(AF_INET, host, &in4->sin_addr) == 1 ? 0 : -1;
}

/* The certificate and key files read, or a message. */
static int read_tls(const struct config *cfg, char **cert, char **key)
{
	char *err = NULL;
	size_t len;
	*cert = *key = NULL;
	if (!*cfg->console_cert || !*cfg->console_key) {
		log_error("console: [console] cert and key are needed for HTTPS (or plain_http = yes "
			  "on a trusted network)");
		return -1;
	}
	if (!(*cert = file_read(cfg->console_cert, 1024 * 1024, &len, &err)) ||
	    !(*key = file_read(cfg->console_key, 1024 * 1024, &len, &err))) {
		log_error("console: [console] cert/key: %s", err);
		free(err);
		free(*cert);
		*cert = NULL;
		return -1;
	}
	return 0;
}

/* libmicrohttpd's own messages (a client that hung up, a bad request):
 * debug lines, since any client on the network can cause them. */
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char line[256];
	vsnprintf(line, sizeof line, fmt, ap);
	line[strcspn(line, "\n")] = 0;
	log_debug("console: http: %s", line);
}

static struct MHD_Daemon *start(struct server *s, const struct sockaddr_storage *ss,
				const char *cert, const char *key)
{
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
	if (ss->ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (s->tls)
		flags |= MHD_USE_TLS;
	struct MHD_OptionItem tls[] = {
	    {s->tls ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, (void *)cert},
	    {MHD_OPTION_HTTPS_MEM_KEY, 0, (void *)key},
	    {MHD_OPTION_END, 0, NULL}};
	return MHD_start_daemon(
	    flags, 0, NULL, NULL, handler, s, MHD_OPTION_SOCK_ADDR, ss,
	    MHD_OPTION_NOTIFY_COMPLETED, completed, s, MHD_OPTION_THREAD_POOL_SIZE,
	    (unsigned)THREADS, MHD_OPTION_CONNECTION_LIMIT, (unsigned)CONN_LIMIT,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)CONN_PER_IP,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)CONN_TIMEOUT,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024), MHD_OPTION_STRICT_FOR_CLIENT,
	    1, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, MHD_OPTION_ARRAY, tls, MHD_OPTION_END);
}

int console_serve(const struct console_opts *o)
{
	struct sockaddr_storage ss;
	if (parse_listen(o->listen, &ss)) {
		log_error("console: listen '%s' is not ADDR:PORT (0.0.0.0:8443, [::]:8443)", o->listen);
		return 1;
	}
	struct server *s = xcalloc(1, sizeof *s);
	s->o = o;
	pthread_mutex_init(&s->lock, NULL);
	s->tls = !o->cfg->console_plain_http;
	char *cert = NULL, *key = NULL;
	if (s->tls && (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES ||
		       read_tls(o->cfg, &cert, &key))) {
		free(s);
		return 1;
	}
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	struct MHD_Daemon *d = start(s, &ss, cert, key);
	if (!d) {
		log_error("console: cannot listen on %s: %s", o->listen, strerror(errno));
	} else {
		log_info("console: listening on %s (%s)", o->listen,
			 s->tls ? "https" : "plain http, not encrypted");
		int sig;
		sigwait(&set, &sig);
		log_info("console: stopping");
		MHD_stop_daemon(d);
	}
	if (key)
		explicit_bzero(key, strlen(key));
	free(key);
	free(cert);
	pthread_mutex_destroy(&s->lock);
	free(s);
	return d ? 0 : 1;
}
