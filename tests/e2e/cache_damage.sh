#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A damaged cache never blanks the screen: with 64 bytes overwritten in a
# page of the middle of a cache of 232 articles, `run` shows every
# article SQLite can still read (counted here row by row with sqlite3),
# `check` says what to do, and `repair` keeps every readable article in a
# new file. A cache that cannot be listed at all is read again on the
# retry timer, not only when SQLite reports a change; an unreadable file
# does not get the empty cache's card.
set -u
. tests/e2e/lib.sh

# 232 articles with bodies of a few kilobytes.
awk 'BEGIN {
	printf "{\"articles\": [";
	for (i = 1; i <= 232; i++) {
		body = "";
		for (j = 0; j < 20 + (i % 7) * 10; j++)
			body = body "متن خبر شماره " i " بند " j " برای پر کردن صفحه. ";
		fmt = "%s{\"id\": \"a%03d\", \"title\": \"خبر شماره %d\", \"body\": \"%s\", ";
		fmt = fmt "\"published\": \"2026-11-%02dT%02d:00:00Z\"}";
		printf fmt, (i > 1 ? "," : ""), i, i, body, 1 + i % 28, i % 24;
	}
	print "]}";
}' >"$T/many.json"
"$KHABAR" --db "$T/clean.db" import "$T/many.json" >"$T/out" 2>&1 || { cat "$T/out"; exit 1; }

# 64 bytes over the start of the articles table's leaf page in the middle.
page=$(sqlite3 "$T/clean.db" "SELECT pageno FROM dbstat WHERE name = 'articles' AND
	pagetype = 'leaf' ORDER BY pageno LIMIT 1 OFFSET (SELECT count(*) / 2 FROM dbstat
	WHERE name = 'articles' AND pagetype = 'leaf')")
psize=$(sqlite3 "$T/clean.db" "PRAGMA page_size")
damage() { # file page
	awk 'BEGIN { for (i = 0; i < 64; i++) printf "%c", 33 + (i * 37) % 90 }' |
		dd of="$1" bs=1 seek=$((($2 - 1) * psize)) conv=notrunc 2>/dev/null
}
cp "$T/clean.db" "$T/k.db"
damage "$T/k.db" "$page"
sqlite3 "$T/k.db" "SELECT count(length(body)) FROM articles" >/dev/null 2>&1 &&
	{ echo "the damage at page $page did not break a full read"; failed=1; }
readable=0
for r in $(sqlite3 "$T/clean.db" "SELECT rowid FROM articles"); do
	id=$(sqlite3 "$T/k.db" "SELECT id FROM articles WHERE rowid = $r AND length(body) >= 0" 2>/dev/null)
	[ -n "$id" ] && readable=$((readable + 1))
done
echo "232 articles, $readable readable after 64 bytes at page $page"
[ "$readable" -gt 200 ] && [ "$readable" -lt 232 ] || { echo "unexpected damage"; failed=1; }

"$KHABAR" --db "$T/k.db" run --exit-after 0.5 >"$T/run" 2>&1
grep -q "cache: $readable articles" "$T/run" ||
	{ echo "run did not show the $readable readable articles:"; cat "$T/run"; failed=1; }
[ "$(grep -c "damaged rows skipped" "$T/run")" -eq 1 ] ||
	{ echo "the damage was not logged once:"; cat "$T/run"; failed=1; }

"$KHABAR" --db "$T/k.db" check >"$T/check" 2>/dev/null && { echo "check said ok"; failed=1; }
grep -q "khabar --db '$T/k.db' repair" "$T/check" ||
	{ echo "check did not say what to do:"; cat "$T/check"; failed=1; }

"$KHABAR" --db "$T/k.db" repair >"$T/repair" 2>&1 || { cat "$T/repair"; failed=1; }
grep -q "kept $readable articles" "$T/repair" || { echo "repair:"; cat "$T/repair"; failed=1; }
ls "$T"/k.db.damaged-* >/dev/null 2>&1 || { echo "the damaged file was not kept"; failed=1; }
"$KHABAR" --db "$T/k.db" check >"$T/check" 2>&1 ||
	{ echo "check after repair:"; cat "$T/check"; failed=1; }
n=$("$KHABAR" --db "$T/k.db" list --all | wc -l)
[ "$n" -eq "$readable" ] || { echo "after repair: $n articles, expected $readable"; failed=1; }

# The table's root page damaged: nothing can be listed. The display keeps
# its screen and reads again on the retry timer once the page is mended in
# place (no write SQLite would notice).
cp "$T/clean.db" "$T/r.db"
damage "$T/r.db" 2
printf '[cache]\nretry_seconds = 1\n' >"$T/k.ini"
# Waits on the log with generous bounds, never on the clock.
"$KHABAR" --config "$T/k.ini" --db "$T/r.db" run --exit-after 600 --time-scale 6 >"$T/run" 2>&1 &
pid=$!
at_exit 'kill "$pid" 2>/dev/null'
wait_line "$T/run" "retrying in" 60 || { echo "the damaged cache was not reported"; failed=1; }
dd if="$T/clean.db" of="$T/r.db" bs="$psize" skip=1 seek=1 count=1 conv=notrunc 2>/dev/null
wait_line "$T/run" "cache: 232 articles" 60 ||
	{ echo "a failing cache was not read again on the retry timer:"; cat "$T/run"; failed=1; }
kill -TERM $pid
wait $pid
# The empty card is for an empty cache: a file that is there but cannot
# be read says so instead.
cp "$T/clean.db" "$T/h.db"
damage "$T/h.db" 1
"$KHABAR" --db "$T/h.db" render --out "$T/h.png" --size 960x540 --at 2022-06-08T10:30:00Z 2>/dev/null
"$KHABAR" --db "$T/none.db" render --out "$T/e.png" --size 960x540 --at 2022-06-08T10:30:00Z 2>/dev/null
d=$(compare -metric AE "$T/h.png" "$T/e.png" null: 2>&1 || true)
[ "${d%% *}" != 0 ] || { echo "an unreadable cache shows the empty cache's card"; failed=1; }
exit $failed
