/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests for import: the seed article (golden), the sample JSON, RSS and
 * Atom files, re-imports, every kind of bad input, the limits, dates, and
 * an import killed with SIGKILL at random moments.
 */
#include "testutil.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cache/cache.h"
#include "feed/import_store.h"

#define SEED "assets/sample/000_eddeb88cb7a96027.txt"

static char *sample(const char *name)
{
	return xasprintf("%s/%s", datadir(), name);
}

static struct cache *fresh_cache(const char *name)
{
	char *path = test_tmp_path(name), *err = NULL;
	char *wal = xasprintf("%s-wal", path), *shm = xasprintf("%s-shm", path);
	unlink(path), unlink(wal), unlink(shm);
	struct cache *c = cache_open(path, 0, &err);
	if (!c)
		fail_msg("%s", err);
	free(path), free(wal), free(shm);
	return c;
}

static void write_file(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	fclose(f);
}

/* Import one path, capturing the result line and the error messages. */
static int import_one(struct cache *c, const char *path, const struct import_limits *lim,
		      char **report, char **errors)
{
	struct import_limits d;
	import_limits_default(&d);
	char *errpath = test_tmp_path("stderr.txt");
	fflush(stderr);
	int saved = dup(2);
	int fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	dup2(fd, 2);
	close(fd);
	FILE *rep = tmpfile();
	char *paths[] = {(char *)path};
	int ret = import_paths(c, paths, 1, lim ? lim : &d, rep);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	size_t n = (size_t)ftell(rep);
	rewind(rep);
	char *r = xcalloc(1, n + 1);
	if (fread(r, 1, n, rep) != n)
		fail();
	fclose(rep);
	char *e = file_read(errpath, 0, NULL, NULL);
	free(errpath);
	if (report)
		*report = r;
	else
		free(r);
	if (errors)
		*errors = e;
	else
		free(e);
	return ret;
}

static int contains_furniture(const char *s)
{
	static const char *const furniture[] = {"5.0 / 5",
						"979",
						"این مطلب را می پسندید؟",
						"(2)",
						"(0)",
						"تازه ترین مطالب مرتبط",
						"نظرات بینندگان",
						"نظر شما",
						"نام:",
						"ایمیل:",
						"نظر:",
						"سوال:",
						"بعلاوه",
						"از دست ندهید",
						"منبع:",
						"تگهای مطلب",
						"1401/03/17",
						"11:39:14"};
	for (size_t i = 0; i < ARRAY_LEN(furniture); i++)
		if (strstr(s, furniture[i]))
			return 1;
	return strcmp(s, "X") == 0;
}

static void seed_article_imports_with_title_time_tags_and_six_paragraphs(void **state)
{
	(void)state;
	struct cache *c = fresh_cache("seed.db");
	char *path = sample(SEED), *report = NULL;
	assert_int_equal(import_one(c, path, NULL, &report, NULL), 0);
	assert_non_null(strstr(report, "imported 1, updated 0, skipped 0"));
	struct article_list l = {0};
	char *err = NULL;
	assert_int_equal(cache_list(c, time_now_unix(), 1, &l, &err), 0);
	assert_int_equal(l.n, 1);
	struct article *a = &l.items[0];
	assert_string_equal(a->title, "ایران در اجلاس جهانی جامعه اطلاعاتی");
	assert_int_equal(a->published, 1654585754); /* 2022-06-07T07:09:14Z */
	assert_string_equal(a->source, "مهر");
	assert_int_equal(a->ntags, 4);
	assert_string_equal(a->tags[0], "وزارت ارتباطات");
	assert_string_equal(a->tags[1], "فناوری اطلاعات");
	assert_string_equal(a->tags[2], "ارتباطات و فناوری اطلاعات");
	assert_string_equal(a->tags[3], "اینترنت");
	size_t paragraphs = 1;
	for (const char *p = a->body; *p; p++)
		paragraphs += *p == '\n';
	assert_int_equal(paragraphs, 6);
	assert_true(strncmp(a->body, "سخنگوی وزارت ارتباطات", strlen("سخنگوی وزارت ارتباطات")) ==
		    0);
	assert_true(strncmp(a->summary, "سخنگوی وزارت ارتباطات", strlen("سخنگوی وزارت ارتباطات")) ==
		    0);
	assert_null(strchr(a->summary, '\n'));
	const char *fields[] = {a->title, a->summary, a->source, a->url, a->image, a->category};
	for (size_t i = 0; i < ARRAY_LEN(fields); i++)
		assert_false(contains_furniture(fields[i]));
	for (size_t i = 0; i < a->ntags; i++)
		assert_false(contains_furniture(a->tags[i]));
	/* The body's last paragraph ends the article, not the page. */
	const char *last = strrchr(a->body, '\n') + 1;
	assert_false(contains_furniture(last));
	assert_null(strstr(a->body, "این مطلب را"));
	assert_null(strstr(a->body, "= ۶"));
	article_list_free(&l);
	free(report);
	free(path);
	cache_close(c);
}

