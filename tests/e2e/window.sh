#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The real window under Xvfb (X11 driver, fullscreen at the desktop's
# 1280x720): a screenshot of the first card must match `khabar render` of
# the same card at the same time, on a plain and on a turned mount
# (rotate = 90: laid out portrait, turned onto the landscape screen), with
# the software and the GPU renderer. With the ticker off nothing moves
# and the whole screen is compared; with it on (the turned GPU screen
# draws only what changed into its kept target) everything but the
# ticker's rows, compared unturned, after 150 of the ticker's frames.
set -u
. tests/e2e/lib.sh
command -v xvfb-run >/dev/null && command -v import >/dev/null ||
	fail "window: needs xvfb-run and ImageMagick's import"
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
# Whether $T/shot.png shows the card; sets diff and what.
matches() {
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
	[ -n "$diff" ] && [ "$diff" -le "$limit" ]
}
for case in "software 0 no" "software 90 no" "gpu 0 no" "gpu 90 no" "gpu 90 yes" \
	"software 90 yes"; do
	set -- $case
	renderer=$1 rotate=$2 ticker=$3
	name="$renderer, rotate $rotate, ticker $ticker"
	printf '[ticker]\nenabled = %s\n[cards]\ntransition = none\n' "$ticker" >"$T/k.ini"
	printf '[display]\nrotate = %s\nrenderer = %s\n' "$rotate" "$renderer" >>"$T/k.ini"
	rm -f "$T/shot.png"
	SDL_VIDEODRIVER=offscreen "$KHABAR" --config "$T/k.ini" --db "$db" render --size 1280x720 \
		--card 0 --at "$at" --out "$T/ref.png"
	mark=0
	x_run 1280x720 "$T/log" env SDL_VIDEODRIVER=x11 KHABAR_LOG=debug "$KHABAR" \
		--config "$T/k.ini" --db "$db" run --at "$at" --exit-after 600
	if ! wait_line "$T/log" "first card on screen" 60; then
		echo "window: $name: no first card"
		cat "$T/log"
		failed=1
		x_stop
		continue
	fi
	limit=$((1280 * 720 / 200))
	# With the ticker, compared after 150 of its frames (2.5 s at 60 Hz),
	# counted in the log: what the turned GPU screen drew into its kept
	# target since the first frame must still be the card.
	if [ "$ticker" = yes ]; then
		wait_for 120 sh -c '[ "$(grep -c "ticker: frame at" "$1")" -ge 150 ]' - "$T/log" ||
			echo "window: $name: fewer than 150 ticker frames in 120 s"
	fi
	# The first card's log line comes as it is put up: screenshots until
	# the screen matches (up to 30 s), the last one kept.
	snap shot 30 matches
	x_stop
	if grep -q "GPU renderer:.*drawing in software" "$T/log"; then
		echo "window: $name: no GPU renderer here; the window drew in software"
	fi
	matches
	echo "window: $name: $what: ${diff:-?} pixels differ from khabar render (limit $limit)"
	if [ -z "$diff" ] || [ "$diff" -gt "$limit" ]; then
		cat "$T/log"
		failed=1
	fi
done
exit $failed
