/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench_screen — what the display costs while the [screen] night
 * schedule has the screen off: CPU of `khabar run` over BENCH_SECONDS
 * (default 60) with the ticker on (it would cost most when lit), under a
 * 20 s watchdog whose pings are counted on the benchmark's own notify
 * socket; and the time from SIGTERM to exit.
 *
 * Environment: KHABAR (the binary), BENCH_SECONDS.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/util.h"

/* Pings waiting on the socket. */
static int drain(int sock)
{
	char buf[512];
	int n = 0;
	ssize_t len;
	while ((len = recv(sock, buf, sizeof buf - 1, MSG_DONTWAIT)) > 0) {
		buf[len] = 0;
		n += strstr(buf, "WATCHDOG=1") != NULL;
	}
	return n;
}

int main(void)
{
	const char *khabar = getenv("KHABAR") ? getenv("KHABAR") : "build/khabar";
	int seconds = getenv("BENCH_SECONDS") ? atoi(getenv("BENCH_SECONDS")) : 60;
	if (seconds <= 0)
		seconds = 5;
	char tmp[64], db[96], ini[96], sock_path[96];
	snprintf(tmp, sizeof tmp, "/tmp/khabar-bench-screen-%ld", (long)getpid());
	mkdir_p(tmp);
	snprintf(db, sizeof db, "%s/k.db", tmp);
	snprintf(ini, sizeof ini, "%s/k.ini", tmp);
	snprintf(sock_path, sizeof sock_path, "%s/notify", tmp);
	char *cmd = xasprintf("'%s' --db '%s' import '%s/assets/sample/' >/dev/null 2>&1", khabar,
			      db, datadir());
	if (system(cmd) != 0)
		printf("bench_screen: importing the samples failed\n");
	free(cmd);
	FILE *f = fopen(ini, "w");
	if (!f)
		return 1;
	fputs("[ticker]\nenabled = yes\n[cards]\nmin_dwell = 10\nmax_dwell = 10\n"
	      "[screen]\non = off\n",
	      f);
	fclose(f);

	int sock = socket(AF_UNIX, SOCK_DGRAM, 0);
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	snprintf(addr.sun_path, sizeof addr.sun_path, "%s", sock_path);
	if (sock < 0 || bind(sock, (struct sockaddr *)&addr, sizeof addr)) {
		printf("bench_screen: no notify socket\n");
		return 1;
	}
	pid_t pid = fork();
	if (pid == 0) {
		setenv("NOTIFY_SOCKET", sock_path, 1);
		setenv("WATCHDOG_USEC", "20000000", 1);
		freopen("/dev/null", "w", stderr);
		execl(khabar, khabar, "--config", ini, "--db", db, "run", "--windowed", "1920x1080",
		      (char *)NULL);
		_exit(127);
	}
	sleep(1); /* start-up is not part of the figure */
	drain(sock);
	char stat_path[64];
	snprintf(stat_path, sizeof stat_path, "/proc/%ld/stat", (long)pid);
	/* utime and stime of the child from /proc (it has not exited yet). */
	unsigned long u0 = 0, s0 = 0, u1 = 0, s1 = 0;
	FILE *st = fopen(stat_path, "r");
	if (st && fscanf(st, "%*d %*s %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &u0,
			 &s0) != 2)
		u0 = s0 = 0;
	if (st)
		fclose(st);
	sleep((unsigned)seconds);
	st = fopen(stat_path, "r");
	if (st && fscanf(st, "%*d %*s %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &u1,
			 &s1) != 2)
		u1 = s1 = 0;
	if (st)
		fclose(st);
	int pings = drain(sock);
	double t0 = time_mono();
	kill(pid, SIGTERM);
	int status;
	waitpid(pid, &status, 0);
	double stop_ms = (time_mono() - t0) * 1000;
	double cpu = (double)((u1 + s1) - (u0 + s0)) / (double)sysconf(_SC_CLK_TCK);
	printf("bench_screen (1920x1080, night schedule: screen off, ticker on, watchdog 20 s)\n");
	printf("  CPU while dark over %d s                    %6.3f%% of a core\n", seconds,
	       100 * cpu / seconds);
	printf("  watchdog pings while dark                   %d in %d s (every 10 s expected)\n",
	       pings, seconds);
	printf("  SIGTERM to exit                             %6.0f ms (exit status %d)\n", stop_ms,
	       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	close(sock);
	unlink(sock_path);
	cmd = xasprintf("rm -rf '%s'", tmp);
	if (system(cmd) != 0)
		printf("bench_screen: could not remove %s\n", tmp);
	free(cmd);
	return 0;
}
