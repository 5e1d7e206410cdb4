/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests for cache: round trips, upsert by id, display order, expiry,
 * removal and pruning, change notification and concurrent writers, a
 * damaged page and its repair.
 */
#include "testutil.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cache/cache.h"

static struct cache *open_new(const char *name)
{
	char *path = test_tmp_path(name);
	unlink(path);
	char *err = NULL;
	struct cache *c = cache_open(path, 0, &err);
	if (!c)
		fail_msg("%s", err);
	free(path);
	return c;
}

static void make_article(struct article *a, const char *id, const char *title, int64_t published)
{
	static char *tags[] = {(char *)"وزارت ارتباطات", (char *)"اینترنت"};
	memset(a, 0, sizeof *a);
	a->id = (char *)id;
	a->title = (char *)title;
	a->summary = (char *)"خلاصه";
	a->body = (char *)"بند یکم\nبند دوم";
	a->source = (char *)"مهر";
	a->tags = tags;
	a->ntags = 2;
	a->published = published;
}

static void put(struct cache *c, const struct article *a, int expect_updated)
{
	char *err = NULL;
	int updated = -1;
	if (cache_put(c, a, &updated, &err) != 0)
		fail_msg("%s", err);
	assert_int_equal(updated, expect_updated);
}

static void article_round_trips_with_tags_and_times(void **state)
{
	(void)state;
	struct cache *c = open_new("roundtrip.db");
	struct article a, got;
	make_article(&a, "a1", "ایران در اجلاس", 1654585754);
	a.url = (char *)"https://example.ir/1";
	a.category = (char *)"فناوری";
	a.lang = (char *)"fa";
	a.expires = 1954585754;
	a.priority = PRIORITY_PINNED;
	put(c, &a, 0);
	char *err = NULL;
	assert_int_equal(cache_get(c, "a1", &got, &err), 1);
	assert_string_equal(got.title, a.title);
	assert_string_equal(got.body, a.body);
	assert_string_equal(got.url, a.url);
	assert_string_equal(got.category, a.category);
	assert_string_equal(got.image, "");
	assert_int_equal(got.ntags, 2);
	assert_string_equal(got.tags[0], "وزارت ارتباطات");
	assert_string_equal(got.tags[1], "اینترنت");
	assert_int_equal(got.published, 1654585754);
	assert_int_equal(got.expires, 1954585754);
	assert_int_equal(got.priority, PRIORITY_PINNED);
	assert_true(got.imported > 0);
	article_clear(&got);
	assert_int_equal(cache_get(c, "missing", &got, &err), 0);
	cache_close(c);
}

static void same_id_updates_one_row_keeping_its_first_import_and_identical_put_changes_nothing(void **state)
{
	(void)state;
	struct cache *c = open_new("upsert.db");
	struct article a, got;
	make_article(&a, "x", "عنوان", 100);
	a.imported = 1000;
	put(c, &a, 0);
	a.imported = 2000;
	put(c, &a, CACHE_PUT_SAME);
	char *err = NULL;
	assert_int_equal(cache_get(c, "x", &got, &err), 1);
	assert_int_equal(got.imported, 1000); /* identical: row untouched */
	article_clear(&got);
	a.title = (char *)"عنوان تازه";
	put(c, &a, CACHE_PUT_CHANGED);
	assert_int_equal(cache_get(c, "x", &got, &err), 1);
	assert_string_equal(got.title, "عنوان تازه");
	/* Changed, it keeps the time of its first import (every writer). */
	assert_int_equal(got.imported, 1000);
	article_clear(&got);
	assert_int_equal(cache_count(c), 1);
	assert_int_equal(cache_last_update(c), 1000); /* the newest first import */
	cache_close(c);
}

static void article_without_title_is_refused(void **state)
{
	(void)state;
	struct cache *c = open_new("notitle.db");
	struct article a;
	make_article(&a, "x", "", 100);
	char *err = NULL;
	int updated;
	assert_int_equal(cache_put(c, &a, &updated, &err), -1);
	assert_non_null(strstr(err, "title"));
	free(err);
	assert_int_equal(cache_count(c), 0);
	cache_close(c);
}

