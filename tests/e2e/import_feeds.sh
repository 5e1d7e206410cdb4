#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Feeds through the binary: a windows-1256 Persian feed (its yeh and kaf
# laid out as Persian letters), languages and directions in list --json,
# error pages refused with their reason, a FIFO skipped, and an export of
# more than a thousand articles imported again.
set -u
: "${KHABAR:=build/khabar}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
db="$dir/t.db"

# windows-1256: "خبر يك" with Arabic yeh (0xED) and kaf (0xDF).
printf '<?xml version="1.0" encoding="windows-1256"?>\n<rss version="2.0"><channel><language>fa</language><item><title>\316\310\321 \355\337</title><guid>https://x.ir/1</guid></item></channel></rss>\n' >"$dir/fa.xml"
# English, the channel's language given after the items.
printf '<rss version="2.0"><channel><item><title>Spurs v Manchester United: live!</title><guid>https://g.example/1</guid></item><language>en-gb</language></channel></rss>\n' >"$dir/en.xml"
"$KHABAR" --db "$db" import "$dir/fa.xml" "$dir/en.xml" >"$dir/out" 2>"$dir/err" || fail "feeds did not import: $(cat "$dir/err")"
"$KHABAR" --db "$db" list --json >"$dir/list.json"
grep -A12 '"id": "https://x.ir/1"' "$dir/list.json" | grep -q '"dir": "rtl"' || fail "Persian feed not rtl"
grep -A12 '"id": "https://x.ir/1"' "$dir/list.json" | grep -q '"lang": "fa"' || fail "Persian feed lang"
grep -A12 '"id": "https://g.example/1"' "$dir/list.json" | grep -q '"dir": "ltr"' || fail "English feed not ltr"
grep -A12 '"id": "https://g.example/1"' "$dir/list.json" | grep -q '"lang": "en-GB"' || fail "English feed lang"
# The text engine makes the Arabic letters Persian: ی (U+06CC) and ک (U+06A9).
title=$(sed -n 's/.*"title": "\(خبر [^"]*\)".*/\1/p' "$dir/list.json")
[ -n "$title" ] || fail "windows-1256 title not converted"
printf '%s\n' "$title" | "$KHABAR" layout | grep -q '"text": "خبر یک"' || fail "yeh and kaf not made Persian"

# --lang: the language of a feed that names none; an item's own wins.
printf '<rss><channel><item><title>Weather</title><guid>https://w.example/1</guid></item><item><title>خبر</title><guid>https://w.example/2</guid><dc:language xmlns:dc="http://purl.org/dc/elements/1.1/">fa</dc:language></item></channel></rss>\n' >"$dir/nolang.xml"
"$KHABAR" --db "$db" import --lang en-us "$dir/nolang.xml" >/dev/null 2>&1 || fail "--lang import"
"$KHABAR" --db "$db" list --json >"$dir/list.json"
grep -A12 '"id": "https://w.example/1"' "$dir/list.json" | grep -q '"lang": "en-US"' || fail "--lang not applied"
grep -A12 '"id": "https://w.example/2"' "$dir/list.json" | grep -q '"dir": "rtl"' || fail "--lang overrode the item's language"
"$KHABAR" --db "$db" import --lang "no such" "$dir/nolang.xml" >/dev/null 2>&1
[ $? -eq 2 ] || fail "a bad --lang is a usage error"

# Error pages saved as feeds.
printf 'curl: (7) Failed to connect to news.example port 443\n' >"$dir/feed.xml"
"$KHABAR" --db "$db" import "$dir/feed.xml" >/dev/null 2>"$dir/err" && fail "a curl error was imported"
grep -q "feed.xml: named as an XML feed but holds plain text" "$dir/err" || fail "reason: $(cat "$dir/err")"
printf '<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>\n' >"$dir/feed.xml"
"$KHABAR" --db "$db" import "$dir/feed.xml" >/dev/null 2>"$dir/err" && fail "an HTML page was imported"
grep -q 'feed.xml: line 1, byte 0: an HTML page ("404 Not Found"), not a feed' "$dir/err" || fail "reason: $(cat "$dir/err")"

# A FIFO among the files: skipped, the import goes on and ends.
mkdir "$dir/in"
mkfifo "$dir/in/a.xml"
cp "$dir/en.xml" "$dir/in/b.xml"
timeout 60 "$KHABAR" --db "$db" import "$dir/in" >"$dir/out" 2>"$dir/err"
[ $? -eq 0 ] || fail "import with a FIFO: $(cat "$dir/err")"
grep -q "a.xml: not a regular file" "$dir/err" || fail "FIFO not named"
grep -q "b.xml: imported 0, updated 1" "$dir/out" || fail "file after the FIFO"

# An export of 1,200 articles imports again without --max-articles.
awk 'BEGIN { printf "{\"articles\": ["; for (i = 0; i < 1200; i++) printf "%s{\"id\": \"n%d\", \"title\": \"t%d\"}", i ? "," : "", i, i; print "]}" }' >"$dir/many.json"
"$KHABAR" --db "$dir/m.db" import "$dir/many.json" | grep -q "imported 1200" || fail "1200 articles"
"$KHABAR" --db "$dir/m.db" list --json >"$dir/export.json"
"$KHABAR" --db "$dir/m2.db" import "$dir/export.json" | grep -q "imported 1200, updated 0, skipped 0" || fail "export of 1200 did not import again"
exit 0
