#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The [screen] night schedule on the real window under Xvfb, with the
# clock driven by --at and --time-scale: the screen goes black at the end
# of the window (no card is built or drawn while dark) and comes back at
# its start with the news, without a restart; while dark it takes next to
# no CPU.
set -u
: "${KHABAR:=build/khabar}" "${TEST_TMP:=/tmp}"
for t in xvfb-run import convert; do
	command -v $t >/dev/null || { echo "night: needs $t"; exit 1; }
done
dir=$(mktemp -d "$TEST_TMP/night.XXXXXX")
"$KHABAR" --db "$dir/n.db" import assets/sample/ >/dev/null 2>&1
# Dark only from 21:59 to 22:01 (a window crossing midnight), UTC.
# The ticker on: a lit screen wakes for every frame, a dark one must not.
printf '[display]\ntimezone = UTC\n[cards]\ntransition = none\n[screen]\non = 22:01-21:59\n' >"$dir/n.ini"
: >"$dir/log"
export KHABAR DIR="$dir"
# 30 times faster: dark 2 s after the start, back 4 s later.
xvfb-run -a -s "-screen 0 640x360x24" sh -c '
	SDL_VIDEODRIVER=x11 KHABAR_LOG=debug "$KHABAR" --config "$DIR/n.ini" --db "$DIR/n.db" run \
		--at 2022-06-08T21:58:00Z --time-scale 30 --exit-after 20 2>>"$DIR/log" &
	pid=$!
	waitlog() { # text: up to 20 s
		i=0
		while ! grep -q "$1" "$DIR/log" && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
	}
	# The main thread: CPU (utime + stime, in USER_HZ ticks) and wakeups.
	ticks() { awk "{ print \$14 + \$15 }" /proc/$pid/stat; }
	wakes() { awk "/^voluntary_ctxt_switches/ { print \$2 }" /proc/$pid/status; }
	waitlog "first card on screen"
	w0=$(wakes)
	sleep 0.5
	echo "lit wakeups: $(($(wakes) - w0)) in 0.5 s" >>"$DIR/log"
	import -window root "$DIR/before.png"
	waitlog "screen: off"
	sleep 0.3
	import -window root "$DIR/night.png"
	t0=$(ticks) w0=$(wakes)
	sleep 2
	t1=$(ticks) w1=$(wakes)
	grep -q "screen: on" "$DIR/log" && echo "dark cpu: unmeasured (already on)" >>"$DIR/log" ||
		echo "dark cpu: $((t1 - t0)) ticks, $((w1 - w0)) wakeups in 2 s" >>"$DIR/log"
	waitlog "screen: on"
	sleep 0.3
	import -window root "$DIR/morning.png"
	kill -TERM $pid
	wait $pid
	echo "exit $?" >>"$DIR/log"
' || true
fail=0
max() { convert "$dir/$1.png" -format '%[fx:maxima]' info: 2>/dev/null; }
px() { convert "$dir/$1.png" -format '%[hex:u.p{100,250}]' info: 2>/dev/null | cut -c1-6; }
[ "$(max night)" = 0 ] || { echo "night: the dark screenshot is not black ($(max night))"; fail=1; }
for shot in before morning; do
	[ "$(px $shot)" = 10161F ] || { echo "night: $shot.png shows $(px $shot), not the card"; fail=1; }
done
for want in "screen: off (night schedule)" "screen: on (night schedule)" "exit 0"; do
	grep -q "$want" "$dir/log" || { echo "night: the log lacks '$want'"; fail=1; }
done
# Next to no CPU while dark: at most 4 ticks (40 ms) in 2 s, and at most
# 10 wakeups of the main thread (the minute check, 2 s at 30 times; a lit
# screen with the ticker wakes for every frame, dozens in 0.5 s). The
# measured figure is in make bench.
cpu=$(sed -n 's/^dark cpu: \([0-9]*\) ticks.*/\1/p' "$dir/log")
wk=$(sed -n 's/^dark cpu: .*, \([0-9]*\) wakeups.*/\1/p' "$dir/log")
echo "night: $(grep '^lit wakeups:' "$dir/log"); $(grep '^dark cpu:' "$dir/log")"
[ -n "$cpu" ] && [ "$cpu" -le 4 ] && [ "$wk" -le 10 ] ||
	{ echo "night: while dark: '$cpu' ticks, '$wk' wakeups in 2 s"; fail=1; }
lit=$(sed -n 's/^lit wakeups: \([0-9]*\).*/\1/p' "$dir/log")
[ -n "$lit" ] && [ "$lit" -gt 10 ] ||
	{ echo "night: the lit screen woke only '$lit' times in 0.5 s: the measure sees nothing"; fail=1; }
# Nothing was built while dark.
drawn=$(sed -n '/screen: off/,/screen: on/p' "$dir/log" | grep -c 'card [0-9]* on screen\|built')
[ "$drawn" = 0 ] || { echo "night: $drawn cards built while dark"; fail=1; }
if [ $fail = 0 ]; then
	echo "night: dark at 21:59, back at 22:01 with the news"
	rm -rf "$dir"
else
	cat "$dir/log"
	echo "night: screenshots in $dir"
fi
exit $fail