static void list_is_breaking_then_pinned_then_newest_without_expired(void **state)
{
	(void)state;
	struct cache *c = open_new("order.db");
	struct article a;
	make_article(&a, "old", "قدیمی", 100);
	put(c, &a, 0);
	make_article(&a, "new", "تازه", 300);
	put(c, &a, 0);
	make_article(&a, "pin", "سنجاق", 50);
	a.priority = PRIORITY_PINNED;
	put(c, &a, 0);
	make_article(&a, "brk", "فوری", 10);
	a.priority = PRIORITY_BREAKING;
	put(c, &a, 0);
	make_article(&a, "exp", "منقضی", 400);
	a.expires = 500;
	put(c, &a, 0);

	struct article_list l = {0};
	char *err = NULL;
	assert_int_equal(cache_list(c, 1000, 0, &l, &err), 0);
	const char *want[] = {"brk", "pin", "new", "old"};
	assert_int_equal(l.n, 4);
	for (size_t i = 0; i < l.n; i++)
		assert_string_equal(l.items[i].id, want[i]);
	article_list_free(&l);
	assert_int_equal(cache_list(c, 1000, 1, &l, &err), 0);
	assert_int_equal(l.n, 5);
	assert_string_equal(l.items[2].id, "exp");
	article_list_free(&l);
	assert_int_equal(cache_list(c, 499, 0, &l, &err), 0);
	assert_int_equal(l.n, 5);
	article_list_free(&l);
	cache_close(c);
}

static void remove_and_prune_drop_only_what_they_should(void **state)
{
	(void)state;
	struct cache *c = open_new("prune.db");
	struct article a;
	make_article(&a, "keep", "تازه", 10000);
	put(c, &a, 0);
	make_article(&a, "old", "قدیمی", 100);
	put(c, &a, 0);
	make_article(&a, "exp", "منقضی", 9000);
	a.expires = 9500;
	put(c, &a, 0);
	make_article(&a, "gone", "حذف", 9000);
	put(c, &a, 0);
	char *err = NULL;
	assert_int_equal(cache_remove(c, "gone", &err), 1);
	assert_int_equal(cache_remove(c, "gone", &err), 0);
	assert_int_equal(cache_prune(c, 10000, 0, &err), 1);	/* the expired one */
	assert_int_equal(cache_prune(c, 10000, 5000, &err), 1); /* older than 5000 s */
	assert_int_equal(cache_count(c), 1);
	cache_close(c);
}

static void another_connections_write_is_noticed_once(void **state)
{
	(void)state;
	struct cache *w = open_new("changed.db");
	char *path = test_tmp_path("changed.db"), *err = NULL;
	struct cache *r = cache_open(path, 1, &err);
	assert_non_null(r);
	assert_int_equal(cache_changed(r), 0);
	struct article a;
	make_article(&a, "c1", "خبر", 1);
	put(w, &a, 0);
	assert_int_equal(cache_changed(r), 1);
	assert_int_equal(cache_changed(r), 0);
	/* The sync's bookkeeping (feed state, items seen, images) is no
	 * change to what a screen shows: no reload of the cards. */
	struct cache_feed f = {.name = (char *)"f",
			       .url = (char *)"http://x/",
			       .etag = (char *)"",
			       .last_modified = (char *)"",
			       .body_hash = (char *)"",
			       .error = (char *)"",
			       .moved_to = (char *)""};
	assert_int_equal(cache_feed_put(w, &f, &err), 0);
	assert_int_equal(cache_feed_seen(w, "f", "c1", 5, &err), 0);
	assert_int_equal(cache_image_put(w, "http://x/a.jpg", "/tmp/a.jpg", &err), 0);
	assert_int_equal(cache_changed(r), 0);
	/* A removal is. */
	assert_int_equal(cache_remove(w, "c1", &err), 1);
	assert_int_equal(cache_changed(r), 1);
	cache_close(w);
	unlink(path);
	assert_int_equal(cache_changed(r), -1);
	cache_close(r);
	free(path);
}

/* A cache of n articles with bodies of a few kilobytes, closed. */
static char *fill_cache(const char *name, int n)
{
	struct cache *c = open_new(name);
	char body[3000];
	memset(body, 'x', sizeof body - 1);
	body[sizeof body - 1] = 0;
	cache_begin(c);
	for (int i = 0; i < n; i++) {
		struct article a;
		char id[16], title[32];
		snprintf(id, sizeof id, "d%03d", i);
		snprintf(title, sizeof title, "خبر %d", i);
		make_article(&a, id, title, 1000 + i);
		a.body = body;
		put(c, &a, 0);
	}
	assert_int_equal(cache_commit(c), 0);
	cache_close(c);
	return test_tmp_path(name);
}

