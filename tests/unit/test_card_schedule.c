/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests for card_schedule (and the deck's schedule turns): the
 * now-and-next card and the room screen of the Persian conference in
 * tests/schedules/ at chosen moments, the marks of changed and cancelled
 * talks, and each title in its own direction. Cards are plain data: the
 * tests look for the texts they lay out and where they are placed.
 */
#include "testutil.h"

#include <math.h>

#include "show/agenda.h"
#include "show/card_schedule.h"
#include "show/deck.h"
#include "show/i18n.h"
#include "parse/schedule.h"

#define T0830 1778648400 /* 2026-05-13T08:30:00+03:30 */
#define T1045 1778656500 /* 2026-05-13T10:45:00+03:30 */
#define T1700 1778679000 /* 2026-05-13T17:00:00+03:30 */

static struct card_fonts fonts;
static struct config cfg;
static struct event_list events;
static struct card_geometry land, port;

static int setup(void **state)
{
	(void)state;
	char *err = NULL;
	config_defaults(&cfg);
	if (card_fonts_open(&fonts, &err)) {
		fprintf(stderr, "%s\n", err);
		free(err);
		return -1;
	}
	size_t n;
	char *data = test_read("tests/schedules/tehran1405.schedule.json", &n);
	struct import_limits lim;
	import_limits_default(&lim);
	struct schedule_result r = {0};
	if (schedule_parse(data, n, &lim, "x", &r))
		return -1;
	events = r.events;
	memset(&r.events, 0, sizeof r.events);
	schedule_result_free(&r);
	free(data);
	card_geometry(1920, 1080, 1, &land);
	card_geometry(1080, 1920, 1, &port);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	event_list_free(&events);
	card_fonts_close(&fonts);
	config_free(&cfg);
	return 0;
}

/* The text operation whose layout holds needle, or NULL. */
static const struct card_op *find(const struct card *c, const char *needle)
{
	for (size_t i = 0; i < c->nops; i++) {
		const struct card_op *op = &c->ops[i];
		if (op->kind != CARD_OP_TEXT)
			continue;
		for (size_t p = 0; p < op->text->nparagraphs; p++)
			if (strstr(op->text->paragraphs[p], needle))
				return op;
	}
	return NULL;
}

/* Every operation inside the card's area. */
static void assert_inside(const struct card *c)
{
	for (size_t i = 0; i < c->nops; i++) {
		const struct card_op *op = &c->ops[i];
		assert_true(op->x >= -0.5f && op->y >= -0.5f);
		assert_true(op->x + op->w <= (float)c->w + 0.5f);
		assert_true(op->y + (op->kind == CARD_OP_TEXT ? op->text->height : op->h) <=
			    (float)c->h + 0.5f);
	}
}

static void now_next_rows_read_right_to_left_mid_talk(void **state)
{
	(void)state;
	struct card *c = card_now_next(&land, &cfg, &fonts, &events, T1045, 0);
	assert_non_null(c);
	assert_inside(c);
	const struct card_op *room = find(c, "تالار فردوسی");
	const struct card_op *now = find(c, "Building Persian fonts with Vazirmatn");
	const struct card_op *next =
	    find(c, "میزگرد: آینده‌ی لینوکس در ادارات");
	assert_non_null(room);
	assert_non_null(now);
	assert_non_null(next);
	/* Room on the right, then the talk on now, then the next one. */
	assert_true(room->x > now->x && now->x > next->x);
	assert_non_null(find(c, "۴۵ دقیقه‌ی دیگر")); /* 11:30 is 45 minutes away */
	assert_non_null(find(c, "۱۰:۳۰–۱۱:۱۵"));		   /* Tehran time, Persian digits */
	assert_non_null(find(c, "Saber Karimi"));
	assert_non_null(find(c, "کارگاه ۱"));
	card_free(c);
	c = card_now_next(&port, &cfg, &fonts, &events, T1045, 0);
	assert_non_null(c);
	assert_inside(c);
	card_free(c);
}

static void now_next_says_when_rooms_have_not_started_or_are_done(void **state)
{
	(void)state;
	struct card *c = card_now_next(&land, &cfg, &fonts, &events, T0830, 0);
	assert_non_null(find(c, "هنوز آغاز نشده"));
	assert_non_null(find(c, "۳۰ دقیقه‌ی دیگر"));
	card_free(c);
	c = card_now_next(&land, &cfg, &fonts, &events, T1700, 0);
	assert_non_null(find(c, "برنامه‌ی امروز پایان یافت"));
	assert_non_null(find(c, "فردا ۰۹:۳۰"));
	assert_null(find(c, "کارگاه ۱")); /* nothing there tomorrow */
	card_free(c);
	/* A week later there is nothing to show: no card. */
	assert_false(card_schedule_active(&cfg, &events, T1700 + 7 * 86400));
	assert_null(card_now_next(&land, &cfg, &fonts, &events, T1700 + 7 * 86400, 0));
}

static void a_persian_title_starting_with_latin_reads_right_to_left(void **state)
{
	(void)state;
	free(cfg.schedule_room);
	cfg.schedule_room = xstrdup("تالار فردوسی");
	struct card *c = card_room(&land, &cfg, &fonts, &events, T1045);
	const struct card_op *op = find(c, "HarfBuzz و شکل‌دهی متن فارسی");
	assert_non_null(op);
	const struct text_line *line = &op->text->lines[0];
	/* Right to left: HarfBuzz is the rightmost run, the Persian words
	 * to its left. */
	assert_string_equal(line->runs[0].script, "Arab");
	assert_string_equal(line->runs[line->nruns - 1].script, "Latn");
	/* An English talk (language en) reads left to right. */
	op = find(c, "Building Persian fonts with Vazirmatn");
	assert_int_equal(op->text->lines[0].runs[0].rtl, 0);
	card_free(c);
	free(cfg.schedule_room);
	cfg.schedule_room = xstrdup("");
}

/* The x of the glyph for byte off of op's first paragraph, in its line. */
static float glyph_x(const struct card_op *op, size_t off)
{
	for (size_t i = 0; i < op->text->nlines; i++)
		for (size_t r = 0; r < op->text->lines[i].nruns; r++) {
			const struct text_run *run = &op->text->lines[i].runs[r];
			for (size_t g = 0; g < run->nglyphs; g++)
				if (run->glyphs[g].cluster == off)
					return run->x + run->glyphs[g].x;
		}
	fail_msg("no glyph at byte %zu", off);
	return 0;
}

static void an_english_title_of_a_talk_in_persian_reads_left_to_right(void **state)
{
	(void)state;
	size_t n;
	char *data = test_read("tests/schedules/pretalx-fa-english-title.schedule.xml", &n);
	struct import_limits lim;
	import_limits_default(&lim);
	struct schedule_result r = {0};
	assert_int_equal(schedule_parse(data, n, &lim, "x", &r), 0);
	free(cfg.schedule_room);
	cfg.schedule_room = xstrdup("تالار فردوسی");
	const char *title = "What is new in Python 3.13?";
	for (int k = 0; k < 2; k++) {
		struct card *c = k ? card_now_next(&land, &cfg, &fonts, &r.events, T1045, 0)
				   : card_room(&land, &cfg, &fonts, &r.events, T1045);
		const struct card_op *op = find(c, title);
		assert_non_null(op);
		/* "?" at the end of the line, not "?What is new ...". */
		assert_true(glyph_x(op, strlen(title) - 1) > glyph_x(op, 0));
		assert_int_equal(op->text->lines[0].runs[0].rtl, 0);
		card_free(c);
	}
	free(cfg.schedule_room);
	cfg.schedule_room = xstrdup("");
	schedule_result_free(&r);
	free(data);
}

static void room_screen_counts_down_and_says_when_the_hall_is_done(void **state)
{
	(void)state;
	free(cfg.schedule_room);
	cfg.schedule_room = xstrdup("تالار فردوسی");
	struct card *c = card_room(&port, &cfg, &fonts, &events, T0830);
	assert_inside(c);
	assert_non_null(find(c, "۳۰ دقیقه تا آغاز برنامه‌ی بعدی"));
	assert_non_null(find(c, "افتتاحیه‌ی همایش"));
	assert_non_null(find(c, "جمع‌بندی روز نخست")); /* the rest of the day */
	card_free(c);
	c = card_room(&land, &cfg, &fonts, &events, T1045);
	assert_inside(c);
	assert_non_null(find(c, "اکنون"));
	assert_non_null(find(c, "برنامه‌های بعدی"));
	card_free(c);
	c = card_room(&land, &cfg, &fonts, &events, T1700);
	assert_non_null(find(c, "برنامه‌ی این سالن به پایان رسید"));
	assert_non_null(find(c, "نخستین برنامه‌ی فردا: ۰۹:۳۰"));
	assert_non_null(find(c, "هوش مصنوعی و زبان فارسی"));
	card_free(c);
	free(cfg.schedule_room);
	cfg.schedule_room = xstrdup("");
}

static void changed_and_cancelled_talks_are_marked_until_they_end(void **state)
{
	(void)state;
	struct event_list l = {0};
	for (size_t i = 0; i < events.n; i++)
		event_list_push(&l, &events.items[i]);
	/* 11:30 in Ferdowsi moved from 11:00; the 11:30 in Hafez cancelled. */
	for (size_t i = 0; i < l.n; i++) {
		struct event *e = &l.items[i];
		if (!strcmp(e->title,
			    "میزگرد: آینده‌ی لینوکس در ادارات")) {
			e->status = EVENT_CHANGED;
			e->old_start = e->start - 1800;
			e->changed_at = T1045 - 3600;
		} else if (!strcmp(e->title, "OpenStreetMap در شهرهای ایران")) {
			e->status = EVENT_CANCELLED;
			e->changed_at = T1045 - 3600;
		}
	}
	struct card *c = card_now_next(&land, &cfg, &fonts, &l, T1045, 0);
	assert_non_null(find(c, "جابه‌جا شد"));
	assert_non_null(find(c, "۱۱:۰۰")); /* the old time, struck through */
	assert_non_null(find(c, "لغو شد"));
	card_free(c);
	/* Thirteen hours later the moved talk has ended, and with it its
	 * mark; the cancelled talk has passed its start and is gone. */
	c = card_now_next(&land, &cfg, &fonts, &l, T1045 + 13 * 3600, 0);
	assert_null(find(c, "جابه‌جا شد"));
	assert_null(find(c, "لغو شد"));
	card_free(c);
	event_list_free(&l);
}

/* The events with e's title changed by f. */
static void copy_events(struct event_list *l)
{
	for (size_t i = 0; i < events.n; i++)
		event_list_push(l, &events.items[i]);
}

static struct event *titled(struct event_list *l, const char *prefix)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strncmp(l->items[i].title, prefix, strlen(prefix)))
			return &l->items[i];
	fail_msg("no talk %s", prefix);
	return NULL;
}

