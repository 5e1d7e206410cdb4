#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The maintenance keys on the real window under Xvfb: next shows card 1,
# previous brings card 0 back (rebuilt, pixel for pixel), space pauses,
# q quits with exit status 0. Screenshots are compared with `khabar render`.
set -u
: "${KHABAR:=build/khabar}" "${TEST_TMP:=/tmp}"
for t in xvfb-run import xdotool compare; do
	command -v $t >/dev/null || { echo "keys: needs $t"; exit 1; }
done
dir=$(mktemp -d "$TEST_TMP/keys.XXXXXX")
db="$dir/k.db"
at=2022-06-08T10:30:00Z
"$KHABAR" --db "$db" import assets/sample/ >/dev/null 2>&1
printf '[ticker]\nenabled = no\n[cards]\ntransition = none\nmin_dwell = 60\nmax_dwell = 60\n' >"$dir/k.ini"
export KHABAR DIR="$dir" DB="$db" AT="$at"
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
fail=0
same() { # shot card
	SDL_VIDEODRIVER=offscreen "$KHABAR" --config "$dir/k.ini" --db "$db" render --size 1280x720 \
		--card "$2" --at "$at" --out "$dir/ref$2.png"
	diff=$(compare -metric AE -fuzz 2% "$dir/ref$2.png" "$dir/$1.png" null: 2>&1 || true)
	diff=${diff%% *}
	echo "keys: $1 differs from card $2 in $diff pixels"
	case "$diff" in
	'' | *[!0-9.e+]*) fail=1 ;;
	*) [ "$(printf '%.0f' "$diff")" -le $((1280 * 720 / 200)) ] || fail=1 ;;
	esac
}
same next 1
same back 0
for want in "back to the previous card" "rotation paused" "quit key" "exit 0"; do
	grep -q "$want" "$dir/log" || { echo "keys: the log lacks '$want'"; fail=1; }
done
[ $fail = 0 ] || cat "$dir/log"
rm -rf "$dir"
exit $fail
