#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# import, list, remove and prune from the command line: exit codes,
# messages naming files, and display order.
set -u
. tests/e2e/lib.sh
db="$T/t.db"

"$KHABAR" --db "$db" import assets/sample >"$T/out" 2>"$T/err" || fail "samples did not import"
[ "$(grep -c 'imported' "$T/out")" -eq 4 ] || fail "one line per file expected"

printf '{"title": ' >"$T/bad.json"
"$KHABAR" --db "$db" import "$T/bad.json" assets/sample/feed-rss.xml >"$T/out" 2>"$T/err"
[ $? -eq 1 ] || fail "a failed file must exit 1"
grep -q "bad.json: line 1, byte" "$T/err" || fail "message must name the file and place"
grep -q "feed-rss.xml: imported 0, updated 3" "$T/out" || fail "the other file must import"

"$KHABAR" --db "$db" import >/dev/null 2>&1
[ $? -eq 2 ] || fail "no files is a usage error"
"$KHABAR" --db "$db" import --max-file-size nope x >/dev/null 2>&1
[ $? -eq 2 ] || fail "a bad option value is a usage error"
"$KHABAR" --db "$db" import --max-file-size 100 assets/sample/articles.json 2>"$T/err"
[ $? -eq 1 ] || fail "a file over the limit fails"
grep -q "articles.json.*larger than the limit of 100 bytes" "$T/err" || fail "limit message"

first=$("$KHABAR" --db "$db" list | head -1)
case "$first" in *sample-hall-change*) ;; *) fail "breaking first, got: $first" ;; esac
n=$("$KHABAR" --db "$db" list | wc -l)
[ "$n" -eq 11 ] || fail "11 articles expected, got $n"

"$KHABAR" --db "$db" remove sample-wifi >/dev/null || fail "remove"
"$KHABAR" --db "$db" remove sample-wifi 2>/dev/null && fail "removing twice must fail"
[ "$("$KHABAR" --db "$db" list | wc -l)" -eq 10 ] || fail "remove did not remove"

# All samples are from 2022: a 30-day prune keeps none of them.
"$KHABAR" --db "$db" prune --max-age-days 0 | grep -q "pruned 0, 10 left" || fail "prune 0"
"$KHABAR" --db "$db" prune | grep -q "pruned 10, 0 left" || fail "prune"

# The default cache lives under XDG_DATA_HOME.
XDG_DATA_HOME="$T/xdg" "$KHABAR" import assets/sample/feed-atom.xml >/dev/null || fail "default db"
[ -f "$T/xdg/khabar/khabar.db" ] || fail "default db path"
echo ok
