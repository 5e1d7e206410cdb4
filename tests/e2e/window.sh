#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The real window under Xvfb (X11 driver, fullscreen at the desktop's
# 1280x720): a screenshot of the first card must match `khabar render` of
# the same card at the same time, on a plain and on a turned mount
# (rotate = 90: laid out portrait, turned onto the landscape screen), with
# the software and the GPU renderer. With the ticker off nothing moves
# and the whole screen is compared; with it on (the turned GPU screen
# draws only what changed into its kept target) everything but the
# ticker's rows, compared unturned, 2.5 s after the first frame.
set -u
. tests/e2e/lib.sh
if ! command -v xvfb-run >/dev/null || ! command -v import >/dev/null; then
	echo "window: needs xvfb-run and ImageMagick's import"
	exit 1
fi
db="$T/k.db"
at=2022-06-08T10:30:00Z
"$KHABAR" --db "$db" import assets/sample/ >/dev/null 2>&1
# The number of pixels of a and b that differ by more than 2%, or "".
differ() { # a b
	d=$(compare -metric AE -fuzz 2% "$1" "$2" null: 2>&1 || true)
	d=${d%% *}
	case "$d" in
	'' | *[!0-9.e+]*) echo "" ;;
	*) printf '%.0f\n' "$d" ;;
	esac
}
for case in "software 0 no" "software 90 no" "gpu 0 no" "gpu 90 no" "gpu 90 yes" \
	"software 90 yes"; do
	set -- $case
	renderer=$1 rotate=$2 ticker=$3
	name="$renderer, rotate $rotate, ticker $ticker"
	printf '[ticker]\nenabled = %s\n[cards]\ntransition = none\n' "$ticker" >"$T/k.ini"
	printf '[display]\nrotate = %s\nrenderer = %s\n' "$rotate" "$renderer" >>"$T/k.ini"
	rm -f "$T/shot.png"
	export KHABAR DIR="$T" DB="$db" AT="$at"
	xvfb-run -a -s "-screen 0 1280x720x24" sh -c '
		SDL_VIDEODRIVER=x11 KHABAR_LOG=debug "$KHABAR" --config "$DIR/k.ini" --db "$DB" run --at "$AT" \
			--exit-after 5 >"$DIR/log" 2>&1 &
		pid=$!
		sleep 2.5
		import -window root "$DIR/shot.png"
		wait $pid
	' || true
	SDL_VIDEODRIVER=offscreen "$KHABAR" --config "$T/k.ini" --db "$db" render --size 1280x720 \
		--card 0 --at "$at" --out "$T/ref.png"
	if [ ! -f "$T/shot.png" ]; then
		echo "window: $name: no screenshot"
		cat "$T/log"
		failed=1
		continue
	fi
	if grep -q "GPU renderer:.*drawing in software" "$T/log"; then
		echo "window: $name: no GPU renderer here; the window drew in software"
	fi
	limit=$((1280 * 720 / 200))
	if [ "$ticker" = yes ]; then
		# Unturned, compare the rows above the ticker's top (from the log).
		lw=1280
		[ $((rotate % 180)) = 0 ] || lw=720
		y=$(sed -n 's/.*ticker: .* scrolling in [0-9]*x[0-9]* at y \([0-9]*\).*/\1/p' \
			"$T/log" | tail -1)
		[ -n "$y" ] || y=600
		for f in ref shot; do
			convert "$T/$f.png" -rotate "-$rotate" -crop "${lw}x$y+0+0" +repage \
				"$T/$f-above.png"
		done
		diff=$(differ "$T/ref-above.png" "$T/shot-above.png")
		what="above the ticker (${lw}x$y unturned)"
	else
		diff=$(differ "$T/ref.png" "$T/shot.png")
		what="the screen"
	fi
	echo "window: $name: $what: ${diff:-?} pixels differ from khabar render (limit $limit)"
	if [ -z "$diff" ] || [ "$diff" -gt "$limit" ]; then
		cat "$T/log"
		failed=1
	fi
done
exit $failed
