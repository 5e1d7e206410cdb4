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
: "${KHABAR:=build/khabar}"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy no_proxy NO_PROXY
dir=$(mktemp -d)
srv=""
trap '[ -n "$srv" ] && kill "$srv" 2>/dev/null; rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; cat "$dir/log" 2>/dev/null; exit 1; }
export XDG_CACHE_HOME="$dir/cache"
mkdir -p "$dir/www"
. tests/feedserver.sh
feedserver_start "$dir/www" "$dir/port" || fail "the feed server did not start"
printf '[sync]\ntimeout = 5s\n[feed a]\nurl = http://127.0.0.1:%s/stall\n' "$port" >"$dir/k.ini"
child_of() { # the first child of $1
	for s in /proc/[0-9]*/stat; do
		[ "$(awk '{print $4}' "$s" 2>/dev/null)" = "$1" ] && { s=${s#/proc/}; echo "${s%/stat}"; return; }
	done
}
round_of() { # the sync round: a child of the display's child, khabar-net
	net=$(child_of "$1")
	[ -n "$net" ] && child_of "$net"
}
SDL_VIDEODRIVER=offscreen "$KHABAR" --config "$dir/k.ini" --db "$dir/k.db" run \
	--exit-after 28 >"$dir/log" 2>&1 &
pid=$!
i=0
child=""
while [ -z "$child" ] && [ $i -lt 100 ]; do sleep 0.1; child=$(round_of "$pid"); i=$((i + 1)); done
[ -n "$child" ] || fail "no sync round under the display's network program"
kill -STOP "$child"
wait "$pid" || fail "the display did not end well"
grep -q "sync: killed after running 2[0-3] s (its round's limit)" "$dir/log" ||
	fail "the round past its limit was not killed"
grep -q "sync: next round in 1200 s" "$dir/log" || fail "no longer wait after a killed round"
grep -q "exit after 28.0 s" "$dir/log" || fail "the display did not go on"

# A child that dies of a signal (SIGKILL here, as the OOM killer would; a
# SIGSEGV would be caught by AddressSanitizer under make asan) while it
# waits on a stalling feed is logged with its signal, the next round backs
# off, and the display goes on.
SDL_VIDEODRIVER=offscreen "$KHABAR" --config "$dir/k.ini" --db "$dir/k.db" run \
	--exit-after 6 >"$dir/log" 2>&1 &
pid=$!
i=0
child=""
while [ -z "$child" ] && [ $i -lt 50 ]; do
	sleep 0.1
	child=$(round_of "$pid")
	i=$((i + 1))
done
[ -n "$child" ] || fail "no sync round under the display's network program"
kill -KILL "$child"
wait "$pid" || fail "the display did not end well after the child crashed"
grep -q "sync: crashed (signal 9)" "$dir/log" || fail "the crash was not logged"
grep -q "sync: next round in 1200 s" "$dir/log" || fail "no longer wait after a crash"
grep -q "exit after 6.0 s" "$dir/log" || fail "the display did not go on after the crash"
exit 0
