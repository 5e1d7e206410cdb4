/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench_mqtt — 1,000 announcements through a mosquitto broker on loopback
 * into a running display (offscreen, 1920x1080, software renderer, cards
 * every 10 s, ticker off): the time from the first publish until all are
 * in the cache, and the display's CPU while they arrive and over the 10 s
 * that follow (it reloads its playlist). Prints figures; asserts nothing.
 *
 * Environment: KHABAR (the binary).
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cache/cache.h"
#include "mqtt_burst.h"
#include "base/util.h"

#define N 1000

static char tmp[256];

static int free_port(void)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof a;
	int port = -1;
	if (s >= 0 && bind(s, (struct sockaddr *)&a, sizeof a) == 0 &&
	    getsockname(s, (struct sockaddr *)&a, &len) == 0)
		port = ntohs(a.sin_port);
	if (s >= 0)
		close(s);
	return port;
}

static pid_t spawn(char *const argv[], const char *log)
{
	pid_t pid = fork();
	if (pid == 0) {
		FILE *f = freopen(log, "w", stderr);
		(void)f;
		dup2(2, 1);
		execv(argv[0], argv);
		_exit(127);
	}
	return pid;
}

/* Whether file contains text, polled for up to seconds. */
static int wait_for(const char *file, const char *text, double seconds)
{
	for (double end = time_mono() + seconds; time_mono() < end; usleep(20000)) {
		char *s = file_read(file, 0, NULL, NULL);
		int found = s && strstr(s, text);
		free(s);
		if (found)
			return 1;
	}
	return 0;
}

/* CPU seconds pid's threads have run so far (the scheduler's own count,
 * in nanoseconds: finer than the 10 ms tick of /proc/PID/stat), or -1. */
static double cpu_of(pid_t pid)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
	DIR *d = opendir(path);
	if (!d)
		return -1;
	double total = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char f[600];
		snprintf(f, sizeof f, "%s/%s/schedstat", path, e->d_name);
		FILE *fp = fopen(f, "r");
		unsigned long long ns = 0;
		if (fp && fscanf(fp, "%llu", &ns) == 1)
			total += (double)ns / 1e9;
		if (fp)
			fclose(fp);
	}
	closedir(d);
	return total;
}

static void stop(pid_t pid)
{
	if (pid > 0) {
		kill(pid, SIGTERM);
		waitpid(pid, NULL, 0);
	}
}

int main(void)
{
	const char *khabar = getenv("KHABAR") ? getenv("KHABAR") : "build/khabar";
	const char *broker =
	    access("/usr/sbin/mosquitto", X_OK) == 0 ? "/usr/sbin/mosquitto" : "/usr/bin/mosquitto";
	snprintf(tmp, sizeof tmp, "/tmp/bench_mqtt.XXXXXX");
	int port = free_port();
	if (!mkdtemp(tmp) || port < 0)
		return 1;
	printf(
	    "bench_mqtt: %d announcements through mosquitto on loopback into a running display\n",
	    N);
	char conf[300], blog[300], ini[300], db[300], dlog[300], text[400];
	snprintf(conf, sizeof conf, "%s/mosquitto.conf", tmp);
	snprintf(blog, sizeof blog, "%s/mosquitto.log", tmp);
	snprintf(ini, sizeof ini, "%s/k.ini", tmp);
	snprintf(db, sizeof db, "%s/k.db", tmp);
	snprintf(dlog, sizeof dlog, "%s/display.log", tmp);
	snprintf(text, sizeof text,
		 "listener %d 127.0.0.1\nallow_anonymous true\npersistence false\nuser %s\n"
		 "max_queued_messages 10000\n",
		 port, getpwuid(getuid()) ? getpwuid(getuid())->pw_name : "root");
	file_write(conf, text, strlen(text));
	snprintf(text, sizeof text,
		 "[cards]\nmin_dwell = 10\nmax_dwell = 10\n[ticker]\nenabled = no\n"
		 "[mqtt]\nurl = mqtt://127.0.0.1:%d\nclient_id = bench-screen\n",
		 port);
	file_write(ini, text, strlen(text));
	char *bargv[] = {(char *)broker, (char *)"-c", conf, NULL};
	pid_t bpid = spawn(bargv, blog), dpid = -1;
	if (!wait_for(blog, "running", 10)) {
		printf("  the broker did not start\n");
		goto done;
	}
	char *dargv[] = {(char *)khabar,
			 (char *)"--config",
			 ini,
			 (char *)"--db",
			 db,
			 (char *)"run",
			 (char *)"--windowed",
			 (char *)"1920x1080",
			 (char *)"--exit-after",
			 (char *)"300",
			 NULL};
	dpid = spawn(dargv, dlog);
	if (!wait_for(dlog, "mqtt: connected", 20) || !wait_for(dlog, "first card on screen", 20)) {
		printf("  the display did not connect\n");
		goto done;
	}
	sleep(2);
	double t0 = time_mono(), c0 = cpu_of(dpid);
	double pub = burst_publish(port, NULL, NULL, "khabar/announce/bench", N);
	char *err = NULL;
	struct cache *c = NULL;
	long count = 0;
	while (time_mono() - t0 < 120 && count < N) {
		if (!c)
			c = cache_open(db, 1, &err);
		free(err);
		err = NULL;
		count = c ? cache_count(c) : 0;
		if (count < N)
			usleep(5000);
	}
	double t1 = time_mono(), c1 = cpu_of(dpid);
	cache_close(c);
	if (count < N) {
		printf("  only %ld of %d arrived in 120 s\n", count, N);
		goto done;
	}
	/* Also over the 2 s from the first publish (storing them, then the
	 * display's reload of its playlist at its next look), then 10 s. */
	usleep((useconds_t)((t0 + 2 - time_mono()) * 1e6));
	double t2 = time_mono(), c2 = cpu_of(dpid);
	sleep(10);
	double t3 = time_mono(), c3 = cpu_of(dpid);
	printf("  published (broker acknowledged all)            %6.0f ms\n", pub * 1000);
	printf("  first publish -> all %d in the cache         %6.0f ms (%.0f announcements/s)\n",
	       N, (t1 - t0) * 1000, N / (t1 - t0));
	printf("  display CPU while they arrive                  %6.1f ms (%.0f%% of a core)\n",
	       (c1 - c0) * 1000, 100 * (c1 - c0) / (t1 - t0));
	printf("  display CPU, 2 s from the first publish        %6.0f ms (%.1f%% of a core)\n",
	       (c2 - c0) * 1000, 100 * (c2 - c0) / (t2 - t0));
	printf("  display CPU, the 10 s after                    %6.0f ms (%.1f%% of a core)\n",
	       (c3 - c2) * 1000, 100 * (c3 - c2) / (t3 - t2));
done:
	stop(dpid);
	stop(bpid);
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf %s", tmp);
	if (system(cmd) != 0)
		return 1;
	return 0;
}
