/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench_cache — how fast articles go into the cache and come out:
 * importing 10,000 generated articles (100 JSON files of 100, one
 * transaction each) and `khabar list` over them. Prints figures; the
 * targets are at least 2,000 articles/s and a list under 50 ms.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cache/cache.h"
#include "feed/import_store.h"
#include "base/util.h"

#define FILES	 100
#define PER_FILE 100

static const char *const para =
    "سخنگوی وزارت ارتباطات از شرکت ایران در اجلاس جهانی جامعه اطلاعاتی (WSIS 2022) که در "
    "مقر سازمان ملل متحد برگزار شد خبر داد و گفت این اجلاس با حضور وزرا برگزار شد.";

static void make_corpus(const char *dir)
{
	mkdir(dir, 0755);
	for (int f = 0; f < FILES; f++) {
		struct buf b = {0};
		buf_puts(&b, "{\"articles\": [\n");
		for (int i = 0; i < PER_FILE; i++) {
			int n = f * PER_FILE + i;
			buf_printf(
			    &b,
			    "%s{\"id\": \"bench-%d\", \"title\": \"خبر آزمایشی شماره %d\", "
			    "\"summary\": \"%s\", \"body\": [\"%s\", \"%s\", \"%s\"], "
			    "\"source\": \"ایرنا\", \"category\": \"%s\", \"tags\": [\"فناوری\", "
			    "\"اینترنت\"], \"published\": \"2022-06-%02dT%02d:%02d:00Z\", "
			    "\"priority\": \"%s\"}\n",
			    i ? "," : "", n, n, para, para, para, para, n % 2 ? "فرهنگ" : "فناوری",
			    1 + n % 28, n % 24, n % 60, n % 500 == 0 ? "breaking" : "normal");
		}
		buf_puts(&b, "]}\n");
		char *path = xasprintf("%s/%03d.json", dir, f);
		if (file_write(path, b.data, b.len) != 0) {
			perror(path);
			exit(1);
		}
		free(path);
		buf_free(&b);
	}
}

/* Wall time of running khabar with args, best of runs. */
static double run_khabar(const char *khabar, const char *db, const char *arg2, int runs)
{
	double best = 1e9;
	for (int r = 0; r < runs; r++) {
		fflush(stdout); /* or the child's freopen prints it again */
		double t0 = time_mono();
		pid_t pid = fork();
		if (pid == 0) {
			if (!freopen("/dev/null", "w", stdout))
				_exit(127);
			execl(khabar, khabar, "--db", db, "list", arg2, (char *)NULL);
			_exit(127);
		}
		int status;
		waitpid(pid, &status, 0);
		double t = time_mono() - t0;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr, "bench_cache: %s list failed\n", khabar);
			return -1;
		}
		best = MIN(best, t);
	}
	return best;
}

int main(void)
{
	char tmpl[] = "/tmp/khabar-bench.XXXXXX";
	char *base = mkdtemp(tmpl);
	if (!base)
		return 1;
	char *dir = xasprintf("%s/corpus", base), *db = xasprintf("%s/bench.db", base);
	make_corpus(dir);

	char *err = NULL;
	struct cache *c = cache_open(db, 0, &err);
	if (!c) {
		fprintf(stderr, "bench_cache: %s\n", err);
		return 1;
	}
	struct import_limits lim;
	import_limits_default(&lim);
	FILE *devnull = fopen("/dev/null", "w");
	char *paths[] = {dir};
	double t0 = time_mono();
	fflush(stdout);
	int rc = import_paths(c, paths, 1, &lim, devnull);
	double t_import = time_mono() - t0;
	long n = cache_count(c);
	t0 = time_mono();
	rc |= import_paths(c, paths, 1, &lim, devnull);
	double t_reimport = time_mono() - t0;
	fclose(devnull);
	if (rc || n != FILES * PER_FILE) {
		fprintf(stderr, "bench_cache: import failed (%ld articles)\n", n);
		return 1;
	}
	printf("bench_cache: import %d articles (%d files, one transaction each): %.3f s, %.0f "
	       "articles/s (target >= 2000)\n",
	       FILES * PER_FILE, FILES, t_import, n / t_import);
	printf("bench_cache: re-import of the same files (no changes): %.3f s, %.0f articles/s\n",
	       t_reimport, n / t_reimport);

	double best = 1e9;
	for (int r = 0; r < 5; r++) {
		struct article_list l = {0};
		t0 = time_mono();
		cache_list(c, time_now_unix(), 0, &l, &err);
		best = MIN(best, time_mono() - t0);
		article_list_free(&l);
	}
	printf("bench_cache: cache_list of %ld articles in the process: %.1f ms\n", n, best * 1e3);
	cache_close(c);

	const char *khabar = getenv("KHABAR");
	if (khabar && access(khabar, X_OK) == 0) {
		double t = run_khabar(khabar, db, "--all", 5);
		double tj = run_khabar(khabar, db, "--json", 5);
		printf("bench_cache: `khabar list` over %ld articles: %.1f ms (target < 50 ms); "
		       "--json: %.1f ms\n",
		       n, t * 1e3, tj * 1e3);
	} else {
		printf("bench_cache: KHABAR not set; `khabar list` not timed\n");
	}
	if (getenv("BENCH_KEEP")) {
		printf("bench_cache: kept %s\n", base);
		return 0;
	}
	char *rm = xasprintf("rm -rf '%s'", base);
	if (system(rm) != 0)
		fprintf(stderr, "bench_cache: could not remove %s\n", base);
	free(rm), free(dir), free(db);
	return 0;
}
