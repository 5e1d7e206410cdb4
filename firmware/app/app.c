/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * app — the window: rotates the deck's cards fullscreen. See app.h.
 *
 * The loop sleeps until its next deadline (the next card, the next clock
 * minute, the end of --exit-after) unless something moves (a transition,
 * the ticker). Cards are drawn one turn ahead, right after a transition
 * ends, so no transition waits for layout. The cache is asked cheaply
 * whether it changed before each card is built; a lost cache keeps the
 * loaded cards and is retried.
 *
 * Two ways to the glass. Software (the default off a Pi console): the
 * screen is drawn into the window's own surface and only the rows that
 * changed are sent (a ticker frame sends the ticker's rows). GPU: the
 * frame from textures; turned, the screen is kept in a target texture
 * where only what changed is drawn again, and copied out turned.
 *
 * Under a service manager (service.c) it reports readiness after the
 * first card and pings the watchdog from this loop; SIGTERM/SIGINT end it,
 * SIGHUP reloads the config between frames. Outside the [screen] window
 * (panel.c) it draws nothing and sleeps minute to minute, panel off.
 *
 * An emergency in the cache takes the whole screen at once (the cache is
 * asked four times a second), without header, ticker or rotation, until
 * it is removed or expires. Each card that leaves the screen becomes one
 * play in the cache (plays.c); a status file and, after a card change at
 * most once a minute, a thumbnail of the screen go beside the cache for
 * the fleet (fleet.c, thumb.c).
 *
 * Must not: lay out text itself, compose the screen (screen.c does) or
 * write to the cache anything but plays.
 */
#include "app/app.h"

#include <SDL.h>
#include <SDL_syswm.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache/cache.h"
#include "base/calendar.h"
#include "show/deck.h"
#include "screen/display.h"
#include "screen/fade.h"
#include "app/fleet.h"
#include "app/panel.h"
#include "app/plays.h"
#include "screen/screen.h"
#include "app/service.h"
#include "app/netproc.h"
#include "screen/thumb.h"
#include "screen/ticker.h"
#include "base/util.h"

/* Frames per second while something moves. */
#define FRAME_RATE 60.0
/* How often the cache is asked whether it changed (seconds): an
 * emergency is on screen within this of reaching the cache. */
#define WATCH_EVERY 0.25
/* The thumbnail: its longer side, its largest size, how often at most. */
#define THUMB_SIDE 480
#define THUMB_MAX_BYTES (40 * 1024)
#define THUMB_EVERY 60.0

/* What must be drawn again at the next frame. */
enum { DIRTY_HEADER = 1, DIRTY_CARD = 2, DIRTY_TICKER = 4, DIRTY_ALL = 7 };

/* The clock the display shows: the real one, or --at and --time-scale. */
struct app_clock {
	int64_t at_base;  /* Unix time at mono_base; 0 for the real clock */
	double mono_base; /* time_mono() when the display started */
	double scale;	  /* how much faster than real time; 0 for real time */
};

/* The cache the cards come from. */
struct app_source {
	const char *path;    /* borrowed */
	struct cache *cache; /* NULL while lost */
	double retry_at;     /* app time of the next attempt to reopen it */
	double watch_at;     /* app time it is next asked for breaking news */
	int missing;	     /* no file yet, none could be made: said once */
};

/* Where frames go. */
struct app_output {
	SDL_Window *win;
	SDL_Renderer *ren;    /* the GPU way; NULL in software */
	SDL_Texture *target;  /* GPU and turned: the unturned screen, kept */
	SDL_Surface *logical; /* software, turned or off-size: the unturned screen */
	struct screen scr;    /* draws the unturned screen */
	int blocking_wait;    /* the video driver's event wait really sleeps */
	int no_input;	      /* offscreen/dummy: no keys can arrive */
	int dirty;	      /* DIRTY_* */
	unsigned long frames;
	double last_frame; /* app time of the last frame drawn */
};

/* One card of the card area. */
struct app_card {
	struct screen_image *im;   /* NULL when not built (or freed) */
	struct playlist_slot slot; /* which card it is, to rebuild it */
	double dwell;		   /* seconds it wants on screen */
	int64_t start;		   /* Unix time it came on screen; 0: no play open */
	double start_t;		   /* app time it came on screen */
	char kind[16]; /* for its play: headline, page, schedule, intermission, empty */
	char id[128], title[256];  /* its article's, "" for none */
};

/* The card area: the card on screen, the one before it (its picture only
 * while a transition needs it) and the next one. In software with a cut or
 * a crossfade the next one is built at the change, after the picture on
 * screen was let go (the screen holds its pixels, and the crossfade starts
 * from them): one card's picture besides the screen, not three. Otherwise
 * (GPU, slide) the next one is built a turn ahead. */
struct app_cards {
	struct app_card prev, cur, next;
	int have_prev;	    /* prev.slot names a card of the current playlist */
	struct fade *fade;  /* the software crossfade in progress, or NULL */
	double end;	    /* app time the current card's turn ends */
	double trans_start; /* app time the transition began */
	int in_transition;
	int paused;
	unsigned long shown;
};

/* The ticker as pictures. */
struct app_ticker {
	struct ticker *tk;	     /* NULL when off */
	struct screen_image *bar;    /* background and label */
	struct screen_image **strip; /* tk's pieces */
	int nstrip;
	int area_x, area_w; /* the strip scrolls in [area_x, area_x + area_w) */
	double t0;	    /* app time the strip started */
};

/* The service side: signals, the watchdog, the night schedule. */
struct app_service {
	const char *config_path; /* --config, read again on SIGHUP */
	struct config own_cfg;	 /* the config SIGHUP read, when own_cfg_set */
	int own_cfg_set;
	SDL_sem *wake;		   /* posted after a signal: ends a sleep */
	double watchdog_at;	   /* real monotonic time of the next ping */
	struct panel_power *power; /* the panel: DPMS, CEC */
	int drm_fd;		   /* SDL's DRM fd under KMSDRM, else -1 */
	int dark;		   /* outside the [screen] window: nothing drawn */
	int64_t screen_minute;	   /* the minute the schedule was last checked */
	int no_net;		   /* --no-network: khabar-net runs on its own */
};

/* An emergency: the whole screen while one is in the cache. */
struct app_emergency {
	struct article art;	  /* the one on screen (a copy) */
	struct screen_image *im;  /* its screen; NULL when none is on */
	int announce;		  /* drawn, not yet logged */
	int ended;		  /* gone: the cards come back at the next turn */
	int64_t start;		  /* Unix time it came on screen */
	double start_t;		  /* app time it came on screen */
	char shown[128];	  /* the id last drawn, for the status */
	unsigned long drawn;	  /* emergencies drawn: a new one, or new words */
};

/* When a file was last replaced. */
struct file_stamp {
	struct timespec t;
	ino_t ino;
};

/* What the display tells the fleet: plays, status, thumbnail. */
struct app_fleet {
	struct plays *plays;
	char *status_path, *thumb_path;
	double status_at; /* real monotonic time of the next status */
	char state[16];	  /* the state last written */
	char emergency[128];
	unsigned long emergency_drawn; /* the app_emergency.drawn last written */
	int64_t started;
	int thumb_due;	 /* a card changed since the last thumbnail */
	double thumb_at; /* real monotonic time a thumbnail may be written again */
	SDL_Surface *grab; /* GPU: the frame read back before it was presented */
	/* Settings pushed over the fleet (khabar-net writes the files) */
	char *settings_path, *verdict_path;
	struct file_stamp settings_mtime, verdict_mtime; /* as last read */
	double settings_at;    /* real monotonic time the files are looked at next */
	char settings_sum[17]; /* of the settings file in force, "" none */
	char refused[512];     /* why the display refused the file, "" it did not */
	char topic[256], pushed[17], result[512]; /* khabar-net's verdict */
};

struct app {
	const struct config *cfg;	/* borrowed, or svc.own_cfg after a reload */
	const struct card_fonts *fonts; /* borrowed */
	struct deck deck;
	struct app_clock clock;
	struct app_source src;
	struct app_output out;
	struct screen_image *header; /* the header of header_minute */
	int64_t header_minute;
	struct app_cards cards;
	struct app_ticker ticker;
	struct netproc *net; /* khabar-net as a child; NULL when off */
	struct app_service svc;
	struct app_emergency emerg;
	struct app_fleet fleet;
	int running;
};

static double app_mono(const struct app *a)
{
	const struct app_clock *c = &a->clock;
	return c->scale > 0 ? c->mono_base + (time_mono() - c->mono_base) * c->scale : time_mono();
}

static int64_t app_now(const struct app *a)
{
	if (!a->clock.at_base)
		return time_now_unix();
	return a->clock.at_base + (int64_t)floor(app_mono(a) - a->clock.mono_base);
}

static void report_status(struct app *a, int ready);
static void show_fresh_card(struct app *a, double t);

static struct screen_image *image_of(struct app *a, const struct card *c)
{
	return screen_image_of_card(&a->out.scr, c);
}

/* ------------------------------------------------------- header, ticker */

static void build_header(struct app *a, int64_t now)
{
	char *logo = path_if_readable(card_logo_path(a->cfg), "header: logo");
	struct card *c = card_header(&a->deck.g, a->cfg, a->fonts, now, logo);
	free(logo);
	struct screen_image *im = image_of(a, c);
	card_free(c);
	if (im) {
		screen_image_free(a->header);
		a->header = im;
	}
	a->header_minute = now / 60;
	a->out.dirty |= DIRTY_HEADER;
}

static void free_ticker(struct app_ticker *t)
{
	for (int i = 0; i < t->nstrip; i++)
		screen_image_free(t->strip[i]);
	free(t->strip);
	t->strip = NULL;
	t->nstrip = 0;
	ticker_free(t->tk);
	t->tk = NULL;
}

static void build_ticker(struct app *a)
{
	struct app_ticker *t = &a->ticker;
	free_ticker(t);
	if (!a->cfg->ticker)
		return;
	if (!*a->deck.ticker_text) {
		/* No headline (the schedule alone, or no news yet): no bar,
		 * the background where it stood. */
		a->out.dirty |= DIRTY_HEADER;
		return;
	}
	if (!t->bar) {
		struct card *bar =
		    card_ticker_bar(&a->deck.g, a->cfg, a->fonts, &t->area_x, &t->area_w);
		t->bar = image_of(a, bar);
		card_free(bar);
	}
	t->tk = ticker_new(&a->deck.g, a->cfg, a->fonts, a->deck.ticker_text, t->area_x, t->area_w);
	t->strip = screen_strip_images(&a->out.scr, t->tk, &t->nstrip);
	t->t0 = app_mono(a);
	a->out.dirty |= DIRTY_TICKER;
	log_debug("ticker: %d px in %d pieces, %.1f px/s, scrolling in %dx%d at y %d, x %d, %s",
		  t->tk->width, t->nstrip, t->tk->speed, t->area_w, t->tk->h,
		  a->deck.g.h - t->tk->h, t->area_x, t->tk->leftward ? "leftward" : "rightward");
}

static int ticker_moves(const struct app *a)
{
	return a->ticker.tk && a->ticker.tk->width > 0 && a->ticker.nstrip;
}

/* ---------------------------------------------------------------- cache */

/* With no cards loaded, a cache file that is there but cannot be read
 * gets its own empty card: it is not an empty cache. */
static void mark_unreadable(struct app *a)
{
	if (!a->deck.playlist.articles.n && access(a->src.path, F_OK) == 0)
		a->deck.last_update = -1;
}

/* A fresh install has no cache file: an empty one is made when its
 * directory may be written (the display then sees the first import within
 * a second, by its version); else the file is looked for every second,
 * said once at info level. 1 while there is still none. */
static int no_cache_yet(struct app *a)
{
	struct app_source *s = &a->src;
	if (access(s->path, F_OK) == 0)
		return 0;
	char *err = NULL;
	struct cache *w = cache_open(s->path, 0, &err);
	if (w) {
		cache_close(w);
		log_info("cache: made an empty cache %s; waiting for the first import", s->path);
		s->missing = 0;
		return 0;
	}
	if (!s->missing)
		log_info("cache: none yet at %s (%s); the first import is shown when it comes",
			 s->path, err);
	free(err);
	s->missing = 1;
	s->retry_at = app_mono(a) + 1;
	return 1;
}

/* The cache, opened again when lost: 1 when it is there and changed
 * (or just opened), 0 when unchanged, -1 when it is not there. */
static int source_changed(struct app *a)
{
	struct app_source *s = &a->src;
	char *err = NULL;
	if (!s->cache) {
		if (app_mono(a) < s->retry_at)
			return -1;
		if (no_cache_yet(a))
			return -1;
		if (!(s->cache = cache_open(s->path, 1, &err))) {
			log_warn("cache: %s; retrying in %.0f s", err, a->cfg->retry_seconds);
			free(err);
			s->retry_at = app_mono(a) + a->cfg->retry_seconds;
			mark_unreadable(a);
			return -1;
		}
		cache_changed(s->cache); /* remember the version */
		log_info("cache: opened %s", s->path);
		return 1;
	}
	int r = cache_changed(s->cache);
	if (r < 0) {
		log_warn("cache: %s is gone or broken; keeping the loaded cards", s->path);
		cache_close(s->cache);
		s->cache = NULL;
		s->retry_at = app_mono(a) + a->cfg->retry_seconds;
		return -1;
	}
	return r == 1;
}

/* ---------------------------------------------------------------- plays */

/* Copy at most n - 1 bytes of src, never cutting a UTF-8 character. */
static void copy_utf8(char *dst, size_t n, const char *src)
{
	size_t len = strlen(src);
	if (len >= n) {
		len = n - 1;
		while (len && ((unsigned char)src[len] & 0xc0) == 0x80)
			len--;
	}
	memcpy(dst, src, len);
	dst[len] = 0;
}

/* What a card's play says about it, from its slot in the playlist now. */
static void card_meta(const struct app *a, struct app_card *card)
{
	const struct playlist_slot *s = &card->slot;
	const struct article *art = s->article < a->deck.playlist.articles.n
					? &a->deck.playlist.articles.items[s->article]
					: NULL;
	int slide = s->article == DECK_SLOT_INTERMISSION;
	if (slide) /* a sponsor's slide is worth its play: which article */
		art = s->page >= 0 && (size_t)s->page < a->deck.intermission.n
			  ? &a->deck.intermission.items[s->page]
			  : NULL;
	const char *kind = s->article == DECK_EMPTY_CARD      ? "empty"
			   : s->article == DECK_SLOT_SCHEDULE ? "schedule"
			   : slide			      ? "intermission"
			   : s->page < 0		      ? "headline"
							      : "page";
	snprintf(card->kind, sizeof card->kind, "%s", kind);
	copy_utf8(card->id, sizeof card->id, art ? art->id : "");
	copy_utf8(card->title, sizeof card->title, art ? art->title : "");
}

static double real_seconds(const struct app *a, double app_seconds)
{
	return app_seconds / (a->clock.scale > 0 ? a->clock.scale : 1);
}

/* The card on screen leaves it at app time t: its play, whole. */
static void play_end(struct app *a, double t)
{
	struct app_card *c = &a->cards.cur;
	if (c->start)
		plays_add(a->fleet.plays, c->start, real_seconds(a, t - c->start_t), c->kind, c->id,
			  c->title, c->kind[0] == 'p' ? c->slot.page : -1, app_now(a));
	c->start = 0;
}

/* ------------------------------------------------------------ emergency */

static int emergency_same(const struct article *x, const struct article *y)
{
	return !strcmp(x->id, y->id) && !strcmp(x->title, y->title) &&
	       !strcmp(x->body, y->body) && !strcmp(x->summary, y->summary) &&
	       x->expires == y->expires;
}

/* The emergency screen for e takes over at once (the next frame). */
static void emergency_start(struct app *a, const struct article *e, double t)
{
	struct app_emergency *m = &a->emerg;
	int was_on = m->im != NULL;
	if (was_on && emergency_same(&m->art, e))
		return;
	struct card *c = card_emergency(a->deck.g.w, a->deck.g.h, a->cfg, a->fonts, e);
	struct screen_image *im = image_of(a, c);
	card_free(c);
	if (!im)
		return; /* logged; the cards stay */
	screen_image_free(m->im);
	m->im = im;
	article_copy(&m->art, e);
	m->announce = 1;
	m->ended = 0;
	a->out.dirty = DIRTY_ALL;
	if (!was_on) {
		play_end(a, t);
		m->start = app_now(a);
		m->start_t = t;
	}
	log_info("emergency: %s takes the screen", e->id);
}

/* The emergency is gone (removed or expired): its play, then the cards. */
static void emergency_stop(struct app *a, double t)
{
	struct app_emergency *m = &a->emerg;
	if (!m->im)
		return;
	plays_add(a->fleet.plays, m->start, real_seconds(a, t - m->start_t), "emergency",
		  m->art.id, m->art.title, -1, app_now(a));
	log_info("emergency: %s is over; back to the cards", m->art.id);
	screen_image_free(m->im);
	m->im = NULL;
	article_clear(&m->art);
	m->shown[0] = 0;
	m->ended = 1;
	a->out.dirty = DIRTY_ALL;
}

/* Take the emergencies out of list (the deck never shows them as cards):
 * the first, if any, takes the screen; none ends the one on screen. */
static void take_emergency(struct app *a, struct article_list *list)
{
	size_t k = 0;
	int found = 0;
	double t = app_mono(a);
	for (size_t i = 0; i < list->n; i++) {
		struct article *e = &list->items[i];
		if (e->priority != PRIORITY_EMERGENCY) {
			if (k != i)
				list->items[k] = *e;
			k++;
			continue;
		}
		if (!found++)
			emergency_start(a, e, t);
		article_clear(e);
	}
	list->n = k;
	if (!found)
		emergency_stop(a, t);
}

/* Breaking news that arrives while a card is up is on screen at the next
 * card change, at most the transition time after the current card's
 * minimum dwell: a card built ahead from the old playlist is dropped and
 * the current one ends at its minimum dwell (at once if that has passed). */
static void breaking_now(struct app *a)
{
	struct app_cards *c = &a->cards;
	screen_image_free(c->next.im);
	c->next = (struct app_card){0};
	c->end = MIN(c->end, c->end - c->cur.dwell + a->cfg->min_dwell);
	if (c->cur.im)
		log_info("card: breaking news; the current card ends at its minimum dwell");
}

/* Whether id (as a card keeps it, cut to its id[]) is of an article in list. */
static int card_in_list(const char *id, const struct article_list *list)
{
	for (size_t i = 0; i < list->n; i++) {
		char cut[sizeof ((struct app_card *)0)->id];
		copy_utf8(cut, sizeof cut, list->items[i].id);
		if (!strcmp(cut, id))
			return 1;
	}
	return 0;
}

/* Removed means removed: a card whose article left the cache (removed at
 * the broker or with `khabar remove`, or expired) leaves the screen now,
 * not at the end of its dwell, and one built ahead of it is dropped. */
static void drop_gone_cards(struct app *a, const struct article_list *list)
{
	struct app_cards *c = &a->cards;
	if (*c->next.id && !card_in_list(c->next.id, list)) {
		screen_image_free(c->next.im);
		c->next = (struct app_card){0};
	}
	if (!*c->cur.id || !c->cur.start || card_in_list(c->cur.id, list))
		return;
	log_info("card: %s left the cache; its card leaves the screen now", c->cur.id);
	screen_image_free(c->next.im);
	c->next = (struct app_card){0};
	c->end = MIN(c->end, app_mono(a));
}

static void rebuild_schedule(struct app *a);

/* Read the articles again when the cache changed (or first opens), or
 * when forced (a new config). */
static void refresh(struct app *a, int force)
{
	if (source_changed(a) != 1 && !(force && a->src.cache))
		return;
	struct article_list list = {0};
	char *err = NULL;
	int64_t now = app_now(a);
	if (cache_list(a->src.cache, now, 0, &list, &err)) {
		/* Nothing readable: keep the cards, read again on the retry
		 * timer (a damaged file may be replaced without a change
		 * SQLite would report). */
		log_warn("cache: %s; keeping the loaded cards, retrying in %.0f s", err,
			 a->cfg->retry_seconds);
		free(err);
		article_list_free(&list);
		cache_close(a->src.cache);
		a->src.cache = NULL;
		a->src.retry_at = app_mono(a) + a->cfg->retry_seconds;
		mark_unreadable(a);
		return;
	}
	article_list_check_images(&list);
	take_emergency(a, &list);
	drop_gone_cards(a, &list);
	deck_load(&a->deck, &list, now, cache_last_update(a->src.cache));
	struct event_list events = {0};
	if (cache_events_list(a->src.cache, &events, &err)) {
		log_warn("cache: %s; no schedule", err);
		free(err);
	}
	deck_load_events(&a->deck, &events);
	event_list_free(&events);
	rebuild_schedule(a); /* a hall marked full shows now, not at the minute */
	a->cards.have_prev = 0; /* slots of the old playlist mean nothing now */
	log_info("cache: %zu articles, %zu to show", list.n, a->deck.playlist.articles.n);
	article_list_free(&list);
	if (a->deck.new_breaking)
		breaking_now(a);
	build_ticker(a);
}

/* Build the next card's picture (one turn ahead). */
static void prebuild(struct app *a)
{
	refresh(a, 0);
	double t0 = time_mono();
	struct app_card *n = &a->cards.next;
	struct card *c = deck_next(&a->deck, app_now(a), &n->slot);
	n->im = image_of(a, c);
	n->dwell = c->dwell;
	card_free(c);
	card_meta(a, n);
	if (n->slot.article == DECK_EMPTY_CARD)
		log_debug("card: the empty card built in %.1f ms", (time_mono() - t0) * 1000);
	else if (n->slot.article == DECK_SLOT_SCHEDULE)
		log_debug("card: schedule page %d built in %.1f ms", n->slot.page + 1,
			  (time_mono() - t0) * 1000);
	else if (n->slot.article == DECK_SLOT_INTERMISSION)
		log_debug("card: intermission slide %d built in %.1f ms", n->slot.page + 1,
			  (time_mono() - t0) * 1000);
	else
		log_debug("card: article %zu (%s) page %d built in %.1f ms", n->slot.article,
			  a->deck.playlist.articles.items[n->slot.article].id, n->slot.page + 1,
			  (time_mono() - t0) * 1000);
}

/* Ask the cache four times a second whether it changed (PRAGMA
 * data_version: microseconds), so an emergency is on screen at once and
 * breaking news need not wait for the next card. */
static void watch_cache(struct app *a, double t)
{
	if (t < a->src.watch_at)
		return;
	a->src.watch_at = t + WATCH_EVERY * (a->clock.scale > 0 ? a->clock.scale : 1);
	refresh(a, 0);
}

/* --------------------------------------------------------------- frames */

static void parts_at(const struct app *a, double t, struct screen_parts *p)
{
	const struct app_cards *c = &a->cards;
	*p = (struct screen_parts){
	    .header = a->header,
	    .card = c->cur.im,
	    .prev = c->in_transition ? c->prev.im : NULL,
	    .transition = a->cfg->transition,
	    .progress =
		a->cfg->transition_time > 0 ? (t - c->trans_start) / a->cfg->transition_time : 1,
	    .fade = c->fade,
	    .bar = a->ticker.tk ? a->ticker.bar : NULL,
	    .ticker = a->ticker.tk,
	    .strip = a->ticker.strip,
	    .ticker_t = t - a->ticker.t0,
	    .background = a->cfg->theme.background,
	};
}

/* Software: send the changed rectangles of the unturned screen to the
 * window, turned and centred when they differ. */
static void present_rects(struct app *a, SDL_Rect *r, int n)
{
	SDL_Surface *ws = SDL_GetWindowSurface(a->out.win);
	if (!ws)
		return;
	if (a->out.logical) {
		SDL_Surface *l = a->out.logical;
		int turned = a->cfg->rotate % 180 != 0;
		int dx = (ws->w - (turned ? l->h : l->w)) / 2,
		    dy = (ws->h - (turned ? l->w : l->h)) / 2;
		for (int i = 0; i < n; i++)
			r[i] = display_rotate_into(l, r[i], ws, dx, dy, a->cfg->rotate);
	}
	SDL_UpdateWindowSurfaceRects(a->out.win, r, n);
}

/* Draw the parts in what (DIRTY_*) of the unturned screen; the rows they
 * cover go into r (at most 2), their number is returned. */
static int draw_parts(struct app *a, const struct screen_parts *p, int what, SDL_Rect *r)
{
	int n = 0;
	if (what & DIRTY_HEADER) {
		screen_draw(&a->out.scr, p);
		r[n++] = (SDL_Rect){0, 0, a->deck.g.w, a->deck.g.h};
		return n;
	}
	if (what & DIRTY_CARD)
		r[n++] = screen_draw_card_area(&a->out.scr, p);
	if (what & DIRTY_TICKER) {
		r[n] = screen_draw_ticker(&a->out.scr, p);
		n += r[n].h > 0;
		if (a->ticker.tk)
			log_debug("ticker: frame at %.4f s, x %d", p->ticker_t,
				  ticker_x(a->ticker.tk, p->ticker_t));
	}
	return n;
}

/* GPU: read the frame back before it is presented (the back buffer is
 * undefined after), when a thumbnail wants it. */
static void grab_gpu(struct app *a)
{
	int w, h;
	if (!a->fleet.thumb_due || a->fleet.grab || !a->fleet.thumb_path)
		return;
	SDL_GetRendererOutputSize(a->out.ren, &w, &h);
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
	if (s && SDL_RenderReadPixels(a->out.ren, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels,
				      s->pitch) != 0) {
		SDL_FreeSurface(s);
		s = NULL;
	}
	a->fleet.grab = s;
}

/* GPU. Unturned: the whole frame from textures straight to the back
 * buffer, one pass over the screen (cheaper than a kept target that must
 * be copied out: 7.5 s against 14.6 s of CPU in 15 s under Mesa's
 * llvmpipe). Turned: the screen is kept in the target texture, where
 * only the parts that changed are drawn again (a ticker frame: the
 * strip's textures into the ticker's rows), then copied out turned. */
static void draw_gpu(struct app *a, const struct screen_parts *p, int what)
{
	if (!a->out.target) {
		screen_draw(&a->out.scr, p);
		if (!a->cards.in_transition)
			grab_gpu(a);
		SDL_RenderPresent(a->out.ren);
		return;
	}
	SDL_Rect r[2];
	SDL_SetRenderTarget(a->out.ren, a->out.target);
	draw_parts(a, p, what, r);
	SDL_SetRenderTarget(a->out.ren, NULL);
	int ww, wh;
	SDL_GetRendererOutputSize(a->out.ren, &ww, &wh);
	const struct card_geometry *g = &a->deck.g;
	SDL_Rect dst = {(ww - g->w) / 2, (wh - g->h) / 2, g->w, g->h};
	SDL_RenderCopyEx(a->out.ren, a->out.target, NULL, &dst, a->cfg->rotate, NULL,
			 SDL_FLIP_NONE);
	if (!a->cards.in_transition)
		grab_gpu(a);
	SDL_RenderPresent(a->out.ren);
}

/* The emergency screen, whole, in place of header, card and ticker. */
static void draw_emergency(struct app *a)
{
	if (a->out.ren) {
		if (a->out.target)
			SDL_SetRenderTarget(a->out.ren, a->out.target);
		screen_draw_whole(&a->out.scr, a->emerg.im);
		if (a->out.target) {
			SDL_SetRenderTarget(a->out.ren, NULL);
			int ww, wh;
			SDL_GetRendererOutputSize(a->out.ren, &ww, &wh);
			const struct card_geometry *g = &a->deck.g;
			SDL_Rect dst = {(ww - g->w) / 2, (wh - g->h) / 2, g->w, g->h};
			SDL_RenderCopyEx(a->out.ren, a->out.target, NULL, &dst, a->cfg->rotate,
					 NULL, SDL_FLIP_NONE);
		}
		grab_gpu(a);
		SDL_RenderPresent(a->out.ren);
		return;
	}
	screen_draw_whole(&a->out.scr, a->emerg.im);
	SDL_Rect r = {0, 0, a->deck.g.w, a->deck.g.h};
	present_rects(a, &r, 1);
}

/* Draw what changed or moves at app time t. */
static void draw_frame(struct app *a, double t)
{
	if (a->emerg.im) {
		if (a->out.dirty)
			draw_emergency(a);
		a->out.dirty = 0;
		a->out.frames++;
		a->out.last_frame = t;
		return;
	}
	struct screen_parts p;
	parts_at(a, t, &p);
	int what = a->out.dirty | (a->cards.in_transition ? DIRTY_CARD : 0) |
		   (ticker_moves(a) ? DIRTY_TICKER : 0);
	if (a->out.ren) {
		draw_gpu(a, &p, what);
	} else {
		SDL_Rect r[2];
		int n = draw_parts(a, &p, what, r);
		present_rects(a, r, n);
	}
	a->out.dirty = 0;
	a->out.frames++;
	a->out.last_frame = t;
}

static int animating(const struct app *a)
{
	return !a->emerg.im && (a->cards.in_transition || ticker_moves(a));
}

/* Whether to draw at app time t: something changed, or something moves
 * and its frame period has passed. A wake-up for any other reason (under
 * X11 the server answers each frame sent) must not draw one more frame,
 * or the loop would feed itself and spin. */
static int frame_due(const struct app *a, double t)
{
	double scale = a->clock.scale > 0 ? a->clock.scale : 1;
	return a->out.dirty || (animating(a) && t >= a->out.last_frame + scale / FRAME_RATE);
}

/* ---------------------------------------------------------------- turns */

/* The card in slot `to` goes on screen at app time t; fade (taken) is the
 * crossfade from the screen's pixels, or NULL to make one from prev. */
static void start_turn(struct app *a, double t, int transition, struct fade *fade)
{
	struct app_cards *c = &a->cards;
	c->end = t + c->cur.dwell;
	c->cur.start = app_now(a);
	c->cur.start_t = t;
	a->fleet.thumb_due = 1;
	fade_free(c->fade);
	c->fade = fade;
	c->in_transition = transition && (c->prev.im || c->fade) &&
			   a->cfg->transition != TRANSITION_NONE && a->cfg->transition_time > 0;
	if (c->in_transition && !c->fade && a->cfg->transition == TRANSITION_CROSSFADE &&
	    c->prev.im->s)
		c->fade = fade_new(c->prev.im->s, c->cur.im->s);
	if (!c->in_transition) {
		fade_free(c->fade);
		c->fade = NULL;
	}
	c->trans_start = t;
	a->out.dirty |= DIRTY_CARD;
}

/* Whether the card on screen may go before the next one is built: the
 * software screen holds its pixels and the change is a cut or a crossfade
 * (which starts from those pixels); a slide needs the picture. */
static int lean_turn(const struct app *a)
{
	return a->cards.cur.im && a->out.scr.surface && !a->out.ren && !a->svc.dark &&
	       (a->cfg->transition == TRANSITION_NONE ||
		a->cfg->transition == TRANSITION_CROSSFADE);
}

/* The crossfade from the card area of the screen's surface (a view on its
 * rows, no copy) to the picture to; NULL for a cut. */
static struct fade *fade_from_screen(const struct app *a, const struct screen_image *to)
{
	SDL_Surface *s = a->out.scr.surface;
	const struct card_geometry *g = &a->deck.g;
	if (a->cfg->transition != TRANSITION_CROSSFADE || a->cfg->transition_time <= 0 || !to->s)
		return NULL;
	SDL_Surface *view = SDL_CreateRGBSurfaceWithFormatFrom(
	    (Uint8 *)s->pixels + (size_t)g->body_y * (size_t)s->pitch, g->w, g->body_h, 32,
	    s->pitch, s->format->format);
	struct fade *f = view ? fade_new_any(view, to->s) : NULL;
	SDL_FreeSurface(view);
	if (!f)
		log_debug("card: no crossfade from the screen (%s)", SDL_GetError());
	return f;
}

/* The picture of the card in slot (its dwell in *dwell unless NULL), or
 * NULL when it cannot be made. */
static struct screen_image *card_image(struct app *a, const struct playlist_slot *slot,
				       double *dwell)
{
	struct card *card = deck_card(&a->deck, slot, app_now(a));
	struct screen_image *im = card ? image_of(a, card) : NULL;
	if (dwell)
		*dwell = card ? card->dwell : 0;
	card_free(card);
	return im;
}

/* Show the next card (built now when lean, else the one built ahead). */
static void advance(struct app *a, double t)
{
	struct app_cards *c = &a->cards;
	struct app_card gone = c->cur;
	int lean = !c->next.im && lean_turn(a);
	if (lean) {
		screen_image_free(gone.im); /* its pixels are on screen */
		c->cur.im = NULL;
	}
	if (!c->next.im)
		prebuild(a);
	if (!c->next.im) {
		/* Keep the current card; try again at the next deadline. */
		if (lean)
			c->cur.im = card_image(a, &gone.slot, NULL);
		return;
	}
	play_end(a, t);
	struct fade *fade = lean ? fade_from_screen(a, c->next.im) : NULL;
	screen_image_free(c->prev.im);
	c->prev = lean ? (struct app_card){.slot = gone.slot, .dwell = gone.dwell} : gone;
	c->have_prev = gone.im != NULL || lean;
	c->cur = c->next;
	c->next = (struct app_card){0};
	start_turn(a, t, 1, fade);
	c->shown++;
	log_debug("card %lu on screen for %.1f s", c->shown, c->cur.dwell);
	report_status(a, 0);
}

/* Go one card back (a maintenance key): rebuild the card before this
 * one; the one we leave comes next again. */
static void go_back(struct app *a, double t)
{
	struct app_cards *c = &a->cards;
	if (!c->have_prev)
		return;
	double dwell;
	struct screen_image *im = card_image(a, &c->prev.slot, &dwell);
	if (!im)
		return;
	play_end(a, t);
	screen_image_free(c->prev.im);
	screen_image_free(c->next.im);
	c->next = c->cur;
	c->cur = (struct app_card){.im = im, .slot = c->prev.slot, .dwell = dwell};
	card_meta(a, &c->cur);
	c->prev = (struct app_card){0};
	c->have_prev = 0;
	start_turn(a, t, 0, NULL);
	log_info("card: back to the previous card");
}

/* After a transition: free the old card's picture ("previous" rebuilds
 * it), then build the next card. 1 when it did either. */
static int housekeep(struct app *a, double t)
{
	struct app_cards *c = &a->cards;
	if (c->in_transition && t >= c->trans_start + a->cfg->transition_time) {
		c->in_transition = 0;
		a->out.dirty |= DIRTY_CARD; /* the last frame shows the card alone */
	}
	if (c->in_transition)
		return 0;
	if (c->prev.im || c->fade) {
		screen_image_free(c->prev.im);
		c->prev.im = NULL;
		fade_free(c->fade);
		c->fade = NULL;
		return 1;
	}
	if (!c->next.im && !lean_turn(a)) {
		prebuild(a); /* off the critical path: between transitions */
		return 1;
	}
	return 0;
}

/* A schedule card is rebuilt every minute, so its progress bars and
 * countdowns move: the one on screen (not during a transition) and the
 * one built ahead, which would otherwise come up a minute stale. */
static void rebuild_schedule_card(struct app *a, struct app_card *card)
{
	if (card->slot.article != DECK_SLOT_SCHEDULE || !card->im)
		return;
	struct card *c = deck_card(&a->deck, &card->slot, app_now(a));
	struct screen_image *im = c ? image_of(a, c) : NULL;
	card_free(c);
	if (!im)
		return;
	screen_image_free(card->im);
	card->im = im;
	log_debug("card: schedule card rebuilt for minute %lld", (long long)(app_now(a) / 60));
}

static void rebuild_schedule(struct app *a)
{
	if (!a->cards.in_transition && a->cards.cur.slot.article == DECK_SLOT_SCHEDULE) {
		rebuild_schedule_card(a, &a->cards.cur);
		a->out.dirty |= DIRTY_CARD;
	}
	rebuild_schedule_card(a, &a->cards.next);
}

/* The clock's minute and the card's turn, at app time t. */
static void tick(struct app *a, double t)
{
	if (app_now(a) / 60 != a->header_minute) {
		build_header(a, app_now(a));
		rebuild_schedule(a);
	}
	watch_cache(a, t);
	struct app_emergency *m = &a->emerg;
	if (m->im && m->art.expires && app_now(a) >= m->art.expires)
		refresh(a, 1); /* it expired: the listing leaves it out */
	if (m->ended) {
		m->ended = 0;
		show_fresh_card(a, t);
	}
	if (!m->im && !a->cards.paused && t >= a->cards.end)
		advance(a, t);
}

/* When the loop must wake next: the next frame while something moves,
 * else the next card, the next clock minute or the end (end 0: none). */
static double next_deadline(const struct app *a, double t, double end)
{
	double scale = a->clock.scale > 0 ? a->clock.scale : 1;
	if (animating(a))
		return a->out.last_frame + scale / FRAME_RATE;
	double d = a->cards.paused || a->emerg.im ? t + 3600 : a->cards.end;
	int64_t now = app_now(a);
	d = MIN(d, t + (double)((now / 60 + 1) * 60 - now));
	d = MIN(d, a->src.watch_at);
	if (a->emerg.im && a->emerg.art.expires)
		d = MIN(d, t + (double)MAX(a->emerg.art.expires - now, 0));
	return end ? MIN(d, end) : d;
}

/* --------------------------------------------------------------- events */

static void handle_key(struct app *a, SDL_Keycode key)
{
	double t = app_mono(a);
	if (a->emerg.im && key != SDLK_ESCAPE && key != SDLK_q)
		return; /* an emergency stays until it is removed */
	switch (key) {
	case SDLK_LEFT: /* right to left: left is forward */
	case SDLK_n:
	case SDLK_PAGEDOWN: advance(a, t); break;
	case SDLK_RIGHT:
	case SDLK_p:
	case SDLK_PAGEUP: go_back(a, t); break;
	case SDLK_SPACE:
	case SDLK_PAUSE:
		a->cards.paused = !a->cards.paused;
		a->cards.end = t + a->cards.cur.dwell;
		log_info("rotation %s", a->cards.paused ? "paused" : "resumed");
		break;
	case SDLK_ESCAPE:
	case SDLK_q:
		if (a->cfg->allow_quit) {
			log_info("quit key");
			a->running = 0;
		}
		break;
	default: break;
	}
}

static void handle_events(struct app *a)
{
	SDL_Event ev;
	while (SDL_PollEvent(&ev)) {
		if (ev.type == SDL_QUIT) {
			log_info("quit requested");
			a->running = 0;
		} else if (ev.type == SDL_WINDOWEVENT &&
			   (ev.window.event == SDL_WINDOWEVENT_EXPOSED ||
			    ev.window.event == SDL_WINDOWEVENT_SIZE_CHANGED)) {
			a->out.dirty = DIRTY_ALL;
			if (!a->out.ren && !a->out.logical) /* a new size is a new surface */
				a->out.scr.surface = SDL_GetWindowSurface(a->out.win);
		} else if (ev.type == SDL_RENDER_TARGETS_RESET ||
			   ev.type == SDL_RENDER_DEVICE_RESET) {
			a->out.dirty = DIRTY_ALL; /* the kept screen is lost: draw it all */
		} else if (ev.type == SDL_KEYDOWN && !ev.key.repeat) {
			handle_key(a, ev.key.keysym.sym);
		}
	}
}

/* Sleep until deadline (in the app's clock) or an event. */
static void wait_until(struct app *a, double deadline)
{
	double left = deadline - app_mono(a);
	if (left <= 0)
		return;
	double scale = a->clock.scale > 0 ? a->clock.scale : 1;
	int ms = (int)ceil(left * 1000 / scale);
	/* The loop must turn for the watchdog's ping (real time). */
	double ping = a->svc.watchdog_at - time_mono(); /* far off without a watchdog */
	if (ping * 1000 < ms)
		ms = (int)ceil(MAX(ping, 0) * 1000);
	if (ms <= 0 || service_stop_requested())
		return;
	if (a->out.blocking_wait) {
		SDL_WaitEventTimeout(NULL, ms); /* a signal pushes an event */
	} else {
		/* This driver's wait polls: sleep on the wake semaphore (a
		 * signal posts it), a few times a second where keys arrive. */
		SDL_SemWaitTimeout(a->svc.wake, (Uint32)(a->out.no_input ? ms : MIN(ms, 250)));
	}
}

/* ---------------------------------------------------------------- fleet */

/* The mtime and inode of path ({0} when there is no such file): a file
 * replaced twice within one tick of the file system's clock is still
 * told apart by its new inode. */
static struct file_stamp mtime_of(const char *path)
{
	struct stat st;
	if (!path || stat(path, &st) != 0)
		return (struct file_stamp){{0, 0}, 0};
	return (struct file_stamp){st.st_mtim, st.st_ino};
}

static int same_time(struct file_stamp x, struct file_stamp y)
{
	return x.t.tv_sec == y.t.tv_sec && x.t.tv_nsec == y.t.tv_nsec && x.ino == y.ino;
}

/* The state the status reports. */
static const char *fleet_state(const struct app *a)
{
	if (a->svc.dark)
		return "night";
	if (a->deck.last_update < 0 || (!a->src.cache && access(a->src.path, F_OK) == 0))
		return "cache-damaged";
	if (a->net && !netproc_child(a->net))
		return "network-down";
	if (a->emerg.im || a->deck.playlist.articles.n || a->deck.events.n)
		return "showing";
	return "no-news";
}

/* The status file: at once when the state or the emergency on screen
 * changed, else every [fleet] every seconds. */
static void fleet_report(struct app *a, int force)
{
	struct app_fleet *f = &a->fleet;
	const char *state = fleet_state(a);
	if (!f->status_path || a->cfg->fleet_every <= 0 ||
	    (!force && time_mono() < f->status_at && !strcmp(state, f->state) &&
	     !strcmp(a->emerg.shown, f->emergency) && a->emerg.drawn == f->emergency_drawn))
		return;
	const struct app_card *c = &a->cards.cur;
	char net[80];
	netproc_status(a->net, a->cfg->timezone, net, sizeof net);
	struct fleet_status st = {
	    .state = state,
	    .card_kind = a->emerg.im ? "emergency" : c->kind,
	    .card_id = a->emerg.im ? a->emerg.art.id : c->id,
	    .card_title = a->emerg.im ? a->emerg.art.title : c->title,
	    .articles = (long)a->deck.playlist.articles.n,
	    .talks = (long)a->deck.events.n,
	    .started = f->started,
	    .now = app_now(a),
	    .w = a->deck.g.w,
	    .h = a->deck.g.h,
	    .emergency = a->emerg.shown,
	    .network = net + strspn(net, "; "),
	    .settings_in_force = f->settings_sum,
	    .settings_topic = f->topic,
	    .settings_pushed = f->pushed,
	    .settings_result = *f->refused ? NULL : f->result,
	};
	char refused[600];
	if (*f->refused) {
		snprintf(refused, sizeof refused, "refused: %s", f->refused);
		st.settings_result = refused;
	}
	panel_power_state(a->svc.power, &st.panel);
	if (st.panel.connected == 0 || st.panel.dpms == 0)
		st.state = a->svc.dark ? "night" : "panel-off";
	fleet_status_write(f->status_path, a->cfg, &st);
	snprintf(f->state, sizeof f->state, "%s", state);
	snprintf(f->emergency, sizeof f->emergency, "%s", a->emerg.shown);
	f->emergency_drawn = a->emerg.drawn;
	f->status_at = time_mono() + a->cfg->fleet_every;
}

/* After a card change, at most once a minute and not mid-transition: a
 * thumbnail of the glass (the window's pixels, or the GPU frame read back
 * before it was presented). */
static void fleet_thumbnail(struct app *a)
{
	struct app_fleet *f = &a->fleet;
	if (!f->thumb_due || a->cards.in_transition || time_mono() < f->thumb_at ||
	    !a->cfg->fleet_thumbnails || !f->thumb_path)
		return;
	SDL_Surface *s = a->out.ren ? f->grab : SDL_GetWindowSurface(a->out.win);
	if (!s)
		return; /* the GPU way: read back at the next frame */
	char *err = NULL;
	size_t size = 0;
	double t0 = time_mono();
	if (thumb_save(s, f->thumb_path, THUMB_SIDE, THUMB_MAX_BYTES, &size, &err)) {
		log_warn("fleet: thumbnail: %s", err);
		free(err);
	} else {
		log_info("fleet: thumbnail of %s %s written, %zu bytes in %.1f ms",
			 a->emerg.im ? "emergency" : a->cards.cur.kind,
			 a->emerg.im ? a->emerg.art.id : a->cards.cur.id, size,
			 (time_mono() - t0) * 1000);
	}
	SDL_FreeSurface(f->grab);
	f->grab = NULL;
	f->thumb_due = 0;
	f->thumb_at = time_mono() + THUMB_EVERY;
}

/* After each frame: the emergency's first frame is said in the log and
 * the status at once; a thumbnail when one is due. */
static void fleet_after_frame(struct app *a)
{
	struct app_emergency *m = &a->emerg;
	if (m->im && m->announce) {
		m->announce = 0;
		copy_utf8(m->shown, sizeof m->shown, m->art.id);
		m->drawn++; /* replaced on its topic: the same id, new words */
		log_info("emergency: %s on screen", m->art.id);
		a->fleet.thumb_due = 1;
		a->fleet.thumb_at = 0;
	}
	fleet_report(a, 0);
	fleet_thumbnail(a);
}

static void fleet_start(struct app *a, const struct app_options *o)
{
	struct app_fleet *f = &a->fleet;
	f->started = time_now_unix();
	f->plays = plays_new(a->src.path);
	f->status_path = fleet_path(a->src.path, "status.json");
	f->thumb_path = fleet_path(a->src.path, "thumbnail.jpg");
	f->settings_path = fleet_path(a->src.path, CONFIG_SETTINGS_FILE);
	f->verdict_path = fleet_path(a->src.path, "settings.result");
	f->settings_mtime = mtime_of(f->settings_path);
	f->verdict_mtime = mtime_of(f->verdict_path);
	fleet_settings_verdict(f->verdict_path, f->topic, f->pushed, f->result, sizeof f->result);
	if (o->settings_refused)
		copy_utf8(f->refused, sizeof f->refused, o->settings_refused);
	else
		fleet_file_checksum(f->settings_path, f->settings_sum);
}

static void fleet_stop(struct app *a)
{
	struct app_fleet *f = &a->fleet;
	if (a->emerg.im)
		emergency_stop(a, app_mono(a));
	else
		play_end(a, app_mono(a));
	plays_free(f->plays, app_now(a));
	SDL_FreeSurface(f->grab);
	free(f->status_path);
	free(f->thumb_path);
	free(f->settings_path);
	free(f->verdict_path);
	memset(f, 0, sizeof *f);
}

/* -------------------------------------------------------------- service */

/* From service.c's thread after a signal: end the main loop's sleep. */
static void app_wake(void *arg)
{
	struct app *a = arg;
	SDL_Event ev;
	memset(&ev, 0, sizeof ev);
	ev.type = SDL_USEREVENT;
	SDL_PushEvent(&ev);
	SDL_SemPost(a->svc.wake);
}

/* STATUS= (READY=1 too when ready): which card, when the news changed,
 * how the last sync went. */
static void report_status(struct app *a, int ready)
{
	char status[240], when[64] = "never", sync[80];
	int64_t last = a->deck.last_update;
	char *w = last > 0
		      ? calendar_format_gregorian(last, a->cfg->timezone, "yyyy-MM-dd HH:mm", 0)
		      : NULL;
	if (w) /* the zone said, as sync --status says it */
		snprintf(when, sizeof when, "%s %s", w, a->cfg->timezone);
	free(w);
	size_t n = a->deck.playlist.articles.n;
	const struct playlist_slot *s = &a->cards.cur.slot;
	if (a->svc.dark)
		snprintf(status, sizeof status, "screen off (night schedule); news updated %s",
			 when);
	else if (s->article == DECK_SLOT_SCHEDULE || s->article == DECK_SLOT_INTERMISSION)
		snprintf(status, sizeof status, "%s; news updated %s",
			 s->article == DECK_SLOT_SCHEDULE ? "the schedule" : "an intermission slide",
			 when);
	else if (s->article == DECK_EMPTY_CARD || !n)
		snprintf(status, sizeof status, "no news to show; news updated %s", when);
	else if (s->page < 0)
		snprintf(status, sizeof status, "article %zu of %zu, headline; news updated %s",
			 s->article + 1, n, when);
	else
		snprintf(status, sizeof status, "article %zu of %zu, page %d; news updated %s",
			 s->article + 1, n, s->page + 1, when);
	netproc_status(a->net, a->cfg->timezone, sync, sizeof sync);
	size_t len = strlen(status);
	snprintf(status + len, sizeof status - len, "%s", sync);
	if (ready)
		service_ready(status);
	else
		service_status(status);
}

/* Build the next card now and show it without a transition (after a
 * reload or the night): the old picture stays until the new one is
 * ready, never a black frame. */
static void show_fresh_card(struct app *a, double t)
{
	struct app_cards *c = &a->cards;
	screen_image_free(c->next.im);
	c->next = (struct app_card){0};
	prebuild(a);
	if (!c->next.im)
		return;
	advance(a, t);
	c->in_transition = 0;
	screen_image_free(c->prev.im);
	c->prev = (struct app_card){0};
	c->have_prev = 0; /* the old slot may not exist in the new playlist */
	fade_free(c->fade);
	c->fade = NULL;
	a->out.dirty = DIRTY_ALL;
}

/* A new config in place of the running one: the deck (which borrows it),
 * the ticker's bar (its colours), the panel's CEC, the schedule. */
static void use_config(struct app *a, struct config *n)
{
	int cec_changed = n->screen_cec != a->cfg->screen_cec;
	int w = a->deck.g.w, h = a->deck.g.h;
	deck_free(&a->deck);
	if (a->svc.own_cfg_set)
		config_free(&a->svc.own_cfg);
	a->svc.own_cfg = *n;
	a->svc.own_cfg_set = 1;
	a->cfg = &a->svc.own_cfg;
	deck_init(&a->deck, a->cfg, a->fonts, w, h);
	a->out.scr.g = a->deck.g;
	if (cec_changed) {
		panel_power_close(a->svc.power);
		a->svc.power = panel_power_open(a->svc.drm_fd, a->cfg->screen_cec);
	}
	screen_image_free(a->ticker.bar);
	a->ticker.bar = NULL;
	a->svc.screen_minute = INT64_MIN;
}

/* The INI and the pushed settings again into *n: 0, or -1 after a log
 * line (the running config stays; a refused push is said in the status). */
static int read_again(struct app *a, struct config *n, int pushed)
{
	char *err = NULL;
	struct app_fleet *f = &a->fleet;
	if (config_read_checked(n, a->svc.config_path, &err)) {
		log_error("config: %s; keeping the running config", err);
		free(err);
		return -1;
	}
	int rc = config_apply_settings(n, a->svc.config_path, f->settings_path, &err);
	if (rc) {
		for (char *c = err; c && *c; c++)
			if (*c == '\n')
				*c = ' ';
		log_error("settings: %s; keeping the running %s", err ? err : "?",
			  pushed ? "settings" : "config");
		copy_utf8(f->refused, sizeof f->refused, err ? err : "?");
		free(err);
		if (rc == 1)
			config_free(n);
		fleet_report(a, 1);
		return -1;
	}
	*f->refused = 0;
	fleet_file_checksum(f->settings_path, f->settings_sum);
	if (pushed)
		log_info("settings: pushed settings %s in force",
			 *f->settings_sum ? f->settings_sum : "(none)");
	return 0;
}

/* SIGHUP, or settings pushed: read the config again; an invalid one is
 * refused with one log line and the running config stays. The
 * window-level keys apply at the next start. */
static void reload(struct app *a, double t, int pushed)
{
	struct config n;
	if (read_again(a, &n, pushed))
		return;
	if (n.rotate != a->cfg->rotate || n.renderer != a->cfg->renderer ||
	    strcmp(n.drm_device, a->cfg->drm_device))
		log_warn(
		    "config: [display] rotate, renderer and drm_device change at the next start");
	n.rotate = a->cfg->rotate;
	n.renderer = a->cfg->renderer;
	panel_size_read(&n);
	use_config(a, &n);
	if (!a->svc.no_net)
		a->net = netproc_reload(a->net, a->cfg, a->cfg->path, a->src.path);
	refresh(a, 1);
	build_header(a, app_now(a));
	if (!a->svc.dark)
		show_fresh_card(a, t);
	log_info("config: reloaded");
}

/* One black frame, where the panel cannot be switched off. */
static void draw_black(struct app *a)
{
	if (a->out.ren) {
		SDL_SetRenderTarget(a->out.ren, NULL);
		SDL_SetRenderDrawColor(a->out.ren, 0, 0, 0, 255);
		SDL_RenderClear(a->out.ren);
		SDL_RenderPresent(a->out.ren);
		return;
	}
	SDL_Surface *ws = SDL_GetWindowSurface(a->out.win);
	if (ws) {
		SDL_FillRect(ws, NULL, SDL_MapRGB(ws->format, 0, 0, 0));
		SDL_UpdateWindowSurface(a->out.win);
	}
}

/* Outside the [screen] window: panel off (DPMS under KMSDRM, else one
 * black frame), and no frames until the window starts again; then the
 * current news at once. */
static void set_dark(struct app *a, int dark, double t)
{
	struct app_cards *c = &a->cards;
	if (dark == a->svc.dark)
		return;
	a->svc.dark = dark;
	if (dark) {
		log_info("screen: off (night schedule)");
		if (!panel_power_set(a->svc.power, 0))
			draw_black(a);
		screen_image_free(c->prev.im);
		c->prev.im = NULL;
		fade_free(c->fade);
		c->fade = NULL;
		c->in_transition = 0;
	} else {
		log_info("screen: on (night schedule)");
		panel_power_set(a->svc.power, 1);
		refresh(a, 1);
		build_header(a, app_now(a));
		show_fresh_card(a, t);
	}
	report_status(a, 0);
}

/* Check the [screen] schedule once per minute of the app's clock. */
static void check_schedule(struct app *a, double t)
{
	int64_t now = app_now(a);
	if (now / 60 == a->svc.screen_minute)
		return;
	a->svc.screen_minute = now / 60;
	set_dark(a, panel_on_at(a->cfg, now) == 0, t);
}

/* Before the window: the watchdog's interval, the signals. */
static void service_start(struct app *a, const struct app_options *o)
{
	a->svc.config_path = o->config_path;
	a->svc.no_net = o->no_net;
	a->svc.drm_fd = -1;
	a->svc.screen_minute = INT64_MIN;
	service_init();
	a->svc.watchdog_at = time_mono(); /* the first ping after READY=1 */
	a->svc.wake = SDL_CreateSemaphore(0);
	if (!a->svc.wake || service_signals_start(app_wake, a))
		log_warn("signals: cannot watch them; SIGTERM ends khabar without cleaning up");
}

/* Four times a second: settings pushed (the settings file changed) are
 * put in force like a SIGHUP reload; a new verdict goes in the status. */
static void settings_watch(struct app *a, double t)
{
	struct app_fleet *f = &a->fleet;
	if (!f->settings_path || time_mono() < f->settings_at)
		return;
	f->settings_at = time_mono() + WATCH_EVERY;
	struct file_stamp v = mtime_of(f->verdict_path), m = mtime_of(f->settings_path);
	if (!same_time(v, f->verdict_mtime)) {
		f->verdict_mtime = v;
		fleet_settings_verdict(f->verdict_path, f->topic, f->pushed, f->result,
				       sizeof f->result);
		if (same_time(m, f->settings_mtime))
			fleet_report(a, 1); /* refused: nothing to reload */
	}
	if (same_time(m, f->settings_mtime))
		return;
	f->settings_mtime = m;
	reload(a, t, 1);
	fleet_report(a, 1);
}

enum { TURN_ON, TURN_STOP, TURN_DARK };

/* The service's part of each turn of the loop: the watchdog ping, a stop
 * or reload signal, the night schedule. TURN_DARK after sleeping while
 * the screen is off (until the next minute, a signal or end). */
static int service_turn(struct app *a, double t, double end)
{
	while (SDL_SemTryWait(a->svc.wake) == 0)
		; /* the wake-ups this turn answers */
	a->svc.watchdog_at = service_watchdog(time_mono());
	if (service_stop_requested()) {
		log_info("signal %d: stopping", service_stop_signal());
		return TURN_STOP;
	}
	if (service_take_reload())
		reload(a, t, 0);
	settings_watch(a, t);
	check_schedule(a, t);
	if (!a->svc.dark)
		return TURN_ON;
	double minute = (double)((app_now(a) / 60 + 1) * 60 - app_now(a));
	wait_until(a, end ? MIN(t + minute, end) : t + minute);
	return TURN_DARK;
}

/* The video driver and DRM card before SDL starts: KMSDRM on a console
 * (no X11, no Wayland) or when [display] drm_device names a card. */
static int choose_video(struct app *a)
{
	const char *x = getenv("DISPLAY"), *wl = getenv("WAYLAND_DISPLAY");
	struct panel_video v;
	char *err = NULL;
	if (panel_video_choose(a->cfg->drm_device, getenv("SDL_VIDEODRIVER"),
			       (x && *x) || (wl && *wl), &v, &err)) {
		log_error("%s", err);
		free(err);
		return -1;
	}
	if (v.card >= 0) {
		char idx[16];
		snprintf(idx, sizeof idx, "%d", v.card);
		setenv("SDL_KMSDRM_DEVICE_INDEX", idx, 1);
	}
	if (v.driver) {
		SDL_SetHint(SDL_HINT_VIDEODRIVER, v.driver);
		if (v.card >= 0)
			log_info("display: the console's KMSDRM driver on /dev/dri/card%d", v.card);
		else
			log_info("display: no X11 or Wayland: the console's KMSDRM driver");
	}
	/* SIGINT and SIGTERM are service.c's, not SDL_QUIT events. */
	SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
	return 0;
}

/* SDL's DRM file descriptor under KMSDRM (for DPMS), else -1. */
static int window_drm_fd(SDL_Window *win)
{
	SDL_SysWMinfo info;
	SDL_VERSION(&info.version);
	if (!SDL_GetWindowWMInfo(win, &info))
		return -1;
#if defined(SDL_VIDEO_DRIVER_KMSDRM)
	if (info.subsystem == SDL_SYSWM_KMSDRM)
		return info.info.kmsdrm.drm_fd;
#endif
	return -1;
}
/* ---------------------------------------------------------------- setup */

/* SDL and a window of ww x wh (0 x 0: fullscreen at the desktop's size).
 * *gpu: whether to draw through the GPU. 0, or -1 after a log line. */
static int open_sdl_window(struct app *a, int ww, int wh, int *gpu)
{
	if (a->cfg->renderer != RENDERER_GPU)
		SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
	SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
	if (choose_video(a))
		return -1;
	if (SDL_Init(SDL_INIT_VIDEO) != 0) {
		/* One line that says what to do, for the journal as for a shell. */
		log_error("no display: %s. Name the screen's driver in SDL_VIDEODRIVER: for the "
			  "service, `sudo systemctl edit khabar` and add \"[Service]\" and "
			  "\"Environment=SDL_VIDEODRIVER=kmsdrm\" (a console screen; x11 or "
			  "wayland in a desktop session, offscreen for none), then `sudo "
			  "systemctl restart khabar`; in a shell, SDL_VIDEODRIVER=kmsdrm khabar run",
			  SDL_GetError());
		return -1;
	}
	const char *driver = SDL_GetCurrentVideoDriver();
	driver = driver ? driver : "?";
	a->out.blocking_wait = !strcmp(driver, "x11") || !strcmp(driver, "wayland");
	a->out.no_input = !strcmp(driver, "offscreen") || !strcmp(driver, "dummy");
	/* auto: the GPU where it pays (KMSDRM on a Pi), software elsewhere,
	 * which on X11 or offscreen skips Mesa's software GL entirely. */
	*gpu = a->cfg->renderer == RENDERER_GPU ||
	       (a->cfg->renderer == RENDERER_AUTO && !strcmp(driver, "KMSDRM"));
	if (!*gpu)
		SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
	Uint32 flags = ww ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP;
	SDL_DisplayMode m;
	if (!ww && SDL_GetDesktopDisplayMode(0, &m) == 0) {
		ww = m.w;
		wh = m.h;
	} else if (!ww) {
		ww = 1920;
		wh = 1080;
	}
	a->out.win = SDL_CreateWindow("khabar", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, ww,
				      wh, flags);
	if (!a->out.win) {
		log_error("window: %s", SDL_GetError());
		return -1;
	}
	SDL_ShowCursor(SDL_DISABLE);
	SDL_DisableScreenSaver();
	log_info("display: %s driver, %s asked, rotate %d", driver,
		 a->cfg->renderer == RENDERER_SOFTWARE ? "software"
		 : a->cfg->renderer == RENDERER_GPU    ? "gpu"
						       : "auto",
		 a->cfg->rotate);
	return 0;
}

/* The GPU way: a renderer, and a target texture when turned. */
static int open_renderer(struct app *a, int *lw, int *lh)
{
	a->out.ren = SDL_CreateRenderer(a->out.win, -1, SDL_RENDERER_ACCELERATED);
	if (!a->out.ren) {
		log_warn("GPU renderer: %s; drawing in software", SDL_GetError());
		return -1;
	}
	int ow, oh, turned = a->cfg->rotate % 180 != 0;
	SDL_GetRendererOutputSize(a->out.ren, &ow, &oh);
	*lw = turned ? oh : ow;
	*lh = turned ? ow : oh;
	if (a->cfg->rotate) {
		a->out.target = SDL_CreateTexture(a->out.ren, SDL_PIXELFORMAT_ARGB8888,
						  SDL_TEXTUREACCESS_TARGET, *lw, *lh);
		if (!a->out.target) {
			log_error("rotation: %s", SDL_GetError());
			return -1;
		}
		/* an opaque copy: no blending on the way out */
		SDL_SetTextureBlendMode(a->out.target, SDL_BLENDMODE_NONE);
	}
	a->out.scr.ren = a->out.ren;
	SDL_RendererInfo info;
	if (SDL_GetRendererInfo(a->out.ren, &info) == 0)
		log_info("display: %s renderer, %dx%d", info.name, ow, oh);
	return 0;
}

/* The software way: the window's surface, or an unturned screen beside it. */
static int open_surface(struct app *a, int *lw, int *lh)
{
	SDL_Surface *ws = SDL_GetWindowSurface(a->out.win);
	if (!ws || ws->format->BytesPerPixel != 4) {
		log_error("window surface: %s", ws ? "not 32 bits a pixel" : SDL_GetError());
		return -1;
	}
	int turned = a->cfg->rotate % 180 != 0;
	*lw = turned ? ws->h : ws->w;
	*lh = turned ? ws->w : ws->h;
	a->out.scr.surface = ws;
	if (a->cfg->rotate) {
		a->out.logical =
		    SDL_CreateRGBSurfaceWithFormat(0, *lw, *lh, 32, ws->format->format);
		if (!a->out.logical) {
			log_error("rotation: %s", SDL_GetError());
			return -1;
		}
		a->out.scr.surface = a->out.logical;
	}
	log_info("display: software, the window's surface, %dx%d", ws->w, ws->h);
	return 0;
}

static int open_output(struct app *a, const struct app_options *o)
{
	int gpu, lw, lh;
	if (open_sdl_window(a, o->w, o->h, &gpu))
		return -1;
	if (!(gpu && open_renderer(a, &lw, &lh) == 0)) {
		if (a->out.ren)
			return -1; /* a renderer without its rotation target */
		if (open_surface(a, &lw, &lh))
			return -1;
	}
	deck_init(&a->deck, a->cfg, a->fonts, lw, lh);
	a->out.scr.g = a->deck.g;
	a->out.dirty = DIRTY_ALL;
	a->svc.drm_fd = window_drm_fd(a->out.win);
	a->svc.power = panel_power_open(a->svc.drm_fd, a->cfg->screen_cec);
	return 0;
}

static void app_close(struct app *a)
{
	if (a->fleet.plays)
		fleet_stop(a);
	netproc_free(a->net);
	service_signals_stop(); /* no wake-ups into a closing SDL */
	if (a->svc.dark)
		panel_power_set(a->svc.power, 1); /* leave the panel on */
	panel_power_close(a->svc.power);
	struct app_cards *c = &a->cards;
	fade_free(c->fade);
	screen_image_free(c->prev.im);
	screen_image_free(c->cur.im);
	screen_image_free(c->next.im);
	screen_image_free(a->emerg.im);
	article_clear(&a->emerg.art);
	screen_image_free(a->header);
	free_ticker(&a->ticker);
	screen_image_free(a->ticker.bar);
	SDL_FreeSurface(a->out.logical);
	if (a->out.target)
		SDL_DestroyTexture(a->out.target);
	if (a->out.ren)
		SDL_DestroyRenderer(a->out.ren);
	if (a->out.win)
		SDL_DestroyWindow(a->out.win);
	if (a->svc.wake)
		SDL_DestroySemaphore(a->svc.wake);
	SDL_Quit();
	cache_close(a->src.cache);
	deck_free(&a->deck);
	if (a->svc.own_cfg_set)
		config_free(&a->svc.own_cfg);
}

/* The first card on screen, as fast as possible. */
static void first_frame(struct app *a, const struct app_options *o)
{
	refresh(a, 0);
	build_header(a, app_now(a));
	a->running = 1;
	advance(a, app_mono(a));
	draw_frame(a, app_mono(a));
	log_info("first card on screen %.0f ms after start", (time_mono() - o->start) * 1000);
	report_status(a, 1);
}

char *app_settings_path(const char *db)
{
	return fleet_path(db, CONFIG_SETTINGS_FILE);
}

int app_run(const struct config *cfg, const struct card_fonts *fonts, const char *db,
	    const struct app_options *o)
{
	struct app a = {.cfg = cfg, .fonts = fonts, .src.path = db};
	a.clock = (struct app_clock){o->at, time_mono(), o->time_scale};
	service_start(&a, o);
	if (open_output(&a, o)) {
		app_close(&a);
		return 1;
	}
	a.net = o->no_net ? NULL : netproc_new(cfg, cfg->path, db);
	fleet_start(&a, o);
	first_frame(&a, o);
	fleet_after_frame(&a);
	double scale = a.clock.scale > 0 ? a.clock.scale : 1;
	double end = o->exit_after > 0 ? app_mono(&a) + o->exit_after * scale : 0;
	while (a.running && !(end && app_mono(&a) >= end)) {
		handle_events(&a);
		int synced;
		double sync_wait = netproc_poll(a.net, &synced);
		if (synced && !a.src.cache)
			a.src.retry_at = 0; /* the round may have created the cache */
		if (synced)
			report_status(&a, 0); /* how the round went, or the network part */
		double t = app_mono(&a);
		int turn = service_turn(&a, t, end);
		if (turn == TURN_STOP)
			break;
		if (turn == TURN_DARK)
			continue;
		tick(&a, t);
		if (frame_due(&a, t))
			draw_frame(&a, t);
		fleet_after_frame(&a);
		double status = a.cfg->fleet_every > 0 ? (a.fleet.status_at - time_mono()) * scale
						       : 3600;
		if (!housekeep(&a, t))
			wait_until(&a, MIN(MIN(next_deadline(&a, t, end), t + sync_wait * scale),
					   t + MAX(status, 0.01)));
	}
	if (end && app_mono(&a) >= end)
		log_info("exit after %.1f s: %lu cards, %lu frames", o->exit_after, a.cards.shown,
			 a.out.frames);
	service_stopping();
	app_close(&a);
	return 0;
}
