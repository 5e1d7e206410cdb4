#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Two calendars with the name every calendar gets ("Calendar", Outlook's)
# are two conferences, each under its file's name: importing the second
# cancels nothing of the first. `import --conference NAME` names one.
set -u
. tests/e2e/lib.sh
db="$T/t.db"
cal() { # file uid summary start
	printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Microsoft Corporation//Outlook 16.0//EN\r\nX-WR-CALNAME:Calendar\r\nBEGIN:VEVENT\r\nUID:%s\r\nSUMMARY:%s\r\nLOCATION:Room 1\r\nDTSTART:%s\r\nDTEND:%s\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n' \
		"$2" "$3" "$4" "$5" >"$1"
}
cal "$T/work.ics" w1 "Planning" 20990601T090000Z 20990601T100000Z
cal "$T/home.ics" h1 "Piano" 20990601T180000Z 20990601T190000Z
"$KHABAR" --db "$db" import "$T/work.ics" >"$T/out" 2>&1 || fail "work: $(cat "$T/out")"
grep -q "work.ics: schedule work: 1 events, 0 changed, 0 cancelled" "$T/out" || fail "the file's name: $(cat "$T/out")"
"$KHABAR" --db "$db" import "$T/home.ics" >"$T/out" 2>&1 || fail "home"
grep -q "home.ics: schedule home: 1 events, 0 changed, 0 cancelled" "$T/out" || fail "second: $(cat "$T/out")"
"$KHABAR" --db "$db" schedule --all --json >"$T/s.json" || fail "schedule"
python3 - "$T/s.json" <<'PY' || fail "both calendars, nothing cancelled: $(cat "$T/s.json")"
import json, sys
ev = json.load(open(sys.argv[1]))["events"]
got = sorted((e["conference"], e["title"], e["status"]) for e in ev)
assert got == [("home", "Piano", "scheduled"), ("work", "Planning", "scheduled")], got
PY
"$KHABAR" --db "$db" import --conference office "$T/work.ics" >"$T/out" 2>&1 || fail "--conference"
grep -q "schedule office: 1 events" "$T/out" || fail "--conference names it: $(cat "$T/out")"
"$KHABAR" --db "$db" import --conference "" "$T/work.ics" >"$T/out" 2>&1
[ $? -eq 2 ] || fail "an empty --conference is a usage error"
exit 0
