#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# SIGHUP on the real window under Xvfb: a config with the light theme is
# read and the next screenshot shows it, with no black frame between; a
# broken config is then refused with one error line, the display keeps
# running with the light theme. SIGTERM ends it with exit status 0. Under
# journald (JOURNAL_STREAM naming its stderr) every line has its syslog
# priority prefix, also the line saying why a broken config stops the start.
set -u
. tests/e2e/lib.sh
show_on_fail "$T/log"
keep_on_fail
for t in xvfb-run import convert; do
	command -v $t >/dev/null || { echo "reload: needs $t"; exit 1; }
done
"$KHABAR" --db "$T/r.db" import assets/sample/ >/dev/null 2>&1
base='[cards]\ntransition = none\nmin_dwell = 600\nmax_dwell = 600\n[ticker]\nenabled = no\n'
printf "$base" >"$T/r.ini"
: >"$T/log"
export KHABAR DIR="$T" BASE="$base"
xvfb-run -a -n "$XNUM" -s "-screen 0 640x360x24" sh -c '
	JOURNAL_STREAM=$(stat -c "%d:%i" "$DIR/log") SDL_VIDEODRIVER=x11 "$KHABAR" \
		--config "$DIR/r.ini" --db "$DIR/r.db" run --exit-after 600 2>>"$DIR/log" &
	pid=$!
	waitlog() { # text: up to 60 s
		i=0
		while ! grep -q "$1" "$DIR/log" && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
	}
	# Screenshots until the card area has the colour (up to 30 s): the log
	# line comes as the card is put up, the pixels a frame later.
	snap() { # name RRGGBB
		i=0
		while [ $i -lt 60 ]; do
			import -window root "$DIR/$1.png"
			[ "$(convert "$DIR/$1.png" -format "%[hex:u.p{100,250}]" info: 2>/dev/null |
				cut -c1-6)" = "$2" ] && return
			sleep 0.5
			i=$((i + 1))
		done
	}
	waitlog "first card on screen"
	snap dark 10161F
	printf "$BASE[theme]\ntheme = light\n" >"$DIR/r.ini"
	kill -HUP $pid
	waitlog "config: reloaded"
	snap light F6F3EC
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
# The card area at (100, 250): the theme background, dark #10161f, light #f6f3ec.
px() { convert "$T/$1.png" -format '%[hex:u.p{100,250}]' info: 2>/dev/null | cut -c1-6; }
for shot in dark:10161F light:F6F3EC still:F6F3EC; do
	name=${shot%%:*} want=${shot#*:}
	got=$(px "$name")
	echo "reload: $name.png card background $got (want $want)"
	[ "$got" = "$want" ] || failed=1
done
for want in "<6>khabar: info: config: reloaded" "<3>khabar: error: .*min_dwell = 'lots' is not valid.*keeping the running config" \
	"alive after the broken config" "<6>khabar: info: signal 15: stopping" "exit 0"; do
	grep -q "$want" "$T/log" || { echo "reload: the log lacks '$want'"; failed=1; }
done
n=$(grep -c 'error' "$T/log")
[ "$n" = 1 ] || { echo "reload: $n error lines, want 1"; failed=1; }
bad=$(grep -v '^<[0-9]>' "$T/log" | grep -v '^alive\|^exit' || true)
[ -z "$bad" ] || { echo "reload: lines without a priority prefix:"; echo "$bad"; failed=1; }
# A service started with a broken config: the line saying why is an error
# in the journal, so `journalctl -p warning` shows it.
printf "$base[cards]\nmin_dwell = lots\n" >"$T/bad.ini"
: >"$T/start.log"
JOURNAL_STREAM=$(stat -c "%d:%i" "$T/start.log") "$KHABAR" --config "$T/bad.ini" \
	--db "$T/r.db" run --exit-after 5 2>>"$T/start.log"
rc=$?
grep -q "^<3>khabar: .*bad.ini:.*min_dwell = 'lots' is not valid" "$T/start.log" && [ $rc = 2 ] ||
	{ echo "reload: a broken config at start (exit $rc) is not an error line:"; cat "$T/start.log"; failed=1; }
exit $failed
