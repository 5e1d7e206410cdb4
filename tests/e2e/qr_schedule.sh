#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The QR code of a talk's page on the schedule cards decodes (zbarimg) to
# exactly that talk's url, at 1920x1080 and 1080x1920, in the Persian and
# the English (mirrored) frame: the room screen links the talk on now,
# else the next one (tomorrow's first after the last); a now-and-next card
# of one hall links that hall's talk. The card of every hall has none,
# nor any card with [cards] qr = no.
set -u
. tests/e2e/lib.sh
db="$T/k.db"
"$KHABAR" --db "$db" import tests/schedules/tehran1405.schedule.json >/dev/null ||
	fail "import"
conf=assets/khabar.ini
sed 's/^room =$/room = تالار فردوسی/' "$conf" >"$T/room.ini"
sed 's/^rooms =$/rooms = تالار فردوسی/' "$conf" >"$T/one.ini"
grep -q '^room = تالار فردوسی$' "$T/room.ini" || fail "no room key in $conf"
grep -q '^rooms = تالار فردوسی$' "$T/one.ini" || fail "no rooms key in $conf"
for f in room one; do
	sed 's/^language = fa$/language = en/' "$T/$f.ini" >"$T/$f-en.ini"
	printf '[cards]\nqr = no\n' | cat "$T/$f.ini" - >"$T/$f-noqr.ini"
done
talk=https://example.org/tehran1405/talk
# moment:url of the talk that matters then (on now, else next).
for m in 2026-05-13T08:30:00+03:30:101 2026-05-13T10:45:00+03:30:103 \
	2026-05-13T17:00:00+03:30:115; do
	at=${m%:*}
	want="$talk/${m##*:}/"
	for size in 1920x1080 1080x1920; do
		for c in room room-en one one-en; do
			"$KHABAR" --config "$T/$c.ini" --db "$db" render --size "$size" --at "$at" \
				--out "$T/$c.png" || fail "render $c $size $at"
			got=$(zbarimg -q --raw "$T/$c.png" 2>/dev/null)
			[ "$got" = "$want" ] || fail "$c $size $at: the code reads '$got', not $want"
		done
		for c in room-noqr one-noqr; do
			"$KHABAR" --config "$T/$c.ini" --db "$db" render --size "$size" --at "$at" \
				--out "$T/$c.png" || fail "render $c $size $at"
			zbarimg -q --raw "$T/$c.png" >/dev/null 2>&1 && fail "$c $size $at: a code"
		done
		"$KHABAR" --config "$conf" --db "$db" render --size "$size" --at "$at" \
			--out "$T/all.png" || fail "render all $size $at"
		zbarimg -q --raw "$T/all.png" >/dev/null 2>&1 &&
			fail "every hall $size $at: a code"
	done
done
exit 0