static void sample_feeds_and_json_import_with_expected_counts(void **state)
{
	(void)state;
	struct cache *c = fresh_cache("samples.db");
	static const struct {
		const char *file, *line;
	} want[] = {
	    {"assets/sample/articles.json", "imported 4, updated 0, skipped 0"},
	    {"assets/sample/feed-rss.xml", "imported 3, updated 0, skipped 0"},
	    {"assets/sample/feed-atom.xml", "imported 3, updated 0, skipped 0"},
	};
	for (size_t i = 0; i < ARRAY_LEN(want); i++) {
		char *path = sample(want[i].file), *report = NULL;
		assert_int_equal(import_one(c, path, NULL, &report, NULL), 0);
		if (!strstr(report, want[i].line))
			fail_msg("%s: got '%s'", want[i].file, report);
		free(report);
		free(path);
	}
	assert_int_equal(cache_count(c), 10);
	struct article a;
	char *err = NULL;
	/* A guid that is not a URL or URN is scoped by the feed's link. */
	char *id = import_make_id("https://www.example.ir/", "example-1001");
	assert_int_equal(cache_get(c, id, &a, &err), 1);
	free(id);
	assert_string_equal(a.category, "فناوری");
	assert_string_equal(a.image, "https://www.example.ir/img/1001.jpg");
	assert_string_equal(a.source, "خبرگزاری نمونه");
	assert_int_equal(a.published, 1654580700); /* 10:15 +0430 */
	assert_null(strstr(a.body, "<"));
	assert_null(strstr(a.body, "trackVisit"));
	assert_non_null(strstr(a.body, "«پانصد روستا»"));
	article_clear(&a);
	assert_int_equal(cache_get(c, "sample-hall-change", &a, &err), 1);
	assert_int_equal(a.priority, PRIORITY_BREAKING);
	article_clear(&a);
	assert_int_equal(cache_get(c, "urn:uuid:0b6f0d7a-1f0e-4a43-8f3f-2c1f6a3e9d01", &a, &err),
			 1);
	assert_int_equal(a.published, 1654653600); /* published wins over updated */
	assert_string_equal(a.image, "https://news.example.ir/img/2001.png");
	article_clear(&a);
	cache_close(c);
}

static char *dump(struct cache *c)
{
	struct article_list l = {0};
	struct buf b = {0};
	char *err = NULL;
	assert_int_equal(cache_list(c, 0, 1, &l, &err), 0);
	for (size_t i = 0; i < l.n; i++) {
		struct article *a = &l.items[i];
		buf_printf(&b, "%s|%s|%s|%s|%s|%s|%s|%s|%s|%lld|%lld|%lld|%d|", a->id, a->title,
			   a->summary, a->body, a->source, a->url, a->image, a->category, a->lang,
			   (long long)a->published, (long long)a->expires, (long long)a->imported,
			   (int)a->priority);
		for (size_t t = 0; t < a->ntags; t++)
			buf_printf(&b, "%s,", a->tags[t]);
		buf_putc(&b, '\n');
	}
	article_list_free(&l);
	return buf_steal(&b);
}

