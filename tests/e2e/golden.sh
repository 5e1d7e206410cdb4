#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Golden images: `khabar render` of each card kind at 1920x1080 and
# 1080x1920, from assets/sample/ at a fixed time, compared with the PNGs
# committed in tests/golden/ (ImageMagick: pixels differing by more than
# 2% may make up at most 0.2% of the picture).
# KHABAR_GOLDEN_UPDATE=1 rewrites the golden files instead.
set -eu
. tests/e2e/lib.sh
db="$T/k.db"
at=2022-06-08T10:30:00Z
conf=assets/khabar.ini
"$KHABAR" --db "$db" import assets/sample/ >/dev/null 2>&1
# name:card — the same indices in both orientations for the sample set.
cards="breaking:0 pinned:2 latin-first:4 itu-page:6 seed-headline:11 seed-first-page:12 seed-page:13"
# The sample set with an emergency posted over it.
"$KHABAR" --db "$T/emergency.db" import assets/sample/ >/dev/null 2>&1
"$KHABAR" --db "$T/emergency.db" post --emergency \
	"آتش‌سوزی در طبقهٔ دوم: ساختمان را از پله‌های شرقی ترک کنید" \
	"به آسانسور نروید. در محوطهٔ پارکینگ جمع شوید و منتظر دستور مأموران آتش‌نشانی بمانید." \
	>/dev/null
check() { golden_check "$@"; }
for size in 1920x1080 1080x1920; do
	for nc in $cards; do
		name=${nc%%:*}
		n=${nc#*:}
		"$KHABAR" --config "$conf" --db "$db" render --out "$T/$name-$size.png" \
			--card "$n" --size "$size" --at "$at"
		check "$name" "$size" "$T/$name-$size.png"
	done
	"$KHABAR" --config "$conf" --db "$T/empty.db" render --out "$T/empty-$size.png" \
		--size "$size" --at "$at" 2>/dev/null
	check empty "$size" "$T/empty-$size.png"
	# An emergency takes the whole screen: no header, no ticker.
	"$KHABAR" --config "$conf" --db "$T/emergency.db" render --out "$T/emergency-$size.png" \
		--size "$size" --at "$at"
	check emergency "$size" "$T/emergency-$size.png"
done
# A rotated mount is the portrait picture turned.
"$KHABAR" --config "$conf" --db "$db" render --out "$T/rot.png" --card 11 \
	--size 1920x1080 --rotate 90 --at "$at"
convert "$T/seed-headline-1080x1920.png" -rotate 90 "$T/turned.png"
d=$(compare -metric AE "$T/turned.png" "$T/rot.png" null: 2>&1 || true)
if [ "${d%% *}" != 0 ]; then
	echo "golden: --rotate 90 is not the portrait card turned ($d pixels differ)"
	failed=1
fi
exit $failed
