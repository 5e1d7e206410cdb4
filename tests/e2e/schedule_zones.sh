#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A schedule's local times through the binary: an old frab file without
# any zone takes `import --timezone`, else [display] timezone, else a
# feed's `timezone` in a sync; a Rails zone name in the file wins; the
# import line says which zone it used; a bad zone is refused by name.
set -u
. tests/e2e/lib.sh
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy no_proxy NO_PROXY
old=tests/schedules/fosdem-old-no-zone.schedule.xml
rails=tests/schedules/frab-rails-zone.schedule.xml
db="$T/t.db"

# The first talk's start, as `khabar schedule --json` gives it.
first_start() {
	"$KHABAR" --db "$1" schedule --all --json >"$T/s.json" || fail "schedule --json"
	python3 -c 'import json,sys; e=json.load(open(sys.argv[1]))["events"]; print(sorted(x["start"] for x in e)[0])' "$T/s.json"
}

"$KHABAR" --db "$db" import --timezone Europe/Brussels "$old" >"$T/out" 2>&1 || fail "import: $(cat "$T/out")"
grep -q "schedule FOSDEM 2020: 2 events, 0 changed, 0 cancelled, local times in Europe/Brussels (--timezone), skipped 0" "$T/out" ||
	fail "the import line names the zone: $(cat "$T/out")"
[ "$(first_start "$db")" = 2020-02-01T08:30:00Z ] || fail "09:30 in Brussels is 08:30Z: $(first_start "$db")"

# No option: the display's zone (Asia/Tehran in the shipped config).
rm -f "$db"
"$KHABAR" --config assets/khabar.ini --db "$db" import "$old" >"$T/out" 2>&1 || fail "import"
grep -q "local times in Asia/Tehran (\[display\] timezone)" "$T/out" || fail "display zone: $(cat "$T/out")"
[ "$(first_start "$db")" = 2020-02-01T06:00:00Z ] || fail "09:30 in Tehran is 06:00Z"

# The file's Rails name wins over the option, in any case.
rm -f "$db"
"$KHABAR" --db "$db" import --timezone asia/TEHRAN "$rails" >"$T/out" 2>&1 || fail "import rails"
grep -q "local times in Europe/Brussels (the file's \"Brussels\")" "$T/out" || fail "rails: $(cat "$T/out")"
[ "$(first_start "$db")" = 2020-02-01T08:30:00Z ] || fail "the Rails zone"

# A zone nobody knows: a usage error naming it.
"$KHABAR" --db "$db" import --timezone Mars/Olympus "$old" >"$T/out" 2>&1
[ $? -eq 2 ] || fail "an unknown --timezone is a usage error"
grep -q "Mars/Olympus is not a known time zone" "$T/out" || fail "message: $(cat "$T/out")"

# A feed's timezone, through a sync from the loopback server.
mkdir -p "$T/www" && cp "$old" "$T/www/s.xml"
. tests/lib/feedserver.sh
feedserver_start "$T/www" "$T/port" || fail "the feed server did not start"
at_exit 'kill "$srv" 2>/dev/null'
printf '[feed fosdem]\nurl = http://127.0.0.1:%s/s.xml\ntimezone = Europe/Brussels\n' "$port" >"$T/k.ini"
rm -f "$db"
"$KHABAR" --config "$T/k.ini" --db "$db" sync >"$T/out" 2>&1 || fail "sync: $(cat "$T/out")"
grep -q "local times in Europe/Brussels (\[feed fosdem\] timezone)" "$T/out" || fail "feed zone: $(cat "$T/out")"
[ "$(first_start "$db")" = 2020-02-01T08:30:00Z ] || fail "the feed's zone"
printf '[feed fosdem]\nurl = http://127.0.0.1:%s/s.xml\ntimezone = Mars/Olympus\n' "$port" >"$T/k.ini"
"$KHABAR" --config "$T/k.ini" --db "$db" sync >"$T/out" 2>&1
[ $? -eq 2 ] || fail "a bad feed timezone is a config error"
grep -q "k.ini:3: \[feed fosdem\] timezone = 'Mars/Olympus' is not a known time zone" "$T/out" ||
	fail "message: $(cat "$T/out")"
exit 0
