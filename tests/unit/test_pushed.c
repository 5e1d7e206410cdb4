/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests for pushed: settings pushed to a screen and its groups, the
 * settings file beside the cache that the config loader reads after the
 * INI, and the verdict on each message.
 */
#include "testutil.h"

#include <sys/stat.h>
#include <unistd.h>

#include "base/config.h"
#include "base/util.h"
#include "net/pushed.h"

/* A screen s1 in groups a and b, its INI (max_dwell 20) and its cache
 * path in a folder of the test's own. */
static void screen(struct config *c, const char *dir, char **db)
{
	char *ini = xasprintf("%s/k.ini", dir);
	const char *text = "[cards]\nmax_dwell = 20\n[fleet]\nname = s1\ngroups = a, b\n";
	assert_int_equal(file_write(ini, text, strlen(text)), 0);
	char *err = NULL;
	assert_int_equal(config_read_checked(c, ini, &err), 0);
	free(ini);
	*db = xasprintf("%s/k.db", dir);
}

/* The INI and the settings file of dir, as every program reads them. */
static void effective(const char *dir, struct config *c)
{
	char *ini = xasprintf("%s/k.ini", dir), *sp = xasprintf("%s/settings.ini", dir);
	char *err = NULL;
	assert_int_equal(config_read_checked(c, ini, &err), 0);
	assert_int_equal(config_apply_settings(c, ini, sp, &err), 0);
	free(ini);
	free(sp);
}

static char *verdict(const char *dir)
{
	char *p = xasprintf("%s/settings.result", dir), *err = NULL;
	size_t len;
	char *text = file_read(p, 8192, &len, &err);
	free(p);
	free(err);
	return text;
}

static void push(struct pushed *p, const char *topic, const char *text)
{
	pushed_message(p, topic, text, strlen(text));
}

static void a_screens_fragment_goes_over_its_groups_and_survives_a_restart(void **state)
{
	(void)state;
	char *dir = test_tmp_path("restart");
	mkdir(dir, 0700);
	struct config c, e;
	char *db;
	screen(&c, dir, &db);
	struct pushed *p = pushed_new(&c, db);
	size_t n;
	const char *const *t = pushed_topics(p, &n);
	assert_int_equal(n, 3);
	assert_string_equal(t[0], "khabar/group/a/settings");
	assert_string_equal(t[1], "khabar/group/b/settings");
	assert_string_equal(t[2], "khabar/screen/s1/settings");
	assert_false(pushed_is_topic(p, "khabar/group/c/settings"));
	push(p, "khabar/screen/s1/settings", "[playlist]\nmax_articles = 2\n");
	push(p, "khabar/group/a/settings",
	     "[playlist]\nmax_articles = 5\n[ticker]\nenabled = no\n");
	char *v = verdict(dir);
	assert_string_equal(v, "khabar/group/a/settings\n96ba629ee97de07a\napplied\n");
	free(v);
	effective(dir, &e);
	assert_int_equal(e.max_articles, 2); /* the screen's, after the group's */
	assert_int_equal(e.ticker, 0);
	config_free(&e);
	pushed_free(p);
	/* Started again: the fragments in force are read back, and the same
	 * retained message again changes nothing. */
	p = pushed_new(&c, db);
	char *r = xasprintf("%s/settings.result", dir);
	unlink(r);
	push(p, "khabar/screen/s1/settings", "[playlist]\nmax_articles = 2\n");
	assert_int_equal(access(r, F_OK), -1);
	effective(dir, &e);
	assert_int_equal(e.max_articles, 2);
	config_free(&e);
	pushed_free(p);
	free(r);
	free(db);
	free(dir);
	config_free(&c);
}

static void a_bad_fragment_is_refused_and_the_one_in_force_stays(void **state)
{
	(void)state;
	char *dir = test_tmp_path("bad");
	mkdir(dir, 0700);
	struct config c, e;
	char *db;
	screen(&c, dir, &db);
	struct pushed *p = pushed_new(&c, db);
	push(p, "khabar/screen/s1/settings", "[playlist]\nmax_articles = 2\n");
	static const char *const bad[] = {
	    "[playlist]\nmax_articles = 3\n[mqtt]\nurl = mqtt://192.0.2.1\n",
	    "[cards]\nmin_dwell = 30\n", /* over the INI's max_dwell */
	    "[playlist]\nmax_articles = \xff\n",
	    "[playlist]\n; pushed on khabar/group/a/settings\n[mqtt]\nurl = mqtt://x\n",
	};
	static const char *const says[] = {
	    "refused: khabar/screen/s1/settings:3: [mqtt] cannot be pushed",
	    "refused: khabar/screen/s1/settings: [cards] min_dwell (30) is larger than max_dwell",
	    "refused: khabar/screen/s1/settings:2: not UTF-8",
	    "refused: a line starting '; pushed on '",
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		push(p, "khabar/screen/s1/settings", bad[i]);
		char *v = verdict(dir);
		if (!strstr(v, says[i]))
			fail_msg("%s: said %s", bad[i], v);
		free(v);
		effective(dir, &e);
		assert_int_equal(e.max_articles, 2);
		config_free(&e);
	}
	char *big = xcalloc(1, PUSHED_MAX_MESSAGE + 2);
	memset(big, ';', PUSHED_MAX_MESSAGE + 1);
	push(p, "khabar/screen/s1/settings", big);
	free(big);
	char *v = verdict(dir);
	assert_non_null(strstr(v, "over the limit of 65536"));
	free(v);
	pushed_free(p);
	free(db);
	free(dir);
	config_free(&c);
}

static void a_fragment_the_broker_no_longer_holds_goes_after_the_sync(void **state)
{
	(void)state;
	char *dir = test_tmp_path("sync");
	mkdir(dir, 0700);
	struct config c, e;
	char *db;
	screen(&c, dir, &db);
	struct pushed *p = pushed_new(&c, db);
	push(p, "khabar/group/b/settings", "[playlist]\nmax_articles = 4\n");
	push(p, "khabar/screen/s1/settings", "[playlist]\nmax_articles = 2\n");
	pushed_connected(p);
	push(p, "khabar/group/b/settings", "[playlist]\nmax_articles = 4\n");
	pushed_synced(p); /* the screen's was not sent again: withdrawn */
	effective(dir, &e);
	assert_int_equal(e.max_articles, 4);
	config_free(&e);
	pushed_message(p, "khabar/group/b/settings", "", 0); /* withdrawn */
	char *sp = xasprintf("%s/settings.ini", dir);
	assert_int_equal(access(sp, F_OK), -1);
	char *v = verdict(dir);
	assert_non_null(strstr(v, "\nwithdrawn\n"));
	free(v);
	free(sp);
	pushed_free(p);
	free(db);
	free(dir);
	config_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(a_screens_fragment_goes_over_its_groups_and_survives_a_restart),
	    cmocka_unit_test(a_bad_fragment_is_refused_and_the_one_in_force_stays),
	    cmocka_unit_test(a_fragment_the_broker_no_longer_holds_goes_after_the_sync),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
