/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench_sync — `khabar sync` of 20 feeds x 50 items, each with its own
 * lead image URL (640x360 JPEGs), from the loopback feed server: wall
 * time and peak memory of the sync process, first round (everything new)
 * and second (unchanged). Then the display's peak RSS and CPU over
 * BENCH_SECONDS (default 60) at 1920x1080 offscreen, without syncing and
 * with a forced sync of every feed each 10 s writing the cache under it. Prints
 * figures; asserts nothing.
 *
 * Environment: KHABAR (the binary), BENCH_SECONDS.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/util.h"

#define FEEDS 20
#define ITEMS 50

static const char *khabar;
static char dir[256];

static double tv(struct timeval t)
{
	return (double)t.tv_sec + (double)t.tv_usec / 1e6;
}

static pid_t spawn(char *const argv[], const char *err_path)
{
	pid_t pid = fork();
	if (pid == 0) {
		FILE *e = err_path ? freopen(err_path, "w", stderr) : NULL;
		(void)e;
		execvp(argv[0], argv);
		_exit(127);
	}
	return pid;
}

/* Wait for pid: CPU seconds and peak RSS (KiB). */
static int reap(pid_t pid, double *cpu, long *rss_kb)
{
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) < 0)
		return -1;
	*cpu = tv(ru.ru_utime) + tv(ru.ru_stime);
	*rss_kb = ru.ru_maxrss;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void write_feeds(void)
{
	char *cmd = xasprintf(
	    "mkdir -p %s/www/img && for i in $(seq 0 %d); do c=$(printf %%02x $((i * 5))); "
	    "convert -size 640x360 \"gradient:#${c}6ea5-#f4d06f\" -quality 85 "
	    "%s/www/img/base-$i.jpg; done",
	    dir, ITEMS - 1, dir);
	if (system(cmd) != 0)
		fprintf(stderr, "bench_sync: convert failed\n");
	free(cmd);
	/* 50 different pictures (a gradient each), each linked under every
	 * feed: the store keeps 50 files, and every download is decoded. */
	for (int f = 0; f < FEEDS; f++) {
		struct buf b = {0};
		buf_puts(
		    &b,
		    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" "
		    "xmlns:media=\"http://search.yahoo.com/mrss/\"><channel><title>بنچ</title>\n");
		for (int i = 0; i < ITEMS; i++) {
			/* Each item its own image URL (a file per feed and item). */
			char *img = xasprintf("%s/www/img/f%d-%d.jpg", dir, f, i);
			char *base = xasprintf("%s/www/img/base-%d.jpg", dir, i);
			if (link(base, img) != 0 && symlink(base, img) != 0)
				fprintf(stderr, "bench_sync: cannot link %s\n", img);
			free(img);
			free(base);
			buf_printf(
			    &b,
			    "<item><guid>f%d-i%d</guid><title>خبر شمارهٔ %d از فید %d برای سنجش "
			    "همگام‌سازی</title><link>https://example.ir/%d/%d</link>"
			    "<description>چکیدهٔ خبر با چند جمله برای آزمون سرعت.</description>"
			    "<media:content url=\"img/f%d-%d.jpg\" medium=\"image\"/>"
			    "<pubDate>Mon, 30 Nov 2026 %02d:%02d:00 GMT</pubDate></item>\n",
			    f, i, i, f, f, i, f, i, i / 60, i % 60);
		}
		buf_puts(&b, "</channel></rss>\n");
		char *path = xasprintf("%s/www/feed%d.xml", dir, f);
		file_write(path, b.data, b.len);
		free(path);
		buf_free(&b);
	}
}

static void write_config(int port, int auto_sync)
{
	struct buf b = {0};
	buf_printf(&b, "[ticker]\nenabled = yes\n[sync]\nauto = %s\ntimeout = 30s\n",
		   auto_sync ? "yes" : "no");
	for (int f = 0; f < FEEDS; f++)
		buf_printf(&b, "[feed f%d]\nurl = http://127.0.0.1:%d/feed%d.xml\nmax_items = %d\n",
			   f, port, f, ITEMS);
	char *path = xasprintf("%s/k.ini", dir);
	file_write(path, b.data, b.len);
	free(path);
	buf_free(&b);
}

