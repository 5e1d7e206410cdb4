#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Conference schedules through the binary: `khabar import` detects them,
# `khabar schedule` shows each room now and next (text and JSON), a
# re-import marks moved and removed talks, `khabar remove --conference`.
set -u
. tests/e2e/lib.sh
db="$T/t.db"
xml=tests/schedules/tehran1405.schedule.xml

"$KHABAR" --db "$db" import "$xml" assets/sample/feed-rss.xml >"$T/out" 2>"$T/err" ||
	fail "the schedule and a feed must import: $(cat "$T/err")"
grep -q "tehran1405.schedule.xml: schedule tehran1405: 17 events, 0 changed, 0 cancelled, local times in Asia/Tehran (the file.s), skipped 0" \
	"$T/out" || fail "schedule import line: $(cat "$T/out")"
grep -q "feed-rss.xml: imported 3" "$T/out" || fail "articles still import beside a schedule"

# 10:45 Tehran time on the first day: three rooms with a talk on.
"$KHABAR" --db "$db" schedule --at 2026-05-13T10:45:00+03:30 --json >"$T/now.json" ||
	fail "schedule --json"
python3 - "$T/now.json" <<'PY' || fail "now-and-next JSON"
import json, sys
ev = json.load(open(sys.argv[1]))["events"]
got = [(e["room"], e["title"], e["start"], e["status"]) for e in ev]
want = [
 ("تالار فردوسی", "Building Persian fonts with Vazirmatn", "2026-05-13T07:00:00Z", "scheduled"),
 ("تالار فردوسی", "میزگرد: آینده‌ی لینوکس در ادارات", "2026-05-13T08:00:00Z", "scheduled"),
 ("تالار حافظ", "امنیت شبکه‌های خانگی", "2026-05-13T07:00:00Z", "scheduled"),
 ("تالار حافظ", "OpenStreetMap در شهرهای ایران", "2026-05-13T08:00:00Z", "scheduled"),
 ("کارگاه ۱", "کارگاه گیت برای تازه‌کارها", "2026-05-13T06:30:00Z", "scheduled"),
 ("کارگاه ۱", "Rust workshop: a first program", "2026-05-13T10:30:00Z", "scheduled"),
]
assert got == want, got
assert ev[0]["persons"] == ["Saber Karimi"] and ev[0]["end"] == "2026-05-13T07:45:00Z", ev[0]
assert ev[0]["conference"] == "tehran1405" and ev[0]["url"].startswith("https://example.org/")
PY
"$KHABAR" --db "$db" schedule --at 2026-05-13T10:45:00+03:30 --room "تالار حافظ" >"$T/room" ||
	fail "schedule --room"
[ "$(grep -c 'now\|next' "$T/room")" -eq 2 ] || fail "one room: $(cat "$T/room")"
grep -q "next  1405/02/23 11:30-12:15  OpenStreetMap در شهرهای ایران — زهرا شریفی  (in 45 minutes)" \
	"$T/room" || fail "next talk line with Tehran time: $(cat "$T/room")"
# [schedule] rooms: only these halls, in this order.
printf '[schedule]\nrooms = کارگاه ۱, تالار حافظ\n' >"$T/rooms.ini"
"$KHABAR" --config "$T/rooms.ini" --db "$db" schedule --at 2026-05-13T10:45:00+03:30 \
	>"$T/rooms" || fail "schedule with [schedule] rooms"
[ "$(grep -v '^ ' "$T/rooms" | tr '\n' '|')" = "کارگاه ۱|تالار حافظ|" ] ||
	fail "rooms order: $(cat "$T/rooms")"
# khabar check names a [schedule] room that no schedule has.
printf '[schedule]\nroom = Hall 9\n' >"$T/bad.ini"
"$KHABAR" --config "$T/bad.ini" --db "$db" check >"$T/out" 2>&1 && fail "check must fail"
grep -q "\[schedule\] room = Hall 9 is not a room of the imported schedules (rooms: تالار فردوسی, تالار حافظ, کارگاه ۱)" \
	"$T/out" || fail "check message: $(cat "$T/out")"