static void a_hall_door_says_where_its_talk_went_and_never_shows_a_cancelled_one_big(void **state)
{
	(void)state;
	struct event_list l = {0};
	copy_events(&l);
	free(cfg.schedule_room);
	cfg.schedule_room = xstrdup("تالار فردوسی");
	/* The 11:30 panel moved to Hafez at 14:00 (in place of nothing). */
	struct event *e = titled(&l, "میزگرد");
	free(e->old_room);
	e->old_room = xstrdup(e->room);
	free(e->room);
	e->room = xstrdup("تالار حافظ");
	e->old_start = e->start;
	e->start += (int64_t)150 * 60, e->end += (int64_t)150 * 60;
	e->status = EVENT_CHANGED;
	e->changed_at = T1045 - 3600;
	event_list_sort(&l);
	struct card *c = card_room(&land, &cfg, &fonts, &l, T1045);
	assert_non_null(find(c, "جابه‌جا شد به تالار حافظ، ۱۴:۰۰"));
	card_free(c);
	event_list_free(&l);
	/* 11:20, between talks: the 11:30 is cancelled. The big block is
	 * the 14:00, with the cancellation as a line above it. */
	memset(&l, 0, sizeof l);
	copy_events(&l);
	e = titled(&l, "میزگرد");
	e->status = EVENT_CANCELLED;
	e->changed_at = T1045 - 3600;
	c = card_room(&land, &cfg, &fonts, &l, 1778658600);
	const struct card_op *gone = find(c, "میزگرد"), *big = find(c, "HarfBuzz");
	assert_non_null(gone);
	assert_non_null(big);
	assert_true(gone->y < big->y);
	assert_true(big->text->size > gone->text->size); /* HarfBuzz is the big one */
	assert_non_null(find(c, "لغو شد"));
	card_free(c);
	/* 09:10: the 09:30, cancelled, has a title of two lines in the list:
	 * both are struck. */
	e = titled(&l, "نرم‌افزار آزاد");
	free(e->title);
	e->title = xstrdup("نرم‌افزار آزاد در مدرسه‌های ایران و تجربه‌ی سه سال در دوازده "
			   "مدرسه‌ی تهران و شیراز و تبریز");
	e->status = EVENT_CANCELLED;
	e->changed_at = T1045 - 7200;
	c = card_room(&land, &cfg, &fonts, &l, 1778650800);
	gone = find(c, "تجربه‌ی سه سال");
	assert_non_null(gone);
	assert_int_equal(gone->text->nlines, 2);
	size_t strikes = 0;
	for (size_t i = 0; i < c->nops; i++)
		strikes += c->ops[i].kind == CARD_OP_RECT && c->ops[i].y >= gone->y &&
			   c->ops[i].y < gone->y + gone->text->height &&
			   fabsf(c->ops[i].h - 2.5f * land.unit) < 0.01f;
	assert_int_equal(strikes, gone->text->nlines);
	card_free(c);
	free(cfg.schedule_room);
	cfg.schedule_room = xstrdup("");
	event_list_free(&l);
}

