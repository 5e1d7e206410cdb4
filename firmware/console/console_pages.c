/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * console_pages — the console's HTML, drawn on the server: every page's
 * frame (language, direction, navigation), the login, screens, announce
 * and halls pages, the style sheet and the short script that refreshes
 * the screens grid. The words come from the display's own catalogues
 * (show/i18n.h), numbers in the language's digits, dates Jalali in
 * Persian.
 *
 * Must not: put a value from outside into a page unescaped; load
 * anything from another site; use inline script or style (the
 * Content-Security-Policy forbids them).
 */
#include <cjson/cJSON.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/calendar.h"
#include "console/console.h"
#include "show/i18n.h"

static const char style_css[] =
    "@font-face{font-family:Vazirmatn;src:url(/static/Vazirmatn-Regular.ttf)}\n"
    "@font-face{font-family:Vazirmatn;font-weight:bold;src:url(/static/Vazirmatn-Bold.ttf)}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;font:16px/1.6 Vazirmatn,sans-serif;background:#f4f4f1;color:#1b1b1b}\n"
    "header{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;justify-content:space-between;"
    "padding:.5rem 1rem;background:#123;color:#fff}\n"
    "header a{color:#fff;margin-inline-end:1rem}\nheader a[aria-current]{font-weight:bold;"
    "text-decoration:underline}\n"
    "main{padding:1rem;max-width:70rem;margin:auto}\n"
    "h1{font-size:1.4rem;margin:.2rem 0 1rem}\n"
    ".grid{list-style:none;padding:0;margin:0;display:grid;gap:1rem;"
    "grid-template-columns:repeat(auto-fill,minmax(15rem,1fr))}\n"
    ".screen{background:#fff;border:2px solid #ccc;border-radius:.4rem;padding:.5rem}\n"
    ".screen img,.noimg{width:100%;aspect-ratio:16/9;height:auto;display:block;background:#222}\n"
    ".screen dl{margin:.3rem 0 0;display:grid;grid-template-columns:auto 1fr;gap:0 .5rem}\n"
    ".screen dt{color:#444}.screen dd{margin:0}\n"
    ".stale{border-color:#b36b00;background:#fff4e0}.offline{border-color:#a00;background:#fde8e8}\n"
    ".black{border-color:#000;background:#e4e4e4}\n"
    ".flag{font-weight:bold;color:#8a0000}\n"
    ".warn,.msg{padding:.6rem;border-radius:.3rem;background:#fff0c2;border:1px solid #b38600}\n"
    ".emergency{background:#8a0000;color:#fff;padding:.6rem;border-radius:.3rem}\n"
    "form.card{background:#fff;padding:1rem;border-radius:.4rem;display:grid;gap:.6rem;max-width:40rem}\n"
    "label{display:grid;gap:.2rem}\n"
    "input,select,textarea,button{font:inherit;padding:.4rem;min-height:2.6rem}\n"
    "button{background:#123;color:#fff;border:0;border-radius:.3rem;padding:.4rem 1rem}\n"
    "button.secondary{background:#555}\n"
    "table{border-collapse:collapse;width:100%;background:#fff}\n"
    "td,th{border:1px solid #ccc;padding:.4rem;text-align:start}\n"
    ".preview{max-width:100%;height:auto;border:1px solid #999}\n"
    ".fresh{color:#555}.fresh.stale{color:#fff;background:#a00;padding:.3rem .6rem;border-radius:.3rem}\n"
    ".chart{display:block;width:100%;max-width:40rem;height:auto;margin:1rem 0}\n"
    "td,th{overflow-wrap:anywhere}\n.day{white-space:nowrap}\n"
    "@media (max-width:30rem){main{padding:.5rem}td,th{padding:.25rem;font-size:.9rem}}\n";

static const char app_js[] =
    "'use strict';\n"
    "(function () {\n"
    "  var live = document.getElementById('live');\n"
    "  if (!live) return;\n"
    "  setInterval(function () {\n"
    "    fetch('/grid', {credentials: 'same-origin'}).then(function (r) {\n"
    "      if (r.ok) return r.text();\n"
    "    }).then(function (t) { if (t) live.innerHTML = t; }).catch(function () {});\n"
    "  }, 5000);\n"
    "})();\n";

const void *page_static(const char *name, size_t *len, const char **type)
{
	if (!strcmp(name, "style.css")) {
		*len = sizeof style_css - 1;
		*type = "text/css; charset=utf-8";
		return style_css;
	}
	if (!strcmp(name, "app.js")) {
		*len = sizeof app_js - 1;
		*type = "text/javascript; charset=utf-8";
		return app_js;
	}
	return NULL;
}

void html_escape(struct buf *b, const char *s)
{
	size_t n = strlen(s);
	char *clean = utf8_sanitize(s, n, &n);
	for (size_t i = 0; i < n; i++) {
		char ch = clean[i];
		switch (ch) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '"': buf_puts(b, "&quot;"); break;
		case '\'': buf_puts(b, "&#39;"); break;
		default: buf_putc(b, ch);
		}
	}
	free(clean);
}

