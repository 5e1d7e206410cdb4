#!/bin/sh
# The real window under Xvfb (X11 driver, fullscreen at the desktop's
# 1280x720): a screenshot of the first card must match `khabar render` of
# the same card at the same time, on a plain and on a turned mount
# (rotate = 90: laid out portrait, turned onto the landscape screen). The
# ticker is off so nothing moves.
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
fail=0
for rotate in 0 90; do
	printf '[ticker]\nenabled = no\n[cards]\ntransition = none\n[display]\nrotate = %s\n' \
		"$rotate" >"$dir/k.ini"
	rm -f "$dir/shot.png"
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
	if [ ! -f "$dir/shot.png" ]; then
		echo "window: rotate $rotate: no screenshot"
		cat "$dir/log"
		fail=1
		continue
	fi
	diff=$(compare -metric AE -fuzz 2% "$dir/ref.png" "$dir/shot.png" null: 2>&1 || true)
	diff=${diff%% *}
	limit=$((1280 * 720 / 200))
	echo "window: rotate $rotate: $diff pixels differ from khabar render (limit $limit)"
	bad=0
	case "$diff" in
	'' | *[!0-9.e+]*) bad=1 ;;
	*) [ "$(printf '%.0f' "$diff")" -le "$limit" ] || bad=1 ;;
	esac
	[ $bad = 0 ] || { cat "$dir/log"; fail=1; }
done
rm -rf "$dir"
exit $fail
