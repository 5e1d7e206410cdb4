#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Feeds through the binary: a windows-1256 Persian feed (its yeh and kaf
# laid out as Persian letters), languages and directions in list --json,
# error pages refused with their reason, a FIFO skipped, and an export of
# more than a thousand articles imported again.
set -u
. tests/e2e/lib.sh
db="$T/t.db"

# windows-1256: "خبر يك" with Arabic yeh (0xED) and kaf (0xDF).
printf '<?xml version="1.0" encoding="windows-1256"?>\n<rss version="2.0"><channel><language>fa</language><item><title>\316\310\321 \355\337</title><guid>https://x.ir/1</guid></item></channel></rss>\n' >"$T/fa.xml"
# English, the channel's language given after the items.
printf '<rss version="2.0"><channel><item><title>Spurs v Manchester United: live!</title><guid>https://g.example/1</guid></item><language>en-gb</language></channel></rss>\n' >"$T/en.xml"
"$KHABAR" --db "$db" import "$T/fa.xml" "$T/en.xml" >"$T/out" 2>"$T/err" || fail "feeds did not import: $(cat "$T/err")"
"$KHABAR" --db "$db" list --json >"$T/list.json"
grep -A12 '"id": "https://x.ir/1"' "$T/list.json" | grep -q '"dir": "rtl"' || fail "Persian feed not rtl"
grep -A12 '"id": "https://x.ir/1"' "$T/list.json" | grep -q '"lang": "fa"' || fail "Persian feed lang"
grep -A12 '"id": "https://g.example/1"' "$T/list.json" | grep -q '"dir": "ltr"' || fail "English feed not ltr"
grep -A12 '"id": "https://g.example/1"' "$T/list.json" | grep -q '"lang": "en-GB"' || fail "English feed lang"
# The text engine makes the Arabic letters Persian: ی (U+06CC) and ک (U+06A9).
title=$(sed -n 's/.*"title": "\(خبر [^"]*\)".*/\1/p' "$T/list.json")
[ -n "$title" ] || fail "windows-1256 title not converted"
printf '%s\n' "$title" | "$KHABAR" layout | grep -q '"text": "خبر یک"' || fail "yeh and kaf not made Persian"

# --lang: the language of a feed that names none; an item's own wins.
printf '<rss><channel><item><title>Weather</title><guid>https://w.example/1</guid></item><item><title>خبر</title><guid>https://w.example/2</guid><dc:language xmlns:dc="http://purl.org/dc/elements/1.1/">fa</dc:language></item></channel></rss>\n' >"$T/nolang.xml"
"$KHABAR" --db "$db" import --lang en-us "$T/nolang.xml" >/dev/null 2>&1 || fail "--lang import"
"$KHABAR" --db "$db" list --json >"$T/list.json"
grep -A12 '"id": "https://w.example/1"' "$T/list.json" | grep -q '"lang": "en-US"' || fail "--lang not applied"
grep -A12 '"id": "https://w.example/2"' "$T/list.json" | grep -q '"dir": "rtl"' || fail "--lang overrode the item's language"
"$KHABAR" --db "$db" import --lang "no such" "$T/nolang.xml" >/dev/null 2>&1
[ $? -eq 2 ] || fail "a bad --lang is a usage error"

# Error pages saved as feeds.
printf 'curl: (7) Failed to connect to news.example port 443\n' >"$T/feed.xml"
"$KHABAR" --db "$db" import "$T/feed.xml" >/dev/null 2>"$T/err" && fail "a curl error was imported"
grep -q "feed.xml: named as an XML feed but holds plain text" "$T/err" || fail "reason: $(cat "$T/err")"
printf '<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>\n' >"$T/feed.xml"
"$KHABAR" --db "$db" import "$T/feed.xml" >/dev/null 2>"$T/err" && fail "an HTML page was imported"
grep -q 'feed.xml: line 1, byte 0: an HTML page ("404 Not Found"), not a feed' "$T/err" || fail "reason: $(cat "$T/err")"

# A FIFO among the files: skipped, the import goes on and ends.
mkdir "$T/in"
mkfifo "$T/in/a.xml"
cp "$T/en.xml" "$T/in/b.xml"
timeout 60 "$KHABAR" --db "$db" import "$T/in" >"$T/out" 2>"$T/err"
[ $? -eq 0 ] || fail "import with a FIFO: $(cat "$T/err")"
grep -q "a.xml: not a regular file" "$T/err" || fail "FIFO not named"
grep -q "b.xml: imported 0, updated 1" "$T/out" || fail "file after the FIFO"

# An export of 1,200 articles imports again without --max-articles.
awk 'BEGIN { printf "{\"articles\": ["; for (i = 0; i < 1200; i++) printf "%s{\"id\": \"n%d\", \"title\": \"t%d\"}", i ? "," : "", i, i; print "]}" }' >"$T/many.json"
"$KHABAR" --db "$T/m.db" import "$T/many.json" | grep -q "imported 1200" || fail "1200 articles"
"$KHABAR" --db "$T/m.db" list --json >"$T/export.json"
"$KHABAR" --db "$T/m2.db" import "$T/export.json" | grep -q "imported 1200, updated 0, skipped 0" || fail "export of 1200 did not import again"
exit 0