static pthread_mutex_t env_lock = PTHREAD_MUTEX_INITIALIZER;

void console_env_lock(void)
{
	pthread_mutex_lock(&env_lock);
}

void console_env_unlock(void)
{
	pthread_mutex_unlock(&env_lock);
}

void page_begin(const struct page_ctx *c)
{
	i18n_set(c->en ? I18N_EN : I18N_FA);
}

const char *page_text(const struct page_ctx *c, const char *msgid)
{
	(void)c;
	return i18n_text(msgid);
}
#define T(s) page_text(c, s)

static void esc_text(struct buf *b, const struct page_ctx *c, const char *msgid)
{
	html_escape(b, T(msgid));
}

/* open, the translation of msgid escaped, close. */
static void tagged(struct buf *b, const struct page_ctx *c, const char *open, const char *msgid,
		   const char *close)
{
	buf_puts(b, open);
	esc_text(b, c, msgid);
	buf_puts(b, close);
}

static void number(struct buf *b, long n)
{
	char *s = i18n_number(n);
	buf_puts(b, s);
	free(s);
}

/* s as a part of a URL's query: letters, digits and -._ as they are, any
 * other byte %XX (so also safe in an attribute). */
static void url_part(struct buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		buf_printf(b, strchr("-._", *p) || (*p >= '0' && *p <= '9') ||
				       ((*p | 32) >= 'a' && (*p | 32) <= 'z')
				   ? "%c"
				   : "%%%02X",
			   *p);
}

/* A time in the page's calendar: Jalali with Persian digits, or Gregorian. */
static void when(struct buf *b, const struct page_ctx *c, int64_t t, const char *pattern)
{
	char *s = c->en ? calendar_format_gregorian(t, c->timezone, pattern, 0)
			: calendar_format(t, c->timezone, pattern, 1);
	if (s)
		html_escape(b, s);
	free(s);
}

/* tmpl (a catalogue's "...%s...%s...") with a and then b for its %s,
 * escaped into out: never a format string from a file. */
static void fill(struct buf *out, const char *tmpl, const char *a, const char *b)
{
	struct buf t = {0};
	const char *args[] = {a, b};
	size_t k = 0;
	for (const char *p = tmpl; *p; p++) {
		if (p[0] == '%' && p[1] == 's' && k < 2) {
			buf_puts(&t, args[k++] ? args[k - 1] : "");
			p++;
		} else {
			buf_putc(&t, *p);
		}
	}
	buf_putc(&t, 0);
	html_escape(out, t.data);
	buf_free(&t);
}

static void csrf_field(struct buf *b, const struct page_ctx *c)
{
	buf_puts(b, "<input type=\"hidden\" name=\"csrf\" value=\"");
	html_escape(b, c->csrf ? c->csrf : "");
	buf_puts(b, "\">");
}

static void head(struct buf *b, const struct page_ctx *c, const char *title,
		 const char *current)
{
	buf_printf(b, "<!DOCTYPE html>\n<html lang=\"%s\" dir=\"%s\"><head><meta charset=\"utf-8\">"
		      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		      "<title>", c->en ? "en" : "fa", c->en ? "ltr" : "rtl");
	esc_text(b, c, title);
	tagged(b, c, " · ", "khabar console",
	       "</title><link rel=\"stylesheet\" href=\"/static/style.css\"></head><body><header>");
	if (c->user) {
		static const char *const links[][2] = {
		    {"/", N_("Screens")}, {"/announce", N_("Announce")}, {"/halls", N_("Halls")},
		    {"/plays", N_("Plays")}};
		tagged(b, c, "<nav aria-label=\"", "Pages", "\">");
		for (size_t i = 0; i < ARRAY_LEN(links); i++) {
			buf_printf(b, "<a href=\"%s\"%s>", links[i][0],
				   !strcmp(links[i][0], current) ? " aria-current=\"page\"" : "");
			esc_text(b, c, links[i][1]);
			buf_puts(b, "</a>");
		}
		buf_puts(b, "</nav><form method=\"post\" action=\"/logout\">");
		csrf_field(b, c);
		tagged(b, c, "<button type=\"submit\" class=\"secondary\">", "Log out",
		       "</button></form>");
	} else {
		tagged(b, c, "<span>", "khabar console", "</span>");
	}
	tagged(b, c, "</header><main id=\"main\"><h1>", title, "</h1>");
	if (c->message) {
		buf_puts(b, "<p class=\"msg\" role=\"status\">");
		html_escape(b, c->message);
		buf_puts(b, "</p>");
	}
}

static void foot(struct buf *b)
{
	buf_puts(b, "</main><script src=\"/static/app.js\"></script></body></html>\n");
}

