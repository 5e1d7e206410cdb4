#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A conference schedule as a [feed] entry: khabar sync fetches it from a
# loopback server (tests/lib/feedserver.py) into the schedule, and a second
# fetch of a changed file marks what moved (two talks an hour later).
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
exit 0
