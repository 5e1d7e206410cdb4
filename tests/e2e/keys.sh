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
export KHABAR DIR="$T" DB="$db" AT="$at"
xvfb-run -a -s "-screen 0 1280x720x24" sh -c '
	SDL_VIDEODRIVER=x11 "$KHABAR" --config "$DIR/k.ini" --db "$DB" run --at "$AT" \
		--exit-after 30 >"$DIR/log" 2>&1 &
	pid=$!
	sleep 2
	xdotool key n; sleep 1; import -window root "$DIR/next.png"
	xdotool key p; sleep 1; import -window root "$DIR/back.png"
	xdotool key space; sleep 0.5
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