void page_login(struct buf *b, const struct page_ctx *c, int refused)
{
	head(b, c, "Log in", "/login");
	if (c->plain_http) {
		buf_puts(b, "<p class=\"warn\" role=\"alert\">");
		esc_text(b, c, "This console is served over plain HTTP: passwords and sessions "
			       "cross the network unencrypted.");
		buf_puts(b, "</p>");
	}
	if (refused) {
		tagged(b, c, "<p class=\"warn\" role=\"alert\">", "Wrong name or password.",
		       "</p>");
	}
	buf_puts(b, "<form class=\"card\" method=\"post\" action=\"/login\">");
	csrf_field(b, c);
	buf_puts(b, "<label>");
	esc_text(b, c, "Name");
	buf_puts(b, "<input name=\"user\" autocomplete=\"username\" required dir=\"ltr\"></label>"
		    "<label>");
	esc_text(b, c, "Password");
	buf_puts(b, "<input name=\"password\" type=\"password\" autocomplete=\"current-password\" "
		    "required dir=\"ltr\"></label><button type=\"submit\">");
	esc_text(b, c, "Log in");
	buf_puts(b, "</button></form>");
	foot(b);
}

static void screen_item(struct buf *b, const struct page_ctx *c, const struct console_screen *s)
{
	const char *cond = console_condition(s, c->now);
	buf_printf(b, "<li class=\"screen %s\">", cond);
	if (s->thumb_version) {
		buf_puts(b, "<img src=\"/thumb?n=");
		url_part(b, s->name);
		buf_printf(b, "&amp;v=%llu\" width=\"480\" height=\"270\" alt=\"",
			   (unsigned long long)s->thumb_version);
		esc_text(b, c, "What the screen shows");
		buf_puts(b, "\">");
	} else {
		tagged(b, c, "<div class=\"noimg\" role=\"img\" aria-label=\"", "No thumbnail",
		       "\"></div>");
	}
	buf_puts(b, "<h2>");
	html_escape(b, s->name);
	buf_puts(b, "</h2>");
	if (*cond) {
		tagged(b, c, "<p class=\"flag\">", cond, "</p>");
	}
	tagged(b, c, "<dl><dt>", "Group", "</dt><dd>");
	html_escape(b, *s->groups ? s->groups : "-");
	tagged(b, c, "</dd><dt>", "State", "</dt><dd>");
	/* The states a screen reports, in the page's language; anything
	 * else (a newer screen's word) as it came. */
	static const char *const states[] = {N_("showing"),	  N_("night"),
					     N_("no-news"),	  N_("cache-damaged"),
					     N_("network-down"), N_("panel-off")};
	const char *known = NULL;
	for (size_t i = 0; i < ARRAY_LEN(states); i++)
		if (!strcmp(s->state, states[i]))
			known = states[i];
	if (known)
		esc_text(b, c, known);
	else
		html_escape(b, *s->state ? s->state : "-");
	tagged(b, c, "</dd><dt>", "Showing", "</dt><dd>");
	html_escape(b, *s->card ? s->card : "-");
	tagged(b, c, "</dd><dt>", "Last seen", "</dt><dd>");
	if (s->at)
		when(b, c, s->at, "yyyy/MM/dd HH:mm:ss");
	else
		esc_text(b, c, "never");
	buf_puts(b, "</dd></dl></li>");
}

void page_screen_grid(struct buf *b, const struct page_ctx *c, const struct console_snapshot *s)
{
	if (!s->connected) {
		tagged(b, c, "<p class=\"warn\">", "The broker is not connected.", "</p>");
	}
	if (s->emergency_at) {
		long seen = 0;
		for (size_t i = 0; i < s->nscreens; i++)
			seen += !strcmp(s->screens[i].ack_title, s->emergency);
		tagged(b, c, "<p class=\"emergency\" id=\"emergency\">", "Emergency", ": ");
		html_escape(b, s->emergency);
		buf_puts(b, " — <span id=\"seen\">");
		char *n = i18n_number(seen), *m = i18n_number((long)s->nscreens);
		fill(b, T("seen on %s of %s"), n, m);
		free(n);
		free(m);
		buf_puts(b, "</span></p>");
	}
	if (!s->nscreens) {
		tagged(b, c, "<p>", "No screen has reported yet.", "</p>");
		return;
	}
	buf_puts(b, "<p>");
	number(b, (long)s->nscreens);
	tagged(b, c, " ", "screens", "</p><ul class=\"grid\">");
	for (size_t i = 0; i < s->nscreens; i++)
		screen_item(b, c, &s->screens[i]);
	buf_puts(b, "</ul>");
}

void page_screens(struct buf *b, const struct page_ctx *c, const struct console_snapshot *s)
{
	head(b, c, "Screens", "/");
	buf_puts(b, "<div id=\"live\" aria-live=\"polite\">");
	page_screen_grid(b, c, s);
	buf_puts(b, "</div>");
	foot(b);
}

