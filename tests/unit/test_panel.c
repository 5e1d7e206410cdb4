/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests for panel: the [screen] night schedule (windows, midnight,
 * weekdays, time zones), the console's video driver choice, and the
 * panel's size from its EDID (bytes, and the kernel's sysfs layout).
 */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/config.h"
#include "app/panel.h"

static void load(struct config *c, const char *ini)
{
	config_defaults(c);
	char *err = NULL;
	assert_int_equal(config_load_string(c, ini, "t.ini", &err), 0);
	assert_null(err);
}

static void without_a_schedule_the_screen_is_always_on(void **state)
{
	(void)state;
	struct config c;
	config_defaults(&c);
	for (int d = 0; d < 7; d++)
		for (int m = 0; m < 1440; m += 7)
			assert_true(panel_on_local(&c, d, m));
	config_free(&c);
}

static void a_day_window_is_on_from_its_start_until_its_end(void **state)
{
	(void)state;
	struct config c;
	load(&c, "[screen]\non = 07:00-22:00\n");
	assert_false(panel_on_local(&c, 1, 6 * 60 + 59));
	assert_true(panel_on_local(&c, 1, 7 * 60));
	assert_true(panel_on_local(&c, 1, 21 * 60 + 59));
	assert_false(panel_on_local(&c, 1, 22 * 60));
	assert_false(panel_on_local(&c, 2, 0));
	config_free(&c);
}

static void a_window_crossing_midnight_belongs_to_the_day_it_starts(void **state)
{
	(void)state;
	struct config c;
	/* Thursday evening into Friday morning; Friday itself is off. */
	load(&c, "[screen]\non = 18:00-02:00\nfriday = off\n");
	assert_true(panel_on_local(&c, 4, 23 * 60));
	assert_true(panel_on_local(&c, 5, 1 * 60 + 59)); /* Thursday's night */
	assert_false(panel_on_local(&c, 5, 2 * 60));
	assert_false(panel_on_local(&c, 5, 19 * 60)); /* Friday is off */
	assert_false(panel_on_local(&c, 6, 1 * 60));  /* no Friday night */
	assert_true(panel_on_local(&c, 6, 18 * 60));
	assert_true(panel_on_local(&c, 0, 0)); /* Saturday's night */
	config_free(&c);
}

static void weekday_keys_override_the_daily_window(void **state)
{
	(void)state;
	struct config c;
	load(&c, "[screen]\non = 07:00-22:00\nsaturday = on\nsunday = 10:00-14:00\n");
	assert_true(panel_on_local(&c, 6, 3 * 60));
	assert_true(panel_on_local(&c, 6, 23 * 60 + 59));
	assert_false(panel_on_local(&c, 0, 9 * 60));
	assert_true(panel_on_local(&c, 0, 10 * 60));
	assert_false(panel_on_local(&c, 0, 15 * 60));
	assert_true(panel_on_local(&c, 3, 8 * 60));
	config_free(&c);
}

static void the_schedule_follows_the_display_time_zone(void **state)
{
	(void)state;
	struct config c;
	load(&c, "[display]\ntimezone = Asia/Tehran\n[screen]\non = 07:00-22:00\n");
	/* 2022-06-08T03:00:00Z is a Wednesday, 07:30 in Tehran (UTC+4:30). */
	assert_int_equal(panel_on_at(&c, 1654657200), 1);
	/* 02:00Z is 06:30 in Tehran: still dark. */
	assert_int_equal(panel_on_at(&c, 1654653600), 0);
	free(c.timezone);
	c.timezone = xstrdup("UTC");
	assert_int_equal(panel_on_at(&c, 1654657200), 0); /* 03:00 in UTC */
	config_free(&c);
}

static void invalid_windows_are_config_errors_naming_the_line(void **state)
{
	(void)state;
	static const char *const bad[] = {"7-22",	 "07:00-07:00", "25:00-07:00", "07:00-",
					  "07:60-08:00", "sometimes",	"24:00-06:00"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct config c;
		config_defaults(&c);
		char *err = NULL;
		char *ini = xasprintf("[screen]\n\non = %s\n", bad[i]);
		assert_int_equal(config_load_string(&c, ini, "t.ini", &err), 2);
		assert_non_null(strstr(err, "t.ini:3"));
		assert_non_null(strstr(err, "07:00-22:00"));
		free(err);
		free(ini);
		config_free(&c);
	}
	struct config c;
	load(&c, "[screen]\non = 00:00-24:00\nmonday = OFF\ncec = yes\n");
	assert_true(panel_on_local(&c, 2, 0));
	assert_false(panel_on_local(&c, 1, 12 * 60));
	assert_int_equal(c.screen_cec, 1);
	config_free(&c);
}