static void importing_the_same_files_twice_leaves_the_same_rows(void **state)
{
	(void)state;
	struct cache *c = fresh_cache("twice.db");
	char *dir = sample("assets/sample"), *report = NULL;
	assert_int_equal(import_one(c, dir, NULL, NULL, NULL), 0);
	char *first = dump(c);
	sleep(1); /* an updated row would get a new imported time */
	assert_int_equal(import_one(c, dir, NULL, &report, NULL), 0);
	assert_non_null(strstr(report, "imported 0, updated 4, skipped 0"));
	char *second = dump(c);
	assert_string_equal(first, second);
	assert_int_equal(cache_count(c), 11);
	free(first), free(second), free(report), free(dir);
	cache_close(c);
}

/* Import good first, then the bad bytes: the bad file gets one message
 * naming it with want in it, and the good article stays. */
static void check_bad(const char *name, const void *data, size_t n, const char *want,
		      const struct import_limits *lim)
{
	struct cache *c = fresh_cache("bad.db");
	char *seed = sample(SEED), *path = test_tmp_path(name), *errors = NULL, *report = NULL;
	assert_int_equal(import_one(c, seed, NULL, NULL, NULL), 0);
	if (data)
		write_file(path, data, n);
	assert_int_equal(import_one(c, path, lim, &report, &errors), 1);
	if (!strstr(errors, path) || !strstr(errors, want))
		fail_msg("%s: message '%s' lacks the file or '%s'", name, errors, want);
	assert_string_equal(report, "");
	assert_int_equal(cache_count(c), 1);
	char *err = NULL;
	assert_int_equal(cache_check(c, &err), 0);
	free(seed), free(path), free(errors), free(report);
	cache_close(c);
}

static void empty_file_is_refused_by_name(void **state)
{
	(void)state;
	check_bad("empty.txt", "", 0, "empty file", NULL);
	check_bad("blank.txt", " \n\n \t\n", 6, "empty file", NULL);
}

static void binary_garbage_is_refused_by_name(void **state)
{
	(void)state;
	unsigned char junk[4096];
	srand(7);
	for (size_t i = 0; i < sizeof junk; i++)
		junk[i] = (unsigned char)rand();
	junk[0] = 0x89; /* not '{', '[' or '<': would be read as text */
	check_bad("garbage.bin", junk, sizeof junk, "not UTF-8", NULL);
}

static void utf16_that_is_not_a_feed_is_refused_by_name(void **state)
{
	(void)state;
	/* Random bytes that happen to start like a UTF-16 byte order mark
	 * decode to random Chinese letters: never an article. */
	unsigned char junk[4096];
	srand(11);
	for (size_t i = 0; i < sizeof junk; i++)
		junk[i] = (unsigned char)rand();
	junk[0] = 0xFF, junk[1] = 0xFE;
	struct import_limits lim;
	import_limits_default(&lim);
	lim.max_title = 1 << 20;
	check_bad("bom.xml", junk, sizeof junk, "UTF-16", &lim);
	/* Plain text in UTF-16: khabar reads UTF-16 only in feeds. */
	const char text[] = "\xFF\xFEt\0i\0t\0l\0e\0\n\0\n\0b\0o\0d\0y\0\n\0";
	check_bad("utf16.txt", text, sizeof text - 1, "UTF-16", NULL);
}

static void invalid_utf8_is_refused_with_its_place(void **state)
{
	(void)state;
	const char text[] = "عنوان خبر\n\nبند نخست \xC3\x28 ادامه\n";
	check_bad("latin1.txt", text, sizeof text - 1, "line 3, byte", NULL);
	check_bad("latin1b.txt", text, sizeof text - 1, "invalid byte 0xC3", NULL);
}

