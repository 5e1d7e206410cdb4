/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench_fleet_scale — the fleet's figures at scale: runs
 * tests/e2e/fleet_scale.sh (30 real screens, each a display and its
 * khabar-net, on a loopback mosquitto; 20 emergencies) and prints its
 * figures: how soon `khabar fleet` lists them all, the emergency's p50 and
 * p99 to every screen's acknowledgement and back off, how soon a screen
 * killed with SIGKILL is offline and one whose connection froze is stale.
 * Asserts nothing; a skipped script (no mosquitto) is said and is no
 * failure.
 *
 * Must not: start anything itself (the script does, and stops it all).
 *
 * Environment: KHABAR (the binary), FLEET_SCREENS and FLEET_ROUNDS (the
 * script's, default 30 and 20).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

int main(void)
{
	FILE *p = popen("sh tests/e2e/fleet_scale.sh 2>&1", "r");
	char line[1024], last[1024] = "";
	if (!p) {
		perror("bench_fleet_scale: cannot run tests/e2e/fleet_scale.sh");
		return 1;
	}
	while (fgets(line, sizeof line, p)) {
		if (strstr(line, "figure:") || strstr(line, "listed by khabar fleet"))
			fputs(line, stdout);
		snprintf(last, sizeof last, "%s", line);
	}
	int status = pclose(p);
	int rc = WIFEXITED(status) ? WEXITSTATUS(status) : 1;
	if (rc == 77) {
		printf("bench_fleet_scale: skipped: %s", last);
		return 0;
	}
	if (rc != 0) {
		printf("bench_fleet_scale: the script failed (exit %d): %s", rc, last);
		return 1;
	}
	fflush(stdout);
	return 0;
}
