/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sync_guard — what keeps one `khabar sync` process from hurting the
 * machine or another round: the lock that allows one round per cache,
 * the CPU-time limit, death with the display that started it, the image
 * store that belongs to its cache alone, and the temporary files a killed
 * round left there.
 *
 * Must not: fetch, parse, or touch the cache's tables.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"
#include "net/sync.h"
#include "media/image.h"

int sync_limit_process(const struct config *cfg)
{
	/* SIGXCPU at the soft limit ends the process (its default action);
	 * SIGKILL at the hard one, should it be caught. */
	rlim_t cpu = (rlim_t)SYNC_CPU_SECONDS(cfg);
	struct rlimit rl = {.rlim_cur = cpu, .rlim_max = cpu + 5};
	struct rlimit now;
	if (getrlimit(RLIMIT_CPU, &now) == 0 && now.rlim_max != RLIM_INFINITY &&
	    now.rlim_max < rl.rlim_max) {
		rl.rlim_max = now.rlim_max;
		rl.rlim_cur = MIN(rl.rlim_cur, rl.rlim_max);
	}
	if (setrlimit(RLIMIT_CPU, &rl))
		log_warn("sync: cannot limit CPU time: %s", strerror(errno));
	image_set_max_pixels(cfg->sync_max_image_pixels);
	const char *parent = getenv("KHABAR_SYNC_PARENT");
	if (!parent || !*parent)
		return 0;
	/* The display's child: it must not outlive the display, or a new
	 * display would find a round it knows nothing about. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0)
		log_warn("sync: cannot ask to die with the display: %s", strerror(errno));
	if ((long)getppid() != strtol(parent, NULL, 10))
		return -1; /* it died before the request took effect */
	return 0;
}

int sync_lock(const char *db_path)
{
	char *path = xasprintf("%s.sync-lock", db_path);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		log_error("sync: cannot open the lock file %s: %s", path, strerror(errno));
		free(path);
		return -2;
	}
	free(path);
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

char *sync_image_dir(const char *db_path)
{
	char *real = realpath(db_path, NULL);
	const char *p = real ? real : db_path;
	uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a 64 */
	for (; *p; p++) {
		h ^= (unsigned char)*p;
		h *= 0x100000001b3ull;
	}
	free(real);
	char *base = image_dir();
	if (!base)
		return NULL; /* neither XDG_CACHE_HOME nor HOME */
	char *dir = xasprintf("%s/%016llx", base, (unsigned long long)h);
	free(base);
	return dir;
}

/* Whether name is a temporary file of image_store() (".new-PID.EXT") of
 * another process than this one. */
static int stale_temp(const char *name)
{
	if (strncmp(name, ".new-", 5))
		return 0;
	char *end;
	long pid = strtol(name + 5, &end, 10);
	return end != name + 5 && *end == '.' && pid != (long)getpid();
}

int sync_collect_temp(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	int n = 0;
	struct dirent *de;
	/* Under the round's lock no other process writes here: every other
	 * process's temporary file is left by a round that was killed. */
	while ((de = readdir(d)))
		if (stale_temp(de->d_name) && unlinkat(dirfd(d), de->d_name, 0) == 0)
			n++;
	closedir(d);
	return n;
}