static void truncated_xml_is_refused_with_its_place(void **state)
{
	(void)state;
	char *rss = sample("assets/sample/feed-rss.xml");
	size_t n;
	char *data = file_read(rss, 0, &n, NULL);
	assert_non_null(data);
	check_bad("truncated.xml", data, n / 2, "XML: ", NULL);
	free(data);
	free(rss);
}

static void truncated_json_is_refused_with_its_place(void **state)
{
	(void)state;
	char *js = sample("assets/sample/articles.json");
	size_t n;
	char *data = file_read(js, 0, &n, NULL);
	assert_non_null(data);
	size_t cut = n / 2;
	while ((unsigned char)data[cut] >= 0x80)
		cut--; /* between characters; a cut inside one is tested below */
	check_bad("truncated.json", data, cut, "JSON ends before the document is complete", NULL);
	check_bad("truncated2.json", data, 3813, "ends inside a UTF-8 character", NULL);
	free(data);
	free(js);
}

static void billion_laughs_is_refused_before_expanding(void **state)
{
	(void)state;
	struct buf b = {0};
	buf_puts(&b, "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n");
	for (int i = 1; i < 10; i++) {
		buf_printf(&b, " <!ENTITY lol%d \"", i);
		for (int j = 0; j < 10; j++)
			buf_printf(&b, "&lol%s;", i == 1 ? "" : (char[]){(char)('0' + i - 1), 0});
		buf_puts(&b, "\">\n");
	}
	buf_puts(&b, "]>\n<rss version=\"2.0\"><channel><item><title>&lol9;</title></item>"
		     "</channel></rss>\n");
	check_bad("lolz.xml", b.data, b.len, "declares an entity (<!ENTITY lol", NULL);
	buf_free(&b);
}

static void file_of_100_mb_is_refused_without_reading_it(void **state)
{
	(void)state;
	char *path = test_tmp_path("huge.json");
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "[", 1), 1);
	assert_int_equal(ftruncate(fd, 100L << 20), 0);
	close(fd);
	check_bad("huge.json", NULL, 0, "larger than the limit of 8388608 bytes", NULL);
	unlink(path);
	free(path);
}

static void json_nested_100000_deep_is_refused(void **state)
{
	(void)state;
	size_t n = 100000;
	char *deep = xmalloc(2 * n);
	memset(deep, '[', n);
	memset(deep + n, ']', n);
	check_bad("deep.json", deep, 2 * n, "nested deeper than 64", NULL);
	/* With the check off, cJSON's own limit refuses it without crashing. */
	struct import_limits lim;
	import_limits_default(&lim);
	lim.max_depth = 1 << 30;
	check_bad("deep2.json", deep, 2 * n, "not valid JSON", &lim);
	free(deep);
}

static void xml_nested_too_deep_is_refused(void **state)
{
	(void)state;
	struct buf b = {0};
	buf_puts(&b, "<rss><channel><item>");
	for (int i = 0; i < 5000; i++)
		buf_puts(&b, "<a>");
	check_bad("deep.xml", b.data, b.len, "nested too deeply", NULL);
	buf_free(&b);
}

static void article_without_title_is_skipped_and_named(void **state)
{
	(void)state;
	struct cache *c = fresh_cache("notitle.db");
	char *path = test_tmp_path("notitle.json"), *report = NULL;
	const char *js = "[{\"title\": \"خبر درست\", \"body\": \"متن\"},"
			 " {\"body\": \"بدون عنوان\"}, {\"title\": \"  \"},"
			 " {\"title\": \"اولویت بد\", \"priority\": \"urgent\"},"
			 " {\"title\": \"تاریخ بد\", \"published\": \"yesterday\"}]";
	write_file(path, js, strlen(js));
	assert_int_equal(import_one(c, path, NULL, &report, NULL), 0);
	if (!strstr(report, "imported 1, updated 0, skipped 4: item 2: no title; item 3: no title; "
			    "item 4: priority is not normal, pinned or breaking; item 5: published "
			    "is not an ISO 8601 time"))
		fail_msg("got '%s'", report);
	free(report);
	/* A feed item without a title or a description, too. */
	char *feed = test_tmp_path("notitle.xml");
	const char *rss = "<rss version=\"2.0\"><channel><item><link>http://x/</link></item>"
			  "<item><title>عنوان</title></item></channel></rss>";
	write_file(feed, rss, strlen(rss));
	assert_int_equal(import_one(c, feed, NULL, &report, NULL), 0);
	assert_non_null(strstr(report, "imported 1, updated 0, skipped 1: item 1: no title"));
	free(report);
	assert_int_equal(cache_count(c), 2);
	free(feed);
	free(path);
	cache_close(c);
}