/* The op whose text contains needle, its colour. */
static uint32_t colour_of(const struct card *c, const char *needle)
{
	const struct card_op *op = find(c, needle);
	assert_non_null(op);
	return op->argb;
}

static void the_countdown_turns_urgent_and_a_talk_says_how_long_it_has_run(void **state)
{
	(void)state;
	/* 11:26: the 11:30 panel in Ferdowsi starts in 4 minutes. */
	struct card *c = card_now_next(&land, &cfg, &fonts, &events, T1045 + 41 * 60, 0);
	assert_int_equal(colour_of(c, "۴ دقیقه‌ی دیگر"), cfg.theme.breaking);
	card_free(c);
	c = card_now_next(&land, &cfg, &fonts, &events, T1045 + 30 * 60, 0); /* 11:15: 15 min */
	assert_int_equal(colour_of(c, "۱۵ دقیقه‌ی دیگر"), cfg.theme.text);
	card_free(c);
	/* 10:33: the 10:30 talks started 3 minutes ago, for 10 minutes. */
	c = card_now_next(&land, &cfg, &fonts, &events, T1045 - 12 * 60, 0);
	assert_non_null(find(c, "۳ دقیقه پیش آغاز شد"));
	card_free(c);
	c = card_now_next(&land, &cfg, &fonts, &events, T1045, 0);
	assert_null(find(c, "پیش آغاز شد"));
	card_free(c);
	/* The door says it too, and counts down in the attention colour. */
	free(cfg.schedule_room);
	cfg.schedule_room = xstrdup("تالار فردوسی");
	c = card_room(&land, &cfg, &fonts, &events, T1045 - 12 * 60);
	assert_non_null(find(c, "۳ دقیقه پیش آغاز شد"));
	card_free(c);
	c = card_room(&land, &cfg, &fonts, &events, T1045 + 41 * 60); /* 11:26 */
	assert_int_equal(colour_of(c, "۴ دقیقه تا آغاز"), cfg.theme.breaking);
	card_free(c);
	free(cfg.schedule_room);
	cfg.schedule_room = xstrdup("");
}

