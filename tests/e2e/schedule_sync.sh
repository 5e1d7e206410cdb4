#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A conference schedule as a [feed] entry: khabar sync fetches it from a
# loopback server (tests/lib/feedserver.py) into the schedule, and a second
# fetch of a changed file marks what moved (two talks an hour later). The
# schedule says how fresh it is, and when its feed fails for more than twice
# its `every`, that it is stale.
set -u
. tests/e2e/lib.sh
srv=""
at_exit '[ -z "$srv" ] || kill "$srv" 2>/dev/null'
show_on_fail "$T/out"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy no_proxy NO_PROXY
export XDG_CACHE_HOME="$T/cache"
www="$T/www"
mkdir -p "$www"
sed 's/2026-05-1/2099-05-1/g' tests/schedules/tehran1405.schedule.xml >"$www/schedule.xml"
. tests/lib/feedserver.sh
feedserver_start "$www" "$T/port" || fail "the feed server did not start"
printf '[feed tehran]\nurl = http://127.0.0.1:%s/schedule.xml\n' "$port" >"$T/k.ini"
db="$T/t.db"
"$KHABAR" --config "$T/k.ini" --db "$db" sync >"$T/out" 2>&1 || fail "sync"
grep -q "schedule tehran1405: 17 events" "$T/out" || fail "sync did not import the schedule"
[ "$("$KHABAR" --db "$db" schedule --all | wc -l)" -eq 17 ] || fail "17 talks expected"
sed -i 's|<date>2099-05-13T14:00:00+03:30</date>|<date>2099-05-13T15:00:00+03:30</date>|' \
	"$www/schedule.xml"
"$KHABAR" --config "$T/k.ini" --db "$db" sync --feed tehran --force >"$T/out" 2>&1 || fail "second sync"
grep -q "schedule tehran1405: 17 events, 2 changed" "$T/out" || fail "the moved talk"
"$KHABAR" --config "$T/k.ini" --db "$db" schedule --at 2099-05-13T10:00:00+03:30 >"$T/out" 2>&1
grep -q "^updated [0-9]* minutes ago" "$T/out" || fail "the schedule does not say when it was updated"
grep -q "failing" "$T/out" && fail "a feed that works is failing"
rm "$www/schedule.xml"
"$KHABAR" --config "$T/k.ini" --db "$db" sync --feed tehran --force >"$T/out" 2>&1 && fail "a 404 synced"
"$KHABAR" --config "$T/k.ini" --db "$db" schedule >"$T/out" 2>&1
grep -q "^feed tehran failing, last fetched 0 minutes ago$" "$T/out" ||
	fail "the failing feed is not named, or stale at once: $(cat "$T/out")"
later=$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)
"$KHABAR" --config "$T/k.ini" --db "$db" schedule --at "$later" >"$T/out" 2>&1
grep -q "^feed tehran failing, last fetched 60 minutes ago (stale" "$T/out" ||
	fail "an hour later (every 10 min) the feed is not stale: $(cat "$T/out")"
exit 0
