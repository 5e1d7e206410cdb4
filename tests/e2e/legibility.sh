#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Readable from the back of the hall, through the binary: [display]
# viewing_distance and diagonal are validated with file:line messages;
# `khabar check` prints every text style's letter body in minutes of arc
# and warns under 12'; a 55-inch panel seen from 5 m draws the headline
# card, an article page and the board with every style raised to the
# floor (goldens tests/golden/far-*-1920x1080.png), while without the keys
# the pictures stay the design's (golden.sh, golden_schedule.sh).
# KHABAR_GOLDEN_UPDATE=1 rewrites the far-* goldens instead.
set -u
. tests/e2e/lib.sh
conf=assets/khabar.ini
"$KHABAR" --db "$T/k.db" import assets/sample/ >/dev/null 2>&1 || fail "import of the sample failed"
"$KHABAR" --db "$T/k.db" import tests/schedules/tehran1405.schedule.json >/dev/null 2>&1 ||
	fail "import of the schedule failed"
ini() { # the shipped config with these [display] values: distance diagonal
	sed -e "s/^viewing_distance = 0\$/viewing_distance = $1/" -e "s/^diagonal = 0\$/diagonal = $2/" \
		"$conf" >"$T/c.ini"
	grep -q "^viewing_distance = $1\$" "$T/c.ini" && grep -q "^diagonal = $2\$" "$T/c.ini" ||
		fail "assets/khabar.ini has no 'viewing_distance = 0' and 'diagonal = 0' lines"
}
check() { "$KHABAR" --config "$T/c.ini" --db "$T/k.db" check "$@" >"$T/out" 2>&1; }
has() { # what pattern
	grep -q "$2" "$T/out" || { no "$1: no line matching '$2' in:"; cat "$T/out"; }
}

# Bad values: one message each, naming the file and line.
printf '[display]\nviewing_distance = far\ndiagonal = -3\n' >"$T/bad.ini"
"$KHABAR" --config "$T/bad.ini" --db "$T/k.db" check >"$T/out" 2>&1
[ $? = 2 ] || no "check should refuse a bad viewing_distance (exit 2)"
has "bad distance" "bad.ini:2: \[display\] viewing_distance = 'far' is not valid"
has "bad diagonal" "bad.ini:3: \[display\] diagonal = '-3' is not valid"

# Off: the design's sizes.
ini 0 0
check || no "check failed with the shipped config"
has "off" "^legibility: no \[display\] viewing_distance: the design's sizes$"

# A distance without a size (unless this machine's panel gives one).
if ! ls /sys/class/drm/card*-*/edid >/dev/null 2>&1; then
	ini 5 0
	check
	has "no size" "the panel's size is unknown (its EDID gives none): set \[display\] diagonal"
fi

# 55 inches from 5 m: every style at least 12', none warned.
ini 5 55
check || no "check failed at 55 inches, 5 m"
has "55 in" '^legibility: 1920x1080 on a 55.0" panel (\[display\] diagonal) seen from 5 m'
has "body" "^legibility: article body .* 38.0 px ->  75.[0-9] px, letter body .* = 12.0'$"
has "board" "^legibility: board times and names (smallest) .* 20.0 px ->  75.[0-9] px"
n=$(grep -c "^legibility: .* px -> .*'" "$T/out")
[ "$n" -ge 18 ] || no "check printed $n styles, not every one"
if grep -q warning "$T/out"; then no "a warning at 5 m"; fi
check --size 3840x2160 || no "check --size failed"
has "4K" "^legibility: 3840x2160 on a 55.0\" panel"
has "4K body" "article body .* 76.0 px -> 150.[0-9] px"

# From 15 m no size the screen allows is enough: warned.
ini 15 55
check
has "far warning" "^legibility: article body .*(warning: under 12', unreadable there)$"

# The pictures at 55 inches, 5 m.
ini 5 55
render() { # name card|- at
	set -- "$1" "$2" "$3"
	if [ "$2" = - ]; then
		"$KHABAR" --config "$T/c.ini" --db "$T/board.db" render --out "$T/$1.png" --at "$3"
	else
		"$KHABAR" --config "$T/c.ini" --db "$T/k.db" render --out "$T/$1.png" --card "$2" --at "$3"
	fi || no "render of $1 failed"
	want=tests/golden/$1-1920x1080.png
	if [ "${KHABAR_GOLDEN_UPDATE:-0}" = 1 ]; then
		cp "$T/$1.png" "$want"
		echo "golden: updated $want"
		return
	fi
	d=$(compare -metric AE -fuzz 2% "$want" "$T/$1.png" null: 2>&1 || true)
	d=${d%% *}
	case "$d" in
	'' | *[!0-9.e+]*) no "$1: compare failed: $d" ;;
	*) [ "$(printf '%.0f' "$d")" -le $((1920 * 1080 / 500)) ] || no "$1: $d pixels differ from $want" ;;
	esac
}
"$KHABAR" --db "$T/board.db" import tests/schedules/tehran1405.schedule.json >/dev/null 2>&1
render far-headline 0 2022-06-08T10:30:00Z
render far-page 12 2022-06-08T10:30:00Z
render far-board - 2026-05-13T10:45:00+03:30
[ "$failed" = 0 ] && echo "legibility: keys, check and the far pictures ok"
exit $failed