/* Overwrite 64 bytes at the start of page p (1-based) of path; the old
 * bytes go to saved when not NULL. */
static void overwrite_page(const char *path, long p, unsigned char *saved)
{
	FILE *f = fopen(path, "r+b");
	assert_non_null(f);
	unsigned char junk[64];
	for (int i = 0; i < 64; i++)
		junk[i] = (unsigned char)(33 + (i * 37) % 90);
	fseek(f, (p - 1) * 4096, SEEK_SET);
	if (saved)
		assert_int_equal(fread(saved, 1, 64, f), 64);
	fseek(f, (p - 1) * 4096, SEEK_SET);
	fwrite(junk, 1, 64, f);
	fclose(f);
}

/* Damage pages from the middle on until a listing has to skip rows. */
static long damage_a_leaf(const char *path, struct article_list *l)
{
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	for (long p = st.st_size / 4096 / 2; p < st.st_size / 4096; p++) {
		unsigned char saved[64];
		overwrite_page(path, p, saved);
		char *err = NULL;
		struct cache *r = cache_open(path, 1, &err);
		assert_non_null(r);
		assert_int_equal(cache_list(r, 0, 1, l, &err), 0);
		long skipped = cache_skipped(r);
		cache_close(r);
		if (skipped > 0)
			return skipped;
		article_list_free(l);
		FILE *f = fopen(path, "r+b");
		fseek(f, (p - 1) * 4096, SEEK_SET);
		fwrite(saved, 1, 64, f);
		fclose(f);
	}
	fail_msg("no page damage made a listing skip rows");
	return 0;
}

static void a_damaged_page_loses_only_its_own_rows(void **state)
{
	(void)state;
	char *path = fill_cache("damaged.db", 120);
	struct article_list l = {0};
	long skipped = damage_a_leaf(path, &l);
	assert_true(skipped >= 1 && skipped <= 4);
	assert_int_equal(l.n + (size_t)skipped, 120);
	for (size_t i = 1; i < l.n; i++) /* still newest first */
		assert_true(l.items[i - 1].published > l.items[i].published);
	char *err = NULL;
	long kept = -1, lost = -1;
	char *saved = cache_repair(path, &kept, &lost, &err);
	if (!saved)
		fail_msg("%s", err);
	assert_int_equal(kept, (long)l.n);
	assert_int_equal(lost, skipped);
	struct cache *c = cache_open(path, 1, &err);
	assert_non_null(c);
	assert_int_equal(cache_check(c, &err), 0);
	assert_int_equal(cache_count(c), (long)l.n);
	cache_close(c);
	unlink(saved);
	free(saved);
	article_list_free(&l);
	free(path);
}

static void readonly_open_of_a_missing_file_names_it(void **state)
{
	(void)state;
	char *path = test_tmp_path("nothing-here.db"), *err = NULL;
	assert_null(cache_open(path, 1, &err));
	assert_non_null(strstr(err, "nothing-here.db"));
	free(err);
	free(path);
}

