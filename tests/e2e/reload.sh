#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# SIGHUP on the real window under Xvfb: a config with the light theme is
# read and the next screenshot shows it, with no black frame between; a
# broken config is then refused with one error line, the display keeps
# running with the light theme. SIGTERM ends it with exit status 0. Under
# journald (JOURNAL_STREAM naming its stderr) every line has its syslog
# priority prefix, also the line saying why a broken config stops the start.
set -u
: "${KHABAR:=build/khabar}" "${TEST_TMP:=/tmp}"
for t in xvfb-run import convert; do
	command -v $t >/dev/null || { echo "reload: needs $t"; exit 1; }
done
dir=$(mktemp -d "$TEST_TMP/reload.XXXXXX")
"$KHABAR" --db "$dir/r.db" import assets/sample/ >/dev/null 2>&1
base='[cards]\ntransition = none\nmin_dwell = 600\nmax_dwell = 600\n[ticker]\nenabled = no\n'
printf "$base" >"$dir/r.ini"
: >"$dir/log"
export KHABAR DIR="$dir" BASE="$base"
xvfb-run -a -s "-screen 0 640x360x24" sh -c '
	JOURNAL_STREAM=$(stat -c "%d:%i" "$DIR/log") SDL_VIDEODRIVER=x11 "$KHABAR" \
		--config "$DIR/r.ini" --db "$DIR/r.db" run --exit-after 60 2>>"$DIR/log" &
	pid=$!
	waitlog() { # text: up to 10 s
		i=0
		while ! grep -q "$1" "$DIR/log" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	}
	waitlog "first card on screen"
	sleep 0.5
	import -window root "$DIR/dark.png"
	printf "$BASE[theme]\ntheme = light\n" >"$DIR/r.ini"
	kill -HUP $pid
	waitlog "config: reloaded"
	sleep 0.5
	import -window root "$DIR/light.png"
	printf "$BASE[theme]\ntheme = light\n[cards]\nmin_dwell = lots\n" >"$DIR/r.ini"
	kill -HUP $pid
	waitlog "keeping the running config"
	sleep 0.5
	import -window root "$DIR/still.png"
	kill -0 $pid && echo "alive after the broken config" >>"$DIR/log"
	kill -TERM $pid
	wait $pid
	echo "exit $?" >>"$DIR/log"
' || true
fail=0
# The card area at (100, 250): the theme background, dark #10161f, light #f6f3ec.
px() { convert "$dir/$1.png" -format '%[hex:u.p{100,250}]' info: 2>/dev/null | cut -c1-6; }
for shot in dark:10161F light:F6F3EC still:F6F3EC; do
	name=${shot%%:*} want=${shot#*:}
	got=$(px "$name")
	echo "reload: $name.png card background $got (want $want)"
	[ "$got" = "$want" ] || fail=1
done
for want in "<6>khabar: info: config: reloaded" "<3>khabar: error: .*min_dwell = 'lots' is not valid.*keeping the running config" \
	"alive after the broken config" "<6>khabar: info: signal 15: stopping" "exit 0"; do
	grep -q "$want" "$dir/log" || { echo "reload: the log lacks '$want'"; fail=1; }
done
n=$(grep -c 'error' "$dir/log")
[ "$n" = 1 ] || { echo "reload: $n error lines, want 1"; fail=1; }
bad=$(grep -v '^<[0-9]>' "$dir/log" | grep -v '^alive\|^exit' || true)
[ -z "$bad" ] || { echo "reload: lines without a priority prefix:"; echo "$bad"; fail=1; }
# A service started with a broken config: the line saying why is an error
# in the journal, so `journalctl -p warning` shows it.
printf "$base[cards]\nmin_dwell = lots\n" >"$dir/bad.ini"
: >"$dir/start.log"
JOURNAL_STREAM=$(stat -c "%d:%i" "$dir/start.log") "$KHABAR" --config "$dir/bad.ini" \
	--db "$dir/r.db" run --exit-after 5 2>>"$dir/start.log"
rc=$?
grep -q "^<3>khabar: .*bad.ini:.*min_dwell = 'lots' is not valid" "$dir/start.log" && [ $rc = 2 ] ||
	{ echo "reload: a broken config at start (exit $rc) is not an error line:"; cat "$dir/start.log"; fail=1; }
if [ $fail = 0 ]; then rm -rf "$dir"; else cat "$dir/log"; echo "reload: screenshots in $dir"; fi
exit $fail