static void a_console_gets_kmsdrm_and_the_environment_wins(void **state)
{
	(void)state;
	struct panel_video v;
	char *err = NULL;
	assert_int_equal(panel_video_choose("", NULL, 0, &v, &err), 0);
	assert_string_equal(v.driver, "kmsdrm");
	assert_int_equal(v.card, -1);
	assert_int_equal(panel_video_choose("", NULL, 1, &v, &err), 0);
	assert_null(v.driver); /* X11 or Wayland: SDL's own order */
	assert_int_equal(panel_video_choose("/dev/dri/card1", NULL, 1, &v, &err), 0);
	assert_string_equal(v.driver, "kmsdrm");
	assert_int_equal(v.card, 1);
	assert_int_equal(panel_video_choose("/dev/dri/card1", "offscreen", 0, &v, &err), 0);
	assert_null(v.driver);
	assert_int_equal(v.card, 1);
	assert_int_equal(panel_video_choose("/dev/dri/renderD128", NULL, 0, &v, &err), -1);
	assert_non_null(strstr(err, "renderD128"));
	free(err);
	err = NULL;
	assert_int_equal(panel_video_choose("/dev/fb0", NULL, 0, &v, &err), -1);
	free(err);
}

/* An EDID block 0 of a panel w x h cm, with its checksum. */
static void edid(unsigned char *e, int w, int h)
{
	static const unsigned char header[8] = {0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0};
	memset(e, 0, 128);
	memcpy(e, header, 8);
	e[18] = 1;
	e[19] = 4;
	e[21] = (unsigned char)w;
	e[22] = (unsigned char)h;
	unsigned sum = 0;
	for (int i = 0; i < 127; i++)
		sum += e[i];
	e[127] = (unsigned char)(256 - sum % 256);
}

static void an_edid_gives_the_panel_diagonal_and_nonsense_gives_none(void **state)
{
	(void)state;
	unsigned char e[128];
	edid(e, 121, 68); /* a 55-inch TV: 121 x 68 cm */
	assert_true(fabs(panel_edid_diagonal_mm(e, 128) - 1388.0) < 1.0);
	assert_true(panel_edid_diagonal_mm(e, 127) == 0); /* short */
	e[21]++;					  /* checksum now wrong */
	assert_true(panel_edid_diagonal_mm(e, 128) == 0);
	edid(e, 0, 0); /* no size: a projector */
	assert_true(panel_edid_diagonal_mm(e, 128) == 0);
	edid(e, 79, 0); /* byte 22 zero: 21 is an aspect ratio */
	assert_true(panel_edid_diagonal_mm(e, 128) == 0);
	edid(e, 1, 1); /* 14 mm: not a screen */
	assert_true(panel_edid_diagonal_mm(e, 128) == 0);
	edid(e, 121, 68);
	e[0] = 1; /* no EDID header */
	assert_true(panel_edid_diagonal_mm(e, 128) == 0);
	assert_true(panel_edid_diagonal_mm(NULL, 0) == 0);
}

static void put(const char *dir, const char *name, const void *data, size_t n)
{
	char *p = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(p, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	fclose(f);
	free(p);
}

static void the_first_connected_connector_with_a_size_is_the_panel(void **state)
{
	(void)state;
	char *root = xasprintf("%s/drm.XXXXXX", test_tmp());
	assert_non_null(mkdtemp(root));
	assert_true(panel_diagonal_from_drm(root) == 0); /* nothing there */
	unsigned char e[128];
	char *a = xasprintf("%s/card0-HDMI-A-1", root), *b = xasprintf("%s/card0-HDMI-A-2", root);
	char *c = xasprintf("%s/card0", root);
	assert_int_equal(mkdir(a, 0700), 0);
	assert_int_equal(mkdir(b, 0700), 0);
	assert_int_equal(mkdir(c, 0700), 0);
	edid(e, 60, 34); /* disconnected: not this one */
	put(a, "status", "disconnected\n", 13);
	put(a, "edid", e, 128);
	put(b, "status", "connected\n", 10);
	put(b, "edid", "\0\1\2", 3); /* garbage */
	assert_true(panel_diagonal_from_drm(root) == 0);
	edid(e, 121, 68);
	put(b, "edid", e, 128);
	assert_true(fabs(panel_diagonal_from_drm(root) - 1388.0) < 1.0);
	char *cmd = xasprintf("rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(a);
	free(b);
	free(c);
	free(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(without_a_schedule_the_screen_is_always_on),
	    cmocka_unit_test(a_day_window_is_on_from_its_start_until_its_end),
	    cmocka_unit_test(a_window_crossing_midnight_belongs_to_the_day_it_starts),
	    cmocka_unit_test(weekday_keys_override_the_daily_window),
	    cmocka_unit_test(the_schedule_follows_the_display_time_zone),
	    cmocka_unit_test(invalid_windows_are_config_errors_naming_the_line),
	    cmocka_unit_test(a_console_gets_kmsdrm_and_the_environment_wins),
	    cmocka_unit_test(an_edid_gives_the_panel_diagonal_and_nonsense_gives_none),
	    cmocka_unit_test(the_first_connected_connector_with_a_size_is_the_panel),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
