/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests for service: the sd_notify protocol as systemd sees it, without
 * systemd. The test binds its own datagram socket, starts `khabar run`
 * ($KHABAR, else build/khabar) with NOTIFY_SOCKET and WATCHDOG_USEC
 * pointing at it, and reads what arrives: READY=1 after the first card,
 * WATCHDOG=1 at half the interval while the loop runs and none while it
 * is stopped (SIGSTOP), STOPPING=1 and a clean exit on SIGTERM.
 */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app/service.h"
#include "base/util.h"

/* One khabar process shared by the tests, in order. */
static struct {
	int sock;
	pid_t pid;
	char *log;
} run = {-1, -1, NULL};

/* The next datagram within seconds, into buf; 0 when none came. */
static int receive(char *buf, size_t n, double seconds)
{
	double end = time_mono() + seconds;
	for (;;) {
		int ms = (int)((end - time_mono()) * 1000);
		if (ms <= 0)
			return 0;
		struct pollfd p = {.fd = run.sock, .events = POLLIN};
		int r = poll(&p, 1, ms);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return 0;
		ssize_t len = recv(run.sock, buf, n - 1, 0);
		if (len < 0)
			return 0;
		buf[len] = 0;
		return 1;
	}
}

/* Datagrams containing what, over seconds (others are skipped). */
static int count(const char *what, double seconds)
{
	char buf[1024];
	int k = 0;
	double end = time_mono() + seconds;
	double left;
	while ((left = end - time_mono()) > 0)
		if (receive(buf, sizeof buf, left) && strstr(buf, what))
			k++;
	return k;
}