static void limits_skip_long_titles_and_extra_articles(void **state)
{
	(void)state;
	struct cache *c = fresh_cache("limits.db");
	struct import_limits lim;
	import_limits_default(&lim);
	lim.max_articles = 2;
	lim.max_title = 20;
	char *path = test_tmp_path("limits.json"), *report = NULL;
	const char *js = "[{\"title\": \"a\"}, {\"title\": \"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\"},"
			 " {\"title\": \"c\"}, {\"title\": \"d\"}]";
	write_file(path, js, strlen(js));
	assert_int_equal(import_one(c, path, &lim, &report, NULL), 0);
	if (!strstr(report, "imported 2, updated 0, skipped 2: item 2: title longer than 20 bytes; "
			    "item 4: more than 2 articles in one file"))
		fail_msg("got '%s'", report);
	free(report);
	free(path);
	cache_close(c);
}

static void a_directory_imports_its_files_in_name_order_and_goes_on_after_a_failure(void **state)
{
	(void)state;
	struct cache *c = fresh_cache("dir.db");
	char *dir = test_tmp_path("dropbox");
	mkdir(dir, 0755);
	char *a = xasprintf("%s/a.json", dir), *b = xasprintf("%s/b.json", dir),
	     *z = xasprintf("%s/z.txt", dir);
	write_file(a, "{\"id\": \"1\", \"title\": \"یک\"}",
		   strlen("{\"id\": \"1\", \"title\": \"یک\"}"));
	write_file(b, "{\"id\": ", 7);
	write_file(z, "عنوان\n\nمتن\n", strlen("عنوان\n\nمتن\n"));
	char *report = NULL, *errors = NULL;
	assert_int_equal(import_one(c, dir, NULL, &report, &errors), 1);
	char *pa = strstr(report, "a.json: imported 1"), *pz = strstr(report, "z.txt: imported 1");
	assert_non_null(pa);
	assert_non_null(pz);
	assert_true(pa < pz);
	assert_non_null(strstr(errors, "b.json: line 1, byte"));
	assert_int_equal(cache_count(c), 2);
	free(report), free(errors), free(a), free(b), free(z), free(dir);
	cache_close(c);
}

static void plain_text_without_trailer_is_title_and_body(void **state)
{
	(void)state;
	struct import_limits lim;
	import_limits_default(&lim);
	struct import_result r = {0};
	const char *t = "\n\n  خبر کوتاه  \nبند یکم\n\nبند دوم\n۱۴۰۱/۰۳/۱۷ ۱۱:۳۹\n";
	assert_int_equal(import_text_parse(t, strlen(t), &lim, &r), 0);
	assert_int_equal(r.articles.n, 1);
	struct article *a = &r.articles.items[0];
	assert_string_equal(a->title, "خبر کوتاه");
	assert_string_equal(a->body, "بند یکم\nبند دوم");
	assert_string_equal(a->summary, "بند یکم");
	assert_int_equal(a->published, 1654585740); /* Persian digits, no seconds */
	assert_string_equal(a->source, "");
	assert_string_equal(a->lang, "fa");
	assert_int_equal(a->dir, ARTICLE_DIR_RTL);
	import_result_free(&r);
	/* English text is not Persian: left to right, no language claimed;
	 * with `import --lang en`, English. */
	const char *en = "Weather today\nSunny in London, 21 degrees.\n";
	assert_int_equal(import_text_parse(en, strlen(en), &lim, &r), 0);
	assert_string_equal(r.articles.items[0].lang, "");
	assert_int_equal(r.articles.items[0].dir, ARTICLE_DIR_LTR);
	import_result_free(&r);
	lim.lang = "en";
	assert_int_equal(import_text_parse(en, strlen(en), &lim, &r), 0);
	assert_string_equal(r.articles.items[0].lang, "en");
	assert_int_equal(r.articles.items[0].dir, ARTICLE_DIR_LTR);
	import_result_free(&r);
	lim.lang = NULL;
	/* An impossible date refuses the file with its line. */
	const char *bad = "خبر\nمتن\n1401/13/40\n";
	assert_int_equal(import_text_parse(bad, strlen(bad), &lim, &r), -1);
	assert_non_null(strstr(r.error, "line 3"));
	import_result_free(&r);
}

