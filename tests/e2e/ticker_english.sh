#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The ticker in an English frame ([display] language = en), in the real
# window under Xvfb (X11 driver), software and GPU renderers: the label
# sits at the left end, and the strip reads left to right and moves left.
# Checked against `khabar render` of the same card at the same time:
# - above the bar and the label block: the same picture (window.sh's
#   limit);
# - the strip: each screenshot's strip is render's (the strip at rest)
#   moved left by s >= 0 pixels, s growing from shot to shot, so the
#   headlines enter from the right;
# - the log says the strip scrolls leftward, right of the label.
set -u
. tests/e2e/lib.sh
command -v xvfb-run >/dev/null && command -v import >/dev/null ||
	fail "ticker_english: needs xvfb-run and ImageMagick's import"
db="$T/k.db"
at=2022-06-08T10:30:00Z
"$KHABAR" --db "$db" import assets/sample/ >/dev/null 2>&1
# One row per column of a picture's rows [y, y + h): their mean grey.
signature() { # file w h y out
	convert "$1" -crop "${2}x${3}+0+${4}" +repage -colorspace gray -scale "${2}x1!" \
		-depth 8 gray:- | od -An -v -tu1 | tr -s ' \n' '\n\n' | sed '/^$/d' >"$5"
}
# The s (0 <= s < 1000) with b[x] = a[x + s] for every x in [X, X + W - s),
# or -1.
shift_left() { # a b X W
	awk -v X="$3" -v W="$4" 'NR == FNR { a[FNR - 1] = $1; next } { b[FNR - 1] = $1 }
		END {
			for (s = 0; s < 1000; s++) {
				ok = 1
				for (x = X; x < X + W - s && ok; x++)
					if (b[x] != a[x + s]) ok = 0
				if (ok) { print s; exit }
			}
			print -1
		}' "$1" "$2"
}
for renderer in software gpu; do
	printf '[display]\nlanguage = en\nrenderer = %s\n[cards]\ntransition = none\n' \
		"$renderer" >"$T/k.ini"
	printf 'min_dwell = 60\nmax_dwell = 60\n' >>"$T/k.ini"
	rm -f "$T"/shot*.png "$T/log"
	SDL_VIDEODRIVER=offscreen "$KHABAR" --config "$T/k.ini" --db "$db" render \
		--size 1280x720 --card 0 --at "$at" --out "$T/ref.png"
	# The shots once the card is on screen: after its log line, screenshots
	# until the picture above the bar is render's (up to 30 s), then four
	# in a row. Events, not seconds.
	mark=0
	x_run 1280x720 "$T/log" env SDL_VIDEODRIVER=x11 KHABAR_LOG=debug "$KHABAR" \
		--config "$T/k.ini" --db "$db" run --at "$at" --exit-after 600
	wait_line "$T/log" "first card on screen" 60
	top=$(sed -n 's/.*ticker: .* scrolling in [0-9]*x[0-9]* at y \([0-9]*\).*/\1/p' "$T/log" | tail -1)
	snap shot0 30 sh -c 'd=$(compare -metric AE -fuzz 2% "$1[1280x$2+0+0]" "$3[1280x$2+0+0]" null: 2>&1)
		d=${d%% *}; case "$d" in "" | *[!0-9.e+]*) exit 1 ;; esac
		[ "$(printf "%.0f" "$d")" -le 4608 ]' - "$T/ref.png" "${top:-668}" "$T/shot0.png"
	for i in 1 2 3 4; do
		import -window root "$T/shot$i.png"
	done
	x_stop
	geom=$(sed -n 's/.*ticker: .* scrolling in \([0-9]*\)x\([0-9]*\) at y \([0-9]*\), x \([0-9]*\), \([a-z]*\).*/\1 \2 \3 \4 \5/p' \
		"$T/log" | tail -1)
	if [ -z "$geom" ] || [ ! -f "$T/shot1.png" ]; then
		echo "ticker_english: $renderer: no ticker in the log or no screenshot"
		cat "$T/log"
		failed=1
		continue
	fi
	set -- $geom
	w=$1 h=$2 y=$3 x=$4 way=$5
	if grep -q "GPU renderer:.*drawing in software" "$T/log"; then
		echo "ticker_english: gpu: no GPU renderer here; the window drew in software"
	fi
	echo "ticker_english: $renderer: strip ${w}x$h at ($x, $y), $way"
	if [ "$way" != leftward ] || [ "$x" -le 0 ] || [ $((x + w)) -ne 1280 ]; then
		echo "ticker_english: $renderer: the strip should scroll leftward right of the label"
		failed=1
	fi
	# Above the bar, and the label block: as render draws them.
	for part in "1280x$y+0+0" "${x}x$h+0+$y"; do
		convert "$T/ref.png" -crop "$part" +repage "$T/ref-part.png"
		convert "$T/shot1.png" -crop "$part" +repage "$T/shot-part.png"
		diff=$(compare -metric AE -fuzz 2% "$T/ref-part.png" "$T/shot-part.png" null: 2>&1 ||
			true)
		diff=${diff%% *}
		limit=$((1280 * 720 / 200))
		echo "ticker_english: $renderer: $part: $diff pixels differ from khabar render"
		case "$diff" in
		'' | *[!0-9.e+]*) failed=1 ;;
		*) [ "$(printf '%.0f' "$diff")" -le "$limit" ] || failed=1 ;;
		esac
	done
	# The strip: render's moved left, further in each later shot.
	signature "$T/ref.png" 1280 "$h" "$y" "$T/sig0"
	prev=0
	moved=0
	for i in 1 2 3 4; do
		[ -f "$T/shot$i.png" ] || { echo "ticker_english: no shot $i"; failed=1; continue; }
		signature "$T/shot$i.png" 1280 "$h" "$y" "$T/sig$i"
		s=$(shift_left "$T/sig0" "$T/sig$i" "$x" "$w")
		echo "ticker_english: $renderer: shot $i is render's strip moved left by $s px"
		if [ "$s" -lt "$prev" ]; then
			echo "ticker_english: $renderer: shot $i is not the strip moved further left"
			failed=1
		fi
		[ "$s" -gt 0 ] && moved=1
		[ "$s" -ge 0 ] && prev=$s
	done
	[ "$moved" = 1 ] || { echo "ticker_english: $renderer: the strip did not move left"; failed=1; }
done
[ $failed = 0 ] || tail -5 "$T/log"
exit $failed
