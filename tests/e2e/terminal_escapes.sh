#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Names from outside reach the operator's terminal without their control
# characters: an ESC sequence in an article's title and source, a room and
# a speaker of a schedule, and a feed's failure, through `khabar list`,
# `schedule`, `sync` and `sync --status` and the import lines; --json
# escapes them instead.
set -u
: "${KHABAR:=build/khabar}"
dir=$(mktemp -d)
srv=""
trap '[ -n "$srv" ] && kill "$srv" 2>/dev/null; rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy no_proxy NO_PROXY
export XDG_CACHE_HOME="$dir/cache"
db="$dir/t.db"
esc=$(printf '\033')
has_control() { LC_ALL=C grep -q "$(printf '[\033\007\233]')" "$1"; }

# An xterm title change and a colour in the title, a BEL in the source.
cat >"$dir/a.json" <<'JSON'
{"articles": [{"id": "esc-1", "title": "Hello \u001b]0;owned\u0007 \u001b[31mred", "source": "src\u001b[2J\u0007\u009b", "lang": "en"}]}
JSON
"$KHABAR" --db "$db" import "$dir/a.json" >"$dir/out" 2>&1 || fail "import: $(cat "$dir/out")"
"$KHABAR" --db "$db" list >"$dir/list" 2>&1 || fail "list"
grep -q "esc-1" "$dir/list" || fail "the article is not listed"
has_control "$dir/list" && fail "khabar list printed a control character: $(od -c "$dir/list" | head -5)"
"$KHABAR" --db "$db" list --json >"$dir/list.json" || fail "list --json"
has_control "$dir/list.json" && fail "list --json printed a raw control character"
grep -q 'src\\u001b\[2J\\u0007\\u009b' "$dir/list.json" || fail "list --json does not escape them: $(grep source "$dir/list.json")"

# A schedule whose room and speaker carry escapes: the import line, and
# `khabar schedule` in text.
cat >"$dir/s.json" <<'JSON'
{"schedule": {"version": "1", "conference": {"acronym": "conf\u001b[31m", "title": "Conf", "start": "2026-05-13", "end": "2026-05-13", "daysCount": 1, "time_zone_name": "Asia/Tehran",
 "days": [{"index": 1, "date": "2026-05-13", "rooms": {"Hall \u001b]0;x\u0007A": [
  {"guid": "7e4a0c2e-0000-4000-8000-000000000001", "id": 1, "date": "2026-05-13T10:00:00+03:30", "start": "10:00", "duration": "01:00", "room": "Hall \u001b]0;x\u0007A", "title": "Talk \u001b[5mone", "type": "talk", "language": "en", "persons": [{"public_name": "Sp\u001b[1meaker"}]}]}}]}}}
JSON
"$KHABAR" --db "$db" import "$dir/s.json" >"$dir/out" 2>&1 || fail "schedule import: $(cat "$dir/out")"
has_control "$dir/out" && fail "the import line printed a control character: $(cat -v "$dir/out")"
"$KHABAR" --db "$db" schedule --all --at 2026-05-13T10:30:00+03:30 >"$dir/sched" 2>&1 || fail "schedule: $(cat "$dir/sched")"
grep -q "Talk" "$dir/sched" || fail "the talk is not shown: $(cat -v "$dir/sched")"
has_control "$dir/sched" && fail "khabar schedule printed a control character: $(cat -v "$dir/sched")"

# A feed server's answer quoted in the sync lines and --status.
www="$dir/www"
mkdir -p "$www"
. tests/feedserver.sh
feedserver_start "$www" "$dir/port" || fail "the feed server did not start"
printf '<html><head><title>Oops \033]0;owned\007</title></head><body>x</body></html>\n' >"$www/bad.xml"
printf '[feed bad]\nurl = http://127.0.0.1:%s/bad.xml\n' "$port" >"$dir/k.ini"
"$KHABAR" --config "$dir/k.ini" --db "$dir/s.db" sync >"$dir/sync" 2>&1
grep -q "bad: failed" "$dir/sync" || fail "the bad feed did not fail: $(cat -v "$dir/sync")"
has_control "$dir/sync" && fail "khabar sync printed a control character: $(cat -v "$dir/sync")"
"$KHABAR" --config "$dir/k.ini" --db "$dir/s.db" sync --status >"$dir/status" 2>&1
grep -q "^bad" "$dir/status" || fail "sync --status: $(cat -v "$dir/status")"
has_control "$dir/status" && fail "sync --status printed a control character: $(cat -v "$dir/status")"
exit 0