static void input(struct buf *b, const struct page_ctx *c, const char *label, const char *name,
		  const char *value, const char *extra)
{
	buf_puts(b, "<label>");
	esc_text(b, c, label);
	buf_printf(b, "<input name=\"%s\" %s value=\"", name, extra);
	html_escape(b, value ? value : "");
	buf_puts(b, "\"></label>");
}

static void option(struct buf *b, const struct page_ctx *c, const char *value, const char *label,
		   const char *current)
{
	buf_puts(b, "<option value=\"");
	html_escape(b, value);
	buf_printf(b, "\"%s>", current && !strcmp(current, value) ? " selected" : "");
	html_escape(b, label);
	buf_puts(b, "</option>");
	(void)c;
}

/* Every group the screens name, as target options. */
static void group_options(struct buf *b, const struct page_ctx *c,
			  const struct console_snapshot *s, const char *current)
{
	struct buf seen = {0};
	buf_putc(&seen, ',');
	for (size_t i = 0; i < s->nscreens; i++) {
		char groups[128];
		snprintf(groups, sizeof groups, "%s", s->screens[i].groups);
		for (char *save = NULL, *g = strtok_r(groups, ",", &save); g;
		     g = strtok_r(NULL, ",", &save)) {
			g = str_trim(g);
			char *key = xasprintf(",%s,", g);
			buf_putc(&seen, 0);
			seen.len--;
			if (*g && !strstr(seen.data, key)) {
				buf_printf(&seen, "%s,", g);
				char *v = xasprintf("group:%s", g);
				struct buf l = {0};
				fill(&l, T("Group %s"), g, NULL);
				buf_putc(&l, 0);
				option(b, c, v, l.data, current);
				buf_free(&l);
				free(v);
			}
			free(key);
		}
	}
	buf_free(&seen);
}

static void active_list(struct buf *b, const struct page_ctx *c, const struct console_snapshot *s)
{
	tagged(b, c, "<h2>", "Active announcements", "</h2>");
	if (!s->nannounces && !s->emergency_at) {
		tagged(b, c, "<p>", "None.", "</p>");
		return;
	}
	tagged(b, c, "<table><thead><tr><th scope=\"col\">", "Title", "</th><th scope=\"col\">");
	esc_text(b, c, "Priority");
	tagged(b, c, "</th><th scope=\"col\">", "Expires", "</th><th scope=\"col\">");
	esc_text(b, c, "Remove");
	buf_puts(b, "</th></tr></thead><tbody>");
	for (size_t i = 0; i <= s->nannounces; i++) {
		struct console_announce em = {.priority = "emergency"};
		snprintf(em.topic, sizeof em.topic, "%s", s->emergency_topic);
		if (i == s->nannounces && !s->emergency_at)
			break;
		if (i == s->nannounces)
			snprintf(em.title, sizeof em.title, "%s", s->emergency);
		const struct console_announce *a = i < s->nannounces ? &s->announces[i] : &em;
		buf_puts(b, "<tr><td>");
		html_escape(b, a->title);
		tagged(b, c, "</td><td>", *a->priority ? a->priority : "info", "</td><td>");
		if (a->expires)
			when(b, c, a->expires, "yyyy/MM/dd HH:mm");
		else
			buf_puts(b, "-");
		buf_puts(b, "</td><td>");
		if (c->role == ROLE_ORGANISER) {
			buf_puts(b, "<form method=\"post\" action=\"/remove\">");
			csrf_field(b, c);
			buf_puts(b, "<input type=\"hidden\" name=\"topic\" value=\"");
			html_escape(b, a->topic);
			tagged(b, c, "\"><button type=\"submit\" class=\"secondary\">", "Remove",
			       "</button></form>");
		} else {
			buf_puts(b, "-");
		}
		buf_puts(b, "</td></tr>");
	}
	buf_puts(b, "</tbody></table>");
}

static void priority_select(struct buf *b, const struct page_ctx *c, const char *cur)
{
	tagged(b, c, "<label>", "Priority", "<select name=\"priority\">");
	static const char *const p[] = {N_("info"), N_("breaking"), N_("emergency")};
	for (size_t i = 0; i < ARRAY_LEN(p); i++)
		option(b, c, p[i], T(p[i]), cur);
	buf_puts(b, "</select></label>");
}

