/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench_programs — what the split into two programs buys: the libraries
 * each links, the display's peak memory (RSS and PSS, sampled from /proc)
 * at 1920x1080 with the ticker, a feed and an [mqtt] broker configured
 * (and its network child's), and how fast `khabar --version`, `list` and
 * `render` start and finish: wall time, the dynamic loader's own figures
 * (LD_DEBUG=statistics), page faults, and the same under a one-eighth-core
 * CPU quota (a cgroup, when this machine lets us make one). Prints
 * figures; asserts nothing. Run it with KHABAR set to an older build for
 * the before.
 *
 * Environment: KHABAR (the binary), BENCH_SECONDS (the display's run,
 * default 30).
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/util.h"

static const char *khabar;
static char tmp[256], quota[400]; /* quota: a cgroup's tasks file, or "" */

/* Lines of `ldd path`, and how many name a network library. */
static void libraries(const char *label, const char *path)
{
	char *cmd = xasprintf("ldd '%s' 2>/dev/null", path);
	FILE *p = popen(cmd, "r");
	free(cmd);
	int n = 0, net = 0;
	char line[512];
	while (p && fgets(line, sizeof line, p)) {
		n++;
		net += strstr(line, "curl") || strstr(line, "libssl") || strstr(line, "libcrypto") ||
		       strstr(line, "gnutls") || strstr(line, "mosquitto") || strstr(line, "krb5") ||
		       strstr(line, "ldap");
	}
	if (p)
		pclose(p);
	printf("  %-44s %3d libraries, %d of them network or TLS\n", label, n, net);
}

/* One value (kB) after "key:" in a /proc file, or 0. */
static long proc_kb(const char *path, const char *key)
{
	FILE *f = fopen(path, "r");
	char line[256];
	long v = 0;
	size_t n = strlen(key);
	while (f && fgets(line, sizeof line, f))
		if (!strncmp(line, key, n) && line[n] == ':')
			v = atol(line + n + 1);
	if (f)
		fclose(f);
	return v;
}

/* The first child of pid (its network program), or 0. */
static pid_t child_of(pid_t pid)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/task/%d/children", (int)pid, (int)pid);
	FILE *f = fopen(path, "r");
	int c = 0;
	if (f) {
		if (fscanf(f, "%d", &c) != 1)
			c = 0;
		fclose(f);
	}
	return c;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* The display for seconds at 1920x1080: its peak RSS and PSS, and its
 * network child's peak RSS, sampled every 20 ms. */
static void display_memory(int seconds)
{
	char ini[300], db[300], secs[32], cmd[900];
	snprintf(ini, sizeof ini, "%s/mem.ini", tmp);
	snprintf(db, sizeof db, "%s/mem.db", tmp);
	snprintf(secs, sizeof secs, "%d", seconds);
	write_file(ini, "[ticker]\nenabled = yes\n[feed down]\nurl = http://127.0.0.1:9/feed.xml\n"
			"[mqtt]\nurl = mqtt://127.0.0.1:9\n");
	snprintf(cmd, sizeof cmd, "'%s' --db '%s' import assets/sample/articles.json >/dev/null 2>&1",
		 khabar, db);
	if (system(cmd) != 0) {
		printf("  display memory: the import failed\n");
		return;
	}
	pid_t pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 2);
		execl(khabar, khabar, "--config", ini, "--db", db, "run", "--windowed", "1920x1080",
		      "--exit-after", secs, (char *)NULL);
		_exit(127);
	}
	long rss = 0, pss = 0, net = 0;
	char status[64], rollup[64], cstatus[64];
	snprintf(status, sizeof status, "/proc/%d/status", (int)pid);
	snprintf(rollup, sizeof rollup, "/proc/%d/smaps_rollup", (int)pid);
	while (waitpid(pid, NULL, WNOHANG) == 0) {
		rss = MAX(rss, proc_kb(status, "VmHWM"));
		pss = MAX(pss, proc_kb(rollup, "Pss"));
		pid_t c = child_of(pid);
		if (c) {
			snprintf(cstatus, sizeof cstatus, "/proc/%d/status", (int)c);
			net = MAX(net, proc_kb(cstatus, "VmHWM"));
		}
		usleep(20000);
	}
	printf("  %-44s peak RSS %5.1f MiB, peak PSS %5.1f MiB\n",
	       "display, 1920x1080, ticker, feed and MQTT", rss / 1024.0, pss / 1024.0);
	if (net)
		printf("  %-44s peak RSS %5.1f MiB\n", "its network program (khabar-net)", net / 1024.0);
	else
		printf("  %-44s none (everything in the display)\n", "its network program");
}

/* Run argv (stdout and stderr to /dev/null, or stderr into err_out): wall
 * seconds, minor page faults. */