static void deck_gives_the_schedule_a_turn_every_n_cards(void **state)
{
	(void)state;
	struct article_list arts = {0};
	for (int i = 0; i < 5; i++) {
		struct article a = {0};
		a.id = xasprintf("a%d", i);
		a.title = xasprintf("خبر شماره‌ی %d", i);
		a.published = T1045 - i * 60;
		arts.items = xgrow(arts.items, &arts.cap, arts.n + 1, sizeof a);
		arts.items[arts.n++] = a;
	}
	cfg.article_pages = 0;
	struct deck d;
	deck_init(&d, &cfg, &fonts, 1920, 1080);
	deck_load(&d, &arts, T1045, T1045);
	deck_load_events(&d, &events);
	size_t kinds[8];
	for (int i = 0; i < 8; i++) {
		struct playlist_slot s;
		card_free(deck_next(&d, T1045, &s));
		kinds[i] = s.article;
	}
	/* every = 3: three news cards, the schedule, three more, the schedule. */
	assert_true(kinds[0] < 5 && kinds[1] < 5 && kinds[2] < 5);
	assert_int_equal(kinds[3], DECK_SLOT_SCHEDULE);
	assert_true(kinds[4] < 5 && kinds[5] < 5 && kinds[6] < 5);
	assert_int_equal(kinds[7], DECK_SLOT_SCHEDULE);
	/* Room mode: every card is the room screen. */
	free(cfg.schedule_room);
	cfg.schedule_room = xstrdup("کارگاه ۱");
	struct playlist_slot s;
	struct card *c = deck_next(&d, T1045, &s);
	assert_int_equal(s.article, DECK_SLOT_SCHEDULE);
	assert_non_null(find(c, "کارگاه گیت برای تازه‌کارها"));
	card_free(c);
	free(cfg.schedule_room);
	cfg.schedule_room = xstrdup("");
	deck_free(&d);
	article_list_free(&arts);
	cfg.article_pages = 1;
}

/* 20 rooms, one talk each from T1045 - 600 to T1045 + 1800. */
static void twenty_rooms(struct event_list *l)
{
	for (int i = 0; i < 20; i++) {
		struct event e = {0};
		e.conference = xstrdup("c");
		e.guid = xasprintf("g%d", i);
		e.room = xasprintf("Room %02d", i + 1);
		e.title = xasprintf("Talk in room %d", i + 1);
		e.start = T1045 - 600;
		e.end = T1045 + 1800;
		e.old_room = xstrdup("");
		event_list_take(l, &e);
	}
	event_list_sort(l);
}

/* 92 halls, as at 36C3: 1-40 with a talk on at T1045, 41-50 with one in
 * 30 minutes (and an earlier one that ended, so they come first by their
 * first talk), 51-92 with one in three hours. */
static void ninety_two_halls(struct event_list *l)
{
	for (int i = 1; i <= 92; i++) {
		int64_t start = i <= 40 ? T1045 - 600 : i <= 50 ? T1045 + 1800 : T1045 + 3 * 3600;
		for (int k = 0; k < (i > 40 && i <= 50 ? 2 : 1); k++) {
			struct event e = {0};
			e.conference = xstrdup("36c3");
			e.guid = xasprintf("g%d-%d", i, k);
			e.room = xasprintf("Hall %02d", i);
			e.title = xasprintf("Talk in hall %02d", i);
			e.start = k ? T1045 - 7200 : start;
			e.end = e.start + 1800;
			e.old_room = xstrdup("");
			event_list_take(l, &e);
		}
	}
	event_list_sort(l);
}

/* The text op that is exactly s (its first paragraph), or NULL. */
static const struct card_op *find_exact(const struct card *c, const char *s)
{
	for (size_t i = 0; i < c->nops; i++)
		if (c->ops[i].kind == CARD_OP_TEXT && c->ops[i].text->nparagraphs &&
		    !strcmp(c->ops[i].text->paragraphs[0], s))
			return &c->ops[i];
	return NULL;
}

static void every_hall_with_a_talk_now_or_within_the_hour_is_paged_now_first(void **state)
{
	(void)state;
	struct event_list l = {0};
	ninety_two_halls(&l);
	for (int o = 0; o < 2; o++) {
		const struct card_geometry *g = o ? &port : &land;
		int pages = card_now_next_pages(g, &cfg, &l, T1045);
		int seen[93] = {0}, order = 0, last_now = 0, first_soon = 1000;
		for (int p = 0; p < pages; p++) {
			struct card *c = card_now_next(g, &cfg, &fonts, &l, T1045, p);
			assert_non_null(c);
			assert_inside(c);
			for (int i = 1; i <= 92; i++) {
				char hall[24], title[32];
				snprintf(hall, sizeof hall, "Hall %02d", i);
				const struct card_op *h = find_exact(c, hall);
				if (!h)
					continue;
				seen[i]++;
				order++;
				if (i <= 40)
					last_now = MAX(last_now, order);
				else
					first_soon = MIN(first_soon, order);
				/* Legible: the hall's name at least its title's size
				 * (or 34 px, a big row's), the titles at least 24 px. */
				snprintf(title, sizeof title, "Talk in hall %02d", i);
				const struct card_op *t = find_exact(c, title);
				assert_non_null(t);
				assert_true(h->text->size >= MIN(t->text->size, 34 * g->unit) - 0.01f);
				assert_true(t->text->size >= 24 * g->unit - 0.01f);
			}
			card_free(c);
		}
		for (int i = 1; i <= 92; i++)
			assert_int_equal(seen[i], i <= 50 ? 1 : 0);
		assert_true(last_now < first_soon); /* halls with a talk on first */
		assert_int_equal(pages, o ? 5 : 7);	/* 10 and 8 halls a page */
	}
	event_list_free(&l);
}

