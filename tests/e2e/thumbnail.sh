#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The thumbnail is the screen: a display at 1920x1080 (offscreen) writes
# thumbnail.jpg beside the cache after its first card; it is a JPEG of
# 480x270, at most 40 KB, and within 1% (mean absolute error) of
# `khabar render` of the same card at the same time scaled down to 480x270.
# With [fleet] thumbnails = no there is none. Then the same at 1080x1920.
. tests/e2e/lib.sh
for t in convert compare identify; do
	command -v $t >/dev/null || skip "thumbnail: needs $t"
done
"$KHABAR" --db "$T/t.db" import assets/sample/ >/dev/null 2>&1 || fail "import"
at=2022-06-08T10:30:00Z
export SDL_VIDEODRIVER=offscreen SDL_FRAMEBUFFER_ACCELERATION=0
shot() { # size ini [off]: run until the thumbnail is written (off: 2 s after the first card)
	rm -f "$T/thumbnail.jpg"
	: >"$T/log"
	"$KHABAR" --config "$2" --db "$T/t.db" run --windowed "$1" --at "$at" --exit-after 120 \
		2>"$T/log" &
	pid=$!
	i=0
	want="fleet: thumbnail"
	[ "${3:-}" = off ] && want="first card on screen"
	while ! grep -q "$want" "$T/log" && [ $i -lt 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ "${3:-}" = off ] && sleep 2
	kill -TERM $pid
	wait $pid
}
base='[cards]\ntransition = none\nmin_dwell = 600\nmax_dwell = 600\n[ticker]\nenabled = no\n'
printf "$base" >"$T/on.ini"
printf "$base[fleet]\nthumbnails = no\n" >"$T/off.ini"
for size in 1920x1080 1080x1920; do
	w=${size%x*} h=${size#*x}
	small=480x270
	[ "$h" -gt "$w" ] && small=270x480
	shot "$size" "$T/on.ini"
	[ -f "$T/thumbnail.jpg" ] || fail "thumbnail: none at $size; log: $(cat "$T/log")"
	bytes=$(stat -c %s "$T/thumbnail.jpg")
	got=$(identify -format '%m %wx%h' "$T/thumbnail.jpg")
	[ "$got" = "JPEG $small" ] || fail "thumbnail: $got at $size, want JPEG $small"
	[ "$bytes" -le 40960 ] || fail "thumbnail: $bytes bytes at $size (at most 40960)"
	"$KHABAR" --config "$T/on.ini" --db "$T/t.db" render --out "$T/r.png" --size "$size" \
		--at "$at" || fail "render"
	convert "$T/r.png" -filter Box -resize "$small!" "$T/r-small.png"
	mae=$(compare -metric MAE "$T/r-small.png" "$T/thumbnail.jpg" null: 2>&1 | sed -n 's/.*(\(.*\)).*/\1/p')
	echo "thumbnail: $size: $got, $bytes bytes, mean absolute error $mae of the render"
	awk "BEGIN { exit !($mae <= 0.01) }" || fail "thumbnail: $size differs from the render by $mae"
done
shot 1920x1080 "$T/off.ini" off
[ -f "$T/thumbnail.jpg" ] && fail "thumbnail: written with [fleet] thumbnails = no"
echo "thumbnail: ok"