/* One `khabar sync`; named: every feed by --feed (due or not). */
static int sync_once(const char *label, int named, int force)
{
	char *conf = xasprintf("%s/k.ini", dir), *db = xasprintf("%s/k.db", dir);
	char *log = xasprintf("%s/sync.log", dir);
	char *argv[8 + 2 * FEEDS], names[FEEDS][8];
	int n = 0;
	argv[n++] = (char *)khabar;
	argv[n++] = (char *)"--config";
	argv[n++] = conf;
	argv[n++] = (char *)"--db";
	argv[n++] = db;
	argv[n++] = (char *)"sync";
	if (force)
		argv[n++] = (char *)"--force";
	for (int f = 0; named && f < FEEDS; f++) {
		snprintf(names[f], sizeof names[f], "f%d", f);
		argv[n++] = (char *)"--feed";
		argv[n++] = names[f];
	}
	argv[n] = NULL;
	double t0 = time_mono(), cpu;
	long rss;
	int rc = reap(spawn(argv, log), &cpu, &rss);
	if (label)
		printf("sync %-40s %6.2f s wall, %5.2f s CPU, peak %5.1f MiB (exit %d)\n", label,
		       time_mono() - t0, cpu, rss / 1024.0, rc);
	free(conf);
	free(db);
	free(log);
	return rc;
}

static void display(const char *label, int seconds, int sync_every)
{
	char *conf = xasprintf("%s/k.ini", dir), *db = xasprintf("%s/k.db", dir);
	char secs[16];
	snprintf(secs, sizeof secs, "%d", seconds);
	char *argv[] = {(char *)khabar,
			(char *)"--config",
			conf,
			(char *)"--db",
			db,
			(char *)"run",
			(char *)"--windowed",
			(char *)"1920x1080",
			(char *)"--exit-after",
			secs,
			NULL};
	pid_t pid = spawn(argv, "/dev/null");
	double t0 = time_mono();
	int rounds = 0;
	while (sync_every && time_mono() - t0 < seconds - sync_every) {
		usleep((useconds_t)(sync_every * 1000000));
		sync_once(NULL, 1, 1);
		rounds++;
	}
	double cpu;
	long rss;
	reap(pid, &cpu, &rss);
	printf("display %-31s peak RSS %5.1f MiB, CPU %4.1f%% of a core over %d s (%d syncs)\n",
	       label, rss / 1024.0, 100 * cpu / seconds, seconds, rounds);
	free(conf);
	free(db);
}

int main(void)
{
	khabar = getenv("KHABAR") ? getenv("KHABAR") : "build/khabar";
	int seconds = getenv("BENCH_SECONDS") ? atoi(getenv("BENCH_SECONDS")) : 60;
	snprintf(dir, sizeof dir, "/tmp/bench_sync.XXXXXX");
	if (!mkdtemp(dir))
		return 1;
	char *cache = xasprintf("XDG_CACHE_HOME=%s/cache", dir);
	putenv(cache);
	unsetenv("http_proxy");
	unsetenv("HTTP_PROXY");
	write_feeds();
	char *www = xasprintf("%s/www", dir), *portfile = xasprintf("%s/port", dir);
	char *srv_argv[] = {(char *)"python3", (char *)"tests/lib/feedserver.py", www, portfile, NULL};
	pid_t srv = spawn(srv_argv, NULL);
	char *port = NULL;
	for (int i = 0; i < 100 && !port; i++) {
		char *err = NULL;
		if (!(port = file_read(portfile, 16, NULL, &err)))
			usleep(100000);
		free(err);
	}
	if (!port) {
		fprintf(stderr, "bench_sync: the feed server did not start\n");
		kill(srv, SIGTERM);
		return 1;
	}
	write_config(atoi(port), 0);
	printf("bench_sync: %d feeds x %d items, each item its own 640x360 JPEG URL\n", FEEDS,
	       ITEMS);
	sync_once("first round (all new, 1000 images)", 0, 0);
	sync_once("again, every feed (unchanged bodies)", 1, 0);
	sync_once("again, --force (all parsed, images kept)", 1, 1);
	display("without syncing", seconds, 0);
	display("with a sync every 10 s", seconds, 10);
	kill(srv, SIGTERM);
	waitpid(srv, NULL, 0);
	char *rm = xasprintf("rm -rf %s", dir);
	if (system(rm) != 0)
		fprintf(stderr, "bench_sync: could not remove %s\n", dir);
	free(rm);
	free(port);
	free(www);
	free(portfile);
	return 0;
}
