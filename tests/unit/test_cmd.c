/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests for cmd: options as "--name VALUE" and "--name=VALUE", a missing
 * or bad value ends the walk with status 2 instead of exiting, WxH sizes,
 * and the cache-path rule (--db, else [cache] path, else the default).
 */
#include "testutil.h"

#include "cmd/cmd.h"

/* String literals for argv, which is not const. */
#define S_(x) ((char *)(x))

static void options_take_their_value_either_way(void **state)
{
	(void)state;
	char *argv[] = {S_("render"), S_("--out"),   S_("a.png"),  S_("--card=3"),
			S_("--size"), S_("800x600"), S_("--help"), NULL};
	struct cmd_args a;
	cmd_args_init(&a, 7, argv);
	const char *out = NULL;
	long card = 0;
	int w = 0, h = 0, help = 0;
	while (cmd_args_next(&a)) {
		if (cmd_opt_str(&a, "--out", &out) || cmd_opt_long(&a, "--card", 0, 9, &card) ||
		    cmd_opt_size(&a, "--size", &w, &h))
			continue;
		if (cmd_opt_flag(&a, "--help"))
			help = 1;
		else
			cmd_args_unknown(&a);
	}
	assert_int_equal(a.status, 0);
	assert_string_equal(out, "a.png");
	assert_int_equal(card, 3);
	assert_int_equal(w, 800);
	assert_int_equal(h, 600);
	assert_true(help);
}

/* Runs one walk over argv with the --n and --size options; the status. */
static int walk(int argc, char **argv)
{
	struct cmd_args a;
	cmd_args_init(&a, argc, argv);
	long n;
	int w, h, e;
	static const char *const names[] = {"a", "b"};
	while (cmd_args_next(&a)) {
		if (cmd_opt_long(&a, "--n", 1, 5, &n) || cmd_opt_size(&a, "--size", &w, &h) ||
		    cmd_opt_enum(&a, "--e", names, 2, &e))
			continue;
		cmd_args_unknown(&a);
	}
	return a.status;
}

static void bad_options_end_the_walk_with_status_2(void **state)
{
	(void)state;
	char *missing[] = {S_("x"), S_("--n"), NULL};
	assert_int_equal(walk(2, missing), 2);
	char *range[] = {S_("x"), S_("--n=9"), NULL};
	assert_int_equal(walk(2, range), 2);
	char *junk[] = {S_("x"), S_("--n"), S_("2x"), NULL};
	assert_int_equal(walk(3, junk), 2);
	char *size[] = {S_("x"), S_("--size=100x100"), NULL}; /* below 160x120 */
	assert_int_equal(walk(2, size), 2);
	char *e[] = {S_("x"), S_("--e"), S_("c"), NULL};
	assert_int_equal(walk(3, e), 2);
	char *unknown[] = {S_("x"), S_("--nope"), NULL};
	assert_int_equal(walk(2, unknown), 2);
	char *prefix[] = {S_("x"), S_("--nx=1"), NULL}; /* not --n */
	assert_int_equal(walk(2, prefix), 2);
	char *fine[] = {S_("x"), S_("--n"), S_("5"), S_("--e=b"), S_("--size=1920X1080"), NULL};
	assert_int_equal(walk(5, fine), 0);
}

static void sizes_are_w_x_h_within_limits(void **state)
{
	(void)state;
	int w = 1, h = 1;
	assert_int_equal(cmd_parse_size("1280x720", &w, &h), 0);
	assert_int_equal(w, 1280);
	assert_int_equal(h, 720);
	assert_int_equal(cmd_parse_size("8193x100", &w, &h), -1);
	assert_int_equal(cmd_parse_size("1280x720px", &w, &h), -1);
	assert_int_equal(cmd_parse_size("1280", &w, &h), -1);
	assert_int_equal(cmd_parse_size(NULL, &w, &h), -1);
	assert_int_equal(w, 1280); /* untouched on failure */
}

static void the_cache_is_db_else_the_config_else_the_default(void **state)
{
	(void)state;
	struct config cfg;
	config_defaults(&cfg);
	struct cmd_ctx ctx = {.db_path = "/x/given.db"};
	char *p = cmd_cache_path(&ctx, &cfg);
	assert_string_equal(p, "/x/given.db");
	free(p);
	ctx.db_path = NULL;
	p = cmd_cache_path(&ctx, &cfg);
	assert_non_null(strstr(p, "khabar.db")); /* the default */
	free(p);
	free(cfg.cache_path);
	cfg.cache_path = xstrdup("/y/config.db");
	p = cmd_cache_path(&ctx, &cfg);
	assert_string_equal(p, "/y/config.db");
	free(p);
	config_free(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(options_take_their_value_either_way),
	    cmocka_unit_test(bad_options_end_the_walk_with_status_2),
	    cmocka_unit_test(sizes_are_w_x_h_within_limits),
	    cmocka_unit_test(the_cache_is_db_else_the_config_else_the_default),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