void page_announce(struct buf *b, const struct page_ctx *c, const struct console_snapshot *s,
		   const struct announce_form *f, const char *preview_id, int64_t at)
{
	static const struct announce_form none;
	if (!f)
		f = &none;
	head(b, c, "Announce", "/announce");
	if (preview_id) {
		char t[32];
		calendar_format_iso8601(at, t, sizeof t);
		buf_printf(b, "<p><img class=\"preview\" id=\"preview\" data-at=\"%s\" "
			      "src=\"/preview?id=%s\" alt=\"", t, preview_id);
		esc_text(b, c, "Preview");
		buf_puts(b, "\"></p>");
	}
	if (c->role == ROLE_ORGANISER) {
		buf_puts(b, "<form class=\"card\" method=\"post\" action=\"/announce\">");
		csrf_field(b, c);
		input(b, c, "Title", "title", f->title, "required maxlength=\"300\"");
		tagged(b, c, "<label>", "Body", "<textarea name=\"body\" rows=\"4\">");
		html_escape(b, f->body ? f->body : "");
		buf_puts(b, "</textarea></label>");
		priority_select(b, c, f->priority);
		input(b, c, "Expires (90m, 2h, 3d)", "expires", f->expires, "dir=\"ltr\"");
		input(b, c, "Category", "category", f->category, "");
		input(b, c, "Link", "url", f->url, "type=\"url\" dir=\"ltr\"");
		tagged(b, c, "<label>", "Target", "<select name=\"target\">");
		option(b, c, "all", T("All screens"), f->target);
		group_options(b, c, s, f->target);
		buf_puts(b, "</select></label><button type=\"submit\" name=\"action\" value=\"preview\" "
			    "class=\"secondary\">");
		esc_text(b, c, "Preview");
		tagged(b, c, "</button><button type=\"submit\" name=\"action\" value=\"publish\">",
		       "Publish", "</button></form>");
	}
	active_list(b, c, s);
	foot(b);
}

static int hall_full(const struct console_snapshot *s, const char *hall)
{
	for (size_t i = 0; i < s->nhalls_full; i++)
		if (!strcmp(s->halls_full[i], hall))
			return 1;
	return 0;
}

/* An event's start and end; 0 or -1. */
static int event_times(const cJSON *e, int64_t *start, int64_t *end)
{
	const cJSON *st = cJSON_GetObjectItemCaseSensitive(e, "start");
	const cJSON *en = cJSON_GetObjectItemCaseSensitive(e, "end");
	return cJSON_IsString(st) && cJSON_IsString(en) &&
			       !calendar_parse_iso8601(st->valuestring, start) &&
			       !calendar_parse_iso8601(en->valuestring, end)
		   ? 0
		   : -1;
}

static void event_cell(struct buf *b, const struct page_ctx *c, const cJSON *e)
{
	buf_puts(b, "<td>");
	int64_t start, end;
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(e, "title");
	if (e && !event_times(e, &start, &end)) {
		when(b, c, start, "HH:mm");
		buf_puts(b, " ");
	}
	html_escape(b, e && cJSON_IsString(t) ? t->valuestring : "-");
	buf_puts(b, "</td>");
}

/* One hall: its talk now and next at c->now (events in time order), its
 * state and the button that changes it. */
static void hall_row(struct buf *b, const struct page_ctx *c, const struct console_snapshot *s,
		     const char *hall, const cJSON *events)
{
	const cJSON *e, *now = NULL, *next = NULL;
	cJSON_ArrayForEach(e, events) {
		const cJSON *r = cJSON_GetObjectItemCaseSensitive(e, "room");
		const cJSON *st = cJSON_GetObjectItemCaseSensitive(e, "status");
		int64_t start, end;
		if (!cJSON_IsString(r) || strcmp(r->valuestring, hall) || event_times(e, &start, &end) ||
		    (cJSON_IsString(st) && !strcmp(st->valuestring, "cancelled")))
			continue;
		if (start <= c->now && c->now < end && !now)
			now = e;
		else if (start > c->now && !next)
			next = e;
	}
	int full = hall_full(s, hall);
	buf_puts(b, "<tr><th scope=\"row\">");
	html_escape(b, hall);
	if (full) {
		tagged(b, c, " <span class=\"flag\">", "Full", "</span>");
	}
	buf_puts(b, "</th>");
	event_cell(b, c, now);
	event_cell(b, c, next);
	buf_puts(b, "<td>");
	if (c->role == ROLE_ORGANISER) {
		buf_puts(b, "<form method=\"post\" action=\"/hall\">");
		csrf_field(b, c);
		buf_puts(b, "<input type=\"hidden\" name=\"hall\" value=\"");
		html_escape(b, hall);
		buf_printf(b, "\"><input type=\"hidden\" name=\"state\" value=\"%s\">"
			      "<button type=\"submit\">", full ? "open" : "full");
		esc_text(b, c, full ? "Mark open" : "Mark full");
		buf_puts(b, "</button></form>");
	} else {
		esc_text(b, c, full ? "Full" : "Open");
	}
	buf_puts(b, "</td></tr>");
}