static void format_is_detected_from_content_not_name(void **state)
{
	(void)state;
	assert_int_equal(import_detect("  \n{\"a\":1}", 10), IMPORT_JSON);
	assert_int_equal(import_detect("\xEF\xBB\xBF[", 4), IMPORT_JSON);
	assert_int_equal(import_detect("\n<rss>", 6), IMPORT_XML);
	assert_int_equal(import_detect("خبر", strlen("خبر")), IMPORT_TEXT);
}

static void error_pages_named_as_feeds_are_refused_by_name(void **state)
{
	(void)state;
	check_bad("feed.xml", "404 Not Found\n", 14, "holds plain text, not XML", NULL);
	const char *curl = "curl: (6) Could not resolve host: news.example\n";
	check_bad("feed.xml", curl, strlen(curl), "holds plain text, not XML", NULL);
	const char *portal = "<html><head><title>Login</title></head><body><form action=/login>"
			     "<input name=user></form></body></html>";
	check_bad("feed.xml", portal, strlen(portal), "an HTML page (\"Login\"), not a feed", NULL);
	const char *html404 = "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>"
			      "<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n"
			      "<p>The requested URL was not found on this server.</p>\n<hr>\n";
	check_bad("feed.xml", html404, strlen(html404), "an HTML page (\"404 Not Found\")", NULL);
	check_bad("news.json", "<html>", 6, "named as JSON but does not hold JSON", NULL);
	check_bad("error.txt", "503 Service Unavailable\n", 24, "an error message, not an article",
		  NULL);
}

static void a_fifo_in_the_folder_is_skipped_without_waiting(void **state)
{
	(void)state;
	struct cache *c = fresh_cache("fifo.db");
	char *dir = test_tmp_path("fifo"), *fifo = xasprintf("%s/a-pipe.xml", dir);
	char *good = xasprintf("%s/b.json", dir), *errors = NULL, *report = NULL;
	mkdir(dir, 0755);
	unlink(fifo);
	assert_int_equal(mkfifo(fifo, 0644), 0);
	write_file(good, "{\"title\": \"x\"}", 14);
	alarm(30); /* a hang fails the test instead of the whole suite */
	assert_int_equal(import_one(c, dir, NULL, &report, &errors), 0);
	alarm(0);
	if (!strstr(errors, "a-pipe.xml: not a regular file"))
		fail_msg("got '%s'", errors);
	assert_non_null(strstr(report, "b.json: imported 1"));
	assert_int_equal(cache_count(c), 1);
	unlink(fifo);
	free(dir), free(fifo), free(good), free(errors), free(report);
	cache_close(c);
}

/* A child process whose files may not grow past limit bytes: SQLite's
 * writes then fail as on a full disk. */