static int start(void **state)
{
	(void)state;
	const char *khabar = getenv("KHABAR");
	khabar = khabar && *khabar ? khabar : "build/khabar";
	char *sock = test_tmp_path("notify");
	char *db = test_tmp_path("n.db");
	char *ini = test_tmp_path("n.ini");
	run.log = test_tmp_path("khabar.log");
	/* A card change every second, so the loop both sleeps and works. */
	FILE *f = fopen(ini, "w");
	assert_non_null(f);
	/* And a feed nobody serves (port 9 refuses): the display's own sync
	 * round fails, and STATUS= says so. */
	fputs("[cards]\nmin_dwell = 1\nmax_dwell = 1\ntransition = none\n[ticker]\nenabled = no\n"
	      "[sync]\nauto = yes\ntimeout = 5s\nimages = no\n"
	      "[feed down]\nurl = http://127.0.0.1:9/feed.xml\nevery = 1h\n",
	      f);
	fclose(f);
	char *cmd = xasprintf("'%s' --db '%s' import assets/sample/ >/dev/null 2>&1", khabar, db);
	assert_int_equal(system(cmd), 0);
	free(cmd);

	run.sock = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	assert_true(run.sock >= 0);
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	assert_true(strlen(sock) < sizeof addr.sun_path);
	strcpy(addr.sun_path, sock);
	unlink(sock);
	assert_int_equal(bind(run.sock, (struct sockaddr *)&addr, sizeof addr), 0);

	run.pid = fork();
	assert_true(run.pid >= 0);
	if (run.pid == 0) {
		int fd = open(run.log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		dup2(fd, 1);
		dup2(fd, 2);
		setenv("NOTIFY_SOCKET", sock, 1);
		setenv("WATCHDOG_USEC", "1000000", 1); /* pings every 0.5 s */
		unsetenv("WATCHDOG_PID");
		execl(khabar, khabar, "--config", ini, "--db", db, "run", "--windowed", "640x360",
		      "--exit-after", "120", (char *)NULL);
		_exit(127);
	}
	free(sock);
	free(db);
	free(ini);
	return 0;
}

static int stop(void **state)
{
	(void)state;
	if (run.pid > 0) {
		kill(run.pid, SIGKILL);
		waitpid(run.pid, NULL, 0);
	}
	if (run.sock >= 0)
		close(run.sock);
	free(run.log);
	return 0;
}

static void ready_comes_after_the_first_card_with_a_status(void **state)
{
	(void)state;
	char buf[1024];
	int ready = 0;
	double end = time_mono() + 30;
	while (!ready && time_mono() < end) {
		if (!receive(buf, sizeof buf, end - time_mono()))
			break;
		ready = strstr(buf, "READY=1") != NULL;
	}
	assert_true(ready);
	assert_non_null(strstr(buf, "STATUS=article 1 of "));
	char *log = file_read(run.log, 0, NULL, NULL);
	assert_non_null(log);
	assert_non_null(strstr(log, "first card on screen"));
	free(log);
}

static void the_status_says_how_the_last_sync_went(void **state)
{
	(void)state;
	char buf[1024];
	int seen = 0;
	double end = time_mono() + 30;
	while (!seen && time_mono() < end && receive(buf, sizeof buf, end - time_mono()))
		seen = strstr(buf, "STATUS=") && strstr(buf, "; last sync ");
	assert_true(seen);
	printf("status: %s\n", strstr(buf, "STATUS="));
	assert_non_null(strstr(buf, ", a feed failed"));
}

static void the_watchdog_is_pinged_at_half_its_interval(void **state)
{
	(void)state;
	/* WATCHDOG_USEC is 1 s: a ping every 0.5 s, 8 in 4 s. */
	int n = count("WATCHDOG=1", 4.0);
	printf("watchdog: %d pings in 4 s (every 0.5 s expected)\n", n);
	/* 4 would be pings at the whole interval, too late for systemd; a
	 * ping every turn of the loop would be hundreds. */
	assert_in_range(n, 5, 12);
}

static void a_stopped_loop_sends_no_pings(void **state)
{
	(void)state;
	assert_int_equal(kill(run.pid, SIGSTOP), 0);
	count("WATCHDOG=1", 0.3); /* what was on its way */
	assert_int_equal(count("WATCHDOG=1", 2.0), 0);
	assert_int_equal(kill(run.pid, SIGCONT), 0);
	assert_true(count("WATCHDOG=1", 2.0) >= 1);
}

static void sigterm_sends_stopping_and_exits_cleanly(void **state)
{
	(void)state;
	double t0 = time_mono();
	assert_int_equal(kill(run.pid, SIGTERM), 0);
	char buf[1024];
	int stopping = 0;
	while (!stopping && receive(buf, sizeof buf, 10))
		stopping = strstr(buf, "STOPPING=1") != NULL;
	assert_true(stopping);
	int status = 0;
	assert_int_equal(waitpid(run.pid, &status, 0), run.pid);
	printf("SIGTERM to exit: %.0f ms\n", (time_mono() - t0) * 1000);
	run.pid = -1;
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	char *log = file_read(run.log, 0, NULL, NULL);
	assert_non_null(log);
	assert_non_null(strstr(log, "signal 15: stopping"));
	free(log);
}

static void signals_become_flags_and_children_get_the_defaults(void **state)
{
	(void)state;
	assert_int_equal(service_signals_start(NULL, NULL), 0);
	raise(SIGHUP);
	assert_int_equal(service_take_reload(), 1);
	assert_int_equal(service_take_reload(), 0);
	assert_false(service_stop_requested());
	int ready[2];
	assert_int_equal(pipe(ready), 0);
	pid_t child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		service_signals_child();
		ssize_t w = write(ready[1], "r", 1);
		(void)w;
		for (;;)
			pause();
	}
	char c;
	assert_int_equal(read(ready[0], &c, 1), 1);
	close(ready[0]);
	close(ready[1]);
	kill(child, SIGTERM);
	int status = 0;
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGTERM);
	assert_false(service_stop_requested()); /* the child's, not ours */
	raise(SIGINT);
	assert_true(service_stop_requested());
	assert_int_equal(service_stop_signal(), SIGINT);
	service_signals_stop();
}

int main(void)
{
	int rc = cmocka_run_group_tests(((const struct CMUnitTest[]){cmocka_unit_test(
					    signals_become_flags_and_children_get_the_defaults)}),
					NULL, NULL);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(ready_comes_after_the_first_card_with_a_status),
	    cmocka_unit_test(the_status_says_how_the_last_sync_went),
	    cmocka_unit_test(the_watchdog_is_pinged_at_half_its_interval),
	    cmocka_unit_test(a_stopped_loop_sends_no_pings),
	    cmocka_unit_test(sigterm_sends_stopping_and_exits_cleanly),
	};
	return rc | cmocka_run_group_tests(tests, start, stop);
}
