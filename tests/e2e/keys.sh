#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The maintenance keys on the real window under Xvfb: next shows card 1,
# previous brings card 0 back (rebuilt, pixel for pixel), space pauses,
# q quits with exit status 0. Screenshots are compared with `khabar render`.
set -u
. tests/e2e/lib.sh
for t in xvfb-run import xdotool compare; do
	command -v $t >/dev/null || { echo "keys: needs $t"; exit 1; }
done
db="$T/k.db"
at=2022-06-08T10:30:00Z
"$KHABAR" --db "$db" import assets/sample/ >/dev/null 2>&1
printf '[ticker]\nenabled = no\n[cards]\ntransition = none\nmin_dwell = 60\nmax_dwell = 60\n' >"$T/k.ini"
# The references first: the window's screenshots are taken until they match
# (each key's log line comes as the card is put up), never after a guessed
# delay; the last one is kept for the comparison below.
for card in 0 1; do
	SDL_VIDEODRIVER=offscreen "$KHABAR" --config "$T/k.ini" --db "$db" render --size 1280x720 \
		--card $card --at "$at" --out "$T/ref$card.png"
done
export KHABAR DIR="$T" DB="$db" AT="$at"
xvfb-run -a -n "$XNUM" -s "-screen 0 1280x720x24" sh -c '
	SDL_VIDEODRIVER=x11 KHABAR_LOG=debug "$KHABAR" --config "$DIR/k.ini" --db "$DB" run --at "$AT" \
		--exit-after 600 >"$DIR/log" 2>&1 &
	pid=$!
	waitlog() { # text: up to 60 s
		i=0
		while ! grep -q "$1" "$DIR/log" && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
	}
	snap() { # name reference: up to 60 s
		i=0
		while [ $i -lt 120 ]; do
			import -window root "$DIR/$1.png"
			d=$(compare -metric AE -fuzz 2% "$DIR/$2" "$DIR/$1.png" null: 2>&1)
			d=${d%% *}
			case "$d" in
			"" | *[!0-9.e+]*) ;;
			*) [ "$(printf "%.0f" "$d")" -le 4608 ] && return ;;
			esac
			sleep 0.5
			i=$((i + 1))
		done
	}
	waitlog "first card on screen"
	# A key reaches the window once it is mapped: wait until card 0 shows.
	snap first ref0.png
	xdotool key n
	waitlog "card 2 on screen"
	snap next ref1.png
	xdotool key p
	waitlog "back to the previous card"
	snap back ref0.png
	xdotool key space
	waitlog "rotation paused"
	xdotool key q
	wait $pid
	echo "exit $?" >>"$DIR/log"
' || true
same() { # shot card
	SDL_VIDEODRIVER=offscreen "$KHABAR" --config "$T/k.ini" --db "$db" render --size 1280x720 \
		--card "$2" --at "$at" --out "$T/ref$2.png"
	diff=$(compare -metric AE -fuzz 2% "$T/ref$2.png" "$T/$1.png" null: 2>&1 || true)
	diff=${diff%% *}
	echo "keys: $1 differs from card $2 in $diff pixels"
	case "$diff" in
	'' | *[!0-9.e+]*) failed=1 ;;
	*) [ "$(printf '%.0f' "$diff")" -le $((1280 * 720 / 200)) ] || failed=1 ;;
	esac
}
same next 1
same back 0
for want in "back to the previous card" "rotation paused" "quit key" "exit 0"; do
	grep -q "$want" "$T/log" || { echo "keys: the log lacks '$want'"; failed=1; }
done
[ $failed = 0 ] || cat "$T/log"
exit $failed
