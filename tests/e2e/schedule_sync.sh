#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A conference schedule as a [feed] entry: khabar sync fetches it from a
# loopback server (tests/lib/feedserver.py) into the schedule, and a second
# fetch of a changed file marks what moved (two talks an hour later).
set -u
: "${KHABAR:=build/khabar}"
dir=$(mktemp -d)
srv=""
trap '[ -n "$srv" ] && kill "$srv" 2>/dev/null; rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; [ -f "$dir/out" ] && cat "$dir/out"; exit 1; }
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy no_proxy NO_PROXY
export XDG_CACHE_HOME="$dir/cache"
www="$dir/www"
mkdir -p "$www"
sed 's/2026-05-1/2099-05-1/g' tests/schedules/tehran1405.schedule.xml >"$www/schedule.xml"
. tests/lib/feedserver.sh
feedserver_start "$www" "$dir/port" || fail "the feed server did not start"
printf '[feed tehran]\nurl = http://127.0.0.1:%s/schedule.xml\n' "$port" >"$dir/k.ini"
db="$dir/t.db"
"$KHABAR" --config "$dir/k.ini" --db "$db" sync >"$dir/out" 2>&1 || fail "sync"
grep -q "schedule tehran1405: 17 events" "$dir/out" || fail "sync did not import the schedule"
[ "$("$KHABAR" --db "$db" schedule --all | wc -l)" -eq 17 ] || fail "17 talks expected"
sed -i 's|<date>2099-05-13T14:00:00+03:30</date>|<date>2099-05-13T15:00:00+03:30</date>|' \
	"$www/schedule.xml"
"$KHABAR" --config "$dir/k.ini" --db "$db" sync --feed tehran --force >"$dir/out" 2>&1 || fail "second sync"
grep -q "schedule tehran1405: 17 events, 2 changed" "$dir/out" || fail "the moved talk"
exit 0
