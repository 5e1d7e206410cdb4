#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# khabar sync recovers what a person did to its cache or clock, against the
# loopback feed server (tests/lib/feedserver.py): `khabar prune` of an article
# the feed still carries behind an ETag brings it back at the next round
# (not a 304 that keeps it gone), and a clock that was ahead and is set back
# (sync --at a later time, then the real one) does not freeze the feed.
set -u
. tests/e2e/lib.sh
dir=$T
srv=""
at_exit '[ -n "$srv" ] && kill "$srv" 2>/dev/null'
show_on_fail "$dir/err"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy no_proxy NO_PROXY
export XDG_CACHE_HOME="$dir/cache"
www="$dir/www"
mkdir -p "$www"
. tests/lib/feedserver.sh
feedserver_start "$www" "$dir/port" || fail "the feed server did not start"
u="http://127.0.0.1:$port"
db="$dir/t.db"
ks() { "$KHABAR" --config "$dir/k.ini" --db "$db" "$@"; }
requests() { grep -c "^$1 " "$www/requests.log"; }
cat >"$dir/k.ini" <<EOI
[sync]
timeout = 20s
[feed etag]
url = $u/etag.xml
every = 10m
EOI

# Prune, then sync: the feed answers 304 to its ETag, and the article it
# still carries must come back all the same.
ks sync 2>"$dir/err" || fail "first round"
grep -q "etag: 200, 1 items, 1 new" "$dir/err" || fail "the first round stored nothing"
ks prune --max-age-days 1 >"$dir/out" 2>"$dir/err" || fail "prune"
grep -q "pruned 1, 0 left" "$dir/out" || fail "prune did not delete the old article: $(cat "$dir/out")"
ks sync --feed etag 2>"$dir/err" || fail "the round after prune"
ks list | grep -q "خبر نخست با اعتبارسنج" ||
	fail "the pruned article the feed still carries stays gone behind a 304"
ks sync --feed etag 2>"$dir/err" || fail "third round"
grep -q "etag: 304 not modified" "$dir/err" || fail "validators not used again once whole"

# A clock ahead by a year, then set back: the feed's next attempt (a year
# and 10 minutes away) is further than its period allows, so it is due.
ks sync --at 2027-12-06T00:00:00Z --feed etag 2>"$dir/err" || fail "the round with the clock ahead"
ks sync --status >"$dir/status" || fail "status"
grep -q "^etag .* now " "$dir/status" || fail "the status does not say the frozen feed is due: $(cat "$dir/status")"
n=$(requests /etag.xml)
ks sync 2>"$dir/err" || fail "the round after the clock was set back"
[ "$(requests /etag.xml)" -gt "$n" ] || fail "a clock set back froze the feed"
# and now it is not due again until its period has passed
n=$(requests /etag.xml)
ks sync 2>"$dir/err" || fail "the round right after"
[ "$(requests /etag.xml)" -eq "$n" ] || fail "the feed was fetched before its period"
ks sync --at bogus 2>"$dir/err"
[ $? -eq 2 ] || fail "a bad --at is a usage error"
echo "sync_recover: prune then sync, clock set back: ok"
