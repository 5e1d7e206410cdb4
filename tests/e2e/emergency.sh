#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# An emergency takes the real window at once (Xvfb): `khabar post
# --emergency` to a running display with a long dwell; the display's own
# log line says it is on screen (the cache is asked four times a second,
# so not at the next card change: that is 600 s away), and the screenshot
# then shows the red band and black, with no ticker. Removed, the cards
# come back. The time from the post to the log line is printed, never
# asserted (a loaded machine).
. tests/e2e/lib.sh
for t in xvfb-run import convert; do
	command -v $t >/dev/null || skip "emergency: needs $t"
done
"$KHABAR" --db "$T/e.db" import assets/sample/ >/dev/null 2>&1 || fail "import"
printf '[cards]\ntransition = none\nmin_dwell = 600\nmax_dwell = 600\n' >"$T/e.ini"
: >"$T/log"
export KHABAR T
xvfb-run -a -s "-screen 0 640x360x24" sh -c '
	SDL_VIDEODRIVER=x11 "$KHABAR" --config "$T/e.ini" --db "$T/e.db" run --exit-after 120 \
		2>>"$T/log" &
	pid=$!
	waitlog() { # pattern [count]: up to 20 s
		i=0
		while [ "$(grep -c "$1" "$T/log")" -lt "${2:-1}" ] && [ $i -lt 200 ]; do
			sleep 0.1
			i=$((i + 1))
		done
	}
	waitlog "first card on screen"
	sleep 0.3
	import -window root "$T/before.png"
	t0=$(date +%s.%N)
	id=$("$KHABAR" --config "$T/e.ini" --db "$T/e.db" post --emergency "Evacuate the building" \
		"Use the east stairs.")
	waitlog "emergency: $id on screen"
	t1=$(date +%s.%N)
	import -window root "$T/on.png"
	echo "emergency: on screen $(awk "BEGIN { printf \"%.2f\", $t1 - $t0 }") s after the post returned" >>"$T/log"
	"$KHABAR" --config "$T/e.ini" --db "$T/e.db" remove "$id" >/dev/null
	waitlog "emergency: $id is over"
	waitlog "card [0-9]* on screen" 2
	sleep 0.3
	import -window root "$T/after.png"
	kill -TERM $pid
	wait $pid
	echo "exit $?" >>"$T/log"
' || true
grep "emergency:" "$T/log"
# The band at (320, 10): #A00000; the body at (320, 340): black; the
# cards: the dark theme (#10161F) at (100, 250).
px() { convert "$T/$1.png" -format "%[hex:u.p{$2}]" info: 2>/dev/null | cut -c1-6; }
for shot in before:100,250:10161F on:320,10:A00000 on:320,345:000000 on:100,250:000000 \
	after:100,250:10161F; do
	name=${shot%%:*} rest=${shot#*:}
	at=${rest%%:*} want=${rest#*:}
	got=$(px "$name" "$at")
	echo "emergency: $name.png at ($at) $got (want $want)"
	[ "$got" = "$want" ] || fail "emergency: $name.png at ($at) is $got, not $want"
done
grep -q "exit 0" "$T/log" || fail "the display did not end cleanly"
"$KHABAR" --config "$T/e.ini" --db "$T/e.db" plays --csv | grep -q ",emergency,post-" ||
	fail "the emergency is not among the plays"
echo "emergency: ok"
