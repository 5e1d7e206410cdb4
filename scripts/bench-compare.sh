#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# make bench-compare: khabar beside a Chromium kiosk page showing the same
# seed card (tests/bench/compare/card.html.in), both in a real 1920x1080 window
# under Xvfb on this machine, software rendering for both. Prints, for each:
# start to picture, CPU over BENCH_SECONDS (default 60) rotating every 10 s
# and on one static card, and memory (PSS summed over the process tree).
# Needs Chromium (Debian: apt-get install chromium); says so when missing.
set -u
K=${KHABAR:-build/khabar}
T=${BENCH_SECONDS:-60}
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
	echo "bench-compare: Chromium is not installed; as root: apt-get install chromium" >&2
	exit 2
fi
for t in xvfb-run awk; do
	command -v $t >/dev/null || { echo "bench-compare: needs $t" >&2; exit 2; }
done
top=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/khabar-compare.XXXXXX")
[ -n "${KEEP:-}" ] || trap 'rm -rf "$dir"' EXIT
HZ=$(getconf CLK_TCK)

# The seed card's text, from the seed file itself.
seed="$top/assets/sample/000_eddeb88cb7a96027.txt"
title=$(sed -n '1p' "$seed")
summary=$(awk 'NR > 1 && NF { print; exit }' "$seed")
tags=$(sed -n 's/^تگهای مطلب: *//p' "$seed" | awk -F' *, *' '{ for (i = 1; i <= NF; i++) printf "#%s   ", $i }')
second="ITU از نامزدی ایران حمایت کرد"
esc() { printf '%s' "$1" | sed 's/[&/\]/\\&/g'; }
sed -e "s/@FONTS@/$(esc "file://$top/fonts")/g" -e "s/@TITLE@/$(esc "$title")/" \
	-e "s/@SUMMARY@/$(esc "$summary")/" -e "s/@TAGS@/$(esc "$tags")/" \
	-e "s/@SECOND@/$(esc "$second")/" "$top/tests/bench/compare/card.html.in" >"$dir/card.html"

# khabar's cache: the samples.
"$K" --db "$dir/k.db" import "$top/assets/sample/" >/dev/null 2>&1
printf '[ticker]\nenabled = no\n[cards]\nmin_dwell = 10\nmax_dwell = 10\n' >"$dir/rotate.ini"
printf '[ticker]\nenabled = no\n[cards]\narticle_pages = no\nmin_dwell = 3600\nmax_dwell = 3600\n' >"$dir/static.ini"

CHROME_FLAGS="--no-sandbox --no-first-run --disable-background-networking --disable-component-update
 --disable-sync --disable-quic --disable-gpu --password-store=basic --user-data-dir=$dir/profile"

measure() { # SECONDS COMMAND...: "CPU% PSS_MiB PROCESSES", in a 1920x1080 Xvfb
	xvfb-run -a -s "-screen 0 1920x1080x24" sh "$top/tests/bench/compare/measure.sh" "$@"
}
best() { # the smallest of the numbers on stdin
	sort -n | head -1
}

echo "bench-compare: khabar and a Chromium kiosk page, the seed card at 1920x1080 (Xvfb, software)"

# Start to picture. khabar: its own log line, in the real window. Chromium:
# the time until its headless screenshot of the page is written.
kstart=$(for i in 1 2 3; do
	xvfb-run -a -s "-screen 0 1920x1080x24" sh -c \
		"SDL_VIDEODRIVER=x11 '$K' --config '$dir/static.ini' --db '$dir/k.db' run --exit-after 1 2>&1" |
		sed -n 's/.*first card on screen \([0-9]*\) ms.*/\1/p'
done | best)
cstart=$(for i in 1 2 3; do
	rm -rf "$dir/profile"
	t0=$(date +%s%N)
	"$CHROMIUM" --headless=new $CHROME_FLAGS --hide-scrollbars --window-size=1920,1080 \
		--screenshot="$dir/chromium.png" "file://$dir/card.html" >/dev/null 2>&1
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000000))
done | best)
printf '%-44s %12s %14s\n' "" "khabar" "Chromium"
printf '%-44s %9s ms %11s ms\n' "start to picture (best of 3)" "$kstart" "$cstart"

# CPU and memory over T seconds: rotating every 10 s with a crossfade, and
# one static card; the ticker off in both.
export SDL_VIDEODRIVER=x11
set -- $(measure "$T" "$K" --config "$dir/rotate.ini" --db "$dir/k.db" run)
krot=$1 kpss=$2 kn=$3
set -- $(measure "$T" "$K" --config "$dir/static.ini" --db "$dir/k.db" run)
kstat=$1
rm -rf "$dir/profile"
set -- $(measure "$T" "$CHROMIUM" $CHROME_FLAGS --kiosk --window-size=1920,1080 \
	"file://$dir/card.html?rotate=10000")
crot=$1 cpss=$2 cn=$3
rm -rf "$dir/profile"
set -- $(measure "$T" "$CHROMIUM" $CHROME_FLAGS --kiosk --window-size=1920,1080 "file://$dir/card.html")
cstat=$1
printf '%-44s %10s %% %12s %%\n' "CPU over ${T} s, cards every 10 s (of a core)" "$krot" "$crot"
printf '%-44s %10s %% %12s %%\n' "CPU over ${T} s, one static card" "$kstat" "$cstat"
printf '%-44s %7s MiB %9s MiB\n' "memory (PSS, whole process tree)" "$kpss" "$cpss"
printf '%-44s %12s %14s\n' "processes" "$kn" "$cn"