static void halls_table(struct buf *b, const struct page_ctx *c, const struct console_snapshot *s,
			const cJSON *events)
{
	tagged(b, c, "<table><thead><tr><th scope=\"col\">", "Hall", "</th><th scope=\"col\">");
	esc_text(b, c, "Now");
	tagged(b, c, "</th><th scope=\"col\">", "Next", "</th><th scope=\"col\">");
	esc_text(b, c, "State");
	buf_puts(b, "</th></tr></thead><tbody>");
	struct buf seen = {0};
	buf_putc(&seen, '\n');
	const cJSON *e;
	cJSON_ArrayForEach(e, events) {
		const cJSON *r = cJSON_GetObjectItemCaseSensitive(e, "room");
		if (!cJSON_IsString(r) || !*r->valuestring || strchr(r->valuestring, '\n'))
			continue;
		char *key = xasprintf("\n%s\n", r->valuestring);
		buf_putc(&seen, 0);
		seen.len--;
		if (!strstr(seen.data, key)) {
			buf_printf(&seen, "%s\n", r->valuestring);
			hall_row(b, c, s, r->valuestring, events);
		}
		free(key);
	}
	buf_free(&seen);
	buf_puts(b, "</tbody></table>");
}

/* "Schedule updated 12 minutes ago", the words the board says, from
 * `khabar schedule --json`'s "updated"; a warning when its feed fails for
 * longer than twice its every ("stale"). */
static void halls_fresh(struct buf *b, const struct page_ctx *c, const cJSON *o)
{
	const cJSON *u = cJSON_GetObjectItemCaseSensitive(o, "updated");
	int stale = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "stale"));
	int64_t at = cJSON_IsNumber(u) ? (int64_t)u->valuedouble : 0;
	if (at > c->now)
		at = 0;
	if (!at && !stale)
		return;
	long ago = (long)(c->now - at) / 60, hours = ago / 60;
	char *num = i18n_number(ago < 120 ? ago : hours);
	buf_puts(b, stale ? "<p class=\"fresh stale\" role=\"alert\">" : "<p class=\"fresh\">");
	if (at && ago < 1) /* none came in: only the failing feed */
		esc_text(b, c, "Schedule updated just now");
	else if (at && ago < 120)
		fill(b, i18n_ntext("Schedule updated %s minute ago", "Schedule updated %s minutes ago",
				   (unsigned long)ago),
		     num, NULL);
	else if (at)
		fill(b, i18n_ntext("Schedule updated %s hour ago", "Schedule updated %s hours ago",
				   (unsigned long)hours),
		     num, NULL);
	free(num);
	if (stale)
		tagged(b, c, at ? " · " : "", "its feed is failing", "");
	buf_puts(b, "</p>");
}

void page_halls(struct buf *b, const struct page_ctx *c, const struct console_snapshot *s,
		const char *schedule_json)
{
	head(b, c, "Halls", "/halls");
	cJSON *o = schedule_json ? cJSON_Parse(schedule_json) : NULL;
	const cJSON *events = cJSON_GetObjectItemCaseSensitive(o, "events");
	halls_fresh(b, c, o);
	if (!cJSON_GetArraySize(events))
		tagged(b, c, "<p>", "No schedule is loaded.", "</p>");
	else
		halls_table(b, c, s, events);
	cJSON_Delete(o);
	foot(b);
}

/* ------------------------------------------------------------ plays */

/* Days in the chart: a screen's seven, and those of screens in other zones. */
#define PLAY_DAYS 14

/* One line of the plays table: a card a screen showed on a day. */
struct play_row {
	const char *screen, *day, *kind, *title; /* inside the parsed JSON */
	long count;
	double seconds;
	int other; /* the day's cards the screen did not list, together */
};

struct play_rows {
	struct play_row *r;
	size_t n, cap;
	struct {
		char day[16]; /* yyyy-MM-dd, first: by_day() sorts on it */
		long cards;
	} days[PLAY_DAYS]; /* every screen's days, for the chart */
	size_t ndays;
	int detail; /* a row a card, else a row a screen's day */
};

static void play_row(struct play_rows *t, struct play_row r)
{
	t->r = xgrow(t->r, &t->cap, t->n + 1, sizeof *t->r);
	t->r[t->n++] = r;
}

static long json_long(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble < 1e9 ? (long)v->valuedouble
										: 0;
}

static double json_secs(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble < 1e12 ? v->valuedouble : 0;
}

/* A day's total in the chart (days kept in order, at most PLAY_DAYS). */
static void day_total(struct play_rows *t, const char *day, long cards)
{
	size_t d = 0;
	while (d < t->ndays && strcmp(t->days[d].day, day))
		d++;
	if (d == t->ndays) {
		if (d == PLAY_DAYS)
			return;
		snprintf(t->days[t->ndays++].day, sizeof t->days[0].day, "%s", day);
	}
	t->days[d].cards += cards;
}

static int by_day(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* Whether s is a day as the screens write it: yyyy-MM-dd, digits only. */
static int is_day(const char *s)
{
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : s[i] < '0' || s[i] > '9')
			return 0;
	return s[10] == 0;
}

/* One day of one screen's message into rows: its listed cards, then the
 * rest of its total as one "other" line. */
