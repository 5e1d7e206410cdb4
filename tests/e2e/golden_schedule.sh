#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Golden images of the schedule: the now-and-next card and the room screen
# of the Persian conference in tests/schedules/ at 1920x1080 and 1080x1920,
# at three moments of its first day (Tehran time): before the first talk,
# mid-talk, and after the last. Compared with tests/golden/ as golden.sh
# does; KHABAR_GOLDEN_UPDATE=1 rewrites them.
set -eu
. tests/e2e/lib.sh
db="$T/k.db"
"$KHABAR" --db "$db" import tests/schedules/tehran1405.schedule.json >/dev/null
conf=assets/khabar.ini
sed 's/^room =$/room = تالار فردوسی/' "$conf" >"$T/room.ini"
grep -q '^room = تالار فردوسی$' "$T/room.ini"
check() { golden_check "$@"; }
for size in 1920x1080 1080x1920; do
	for moment in before:2026-05-13T08:30:00+03:30 during:2026-05-13T10:45:00+03:30 \
		after:2026-05-13T17:00:00+03:30; do
		name=${moment%%:*}
		at=${moment#*:}
		"$KHABAR" --config "$conf" --db "$db" render --out "$T/n.png" --size "$size" --at "$at"
		check "schedule-now-next-$name" "$size" "$T/n.png"
		"$KHABAR" --config "$T/room.ini" --db "$db" render --out "$T/r.png" --size "$size" \
			--at "$at"
		check "schedule-room-$name" "$size" "$T/r.png"
	done
done
# The schedule alone has no headline for the ticker: no bar, the
# background where it stood (its 78 rows are one colour).
"$KHABAR" --config "$conf" --db "$db" render --out "$T/alone.png" --size 1920x1080 \
	--at 2026-05-13T10:45:00+03:30
n=$(convert "$T/alone.png" -crop 1920x78+0+1002 +repage -format %k info:)
[ "$n" = 1 ] || { echo "golden: the schedule alone shows a ticker bar ($n colours in its rows)"; failed=1; }
# Beside news, the now-and-next card takes every fourth turn ([schedule]
# every = 3): card 3 shows the same card area as the schedule alone.
"$KHABAR" --db "$db" import assets/sample/ >/dev/null 2>&1
at=2026-05-13T10:45:00+03:30
"$KHABAR" --config "$conf" --db "$db" render --out "$T/c3.png" --card 3 --at "$at"
"$KHABAR" --config "$conf" --db "$db" render --out "$T/c2.png" --card 2 --at "$at"
area() { convert "$1" -crop 1920x880+0+122 +repage "$2"; }
area "$T/c3.png" "$T/c3a.png"
area "$T/c2.png" "$T/c2a.png"
area tests/golden/schedule-now-next-during-1920x1080.png "$T/ga.png"
d=$(compare -metric AE -fuzz 2% "$T/ga.png" "$T/c3a.png" null: 2>&1 || true)
[ "$(printf '%.0f' "${d%% *}")" -lt 3000 ] || { echo "golden: card 3 is not the now-and-next card ($d)"; failed=1; }
d=$(compare -metric AE -fuzz 2% "$T/ga.png" "$T/c2a.png" null: 2>&1 || true)
[ "$(printf '%.0f' "${d%% *}")" -gt 3000 ] || { echo "golden: card 2 should be news ($d)"; failed=1; }
exit $failed