static void partial_import_says_how_many_articles_were_stored(void **state)
{
	(void)state;
	char *path = test_tmp_path("full.db"), *feed = test_tmp_path("big.json");
	char *errpath = test_tmp_path("full.err");
	cache_close(fresh_cache("full.db"));
	struct buf b = {0};
	buf_puts(&b, "[");
	for (int i = 0; i < 730; i++) {
		buf_printf(&b, "%s{\"id\": \"p%d\", \"title\": \"t%d\", \"body\": \"", i ? "," : "",
			   i, i);
		for (int k = 0; k < 100; k++)
			buf_puts(&b, "متن آزمایشی ");
		buf_puts(&b, "\"}");
	}
	buf_puts(&b, "]");
	write_file(feed, b.data, b.len);
	buf_free(&b);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		signal(SIGXFSZ, SIG_IGN);
		struct rlimit rl = {1200 * 1024, 1200 * 1024};
		setrlimit(RLIMIT_FSIZE, &rl);
		int fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		dup2(fd, 2);
		char *err = NULL;
		struct cache *c = cache_open(path, 0, &err);
		struct import_limits lim;
		import_limits_default(&lim);
		char *paths[] = {feed};
		FILE *devnull = fopen("/dev/null", "w");
		_exit(c ? import_paths(c, paths, 1, &lim, devnull) : 3);
	}
	int status;
	waitpid(pid, &status, 0);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 1);
	char *errors = file_read(errpath, 0, NULL, NULL);
	char *err = NULL;
	struct cache *c = cache_open(path, 0, &err);
	long n = cache_count(c);
	assert_true(n > 0 && n < 730);
	char *want = xasprintf("; %ld of its 730 articles were stored, the rest were not", n);
	if (!strstr(errors, want))
		fail_msg("'%s' lacks '%s'", errors, want);
	cache_close(c);
	free(path), free(feed), free(errpath), free(errors), free(want);
}

/* ---- SIGKILL at random moments ---- */

#define KILL_FILES    50
#define KILL_PER_FILE 100
#define KILL_RUNS     50

/* Each article carries a checksum of its own title, body and tags, so a
 * half-written one would show. */
static uint64_t fnv(const char *s, uint64_t h)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3u;
	return h;
}

static uint64_t article_sum(const char *title, const char *body_first, const char *tag)
{
	return fnv(tag, fnv(body_first, fnv(title, 0xcbf29ce484222325u)));
}

static char *make_kill_corpus(void)
{
	char *dir = test_tmp_path("kill-corpus");
	mkdir(dir, 0755);
	for (int f = 0; f < KILL_FILES; f++) {
		struct buf b = {0};
		buf_puts(&b, "[\n");
		for (int i = 0; i < KILL_PER_FILE; i++) {
			int n = f * KILL_PER_FILE + i;
			char title[64], body[256], tag[32];
			snprintf(title, sizeof title, "خبر شماره %d", n);
			snprintf(body, sizeof body,
				 "بند نخست خبر %d با متنی به اندازه یک بند واقعی از یک خبر فارسی",
				 n);
			snprintf(tag, sizeof tag, "برچسب %d", n % 17);
			buf_printf(&b,
				   "%s{\"id\": \"k%d\", \"title\": \"%s\", \"tags\": [\"%s\"], "
				   "\"body\": [\"%s\", \"sum:%016llx\"], \"published\": "
				   "\"2022-06-07T07:09:14Z\"}\n",
				   i ? "," : "", n, title, tag, body,
				   (unsigned long long)article_sum(title, body, tag));
		}
		buf_puts(&b, "]\n");
		char *path = xasprintf("%s/%03d.json", dir, f);
		write_file(path, b.data, b.len);
		free(path);
		buf_free(&b);
	}
	return dir;
}

static void verify_whole(struct cache *c)
{
	char *err = NULL;
	if (cache_check(c, &err))
		fail_msg("%s", err);
	struct article_list l = {0};
	assert_int_equal(cache_list(c, 0, 1, &l, &err), 0);
	/* Each file is one transaction: whole files or nothing. */
	if (l.n % KILL_PER_FILE != 0)
		fail_msg("%zu articles: not whole files", l.n);
	for (size_t i = 0; i < l.n; i++) {
		struct article *a = &l.items[i];
		assert_int_equal(a->ntags, 1);
		char *nl = strchr(a->body, '\n');
		assert_non_null(nl);
		char *first = xstrndup(a->body, (size_t)(nl - a->body));
		char want[64];
		snprintf(want, sizeof want, "sum:%016llx",
			 (unsigned long long)article_sum(a->title, first, a->tags[0]));
		assert_string_equal(nl + 1, want);
		free(first);
	}
	article_list_free(&l);
}