static void plays_day(struct play_rows *t, const char *screen, const cJSON *day)
{
	const cJSON *dv = cJSON_GetObjectItemCaseSensitive(day, "day"), *ti;
	if (!cJSON_IsString(dv) || !is_day(dv->valuestring))
		return; /* not a day: left out */
	long cards = json_long(day, "cards");
	double secs = json_secs(day, "seconds");
	day_total(t, dv->valuestring, cards);
	if (!t->detail) {
		play_row(t, (struct play_row){screen, dv->valuestring, "", "", cards, secs, 0});
		return;
	}
	cJSON_ArrayForEach(ti, cJSON_GetObjectItemCaseSensitive(day, "titles")) {
		const cJSON *k = cJSON_GetObjectItemCaseSensitive(ti, "kind");
		const cJSON *tt = cJSON_GetObjectItemCaseSensitive(ti, "title");
		struct play_row r = {screen, dv->valuestring, cJSON_IsString(k) ? k->valuestring : "",
				     cJSON_IsString(tt) ? tt->valuestring : "", json_long(ti, "count"),
				     json_secs(ti, "seconds"), 0};
		cards -= r.count;
		secs -= r.seconds;
		play_row(t, r);
	}
	if (cards > 0)
		play_row(t, (struct play_row){screen, dv->valuestring, "", "", cards, MAX(secs, 0), 1});
}

/* The rows of screen's plays (NULL: every screen) from broker_plays()'s
 * JSON, which o holds (the rows point into it): a row a card with
 * t->detail, else a row a screen's day. */
static void plays_read(cJSON *o, const char *screen, struct play_rows *t)
{
	const cJSON *s, *day;
	cJSON_ArrayForEach(s, o) {
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(s, "name");
		const cJSON *p = cJSON_GetObjectItemCaseSensitive(s, "plays");
		if (!cJSON_IsString(name) || (screen && strcmp(screen, name->valuestring)))
			continue;
		cJSON_ArrayForEach(day, cJSON_GetObjectItemCaseSensitive(p, "days"))
			plays_day(t, name->valuestring, day);
	}
	/* The chart's days in order; screens in other zones may differ by one. */
	qsort(t->days, t->ndays, sizeof t->days[0], by_day);
}

/* A yyyy-MM-dd day in the page's calendar. */
static void day_name(struct buf *b, const struct page_ctx *c, const char *day)
{
	int y, m, d;
	int64_t noon;
	if (c->en || sscanf(day, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
	    calendar_from_civil(y, m, d, 12, 0, 0, "UTC", &noon)) {
		html_escape(b, day);
		return;
	}
	char *s = calendar_format(noon, "UTC", "yyyy/MM/dd", 1);
	html_escape(b, s ? s : day);
	free(s);
}

/* A bar per day: how many cards were shown. */
static void plays_chart(struct buf *b, const struct page_ctx *c, const struct play_rows *t)
{
	long top = 1;
	for (size_t d = 0; d < t->ndays; d++)
		top = MAX(top, t->days[d].cards);
	int w = 80 * (int)MAX(t->ndays, 7); /* a week's width at least: one day is not a wall */
	buf_printf(b, "<svg class=\"chart\" viewBox=\"0 0 %d 200\" width=\"%d\" height=\"200\" role=\"img\" "
		      "aria-labelledby=\"chart-title\"><title id=\"chart-title\">", w, w);
	esc_text(b, c, "Cards shown per day");
	buf_puts(b, "</title>");
	for (size_t d = 0; d < t->ndays; d++) {
		int h = (int)(150 * t->days[d].cards / top), x = c->en ? 80 * (int)d : w - 80 * (int)(d + 1);
		buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"60\" height=\"%d\" fill=\"#123\"/>", x + 10,
			   170 - h, h);
		buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"14\">", x + 40,
			   165 - h);
		number(b, t->days[d].cards);
		buf_printf(b, "</text><text x=\"%d\" y=\"192\" text-anchor=\"middle\" font-size=\"11\">",
			   x + 40);
		day_name(b, c, t->days[d].day);
		buf_puts(b, "</text>");
	}
	buf_puts(b, "</svg>");
}

/* Links to each screen's plays (names: broker_plays()'s JSON of every
 * screen), and to all of them. */
static void plays_chooser(struct buf *b, const struct page_ctx *c, const cJSON *o,
			  const char *screen)
{
	const cJSON *s;
	buf_puts(b, "<nav class=\"screens\"><ul><li><a href=\"/plays\"");
	buf_puts(b, screen ? ">" : " aria-current=\"page\">");
	tagged(b, c, "", "All screens", "</a></li>");
	cJSON_ArrayForEach(s, o) {
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(s, "name");
		if (!cJSON_IsString(name))
			continue;
		buf_puts(b, "<li><a href=\"/plays?screen=");
		url_part(b, name->valuestring);
		buf_puts(b, screen && !strcmp(screen, name->valuestring) ? "\" aria-current=\"page\">"
									  : "\">");
		html_escape(b, name->valuestring);
		buf_puts(b, "</a></li>");
	}
	buf_puts(b, "</ul></nav>");
}