static double timed(char *const argv[], int in_quota, long *faults, const char *err_out)
{
	double t0 = time_mono();
	pid_t pid = fork();
	if (pid == 0) {
		if (in_quota && *quota) {
			FILE *q = fopen(quota, "w");
			if (q) {
				fprintf(q, "%d\n", (int)getpid());
				fclose(q);
			}
		}
		int null = open("/dev/null", O_WRONLY);
		int err = err_out ? open(err_out, O_WRONLY | O_CREAT | O_TRUNC, 0644) : null;
		dup2(null, 1);
		dup2(err, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	struct rusage ru;
	int st;
	if (wait4(pid, &st, 0, &ru) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return -1;
	if (faults)
		*faults = ru.ru_minflt;
	return time_mono() - t0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* The median wall time of n runs, and the faults of the last. */
static double median(char *const argv[], int n, int in_quota, long *faults)
{
	double t[32];
	n = MIN(n, 32);
	for (int i = 0; i < n; i++)
		if ((t[i] = timed(argv, in_quota, faults, NULL)) < 0)
			return -1;
	qsort(t, (size_t)n, sizeof *t, cmp_double);
	return t[n / 2];
}

/* LD_DEBUG=statistics of one run: the loader's cycles, relocations, and
 * the share of its time spent loading objects. */
static void loader(const char *label, char *const argv[])
{
	char log[300];
	snprintf(log, sizeof log, "%s/ld.log", tmp);
	setenv("LD_DEBUG", "statistics", 1);
	timed(argv, 0, NULL, log);
	unsetenv("LD_DEBUG");
	char *text = file_read(log, 1 << 20, NULL, NULL);
	const char *c = text ? strstr(text, "total startup time in dynamic loader:") : NULL;
	const char *r = text ? strstr(text, "number of relocations:") : NULL;
	const char *o = text ? strstr(text, "time needed to load objects:") : NULL;
	long cycles = c ? atol(c + 38) : -1, relocs = r ? atol(r + 22) : -1,
	     load = o ? atol(o + 28) : -1;
	printf("  %-44s loader %ld cycles (%ld loading objects), %ld relocations\n", label,
	       cycles, load, relocs);
	free(text);
}

static void startup(const char *label, char *const argv[], int runs)
{
	long faults = 0;
	double t = median(argv, runs, 0, &faults);
	double q = *quota ? median(argv, 5, 1, NULL) : -1;
	if (t < 0) {
		printf("  %-44s failed\n", label);
		return;
	}
	printf("  %-44s %6.1f ms median, %5ld page faults", label, t * 1000, faults);
	if (q >= 0)
		printf(", %6.1f ms on 1/8 core", q * 1000);
	printf("\n");
}

/* A cgroup (v2 or v1) with cpu.max / cfs quota of 1/8 of a core. */
static void quota_make(char *dir, size_t n)
{
	*quota = 0;
	snprintf(dir, n, "/sys/fs/cgroup/khabar-bench-%d", (int)getpid());
	if (mkdir(dir, 0755) == 0) {
		char f[340];
		snprintf(f, sizeof f, "%s/cpu.max", dir);
		if (access(f, W_OK) == 0) {
			write_file(f, "12500 100000\n");
			snprintf(quota, sizeof quota, "%s/cgroup.procs", dir);
			return;
		}
		rmdir(dir);
	}
	snprintf(dir, n, "/sys/fs/cgroup/cpu/khabar-bench-%d", (int)getpid());
	if (mkdir(dir, 0755) == 0) {
		char f[340];
		snprintf(f, sizeof f, "%s/cpu.cfs_quota_us", dir);
		write_file(f, "12500\n");
		snprintf(quota, sizeof quota, "%s/tasks", dir);
		return;
	}
	*dir = 0;
}

int main(void)
{
	khabar = getenv("KHABAR") ? getenv("KHABAR") : "build/khabar";
	int seconds = getenv("BENCH_SECONDS") ? atoi(getenv("BENCH_SECONDS")) : 30;
	snprintf(tmp, sizeof tmp, "/tmp/bench_programs.XXXXXX");
	if (!mkdtemp(tmp))
		return 1;
	printf("bench_programs: %s\n", khabar);
	char *dir0 = xstrdup(khabar), *slash = strrchr(dir0, '/');
	if (slash)
		*slash = 0;
	char *net = xasprintf("%s/khabar-net", slash ? dir0 : ".");
	free(dir0);
	libraries("the display program (khabar)", khabar);
	if (access(net, X_OK) == 0)
		libraries("the network program (khabar-net)", net);
	display_memory(seconds > 0 ? seconds : 30);

	char db[300], out[300], dir[300];
	snprintf(db, sizeof db, "%s/mem.db", tmp);
	snprintf(out, sizeof out, "%s/card.png", tmp);
	quota_make(dir, sizeof dir);
	if (!*quota)
		printf("  (no cgroup for a CPU quota here: no 1/8-core figures)\n");
	char *version[] = {(char *)khabar, (char *)"--version", NULL};
	char *list[] = {(char *)khabar, (char *)"--db", db, (char *)"list", NULL};
	char *render[] = {(char *)khabar, (char *)"--db",   db,	     (char *)"render",
			  (char *)"--card", (char *)"0",    (char *)"--size", (char *)"1920x1080",
			  (char *)"--out",  out,	    NULL};
	startup("khabar --version (start and exit)", version, 21);
	startup("khabar list (seed articles)", list, 21);
	startup("khabar render --card 0, 1920x1080", render, 11);
	loader("khabar list", list);
	if (*dir)
		rmdir(dir);
	char *cmd = xasprintf("rm -rf '%s'", tmp);
	if (system(cmd) != 0)
		perror("rm");
	free(cmd);
	free(net);
	return 0;
}
