#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Golden images of the schedule: the now-and-next card and the room screen
# of the Persian conference in tests/schedules/ at 1920x1080 and 1080x1920,
# at three moments of its first day (Tehran time): before the first talk,
# mid-talk, and after the last. Compared with tests/golden/ as golden.sh
# does; KHABAR_GOLDEN_UPDATE=1 rewrites them.
set -eu
: "${KHABAR:=build/khabar}" "${TEST_TMP:=/tmp}"
dir=$(mktemp -d "$TEST_TMP/golden-schedule.XXXXXX")
db="$dir/k.db"
"$KHABAR" --db "$db" import tests/schedules/tehran1405.schedule.json >/dev/null
conf=assets/khabar.ini
sed 's/^room =$/room = تالار فردوسی/' "$conf" >"$dir/room.ini"
grep -q '^room = تالار فردوسی$' "$dir/room.ini"
fail=0
check() { # name size file
	want="tests/golden/$1-$2.png"
	if [ "${KHABAR_GOLDEN_UPDATE:-0}" = 1 ]; then
		cp "$3" "$want"
		echo "golden: updated $want"
		return
	fi
	if [ ! -f "$want" ]; then
		echo "golden: $want is missing"
		fail=1
		return
	fi
	w=${2%x*}
	h=${2#*x}
	limit=$((w * h / 500))
	diff=$(compare -metric AE -fuzz 2% "$want" "$3" "$dir/diff-$1-$2.png" 2>&1 >/dev/null || true)
	diff=${diff%% *}
	case "$diff" in
	'' | *[!0-9.e+]*)
		echo "golden: $1 $2: compare failed: $diff"
		fail=1
		;;
	*)
		if [ "$(printf '%.0f' "$diff")" -gt "$limit" ]; then
			echo "golden: $1 $2: $diff pixels differ (limit $limit); see $dir/diff-$1-$2.png"
			fail=1
		else
			echo "golden: $1 $2: ok ($diff pixels differ)"
		fi
		;;
	esac
}
for size in 1920x1080 1080x1920; do
	for moment in before:2026-05-13T08:30:00+03:30 during:2026-05-13T10:45:00+03:30 \
		after:2026-05-13T17:00:00+03:30; do
		name=${moment%%:*}
		at=${moment#*:}
		"$KHABAR" --config "$conf" --db "$db" render --out "$dir/n.png" --size "$size" --at "$at"
		check "schedule-now-next-$name" "$size" "$dir/n.png"
		"$KHABAR" --config "$dir/room.ini" --db "$db" render --out "$dir/r.png" --size "$size" \
			--at "$at"
		check "schedule-room-$name" "$size" "$dir/r.png"
	done
done
# The schedule alone has no headline for the ticker: no bar, the
# background where it stood (its 78 rows are one colour).
"$KHABAR" --config "$conf" --db "$db" render --out "$dir/alone.png" --size 1920x1080 \
	--at 2026-05-13T10:45:00+03:30
n=$(convert "$dir/alone.png" -crop 1920x78+0+1002 +repage -format %k info:)
[ "$n" = 1 ] || { echo "golden: the schedule alone shows a ticker bar ($n colours in its rows)"; fail=1; }
# Beside news, the now-and-next card takes every fourth turn ([schedule]
# every = 3): card 3 shows the same card area as the schedule alone.
"$KHABAR" --db "$db" import assets/sample/ >/dev/null 2>&1
at=2026-05-13T10:45:00+03:30
"$KHABAR" --config "$conf" --db "$db" render --out "$dir/c3.png" --card 3 --at "$at"
"$KHABAR" --config "$conf" --db "$db" render --out "$dir/c2.png" --card 2 --at "$at"
area() { convert "$1" -crop 1920x880+0+122 +repage "$2"; }
area "$dir/c3.png" "$dir/c3a.png"
area "$dir/c2.png" "$dir/c2a.png"
area tests/golden/schedule-now-next-during-1920x1080.png "$dir/ga.png"
d=$(compare -metric AE -fuzz 2% "$dir/ga.png" "$dir/c3a.png" null: 2>&1 || true)
[ "$(printf '%.0f' "${d%% *}")" -lt 3000 ] || { echo "golden: card 3 is not the now-and-next card ($d)"; fail=1; }
d=$(compare -metric AE -fuzz 2% "$dir/ga.png" "$dir/c2a.png" null: 2>&1 || true)
[ "$(printf '%.0f' "${d%% *}")" -gt 3000 ] || { echo "golden: card 2 should be news ($d)"; fail=1; }
rm -rf "$dir"
exit $fail