/* The words for a card without a title (the kinds of net/fleet.h). */
static const char *kind_word(const char *kind)
{
	return !strcmp(kind, "schedule")	   ? N_("Halls")
	       : !strcmp(kind, "intermission") ? N_("Intermission")
	       : !strcmp(kind, "empty")	   ? N_("No news yet")
					   : kind;
}

static int by_day_then_screen(const void *a, const void *b)
{
	const struct play_row *x = *(const struct play_row *const *)a,
			      *y = *(const struct play_row *const *)b;
	int c = strcmp(y->day, x->day);
	if (!c)
		c = strcmp(x->screen, y->screen);
	return c ? c : (x > y) - (x < y); /* the same day and screen: as listed */
}

/* The table: Day, then Screen for every screen's days, or Title for one
 * screen's cards, then how many and how long. */
static void plays_table(struct buf *b, const struct page_ctx *c, const struct play_rows *t)
{
	tagged(b, c, "<table><thead><tr><th scope=\"col\">", "Day", "</th><th scope=\"col\">");
	esc_text(b, c, t->detail ? "Title" : "Screen");
	tagged(b, c, "</th><th scope=\"col\">", "Times shown", "</th><th scope=\"col\">");
	esc_text(b, c, "Seconds on screen");
	buf_puts(b, "</th></tr></thead><tbody>");
	/* The latest day first; in a day, the screens by name, or a
	 * screen's cards as it listed them (longest first, the others last). */
	const struct play_row **order = xcalloc(t->n + 1, sizeof *order);
	for (size_t i = 0; i < t->n; i++)
		order[i] = &t->r[i];
	qsort(order, t->n, sizeof *order, by_day_then_screen);
	for (size_t o = 0; o < t->n; o++) {
		const struct play_row *r = order[o];
		buf_puts(b, "<tr><td class=\"day\">");
		day_name(b, c, r->day);
		buf_puts(b, "</td><td>");
		if (!t->detail)
			html_escape(b, r->screen);
		else if (r->other)
			tagged(b, c, "<i>", "Other cards", "</i>");
		else
			html_escape(b, *r->title ? r->title : T(kind_word(r->kind)));
		buf_puts(b, "</td><td>");
		number(b, r->count);
		buf_puts(b, "</td><td>");
		number(b, (long)(r->seconds + 0.5));
		buf_puts(b, "</td></tr>");
	}
	free(order);
	buf_puts(b, "</tbody></table>");
}

void page_plays(struct buf *b, const struct page_ctx *c, const char *every_json,
		const char *screen_json, const char *screen)
{
	head(b, c, "Plays", "/plays");
	cJSON *all = cJSON_Parse(every_json ? every_json : "[]");
	cJSON *o = screen ? cJSON_Parse(screen_json ? screen_json : "[]") : all;
	struct play_rows t = {.detail = screen != NULL};
	plays_read(o, screen, &t);
	plays_chooser(b, c, all, screen);
	buf_puts(b, "<p><a href=\"/plays.csv");
	if (screen) {
		buf_puts(b, "?screen=");
		url_part(b, screen);
	}
	tagged(b, c, "\" download>", "Download CSV (7 days)", "</a></p>");
	if (!t.n) {
		tagged(b, c, "<p>", "Nothing was shown in the last 7 days.", "</p>");
	} else {
		plays_chart(b, c, &t);
		plays_table(b, c, &t);
	}
	free(t.r);
	if (o != all)
		cJSON_Delete(o);
	cJSON_Delete(all);
	foot(b);
}

/* A CSV field: quoted when it must be, and a leading = + - @ made text
 * (a spreadsheet would run it as a formula). */
static void csv_field(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	if (strchr("=+-@\t\r", *s) && *s)
		buf_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

char *plays_csv(const char *plays_json, const char *screen)
{
	cJSON *o = cJSON_Parse(plays_json ? plays_json : "[]");
	struct play_rows t = {.detail = 1};
	plays_read(o, screen, &t);
	struct buf b = {0};
	buf_puts(&b, PLAYS_CSV_HEADER);
	for (size_t i = 0; i < t.n; i++) {
		const struct play_row *r = &t.r[i];
		csv_field(&b, r->screen);
		buf_printf(&b, ",%s,", r->day); /* is_day(): digits and - */
		csv_field(&b, r->other ? "other" : r->kind);
		buf_putc(&b, ',');
		csv_field(&b, r->title);
		buf_printf(&b, ",%ld,%.1f\r\n", r->count, r->seconds);
	}
	free(t.r);
	cJSON_Delete(o);
	return buf_steal(&b);
}
