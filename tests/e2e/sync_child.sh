#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The display's sync child is killed when a round runs past twice
# [sync] timeout (three stalling feeds, each dropped only by the low-speed
# rule), the kill is logged with the wait before the next round, and the
# display goes on (the next round waits twice the feeds' period); a child
# that crashes is logged and backed off the same way.
set -u
. tests/e2e/lib.sh
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy no_proxy NO_PROXY
srv=""
at_exit '[ -z "$srv" ] || kill "$srv" 2>/dev/null'
show_on_fail "$T/log"
export XDG_CACHE_HOME="$T/cache"
mkdir -p "$T/www"
. tests/lib/feedserver.sh
feedserver_start "$T/www" "$T/port" || fail "the feed server did not start"
{
	printf '[sync]\ntimeout = 8s\n'
	for n in a b c; do printf '[feed %s]\nurl = http://127.0.0.1:%s/stall\n' "$n" "$port"; done
} >"$T/k.ini"
SDL_VIDEODRIVER=offscreen "$KHABAR" --config "$T/k.ini" --db "$T/k.db" run \
	--exit-after 24 >"$T/log" 2>&1 || fail "the display did not end well"
grep -q "sync: killed after running 1[6-9] s (twice the timeout)" "$T/log" ||
	fail "the round past 2 x timeout was not killed"
grep -q "sync: next round in 1200 s" "$T/log" || fail "no longer wait after a killed round"
grep -q "exit after 24.0 s" "$T/log" || fail "the display did not go on"

# A child that dies of a signal (SIGKILL here, as the OOM killer would; a
# SIGSEGV would be caught by AddressSanitizer under make asan) while it
# waits on a stalling feed is logged with its signal, the next round backs
# off, and the display goes on.
SDL_VIDEODRIVER=offscreen "$KHABAR" --config "$T/k.ini" --db "$T/k.db" run \
	--exit-after 6 >"$T/log" 2>&1 &
pid=$!
i=0
child=""
while [ -z "$child" ] && [ $i -lt 50 ]; do
	sleep 0.1
	child=$(pgrep -P "$pid" | head -n 1)
	i=$((i + 1))
done
[ -n "$child" ] || fail "no sync child under the display"
kill -KILL "$child"
wait "$pid" || fail "the display did not end well after the child crashed"
grep -q "sync: crashed (signal 9)" "$T/log" || fail "the crash was not logged"
grep -q "sync: next round in 1200 s" "$T/log" || fail "no longer wait after a crash"
grep -q "exit after 6.0 s" "$T/log" || fail "the display did not go on after the crash"
exit 0
