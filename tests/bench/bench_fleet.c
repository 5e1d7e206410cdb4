/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench_fleet — what the fleet reporting costs the display: CPU and peak
 * memory of `khabar run` at 1920x1080 (software, offscreen) rotating the
 * sample cards with an 8 s dwell, with the status file every 30 s and a
 * thumbnail after each card change at most once a minute (on), against
 * [fleet] every = 0 and thumbnails = no (off); the two runs alternate,
 * twice each. Plays are written in both. Prints figures; asserts nothing.
 *
 * Environment: KHABAR (the binary), BENCH_SECONDS (each run, default 60).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/util.h"

static double tv(struct timeval t)
{
	return (double)t.tv_sec + (double)t.tv_usec / 1e6;
}

/* Run argv to its end, output to /dev/null: CPU seconds and peak RSS. */
static int run(char *const argv[], double *cpu, long *rss_kb)
{
	pid_t pid = fork();
	if (pid == 0) {
		freopen("/dev/null", "w", stderr);
		freopen("/dev/null", "w", stdout);
		execv(argv[0], argv);
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (pid < 0 || wait4(pid, &status, 0, &ru) < 0)
		return -1;
	*cpu = tv(ru.ru_utime) + tv(ru.ru_stime);
	*rss_kb = ru.ru_maxrss;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int main(void)
{
	const char *khabar = getenv("KHABAR") ? getenv("KHABAR") : "build/khabar";
	int seconds = getenv("BENCH_SECONDS") ? atoi(getenv("BENCH_SECONDS")) : 60;
	char dir[] = "/tmp/bench_fleet.XXXXXX", cmd[600], db[300], conf[2][300], secs[32];
	if (!mkdtemp(dir))
		return 1;
	snprintf(db, sizeof db, "%s/k.db", dir);
	snprintf(cmd, sizeof cmd, "%s --db %s import assets/sample/ >/dev/null 2>&1", khabar, db);
	if (system(cmd) != 0)
		return 1;
	static const char *const ini[2] = {
	    "[cards]\nmin_dwell = 8\nmax_dwell = 8\n[ticker]\nenabled = no\n"
	    "[fleet]\nevery = 0\nthumbnails = no\n",
	    "[cards]\nmin_dwell = 8\nmax_dwell = 8\n[ticker]\nenabled = no\n"
	    "[fleet]\nevery = 30s\nthumbnails = yes\n"};
	for (int k = 0; k < 2; k++) {
		snprintf(conf[k], sizeof conf[k], "%s/%d.ini", dir, k);
		FILE *f = fopen(conf[k], "w");
		if (!f)
			return 1;
		fputs(ini[k], f);
		fclose(f);
	}
	snprintf(secs, sizeof secs, "%d", seconds);
	double cpu[2] = {0, 0};
	long rss[2] = {0, 0};
	printf("fleet reporting, display at 1920x1080 (software), %d s a run, 8 s dwell:\n", seconds);
	for (int round = 0; round < 4; round++) {
		int k = round % 2;
		char *argv[] = {(char *)khabar, (char *)"--config", conf[k], (char *)"--db", db,
				(char *)"run", (char *)"--windowed", (char *)"1920x1080",
				(char *)"--exit-after", secs, NULL};
		double c;
		long r;
		if (run(argv, &c, &r)) {
			printf("  run failed\n");
			return 1;
		}
		printf("  %-4s %6.2f%% of a core   peak RSS %6.1f MiB\n", k ? "on" : "off",
		       100 * c / seconds, (double)r / 1024);
		cpu[k] += c / 2;
		rss[k] = MAX(rss[k], r);
	}
	printf("  mean: off %.2f%%, on %.2f%% of a core (on - off %+.2f points); peak RSS off "
	       "%.1f MiB, on %.1f MiB (%+.2f MiB)\n",
	       100 * cpu[0] / seconds, 100 * cpu[1] / seconds, 100 * (cpu[1] - cpu[0]) / seconds,
	       (double)rss[0] / 1024, (double)rss[1] / 1024, (double)(rss[1] - rss[0]) / 1024);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd) != 0;
}