static void import_killed_at_random_moments_leaves_only_whole_articles(void **state)
{
	(void)state;
	char *dir = make_kill_corpus(), *path = test_tmp_path("kill.db");
	struct import_limits lim;
	import_limits_default(&lim);
	/* How long a whole import takes, to spread the kills over it. */
	double t0 = time_mono();
	struct cache *c = fresh_cache("kill.db");
	char *paths[] = {dir};
	FILE *devnull = fopen("/dev/null", "w");
	assert_int_equal(import_paths(c, paths, 1, &lim, devnull), 0);
	assert_int_equal(cache_count(c), KILL_FILES * KILL_PER_FILE);
	cache_close(c);
	double whole = time_mono() - t0;
	srand((unsigned)time(NULL));
	int partial = 0;
	for (int run = 0; run < KILL_RUNS; run++) {
		cache_close(fresh_cache("kill.db"));
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			char *err = NULL;
			struct cache *cc = cache_open(path, 0, &err);
			if (!cc)
				_exit(3);
			_exit(import_paths(cc, paths, 1, &lim, devnull));
		}
		struct timespec ts;
		double at = whole * (double)rand() / RAND_MAX;
		ts.tv_sec = (time_t)at;
		ts.tv_nsec = (long)((at - (double)ts.tv_sec) * 1e9);
		nanosleep(&ts, NULL);
		kill(pid, SIGKILL);
		int status;
		waitpid(pid, &status, 0);
		char *err = NULL;
		struct cache *after = cache_open(path, 0, &err);
		if (!after)
			fail_msg("run %d: %s", run, err);
		long n = cache_count(after);
		partial += n > 0 && n < KILL_FILES * KILL_PER_FILE;
		verify_whole(after);
		cache_close(after);
	}
	print_message("%d kills; %d of them mid-import; whole import %.2f s\n", KILL_RUNS, partial,
		      whole);
	fclose(devnull);
	free(dir);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(seed_article_imports_with_title_time_tags_and_six_paragraphs),
	    cmocka_unit_test(sample_feeds_and_json_import_with_expected_counts),
	    cmocka_unit_test(importing_the_same_files_twice_leaves_the_same_rows),
	    cmocka_unit_test(empty_file_is_refused_by_name),
	    cmocka_unit_test(binary_garbage_is_refused_by_name),
	    cmocka_unit_test(utf16_that_is_not_a_feed_is_refused_by_name),
	    cmocka_unit_test(invalid_utf8_is_refused_with_its_place),
	    cmocka_unit_test(truncated_xml_is_refused_with_its_place),
	    cmocka_unit_test(truncated_json_is_refused_with_its_place),
	    cmocka_unit_test(billion_laughs_is_refused_before_expanding),
	    cmocka_unit_test(file_of_100_mb_is_refused_without_reading_it),
	    cmocka_unit_test(json_nested_100000_deep_is_refused),
	    cmocka_unit_test(xml_nested_too_deep_is_refused),
	    cmocka_unit_test(article_without_title_is_skipped_and_named),
	    cmocka_unit_test(limits_skip_long_titles_and_extra_articles),
	    cmocka_unit_test(
		a_directory_imports_its_files_in_name_order_and_goes_on_after_a_failure),
	    cmocka_unit_test(plain_text_without_trailer_is_title_and_body),
	    cmocka_unit_test(format_is_detected_from_content_not_name),
	    cmocka_unit_test(error_pages_named_as_feeds_are_refused_by_name),
	    cmocka_unit_test(a_fifo_in_the_folder_is_skipped_without_waiting),
	    cmocka_unit_test(partial_import_says_how_many_articles_were_stored),
	    cmocka_unit_test(import_killed_at_random_moments_leaves_only_whole_articles),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
