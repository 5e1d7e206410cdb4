#!/bin/sh
# The [screen] night schedule on the real window under Xvfb, with the
# clock driven by --at and --time-scale: the screen goes black at the end
# of the window (no card is built or drawn while dark) and comes back at
# its start with the news, without a restart.
set -u
: "${KHABAR:=build/khabar}" "${TEST_TMP:=/tmp}"
for t in xvfb-run import convert; do
	command -v $t >/dev/null || { echo "night: needs $t"; exit 1; }
done
dir=$(mktemp -d "$TEST_TMP/night.XXXXXX")
"$KHABAR" --db "$dir/n.db" import assets/sample/ >/dev/null 2>&1
# Dark only from 21:59 to 22:01 (a window crossing midnight), UTC.
printf '[display]\ntimezone = UTC\n[cards]\ntransition = none\n[ticker]\nenabled = no\n[screen]\non = 22:01-21:59\n' >"$dir/n.ini"
: >"$dir/log"
export KHABAR DIR="$dir"
# 30 times faster: dark 1 s after the start, back 4 s later.
xvfb-run -a -s "-screen 0 640x360x24" sh -c '
	SDL_VIDEODRIVER=x11 "$KHABAR" --config "$DIR/n.ini" --db "$DIR/n.db" run \
		--at 2022-06-08T21:58:30Z --time-scale 30 --exit-after 20 2>>"$DIR/log" &
	pid=$!
	waitlog() { # text: up to 20 s
		i=0
		while ! grep -q "$1" "$DIR/log" && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
	}
	waitlog "first card on screen"
	import -window root "$DIR/before.png"
	waitlog "screen: off"
	sleep 0.3
	import -window root "$DIR/night.png"
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
