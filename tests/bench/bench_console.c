/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench_console — the organisers' console with 30 screens: a real
 * mosquitto on loopback holding 30 retained statuses, 30 thumbnails of
 * 13 KB and 30 plays messages at their largest (7 days of 40 cards),
 * khabar console connected to it; prints the console's memory (VmRSS and
 * peak VmHWM) once it holds them and after the requests, and the time to
 * serve the screens page, the page with its 30 thumbnails and the plays
 * pages over one keep-alive connection on loopback (median and worst of
 * 50).
 * Prints figures; asserts nothing (the targets are 20 MiB and 50 ms).
 *
 * Environment: KHABAR (the display program; khabar-console beside it).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/util.h"

#define SCREENS 30
#define ROUNDS	50

static pid_t spawn(char *const argv[], const char *log)
{
	pid_t pid = fork();
	if (pid == 0) {
		freopen(log, "w", stderr);
		freopen("/dev/null", "w", stdout);
		execv(argv[0], argv);
		_exit(127);
	}
	return pid;
}

static int free_port(void)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t n = sizeof a;
	bind(s, (struct sockaddr *)&a, sizeof a);
	getsockname(s, (struct sockaddr *)&a, &n);
	close(s);
	return ntohs(a.sin_port);
}

static int log_has(const char *log, const char *what)
{
	size_t len;
	char *err = NULL, *s = file_read(log, 0, &len, &err);
	int ok = s && strstr(s, what);
	free(s);
	free(err);
	return ok;
}

static long proc_kb(pid_t pid, const char *key)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	FILE *f = fopen(path, "r");
	long kb = -1;
	while (f && fgets(line, sizeof line, f))
		if (!strncmp(line, key, strlen(key)))
			kb = atol(line + strlen(key) + 1);
	if (f)
		fclose(f);
	return kb;
}

/* GET path on the open connection fd with the session cookie; the body's
 * length, or -1. */
static long get(int fd, const char *path, const char *cookie)
{
	char req[512], buf[65536];
	int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: bench\r\nCookie: khabar_session=%s\r\n\r\n",
			 path, cookie);
	if (write(fd, req, (size_t)n) != n)
		return -1;
	size_t have = 0;
	long want = -1, total = -1;
	char *body = NULL;
	while (!body || (long)(have - (size_t)(body - buf)) < want) {
		ssize_t r = read(fd, buf + have, sizeof buf - have - 1);
		if (r <= 0)
			return -1;
		have += (size_t)r;
		buf[have] = 0;
		if (!body && (body = strstr(buf, "\r\n\r\n"))) {
			body += 4;
			char *cl = strstr(buf, "Content-Length:");
			want = total = cl ? atol(cl + 15) : 0;
		}
		if (have == sizeof buf - 1) { /* a big body: count and start over */
			want -= (long)(have - (size_t)(body - buf));
			have = 0;
			body = buf;
		}
	}
	return total;
}

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void timings(const char *what, int port, const char *cookie, const char *path, int thumbs)
{
	double t[ROUNDS];
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	if (connect(s, (struct sockaddr *)&a, sizeof a))
		return;
	long bytes = 0;
	for (int r = 0; r < ROUNDS; r++) {
		double t0 = now_ms();
		bytes = get(s, path, cookie);
		for (int i = 0; thumbs && i < SCREENS; i++) {
			char p[64];
			snprintf(p, sizeof p, "/thumb?n=screen-%02d", i);
			bytes += get(s, p, cookie);
		}
		t[r] = now_ms() - t0;
	}
	close(s);
	qsort(t, ROUNDS, sizeof *t, cmp_double);
	printf("console: %s (%ld bytes): median %.2f ms, worst %.2f ms of %d\n", what, bytes,
	       t[ROUNDS / 2], t[ROUNDS - 1], ROUNDS);
}

/* The session cookie from curl's cookie jar. */
static int jar_cookie(const char *jar, char *out, size_t n)
{
	FILE *f = fopen(jar, "r");
	char line[512];
	int ok = 0;
	while (f && fgets(line, sizeof line, f)) {
		char *p = strstr(line, "khabar_session\t");
		if (p) {
			snprintf(out, n, "%s", p + strlen("khabar_session\t"));
			out[strcspn(out, "\r\n")] = 0;
			ok = 1;
		}
	}
	if (f)
		fclose(f);
	return ok;
}

static int setup(const char *dir, int bport, int cport, const char *khabar)
{
	char cmd[2048];
	snprintf(cmd, sizeof cmd,
		 "printf 'listener %d 127.0.0.1\\nallow_anonymous true\\npersistence false\\nuser %%s\\n' "
		 "\"$(id -un)\" >%s/m.conf && printf '[mqtt]\\nurl = mqtt://127.0.0.1:%d\\n[console]\\n"
		 "listen = 127.0.0.1:%d\\nusers = %s/users\\nplain_http = yes\\nstate_dir = %s/state\\n' "
		 ">%s/c.ini && printf 'bench pass 1\\n' | %s --config %s/c.ini console --add-user b "
		 ">/dev/null && head -c 13000 /dev/urandom >%s/thumb.jpg",
		 bport, dir, bport, cport, dir, dir, dir, khabar, dir, dir);
	return system(cmd);
}

/* A screen's plays message at its largest: 7 days of 40 cards, each
 * title 160 bytes of Persian (as khabar-net cuts them). */
