#!/bin/sh
# The real window under Xvfb (X11 driver, fullscreen at the desktop's
# 1280x720): a screenshot of the first card must match `khabar render` of
# the same card at the same time. The ticker is off so nothing moves.
set -u
: "${KHABAR:=build/khabar}" "${TEST_TMP:=/tmp}"
if ! command -v xvfb-run >/dev/null || ! command -v import >/dev/null; then
	echo "window: needs xvfb-run and ImageMagick's import"
	exit 1
fi
dir=$(mktemp -d "$TEST_TMP/window.XXXXXX")
db="$dir/k.db"
at=2022-06-08T10:30:00Z
"$KHABAR" --db "$db" import assets/sample/ >/dev/null 2>&1
printf '[ticker]\nenabled = no\n[cards]\ntransition = none\n' >"$dir/k.ini"
export KHABAR DIR="$dir" DB="$db" AT="$at"
xvfb-run -a -s "-screen 0 1280x720x24" sh -c '
	SDL_VIDEODRIVER=x11 "$KHABAR" --config "$DIR/k.ini" --db "$DB" run --at "$AT" \
		--exit-after 5 >"$DIR/log" 2>&1 &
	pid=$!
	sleep 2.5
	import -window root "$DIR/shot.png"
	wait $pid
' || true
SDL_VIDEODRIVER=offscreen "$KHABAR" --config "$dir/k.ini" --db "$db" render --size 1280x720 \
	--card 0 --at "$at" --out "$dir/ref.png"
fail=0
if [ ! -f "$dir/shot.png" ]; then
	echo "window: no screenshot"
	cat "$dir/log"
	fail=1
else
	diff=$(compare -metric AE -fuzz 2% "$dir/ref.png" "$dir/shot.png" null: 2>&1 || true)
	diff=${diff%% *}
	limit=$((1280 * 720 / 200))
	echo "window: $diff pixels differ from khabar render (limit $limit)"
	case "$diff" in
	'' | *[!0-9.e+]*) fail=1 ;;
	*) [ "$(printf '%.0f' "$diff")" -le "$limit" ] || fail=1 ;;
	esac
	[ $fail = 0 ] || cat "$dir/log"
fi
rm -rf "$dir"
exit $fail
