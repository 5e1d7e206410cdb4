#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The sync round (a child of the display's network program, khabar-net) is
# killed when it runs past its limit ([sync] timeout for each enabled
# feed's body and again for its images, and two more: 20 s for one feed at
# 5 s; the round is stopped with SIGSTOP, as a round stuck where no timeout
# reaches would be), the kill is logged with the wait before the next
# round, and the display goes on (the next round waits twice the feeds'
# period); a round that crashes is logged and backed off the same way.
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
printf '[sync]\ntimeout = 5s\n[feed a]\nurl = http://127.0.0.1:%s/stall\n' "$port" >"$T/k.ini"
child_of() { # the first child of $1
	for s in /proc/[0-9]*/stat; do
		[ "$(awk '{print $4}' "$s" 2>/dev/null)" = "$1" ] && { s=${s#/proc/}; echo "${s%/stat}"; return; }
	done
}
round_of() { # the sync round: a child of the display's child, khabar-net
	net=$(child_of "$1")
	[ -n "$net" ] && child_of "$net"
}
# Each step waits on the display's log or its processes with a generous
# bound (a loaded machine is slow), never on the clock.
SDL_VIDEODRIVER=offscreen "$KHABAR" --config "$T/k.ini" --db "$T/k.db" run \
	--exit-after 600 >"$T/log" 2>&1 &
pid=$!
at_exit 'kill "$pid" 2>/dev/null'
i=0
child=""
while [ -z "$child" ] && [ $i -lt 600 ]; do sleep 0.1; child=$(round_of "$pid"); i=$((i + 1)); done
[ -n "$child" ] || fail "no sync round under the display's network program"
kill -STOP "$child"
wait_line "$T/log" "sync: killed after running" 120 || fail "the round past its limit was not killed"
ran=$(sed -n "s/.*sync: killed after running \([0-9]*\) s (its round's limit).*/\1/p" "$T/log")
[ "${ran:-0}" -ge 20 ] || fail "the round was killed after ${ran:-?} s, before its limit (20 s)"
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
	child=$(round_of "$pid")
	i=$((i + 1))
done
[ -n "$child" ] || fail "no sync round under the display's network program"
kill -KILL "$child"
wait_line "$T/log" "sync: crashed (signal 9)" 60 || fail "the crash was not logged"
wait_line "$T/log" "sync: next round in 1200 s" 60 || fail "no longer wait after a crash"
kill -0 "$pid" 2>/dev/null || fail "the display did not go on after the crash"
kill -TERM "$pid"
wait "$pid" || fail "the display did not end well after the child crashed"
exit 0