static void a_break_without_a_room_is_on_every_halls_row_and_door(void **state)
{
	(void)state;
	size_t n;
	char *data = test_read("tests/schedules/breaks-shared-ids.schedule.xml", &n);
	struct import_limits lim;
	import_limits_default(&lim);
	struct schedule_result r = {0};
	assert_int_equal(schedule_parse(data, n, &lim, "x", &r), 0);
	/* 12:15: lunch in both halls, said to be for all of them. */
	struct card *c = card_now_next(&land, &cfg, &fonts, &r.events, 1778661900, 0);
	assert_non_null(c);
	int lunches = 0;
	for (size_t i = 0; i < c->nops; i++)
		lunches += c->ops[i].kind == CARD_OP_TEXT &&
			   !strcmp(c->ops[i].text->paragraphs[0], "Lunch");
	assert_int_equal(lunches, 2);
	assert_non_null(find(c, "همه‌ی سالن‌ها"));
	assert_non_null(find(c, "Hall 1"));
	assert_non_null(find(c, "Hall 2"));
	card_free(c);
	/* 11:30 at Hall 2's door: lunch comes before part 2 of the talks. */
	free(cfg.schedule_room);
	cfg.schedule_room = xstrdup("Hall 2");
	c = card_room(&land, &cfg, &fonts, &r.events, 1778659200);
	const struct card_op *lunch = find(c, "Lunch"), *two = find(c, "Lightning talks, part 2");
	assert_non_null(lunch);
	assert_non_null(two);
	assert_true(lunch->y < two->y);
	card_free(c);
	free(cfg.schedule_room);
	cfg.schedule_room = xstrdup("");
	schedule_result_free(&r);
	free(data);
}

static void many_rooms_take_several_pages_each_room_once(void **state)
{
	(void)state;
	struct event_list l = {0};
	twenty_rooms(&l);
	int pages = card_now_next_pages(&land, &cfg, &l, T1045);
	assert_int_equal(pages, 3); /* 8 legible rows a page at 1920x1080 */
	int seen[20] = {0};
	for (int p = 0; p < pages; p++) {
		struct card *c = card_now_next(&land, &cfg, &fonts, &l, T1045, p);
		assert_non_null(c);
		assert_inside(c);
		char label[64];
		snprintf(label, sizeof label, "%s از ۳", p == 0 ? "۱" : p == 1 ? "۲" : "۳");
		assert_non_null(find(c, label));
		for (int i = 0; i < 20; i++) {
			char room[24];
			snprintf(room, sizeof room, "Room %02d", i + 1);
			seen[i] += find(c, room) != NULL;
		}
		card_free(c);
	}
	for (int i = 0; i < 20; i++)
		assert_int_equal(seen[i], 1);
	assert_null(card_now_next(&land, &cfg, &fonts, &l, T1045, pages));
	/* Portrait has room for more rows. */
	assert_int_equal(card_now_next_pages(&port, &cfg, &l, T1045), 2);
	/* The deck shows the pages one after another. */
	struct deck d;
	deck_init(&d, &cfg, &fonts, 1920, 1080);
	struct article_list none = {0};
	deck_load(&d, &none, T1045, T1045);
	deck_load_events(&d, &l);
	for (int i = 0; i < 4; i++) {
		struct playlist_slot s;
		card_free(deck_next(&d, T1045, &s));
		assert_int_equal(s.article, DECK_SLOT_SCHEDULE);
		assert_int_equal(s.page, i % 3);
	}
	deck_free(&d);
	event_list_free(&l);
}

static void an_english_frame_reads_left_to_right(void **state)
{
	(void)state;
	if (i18n_set(I18N_EN)) {
		i18n_set(I18N_FA);
		skip();
	}
	struct card *c = card_now_next(&land, &cfg, &fonts, &events, T1045, 0);
	assert_non_null(c);
	assert_inside(c);
	const struct card_op *room = find(c, "تالار فردوسی");
	const struct card_op *now = find(c, "Building Persian fonts with Vazirmatn");
	const struct card_op *next =
	    find(c, "میزگرد: آینده‌ی لینوکس در ادارات");
	/* Mirrored: the room on the left, then now, then next. */
	assert_true(room->x < now->x && now->x < next->x);
	assert_non_null(find(c, "Now and next in the halls"));
	assert_non_null(find(c, "in 45 minutes"));
	assert_non_null(find(c, "10:30–11:15")); /* Latin digits */
	card_free(c);
	i18n_set(I18N_FA);
}