static void two_writers_at_once_both_succeed(void **state)
{
	(void)state;
	struct cache *c = open_new("two.db");
	cache_close(c);
	char *path = test_tmp_path("two.db");
	pid_t kids[2];
	for (int k = 0; k < 2; k++) {
		kids[k] = fork();
		if (kids[k] == 0) {
			char *err = NULL;
			struct cache *cc = cache_open(path, 0, &err);
			if (!cc)
				_exit(1);
			for (int f = 0; f < 20; f++) {
				if (cache_begin(cc))
					_exit(2);
				for (int i = 0; i < 50; i++) {
					char id[64];
					snprintf(id, sizeof id, "w%d-%d-%d", k, f, i);
					struct article a;
					make_article(&a, id, "خبر همزمان", i);
					int up;
					if (cache_put(cc, &a, &up, &err))
						_exit(3);
				}
				if (cache_commit(cc))
					_exit(4);
			}
			cache_close(cc);
			_exit(0);
		}
	}
	for (int k = 0; k < 2; k++) {
		int status;
		waitpid(kids[k], &status, 0);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	char *err = NULL;
	c = cache_open(path, 0, &err);
	assert_int_equal(cache_count(c), 2000);
	assert_int_equal(cache_check(c, &err), 0);
	cache_close(c);
	free(path);
}

static void newer_schema_is_refused_with_a_clear_message(void **state)
{
	(void)state;
	char *path = test_tmp_path("future.db");
	unlink(path);
	char *cmd = xasprintf("sqlite3 '%s' 'PRAGMA user_version = 99'", path);
	assert_int_equal(system(cmd), 0);
	char *err = NULL;
	assert_null(cache_open(path, 0, &err));
	assert_non_null(strstr(err, "newer"));
	free(err);
	free(cmd);
	free(path);
}

static struct event talk(const char *guid, const char *title, const char *lang)
{
	struct event e = {0};
	e.conference = xstrdup("c");
	e.guid = xstrdup(guid);
	e.room = xstrdup("Hall 1");
	e.title = xstrdup(title);
	e.lang = xstrdup(lang);
	e.start = 1778650000;
	e.end = 1778653600;
	return e;
}

static void a_talks_direction_is_stored_and_an_old_cache_gets_it_on_open(void **state)
{
	(void)state;
	char *path = test_tmp_path("events-dir.db"), *err = NULL;
	unlink(path);
	struct cache *c = cache_open(path, 0, &err);
	assert_non_null(c);
	struct event_list l = {0};
	struct event e = talk("a", "What is new in Python 3.13?", "fa");
	e.dir = ARTICLE_DIR_LTR;
	event_list_take(&l, &e);
	e = talk("b", "2026", "fa");
	e.dir = ARTICLE_DIR_RTL; /* as stored, whatever the rule says */
	event_list_take(&l, &e);
	assert_int_equal(cache_events_replace(c, "c", &l, &err), 0);
	event_list_free(&l);
	assert_int_equal(cache_events_list(c, &l, &err), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.items[0].dir, ARTICLE_DIR_LTR);
	assert_int_equal(l.items[1].dir, ARTICLE_DIR_RTL);
	event_list_free(&l);
	cache_close(c);
	/* A cache from before the column (and the all-day one, the plays
	 * table and the halls' state after it): its talks are settled by the
	 * same rule when read (an English title in a Persian talk: left to
	 * right). */
	char *cmd = xasprintf("v=$(sqlite3 '%s' 'PRAGMA user_version') && sqlite3 '%s' "
			      "\"DROP TRIGGER schedule_feed_round; DROP TABLE halls; "
			      "DROP TABLE schedule_sources; DROP TABLE plays; "
			      "ALTER TABLE events DROP COLUMN all_day; ALTER TABLE events DROP COLUMN dir; "
			      "UPDATE events SET title = 'پایتون' WHERE guid = 'b'; "
			      "PRAGMA user_version = $((v - 4))\"",
			      path, path);
	assert_int_equal(system(cmd), 0);
	c = cache_open(path, 0, &err);
	assert_non_null(c);
	assert_int_equal(cache_events_list(c, &l, &err), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.items[0].dir, ARTICLE_DIR_LTR);
	assert_int_equal(l.items[1].dir, ARTICLE_DIR_RTL);
	event_list_free(&l);
	cache_close(c);
	free(cmd);
	free(path);
}


/* A hall marked full is read back with the talks and noticed by a reader;
 * open takes it off. A schedule's source is remembered with its time, and
 * its feed's failures say which feed is failing since when. */
static void a_full_hall_and_the_schedules_freshness_are_read_with_the_talks(void **state)
{
	(void)state;
	struct cache *w = open_new("halls.db");
	char *path = test_tmp_path("halls.db"), *err = NULL;
	struct cache *r = cache_open(path, 1, &err);
	assert_non_null(r);
	assert_int_equal(cache_hall_set(w, "Hall 2", 1, 100, &err), 0);
	assert_int_equal(cache_hall_set(w, "Hall 2", 1, 101, &err), 0); /* again: the same */
	assert_int_equal(cache_changed(r), 1);
	struct event_list l = {0};
	assert_int_equal(cache_events_list(r, &l, &err), 0);
	assert_int_equal(l.live.nfull, 1);
	assert_string_equal(l.live.full[0], "Hall 2");
	assert_true(event_live_full(&l, "Hall 2"));
	assert_false(event_live_full(&l, "Hall 1"));
	assert_int_equal(l.live.updated, 0);
	assert_null(l.live.feed);
	event_list_free(&l);
	assert_int_equal(cache_schedule_seen(w, "conf.xml", 0, 500, &err), 0);
	assert_int_equal(cache_schedule_seen(w, "sched", 1, 400, &err), 0);
	struct cache_feed f = {.name = (char *)"sched", .url = (char *)"http://x/",
			       .etag = (char *)"", .last_modified = (char *)"",
			       .body_hash = (char *)"", .error = (char *)"timed out",
			       .moved_to = (char *)"", .last_success = 450, .failures = 3};
	assert_int_equal(cache_changed(r), 1);
	assert_int_equal(cache_feed_put(w, &f, &err), 0);
	assert_int_equal(cache_changed(r), 1); /* a schedule feed's round is shown */
	assert_int_equal(cache_hall_set(w, "Hall 2", 0, 600, &err), 0);
	assert_int_equal(cache_events_list(r, &l, &err), 0);
	assert_int_equal(l.live.nfull, 0);
	assert_int_equal(l.live.updated, 500);
	assert_string_equal(l.live.feed, "sched");
	assert_int_equal(l.live.feed_ok, 450);
	event_list_free(&l);
	cache_close(r);
	cache_close(w);
	free(path);
}

static int count_play(const struct cache_play *p, void *user)
{
	long *n = user;
	assert_true(p->duration >= 0 && *p->kind);
	(*n)++;
	return 0;
}

static void plays_are_listed_since_a_time_and_do_not_disturb_readers(void **state)
{
	(void)state;
	struct cache *c = open_new("plays.db");
	char *path = test_tmp_path("plays.db"), *err = NULL;
	struct cache *reader = cache_open(path, 1, &err);
	assert_non_null(reader);
	assert_int_equal(cache_changed(reader), 0);
	int64_t now = 1800000000;
	for (int i = 0; i < 10; i++) {
		struct cache_play p = {now - 100 + i * 10, 9.5, i % 2 ? "page" : "headline", "a1",
				       "عنوان", i % 2 ? 0 : -1};
		assert_int_equal(cache_play_add(c, &p, now, &err), 0);
	}
	long n = 0;
	assert_int_equal(cache_plays_list(reader, now - 50, count_play, &n, &err), 0);
	assert_int_equal(n, 5);
	/* a play is not news: the display does not reload its cards */
	assert_int_equal(cache_changed(reader), 0);
	struct cache_play empty = {now, -3, "empty", "", "", -1};
	assert_int_equal(cache_play_add(c, &empty, now, &err), 0); /* stored as 0 s */
	n = 0;
	assert_int_equal(cache_plays_list(reader, 0, count_play, &n, &err), 0);
	assert_int_equal(n, 11);
	cache_close(reader);
	cache_close(c);
	free(path);
}

static void plays_older_than_30_days_are_pruned(void **state)
{
	(void)state;
	struct cache *c = open_new("plays-old.db");
	char *err = NULL;
	int64_t now = 1800000000;
	/* 200 plays, the first 100 from 40 days ago; the prune runs every 64 */
	for (int i = 0; i < 200; i++) {
		struct cache_play p = {i < 100 ? now - 40 * 86400 : now, 1, "headline", "a", "t", -1};
		assert_int_equal(cache_play_add(c, &p, now, &err), 0);
	}
	long n = 0;
	assert_int_equal(cache_plays_list(c, 0, count_play, &n, &err), 0);
	assert_true(n <= 200 - 64 && n >= 100);
	n = 0;
	assert_int_equal(cache_plays_list(c, now - 30 * 86400, count_play, &n, &err), 0);
	assert_int_equal(n, 100);
	cache_close(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(article_round_trips_with_tags_and_times),
	    cmocka_unit_test(same_id_updates_one_row_keeping_its_first_import_and_identical_put_changes_nothing),
	    cmocka_unit_test(article_without_title_is_refused),
	    cmocka_unit_test(list_is_breaking_then_pinned_then_newest_without_expired),
	    cmocka_unit_test(remove_and_prune_drop_only_what_they_should),
	    cmocka_unit_test(another_connections_write_is_noticed_once),
	    cmocka_unit_test(plays_are_listed_since_a_time_and_do_not_disturb_readers),
	    cmocka_unit_test(plays_older_than_30_days_are_pruned),
	    cmocka_unit_test(readonly_open_of_a_missing_file_names_it),
	    cmocka_unit_test(a_damaged_page_loses_only_its_own_rows),
	    cmocka_unit_test(two_writers_at_once_both_succeed),
	    cmocka_unit_test(newer_schema_is_refused_with_a_clear_message),
	    cmocka_unit_test(a_talks_direction_is_stored_and_an_old_cache_gets_it_on_open),
	    cmocka_unit_test(a_full_hall_and_the_schedules_freshness_are_read_with_the_talks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