"$KHABAR" --config "$T/rooms.ini" --db "$db" check >"$T/out" 2>&1 || fail "check: $(cat "$T/out")"
n=$("$KHABAR" --db "$db" schedule --all | wc -l)
[ "$n" -eq 17 ] || fail "--all lists every event, got $n"

# The organisers move a talk to another time and drop one. A talk is
# cancelled only until it would have started, so this runs in 2099.
sed 's/2026-05-1/2099-05-1/g' "$xml" >"$T/future.xml"
sed -e 's|<date>2099-05-13T14:00:00+03:30</date>|<date>2099-05-13T15:00:00+03:30</date>|' \
	-e '/guid="7e4a0c2e-1405-4000-8000-000000000006"/,/<\/event>/d' \
	"$T/future.xml" >"$T/moved.xml"
grep -q 'guid="7e4a0c2e-1405-4000-8000-000000000006"' "$T/moved.xml" && fail "test edit"
"$KHABAR" --db "$db" import "$T/future.xml" >"$T/out" 2>&1 || fail "future import"
grep -q "schedule tehran1405: 17 events, 17 changed, 0 cancelled" "$T/out" ||
	fail "every talk moved to 2099: $(cat "$T/out")"
"$KHABAR" --db "$db" import "$T/moved.xml" >"$T/out" 2>&1 || fail "re-import"
grep -q "schedule tehran1405: 16 events, 2 changed, 1 cancelled" "$T/out" ||
	fail "re-import counts: $(cat "$T/out")"
"$KHABAR" --db "$db" schedule --all --json >"$T/all.json" || fail "schedule --all --json"
python3 - "$T/all.json" <<'PY' || fail "changed and cancelled statuses"
import json, sys
ev = {e["guid"][-2:]: e for e in json.load(open(sys.argv[1]))["events"]}
assert len(ev) == 17, len(ev)
assert ev["06"]["status"] == "cancelled", ev["06"]
assert ev["05"]["status"] == "changed" and ev["05"]["start"] == "2099-05-13T11:30:00Z", ev["05"]
PY
# An export with no whole event (a broken file) keeps the programme.
printf '{"schedule": {"conference": {"acronym": "tehran1405", "days": []}}}' >"$T/empty.json"
"$KHABAR" --db "$db" import "$T/empty.json" >/dev/null 2>"$T/err" && fail "an empty schedule must fail"
grep -q "empty.json: schedule tehran1405: no whole event.*the stored programme is kept" "$T/err" ||
	fail "empty schedule message: $(cat "$T/err")"
[ "$("$KHABAR" --db "$db" schedule --all | wc -l)" -eq 17 ] || fail "the programme must stay"
# khabar repair keeps the schedule with the articles.
"$KHABAR" --db "$db" repair >/dev/null 2>&1 || fail "repair"
[ "$("$KHABAR" --db "$db" schedule --all | wc -l)" -eq 17 ] || fail "repair lost the schedule"
"$KHABAR" --db "$db" remove --conference nope >/dev/null 2>&1 && fail "unknown conference must fail"
"$KHABAR" --db "$db" remove --conference tehran1405 >"$T/out" || fail "remove --conference"
grep -q "tehran1405: removed 17 events" "$T/out" || fail "remove message: $(cat "$T/out")"
out=$("$KHABAR" --db "$db" schedule --all --json)
case $out in '{"events": [], "updated": '*) ;; *) fail "conference left rows: $out" ;; esac
[ "$("$KHABAR" --db "$db" list | wc -l)" -eq 3 ] || fail "articles must stay"

# Bad input: a message naming the file and the place, nothing else lost.
printf '<schedule><conference><title>x</title></conference><day date="2026-01-01">' >"$T/cut.xml"
"$KHABAR" --db "$db" import "$T/cut.xml" >/dev/null 2>"$T/err" && fail "a cut file must fail"
grep -q "cut.xml: line 1, byte" "$T/err" || fail "cut file message: $(cat "$T/err")"
"$KHABAR" --db "$db" schedule --at nonsense >/dev/null 2>&1
[ $? -eq 2 ] || fail "a bad --at is a usage error"
exit 0