/* The card's QR code: drawn last, from a white box (its quiet zone) on
 * the box the card records; no op before it meets that box; and not
 * mirrored: the bottom row starts with the bottom-left finder pattern
 * (seven dark modules) and does not end with one. */
static void assert_qr_clear(const struct card *c)
{
	assert_true(c->qr_side > 0);
	size_t first = c->nops;
	for (size_t i = 0; i < c->nops && first == c->nops; i++)
		if (c->ops[i].kind == CARD_OP_RECT && c->ops[i].argb == 0xffffffff &&
		    c->ops[i].x == c->qr_x && c->ops[i].y == c->qr_y && c->ops[i].w == c->qr_side)
			first = i;
	assert_true(first + 1 < c->nops);
	for (size_t i = 0; i < first; i++) {
		const struct card_op *op = &c->ops[i];
		float h = op->kind == CARD_OP_TEXT ? op->text->height : op->h;
		if (op->x < c->qr_x + c->qr_side && c->qr_x < op->x + op->w &&
		    op->y < c->qr_y + c->qr_side && c->qr_y < op->y + h)
			fail_msg("op %zu at %.0f,%.0f %.0fx%.0f meets the QR code", i, op->x, op->y,
				 op->w, h);
	}
	float m = c->ops[first + 1].h, x0 = c->qr_x + 4 * m;
	int n = (int)lroundf(c->qr_side / m) - 8;
	float last = c->qr_y + (float)(4 + n - 1) * m;
	int starts = 0, ends = 0;
	for (size_t i = first + 1; i < c->nops; i++) {
		const struct card_op *op = &c->ops[i];
		assert_true(op->x >= c->qr_x && op->x + op->w <= c->qr_x + c->qr_side);
		if (op->y != last)
			continue;
		starts |= op->x == x0 && op->w == 7 * m;
		ends |= op->x + op->w == x0 + (float)n * m && op->w >= 7 * m;
	}
	assert_true(starts);
	assert_false(ends);
}

static void a_talks_qr_code_is_clear_of_the_text_and_reads_unmirrored(void **state)
{
	(void)state;
	const int64_t moments[] = {T0830, T1045, T1700};
	const struct card_geometry *geo[] = {&land, &port};
	for (int en = 0; en < 2; en++) {
		if (en && i18n_set(I18N_EN)) {
			i18n_set(I18N_FA);
			skip();
		}
		for (size_t g = 0; g < 2; g++)
			for (size_t m = 0; m < ARRAY_LEN(moments); m++) {
				/* The room screen: the talk on now, else the next. */
				free(cfg.schedule_room);
				cfg.schedule_room = xstrdup("تالار فردوسی");
				struct card *c =
				    card_room(geo[g], &cfg, &fonts, &events, moments[m]);
				assert_non_null(c);
				assert_inside(c);
				assert_qr_clear(c);
				card_free(c);
				free(cfg.schedule_room);
				cfg.schedule_room = xstrdup("");
				/* Now and next of one room: its talk. */
				free(cfg.schedule_rooms);
				cfg.schedule_rooms = xstrdup("تالار فردوسی");
				c = card_now_next(geo[g], &cfg, &fonts, &events, moments[m], 0);
				assert_non_null(c);
				assert_inside(c);
				assert_qr_clear(c);
				card_free(c);
				/* Every room: no one talk to link. */
				free(cfg.schedule_rooms);
				cfg.schedule_rooms = xstrdup("");
				c = card_now_next(geo[g], &cfg, &fonts, &events, moments[m], 0);
				assert_non_null(c);
				assert_true(c->qr_side == 0);
				card_free(c);
			}
	}
	i18n_set(I18N_FA);
	/* [cards] qr = no: none on the room screen either. */
	cfg.qr = 0;
	free(cfg.schedule_room);
	cfg.schedule_room = xstrdup("تالار فردوسی");
	struct card *c = card_room(&land, &cfg, &fonts, &events, T1045);
	assert_true(c->qr_side == 0);
	card_free(c);
	free(cfg.schedule_room);
	cfg.schedule_room = xstrdup("");
	cfg.qr = 1;
}


/* A hall with 300 cancelled talks still to come before its one real talk:
 * every talk counts (no cap of 256), so the real one is the big block,
 * not "the programme has ended". */
static void a_door_screen_takes_every_talk_of_its_hall(void **state)
{
	(void)state;
	struct event_list l = {0};
	for (int i = 0; i <= 300; i++) {
		struct event e = {0};
		e.conference = xstrdup("c");
		e.guid = xasprintf("g%d", i);
		e.room = xstrdup("Hall 1");
		e.title = i < 300 ? xasprintf("Cancelled %d", i) : xstrdup("The real talk");
		e.start = T1045 + 60 + i;
		e.end = e.start + 1800;
		e.status = i < 300 ? EVENT_CANCELLED : EVENT_SCHEDULED;
		e.changed_at = i < 300 ? T1045 - 60 : 0;
		e.old_room = xstrdup("");
		event_list_take(&l, &e);
	}
	event_list_sort(&l);
	free(cfg.schedule_room);
	cfg.schedule_room = xstrdup("Hall 1");
	struct card *c = card_room(&land, &cfg, &fonts, &l, T1045);
	const struct card_op *big = find(c, "The real talk");
	assert_non_null(big);
	assert_true(big->text->size >= 44 * land.unit - 0.01f);
	assert_null(find(c, "به پایان رسید"));
	card_free(c);
	free(cfg.schedule_room);
	cfg.schedule_room = xstrdup("");
	event_list_free(&l);
}

