#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# iCalendar through the binary against an independent reader: every talk
# `khabar import` takes from a calendar (repeating events within the
# window, their EXDATEs and overrides, Windows zone names, all-day and
# floating times) starts at the instant Python's icalendar with
# recurring-ical-events gives, for tests/schedules/outlook-recurring.ics and
# the calendars of ../shared/corpus/schedules/ when it is there.
set -u
. tests/e2e/lib.sh
py=/usr/bin/python3 # Debian's, with its packages (scripts/deps.sh)
$py -c 'import icalendar, recurring_ical_events' 2>/dev/null ||
	fail "python3-icalendar and python3-recurring-ical-events are missing (scripts/deps.sh)"
printf '[display]\ntimezone = Asia/Tehran\n[schedule]\nhorizon = 60d\n' >"$T/k.ini"

# check FILE AT: import FILE as at AT, compare with the oracle over the
# window [AT - 1 day, AT + 60 days).
check() {
	db="$T/$(basename "$1").db"
	"$KHABAR" --config "$T/k.ini" --db "$db" import --at "$2" "$1" >"$T/out" 2>&1 ||
		fail "import $1: $(cat "$T/out")"
	"$KHABAR" --config "$T/k.ini" --db "$db" schedule --all --json >"$T/got.json" ||
		fail "schedule --json"
	$py - "$1" "$2" "$T/got.json" <<'PY' || fail "$1: khabar and the oracle disagree"
import json, sys
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo
import icalendar, recurring_ical_events
path, at, got_path = sys.argv[1:]
cal = icalendar.Calendar.from_ical(open(path, "rb").read())
wr = cal.get("X-WR-TIMEZONE")
screen = ZoneInfo(str(wr)) if wr else ZoneInfo("Asia/Tehran")
now = datetime.fromisoformat(at.replace("Z", "+00:00"))
lo, hi = now - timedelta(days=1), now + timedelta(days=60)
def utc(v):
    if isinstance(v, datetime):
        if v.tzinfo is None:
            v = v.replace(tzinfo=screen)
        return v.astimezone(timezone.utc)
    return datetime(v.year, v.month, v.day, tzinfo=screen).astimezone(timezone.utc)
want = set()
for ev in recurring_ical_events.of(cal).between(lo, hi):
    if str(ev.get("STATUS", "")).upper() == "CANCELLED":
        continue
    start = utc(ev["DTSTART"].dt)
    want.add((str(ev.get("SUMMARY", "")).strip(), start.strftime("%Y-%m-%dT%H:%M:%SZ")))
got = set()
for e in json.load(open(got_path))["events"]:
    s = datetime.fromisoformat(e["start"].replace("Z", "+00:00"))
    t = datetime.fromisoformat(e["end"].replace("Z", "+00:00"))
    if t > lo and s < hi:
        got.add((e["title"], e["start"]))
if got != want:
    print("only khabar:", sorted(got - want))
    print("only the oracle:", sorted(want - got))
    sys.exit(1)
print(f"{path}: {len(got)} talks, every instant as the oracle's")
PY
}

check tests/schedules/outlook-recurring.ics 2026-03-15T12:00:00Z
# The Windows zone without a VTIMEZONE, by hand: 10:00 in Tehran (+03:30).
grep -q '"title": "Tehran call"' "$T/got.json" || fail "the Iran Standard Time event"
$py -c 'import json,sys; e=[e for e in json.load(open(sys.argv[1]))["events"] if e["title"]=="Tehran call"][0]; assert e["start"]=="2026-03-18T06:30:00Z", e' "$T/got.json" ||
	fail "Iran Standard Time: 10:00+03:30"

corpus=${KHABAR_CORPUS:-../shared/corpus}/schedules
if [ -d "$corpus" ]; then
	for f in "$corpus"/*.ics; do
		[ -f "$f" ] || continue
		first=$($py -c 'import sys,icalendar; c=icalendar.Calendar.from_ical(open(sys.argv[1],"rb").read()); from datetime import datetime,date,timezone
s=[e["DTSTART"].dt for e in c.walk("VEVENT") if "DTSTART" in e]
s=[(v if isinstance(v,datetime) else datetime(v.year,v.month,v.day)) for v in s]
print(min(v.replace(tzinfo=None) for v in s).strftime("%Y-%m-%dT%H:%M:%SZ"))' "$f") ||
			fail "$f: the oracle cannot read it"
		check "$f" "$first"
	done
else
	echo "schedule_ical: $corpus is not there; only the test calendar was checked"
fi
exit 0
