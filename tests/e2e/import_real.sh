#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Feeds as real servers send them, through `khabar import` and `khabar
# sync`: a JSON Feed with PHP's escaped slashes and untitled items;
# windows-1256 Persian that names no encoding (in a file, and over HTTP
# under a charset name nobody knows); itunes:, content:, wfw: and dcterms:
# used without xmlns; a Persian blog that declares en-us; HTML5 entities;
# Atom content without a type; two stories with one headline; IRST dates.
set -u
: "${KHABAR:=build/khabar}"
dir=$(mktemp -d)
srv=""
trap '[ -n "$srv" ] && kill "$srv" 2>/dev/null; rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; [ -f "$dir/err" ] && cat "$dir/err"; exit 1; }
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy no_proxy NO_PROXY
export XDG_CACHE_HOME="$dir/cache"
db="$dir/t.db"
k() { "$KHABAR" --db "$db" "$@"; }
# The article with this title, as list --json writes it (16 lines).
article() { k list --json | grep -F -A16 "\"title\": \"$1"; }

# JSON Feed as PHP's json_encode writes it: every slash escaped.
cat >"$dir/php.json" <<'JSON'
{"version":"https:\/\/jsonfeed.org\/version\/1.1","title":"\u0648\u0628\u0644\u0627\u06af","home_page_url":"https:\/\/blog.example.ir\/",
"items":[{"id":"https:\/\/blog.example.ir\/?p=1","url":"https:\/\/blog.example.ir\/1","title":"\u0646\u062e\u0633\u062a\u06cc\u0646 \u0646\u0648\u0634\u062a\u0647","content_html":"<p>\u0645\u062a\u0646<\/p>"},
{"id":"https:\/\/blog.example.ir\/?p=2","url":"https:\/\/blog.example.ir\/2","content_text":"\u06cc\u0627\u062f\u062f\u0627\u0634\u062a\u06cc \u0628\u06cc \u0639\u0646\u0648\u0627\u0646. \u0648 \u062c\u0645\u0644\u0647\u200c\u0627\u06cc \u062f\u06cc\u06af\u0631."}]}
JSON
k import "$dir/php.json" >"$dir/out" 2>"$dir/err" || fail "PHP's JSON Feed: $(cat "$dir/out")"
grep -q "php.json: imported 2, updated 0, skipped 0" "$dir/out" || fail "PHP's JSON Feed: $(cat "$dir/out")"
article "نخستین نوشته" | grep -q '"source": "وبلاگ"' || fail "JSON Feed item 1"
article "یادداشتی بی عنوان." >/dev/null || fail "an untitled JSON Feed item has no title from its text"

# windows-1256 Persian without a declaration, made with iconv from the
# sample feed (Arabic yeh and kaf, which windows-1256 has).
sed 's/ encoding="[^"]*"//; s/ی/ي/g; s/ک/ك/g' assets/sample/feed-rss.xml |
	iconv -f UTF-8 -t WINDOWS-1256 >"$dir/fa1256.xml" || fail "iconv could not make windows-1256"
k import "$dir/fa1256.xml" >"$dir/out" 2>"$dir/err" || fail "windows-1256 import"
k list | grep -q "اينترنت ماهواره‌اي در روستاهاي مرزي" || fail "undeclared windows-1256 is mojibake: $(k list | head -3)"

# The same bytes over HTTP under a charset name ICU does not know.
www="$dir/www"
mkdir -p "$www"
sed 's/ encoding="[^"]*"//; s/ی/ي/g; s/ک/ك/g; s/اينترنت ماهواره/پيوند ماهواره/' assets/sample/feed-rss.xml |
	iconv -f UTF-8 -t WINDOWS-1256 >"$www/fa.xml"
. tests/feedserver.sh
feedserver_start "$www" "$dir/port" || fail "the feed server did not start"
printf '[sync]\ntimeout = 20s\n[feed farsi]\nurl = http://127.0.0.1:%s/charset/x-farsi-1/fa.xml\n' \
	"$port" >"$dir/k.ini"