/* The fraction of the card's area under rectangles of colour argb. */
static float rect_area(const struct card *c, uint32_t argb)
{
	float a = 0;
	for (size_t i = 0; i < c->nops; i++)
		if (c->ops[i].kind == CARD_OP_RECT && c->ops[i].argb == argb)
			a += c->ops[i].w * c->ops[i].h;
	return a / ((float)c->w * (float)c->h);
}

/* Hafez marked full: its door has the red band with the stream's QR code
 * (its name percent-encoded into stream_url), the board marks its row and
 * only its row; open again, both are gone. */
static void a_full_hall_has_a_red_band_at_its_door_and_a_mark_on_the_board(void **state)
{
	(void)state;
	struct event_list l = {0};
	copy_events(&l);
	l.live.full = xcalloc(1, sizeof *l.live.full);
	l.live.full[0] = xstrdup("تالار حافظ");
	l.live.nfull = 1;
	free(cfg.schedule_room);
	cfg.schedule_room = xstrdup("تالار حافظ");
	free(cfg.schedule_stream_url);
	cfg.schedule_stream_url = xstrdup("https://stream.example.org/{room}/live");
	struct card *c = card_room(&land, &cfg, &fonts, &l, T1045);
	assert_non_null(find(c, "این سالن پر است"));
	assert_true(rect_area(c, cfg.theme.breaking) > 0.05f);
	assert_true(c->qr_side > 0); /* the stream's code, on the band */
	card_free(c);
	/* Another hall's door: no band. */
	free(cfg.schedule_room);
	cfg.schedule_room = xstrdup("تالار فردوسی");
	c = card_room(&land, &cfg, &fonts, &l, T1045);
	assert_null(find(c, "این سالن پر است"));
	card_free(c);
	free(cfg.schedule_room);
	cfg.schedule_room = xstrdup("");
	c = card_now_next(&land, &cfg, &fonts, &l, T1045, 0);
	const struct card_op *mark = find_exact(c, "پر"), *hafez = find_exact(c, "تالار حافظ");
	assert_non_null(mark);
	assert_non_null(hafez);
	assert_true(mark->y > hafez->y && mark->y < hafez->y + 2 * hafez->text->height);
	card_free(c);
	event_live_clear(&l.live);
	c = card_now_next(&land, &cfg, &fonts, &l, T1045, 0);
	assert_null(find_exact(c, "پر"));
	card_free(c);
	free(cfg.schedule_stream_url);
	cfg.schedule_stream_url = xstrdup("");
	event_list_free(&l);
}

/* The board says how fresh the schedule is; when its feed has failed for
 * more than twice its `every`, the line is a warning badge. */
static void the_board_says_when_the_schedule_was_updated_and_warns_when_its_feed_fails(void **state)
{
	(void)state;
	struct event_list l = {0};
	copy_events(&l);
	struct card *c = card_now_next(&land, &cfg, &fonts, &l, T1045, 0);
	assert_null(find(c, "به‌روز شد")); /* never: no line */
	card_free(c);
	l.live.updated = T1045 - 12 * 60;
	c = card_now_next(&land, &cfg, &fonts, &l, T1045, 0);
	const struct card_op *op = find(c, "برنامه ۱۲ دقیقه پیش به‌روز شد");
	assert_non_null(op);
	assert_int_equal(op->argb, cfg.theme.muted);
	card_free(c);
	/* Its feed (every 10 minutes by default) failing since 15 minutes:
	 * not yet twice its every. Since 25: a warning. */
	l.live.feed = xstrdup("programme");
	l.live.feed_ok = T1045 - 15 * 60;
	c = card_now_next(&land, &cfg, &fonts, &l, T1045, 0);
	assert_int_equal(find(c, "۱۲ دقیقه")->argb, cfg.theme.muted);
	card_free(c);
	l.live.feed_ok = T1045 - 25 * 60;
	c = card_now_next(&land, &cfg, &fonts, &l, T1045, 0);
	op = find(c, "دریافت آن ناموفق است");
	assert_non_null(op);
	assert_int_equal(op->argb, cfg.theme.breaking_text);
	assert_true(rect_area(c, cfg.theme.breaking) > 0);
	card_free(c);
	/* A render before the schedule came in: no line. */
	c = card_now_next(&land, &cfg, &fonts, &l, T1045 - 13 * 60, 0);
	assert_null(find(c, "به‌روز شد"));
	card_free(c);
	event_list_free(&l);
}

/* Ferdowsi's lunch gap (its panel ends at 12:15, HarfBuzz starts at
 * 14:00): an intermission until 13:55; its 15-minute gap at 10:15 is one
 * of 15 minutes, not of 20; never while a talk is on. */
