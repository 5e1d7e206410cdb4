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
# Each step waits on the display's log with a generous bound (a loaded
# machine is slow), never on the clock; the display is stopped at the end
# and must still be running then.
SDL_VIDEODRIVER=offscreen "$KHABAR" --config "$T/k.ini" --db "$T/k.db" run \
	--exit-after 600 >"$T/log" 2>&1 &
pid=$!
at_exit 'kill "$pid" 2>/dev/null'
wait_line "$T/log" "sync: killed after running" 120 || fail "the round past 2 x timeout was not killed"
ran=$(sed -n 's/.*sync: killed after running \([0-9]*\) s (twice the timeout).*/\1/p' "$T/log")
[ "${ran:-0}" -ge 16 ] || fail "the round was killed after ${ran:-?} s, before twice the timeout (16 s)"
wait_line "$T/log" "sync: next round in 1200 s" 60 || fail "no longer wait after a killed round"
kill -0 "$pid" 2>/dev/null || fail "the display did not go on"
kill -TERM "$pid"
wait "$pid" || fail "the display did not end well"

# A child that dies of a signal (SIGKILL here, as the OOM killer would; a
# SIGSEGV would be caught by AddressSanitizer under make asan) while it
# waits on a stalling feed is logged with its signal, the next round backs
# off, and the display goes on.
mark=0
SDL_VIDEODRIVER=offscreen "$KHABAR" --config "$T/k.ini" --db "$T/k.db" run \
	--exit-after 600 >"$T/log" 2>&1 &
pid=$!
i=0
child=""
while [ -z "$child" ] && [ $i -lt 600 ]; do
	sleep 0.1
	child=$(pgrep -P "$pid" | head -n 1)
	i=$((i + 1))
done
[ -n "$child" ] || fail "no sync child under the display"
kill -KILL "$child"
wait_line "$T/log" "sync: crashed (signal 9)" 60 || fail "the crash was not logged"
wait_line "$T/log" "sync: next round in 1200 s" 60 || fail "no longer wait after a crash"
kill -0 "$pid" 2>/dev/null || fail "the display did not go on after the crash"
kill -TERM "$pid"
wait "$pid" || fail "the display did not end well after the child crashed"
exit 0