"$KHABAR" --config "$dir/k.ini" --db "$dir/s.db" sync 2>"$dir/err" || fail "sync of an unknown charset"
"$KHABAR" --db "$dir/s.db" list | grep -q "پيوند ماهواره‌اي در روستاهاي مرزي" ||
	fail "windows-1256 under an unknown HTTP charset is mojibake: $("$KHABAR" --db "$dir/s.db" list | head -2)"

# A WordPress feed that forgot to declare its prefixes.
cat >"$dir/wp.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
<channel><title>وبلاگ وردپرس</title><link>https://wp.example.ir</link>
<language>en-US</language>
<itunes:explicit>no</itunes:explicit>
<item><title>نوشته‌ای با پیشوندهای بی‌اعلان</title><link>https://wp.example.ir/1</link>
<dc:creator><![CDATA[نویسنده]]></dc:creator>
<pubDate>Sat, 06 Dec 2025 10:30:00 IRST</pubDate>
<content:encoded><![CDATA[<p>متن کامل این نوشته در وبلاگی فارسی &infin; &bdquo;نقل&ldquo; &euro;</p>]]></content:encoded>
<wfw:commentRss>https://wp.example.ir/1/feed</wfw:commentRss>
<dcterms:modified>2025-12-06T07:00:00Z</dcterms:modified>
</item>
<item><title>زلزله در کرمان</title><link>https://wp.example.ir/2</link><pubDate>Sat 06 Dec 2025 11:00:00 GMT</pubDate></item>
<item><title>زلزله در کرمان</title><link>https://wp.example.ir/3</link></item>
</channel></rss>
XML
k import "$dir/wp.xml" >"$dir/out" 2>"$dir/err" || fail "undeclared prefixes refused the feed"
grep -q "wp.xml: imported 3, updated 0, skipped 0" "$dir/out" || fail "wp.xml: $(cat "$dir/out")"
a=$(article "نوشته‌ای با پیشوندهای")
printf '%s\n' "$a" | grep -q '"dir": "rtl"' || fail "Persian text under en-US is not right to left"
printf '%s\n' "$a" | grep -q '"published": "2025-12-06T07:00:00Z"' || fail "IRST date not read"
printf '%s\n' "$a" | grep -q '∞ „نقل“ €' || fail "HTML5 entities not decoded"
[ "$(k list | grep -c "زلزله در کرمان")" -eq 2 ] || fail "two stories with one headline are not two"
article "زلزله در کرمان" | grep -q '"published": "2025-12-06T11:00:00Z"' ||
	fail "a day name without its comma: $(article "زلزله در کرمان" | grep published)"
# And the reverse: English text under a right-to-left language.
printf '<rss><channel><language>fa</language><item><title>Weather warning for the north</title><guid>https://en.example/1</guid><description>Heavy snow is expected on the roads tonight.</description></item></channel></rss>\n' >"$dir/en.xml"
k import "$dir/en.xml" >/dev/null 2>&1 || fail "en.xml"
article "Weather warning" | grep -q '"dir": "ltr"' || fail "English text under fa is not left to right"

# Atom content without a type that holds escaped tags.
cat >"$dir/atom.xml" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>اتم</title><id>tag:a.ir,2025:feed</id>
<entry><id>tag:a.ir,2025:1</id><title>خبر اتم</title><updated>2025-12-06T07:00:00Z</updated>
<content>&lt;p&gt;بند یکم&lt;/p&gt;&lt;p&gt;بند &lt;strong&gt;دوم&lt;/strong&gt;&lt;/p&gt;</content></entry></feed>
XML
k import "$dir/atom.xml" >/dev/null 2>"$dir/err" || fail "atom.xml"
article "خبر اتم" | grep -q '<p>\|<strong>' && fail "Atom content without a type shows its tags"
article "خبر اتم" | grep -q '"بند دوم"' || fail "Atom content paragraphs: $(article "خبر اتم")"
exit 0