static void a_long_gap_between_talks_is_an_intermission_until_five_minutes_before(void **state)
{
	(void)state;
	const char *room = "تالار فردوسی";
	int64_t until, t1300 = T1045 + 8100, t1400 = T1045 + 3 * 3600 + 900;
	assert_true(agenda_intermission(&events, room, t1300, 900, &until));
	assert_int_equal(until, t1400 - 300);
	assert_false(agenda_intermission(&events, room, t1400 - 299, 900, &until));
	assert_false(agenda_intermission(&events, room, T1045, 900, &until)); /* a talk on */
	assert_true(agenda_intermission(&events, room, T1045 - 1500, 900, &until)); /* 10:20 */
	assert_false(agenda_intermission(&events, room, T1045 - 1500, 1200, &until));
	assert_false(agenda_intermission(&events, room, t1300, 0, &until)); /* off */
}

/* In the intermission the door alternates its own card with the slides of
 * [schedule] intermission_category, and stops early enough to be back on
 * the next talk 5 minutes before it starts; outside it, only the hall. */
static void a_door_alternates_the_next_talk_with_slides_in_an_intermission(void **state)
{
	(void)state;
	struct article_list arts = {0};
	const char *cats[] = {"coffee", "news", "Coffee"};
	for (int i = 0; i < 3; i++) {
		struct article a = {0};
		a.id = xasprintf("s%d", i);
		a.title = xasprintf("Slide %d", i);
		a.category = xstrdup(cats[i]);
		a.published = T1045 - i * 60;
		arts.items = xgrow(arts.items, &arts.cap, arts.n + 1, sizeof a);
		arts.items[arts.n++] = a;
	}
	free(cfg.schedule_room);
	cfg.schedule_room = xstrdup("تالار فردوسی");
	free(cfg.schedule_intermission_category);
	cfg.schedule_intermission_category = xstrdup("coffee");
	struct deck d;
	deck_init(&d, &cfg, &fonts, 1920, 1080);
	deck_load(&d, &arts, T1045, T1045);
	deck_load_events(&d, &events);
	int64_t t1300 = T1045 + 8100, until = T1045 + 3 * 3600 + 900 - 300;
	size_t kinds[6];
	int slides[2] = {-1, -1};
	for (int i = 0; i < 6; i++) {
		struct playlist_slot s;
		struct card *c = deck_next(&d, t1300, &s);
		kinds[i] = s.article;
		if (s.article == DECK_SLOT_INTERMISSION && i < 4)
			slides[i / 2] = find(c, "Slide 0") ? 0 : find(c, "Slide 2") ? 2 : -2;
		card_free(c);
	}
	for (int i = 0; i < 6; i++)
		assert_int_equal(kinds[i], i % 2 ? DECK_SLOT_SCHEDULE : DECK_SLOT_INTERMISSION);
	assert_true((slides[0] == 0 && slides[1] == 2) || (slides[0] == 2 && slides[1] == 0));
	/* Too close to 13:55 for a slide and the card before it to end. */
	for (int i = 0; i < 4; i++) {
		struct playlist_slot s;
		card_free(deck_next(&d, until - (int64_t)cfg.max_dwell, &s));
		assert_int_equal(s.article, DECK_SLOT_SCHEDULE);
	}
	/* A talk on: the hall only. */
	for (int i = 0; i < 4; i++) {
		struct playlist_slot s;
		card_free(deck_next(&d, T1045, &s));
		assert_int_equal(s.article, DECK_SLOT_SCHEDULE);
	}
	deck_free(&d);
	article_list_free(&arts);
	free(cfg.schedule_intermission_category);
	cfg.schedule_intermission_category = xstrdup("");
	free(cfg.schedule_room);
	cfg.schedule_room = xstrdup("");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(now_next_rows_read_right_to_left_mid_talk),
	    cmocka_unit_test(now_next_says_when_rooms_have_not_started_or_are_done),
	    cmocka_unit_test(a_persian_title_starting_with_latin_reads_right_to_left),
	    cmocka_unit_test(an_english_title_of_a_talk_in_persian_reads_left_to_right),
	    cmocka_unit_test(room_screen_counts_down_and_says_when_the_hall_is_done),
	    cmocka_unit_test(changed_and_cancelled_talks_are_marked_until_they_end),
	    cmocka_unit_test(a_hall_door_says_where_its_talk_went_and_never_shows_a_cancelled_one_big),
	    cmocka_unit_test(the_countdown_turns_urgent_and_a_talk_says_how_long_it_has_run),
	    cmocka_unit_test(deck_gives_the_schedule_a_turn_every_n_cards),
	    cmocka_unit_test(many_rooms_take_several_pages_each_room_once),
	    cmocka_unit_test(a_break_without_a_room_is_on_every_halls_row_and_door),
	    cmocka_unit_test(every_hall_with_a_talk_now_or_within_the_hour_is_paged_now_first),
	    cmocka_unit_test(an_english_frame_reads_left_to_right),
	    cmocka_unit_test(a_talks_qr_code_is_clear_of_the_text_and_reads_unmirrored),
	    cmocka_unit_test(a_door_screen_takes_every_talk_of_its_hall),
	    cmocka_unit_test(a_full_hall_has_a_red_band_at_its_door_and_a_mark_on_the_board),
	    cmocka_unit_test(the_board_says_when_the_schedule_was_updated_and_warns_when_its_feed_fails),
	    cmocka_unit_test(a_long_gap_between_talks_is_an_intermission_until_five_minutes_before),
	    cmocka_unit_test(a_door_alternates_the_next_talk_with_slides_in_an_intermission),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