static int plays_file(const char *dir)
{
	char path[600];
	snprintf(path, sizeof path, "%s/plays.json", dir);
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs("{\"screen\": \"s\", \"at\": 1, \"days\": [", f);
	for (int d = 0; d < 7; d++) {
		fprintf(f, "%s{\"day\": \"2026-12-%02d\", \"cards\": 3000, \"seconds\": 30000.0, "
			   "\"more\": 20, \"titles\": [",
			d ? ", " : "", d + 1);
		for (int t = 0; t < 40; t++) {
			fprintf(f, "%s{\"kind\": \"headline\", \"title\": \"%02d ", t ? ", " : "", t);
			for (int k = 0; k < 78; k++)
				fputs("خ", f);
			fputs("\", \"count\": 60, \"seconds\": 600.0}", f);
		}
		fputs("]}", f);
	}
	fputs("]}", f);
	return fclose(f) ? -1 : 0;
}

static int publish(const char *dir, int bport)
{
	char cmd[2048];
	if (plays_file(dir))
		return -1;
	for (int i = 0; i < SCREENS; i++) {
		snprintf(cmd, sizeof cmd,
			 "mosquitto_pub -p %d -r -t khabar/screen/screen-%02d/status -m "
			 "'{\"name\":\"screen-%02d\",\"groups\":\"hall-%d\",\"state\":\"showing\","
			 "\"at\":%lld,\"resolution\":\"1920x1080\",\"card\":{\"title\":\"کارت %d\"}}' && "
			 "mosquitto_pub -p %d -r -t khabar/screen/screen-%02d/thumbnail -f %s/thumb.jpg && "
			 "mosquitto_pub -p %d -r -t khabar/screen/screen-%02d/plays -f %s/plays.json",
			 bport, i, i, i % 4, (long long)time(NULL), i, bport, i, dir, bport, i, dir);
		if (system(cmd))
			return -1;
	}
	return 0;
}

int main(void)
{
	const char *khabar = getenv("KHABAR") ? getenv("KHABAR") : "build/khabar";
	char dir[] = "/tmp/bench_console.XXXXXX", path[600], log[600], mlog[600], cmd[2048];
	if (!mkdtemp(dir))
		return 1;
	int bport = free_port(), cport = free_port();
	snprintf(path, sizeof path, "%s", khabar);
	char *slash = strrchr(path, '/');
	snprintf(slash ? slash + 1 : path, sizeof path - (size_t)(slash ? slash + 1 - path : 0),
		 "khabar-console");
	if (setup(dir, bport, cport, khabar)) {
		printf("console: cannot set up in %s\n", dir);
		return 1;
	}
	snprintf(mlog, sizeof mlog, "%s/m.log", dir);
	char conf[600], cini[600];
	snprintf(conf, sizeof conf, "%s/m.conf", dir);
	snprintf(cini, sizeof cini, "%s/c.ini", dir);
	char mosq[] = "/usr/sbin/mosquitto", opt_c[] = "-c", opt_config[] = "--config",
	     word[] = "console";
	char *margv[] = {mosq, opt_c, conf, NULL};
	pid_t broker = spawn(margv, mlog);
	for (int i = 0; i < 100 && !log_has(mlog, "running"); i++)
		usleep(100000);
	snprintf(log, sizeof log, "%s/c.log", dir);
	char *cargv[] = {path, opt_config, cini, word, NULL};
	pid_t console = spawn(cargv, log);
	for (int i = 0; i < 300 && !log_has(log, "connected to the broker"); i++)
		usleep(100000);
	long rss0 = proc_kb(console, "VmRSS:");
	if (publish(dir, bport) == 0) {
		sleep(2); /* the retained messages have been delivered on loopback */
		long rss = proc_kb(console, "VmRSS:");
		snprintf(cmd, sizeof cmd,
			 "curl -s -c %s/jar -b %s/jar http://127.0.0.1:%d/login | sed -n "
			 "'s/.*name=\"csrf\" value=\"\\([0-9a-f]*\\)\".*/\\1/p' >%s/csrf && curl -s -c %s/jar "
			 "-b %s/jar -o /dev/null --data \"csrf=$(cat %s/csrf)&user=b&password=bench+pass+1\" "
			 "http://127.0.0.1:%d/login",
			 dir, dir, cport, dir, dir, dir, dir, cport);
		char jar[600], cookie[128];
		snprintf(jar, sizeof jar, "%s/jar", dir);
		if (system(cmd) == 0 && jar_cookie(jar, cookie, sizeof cookie)) {
			printf("console: VmRSS %.1f MiB before the screens, %.1f MiB with %d screens "
			       "(statuses, 13 KB thumbnails, 61 KB plays)\n",
			       rss0 / 1024.0, rss / 1024.0, SCREENS);
			timings("the screens page", cport, cookie, "/", 0);
			timings("the screens page and its 30 thumbnails", cport, cookie, "/", 1);
			timings("the plays page, every screen's week", cport, cookie, "/plays", 0);
			timings("the plays page of one screen", cport, cookie, "/plays?screen=screen-07", 0);
			printf("console: VmRSS %.1f MiB after %d page loads (%.1f MiB of it its own "
			       "heap, RssAnon; the rest mapped files: libraries, ICU's data, the "
			       "catalogues), peak VmHWM %.1f MiB\n",
			       proc_kb(console, "VmRSS:") / 1024.0, 4 * ROUNDS,
			       proc_kb(console, "RssAnon:") / 1024.0, proc_kb(console, "VmHWM:") / 1024.0);
		} else {
			printf("console: could not log in (%s)\n", log);
		}
	}
	kill(console, SIGTERM);
	waitpid(console, NULL, 0);
	kill(broker, SIGTERM);
	waitpid(broker, NULL, 0);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd) ? 1 : 0;
}
