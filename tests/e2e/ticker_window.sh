#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The ticker in the real window under Xvfb (X11 driver, software): a
# recording of screenshots in which every frame's strip is the previous
# one moved right and nothing else (no torn or half-drawn strip), and the
# frames khabar drew put the strip where constant speed puts it, within
# 1 px, over the whole run.
set -u
. tests/e2e/lib.sh
command -v xvfb-run >/dev/null && command -v import >/dev/null ||
	fail "ticker_window: needs xvfb-run and ImageMagick's import"
db="$T/k.db"
"$KHABAR" --db "$db" import assets/sample/ >/dev/null 2>&1
printf '[cards]\nmin_dwell = 60\nmax_dwell = 60\n' >"$T/k.ini"
# The shots once the ticker has drawn 60 frames (counted in the log, up to
# 120 s), then 60 more for the speed check: events, not seconds.
frames() { [ "$(grep -c 'ticker: frame at' "$T/log")" -ge "$1" ]; }
x_run 1280x720 "$T/log" env SDL_VIDEODRIVER=x11 KHABAR_LOG=debug "$KHABAR" --config "$T/k.ini" \
	--db "$db" run --exit-after 600
wait_for 120 frames 60
for i in 1 2 3 4 5 6 7 8; do
	import -window root "$T/shot$i.png"
done
n=$(grep -c 'ticker: frame at' "$T/log")
wait_for 120 frames $((n + 60))
x_stop
geom=$(sed -n 's/.*ticker: .* scrolling in \([0-9]*\)x\([0-9]*\) at y \([0-9]*\).*/\1 \2 \3/p' \
	"$T/log" | tail -1)
if [ -z "$geom" ]; then
	echo "ticker_window: no ticker in the log"
	cat "$T/log"
	exit 1
fi
set -- $geom
w=$1 h=$2 y=$3
# Each shot's strip as one row: the mean of each column (ImageMagick).
n=0
for f in "$T"/shot?.png; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	convert "$f" -crop "${w}x${h}+0+${y}" +repage -colorspace gray -scale "${w}x1!" \
		-depth 8 gray:- | od -An -v -tu1 | tr -s ' \n' '\n\n' | sed '/^$/d' \
		>"$T/sig$n"
done
if [ "$n" -lt 4 ]; then
	echo "ticker_window: only $n screenshots"
	failed=1
fi
# Consecutive shots: the later one is the earlier moved right by s pixels
# (0 <= s < 400) in every column that both show.
moved=0
k=1
while [ "$k" -lt "$n" ]; do
	s=$(awk -v W="$w" 'NR == FNR { a[FNR - 1] = $1; next } { b[FNR - 1] = $1 }
		END {
			for (s = 0; s < 400; s++) {
				ok = 1
				for (x = s; x < W && ok; x++)
					if (b[x] != a[x - s]) ok = 0
				if (ok) { print s; exit }
			}
			print -1
		}' "$T/sig$k" "$T/sig$((k + 1))")
	echo "ticker_window: shot $((k + 1)) is shot $k moved by $s px"
	if [ "$s" -lt 0 ]; then
		echo "ticker_window: shot $((k + 1)) is not shot $k moved right (torn or stale strip)"
		failed=1
	fi
	[ "$s" -gt 0 ] && moved=1
	k=$((k + 1))
done
[ "$moved" = 1 ] || { echo "ticker_window: the strip did not move"; failed=1; }
# Every frame drawn: the strip's travel matches speed * time within 1 px.
speed=$(sed -n 's/.*ticker: [0-9]* px in [0-9]* pieces, \([0-9.]*\) px\/s.*/\1/p' "$T/log" | tail -1)
width=$(sed -n 's/.*ticker: \([0-9]*\) px in.*/\1/p' "$T/log" | tail -1)
frames=$(grep -c 'ticker: frame at' "$T/log")
worst=$(sed -n 's/.*ticker: frame at \([0-9.]*\) s, x \(-*[0-9]*\).*/\1 \2/p' "$T/log" |
	awk -v v="$speed" -v W="$width" '
		NR == 1 { t0 = $1; x0 = $2; px = $2; m = 0; worst = 0; next }
		{ d = $2 - px; if (d < 0) d += W; m += d; px = $2
		  e = m - v * ($1 - t0); if (e < 0) e = -e; if (e > worst) worst = e }
		END { printf "%.2f", worst }')
echo "ticker_window: $frames frames at $speed px/s; largest distance from constant speed $worst px"
if [ "$frames" -lt 60 ] || awk -v w="$worst" 'BEGIN { exit !(w > 1) }'; then
	failed=1
fi
[ $failed = 0 ] || tail -5 "$T/log"
exit $failed
