#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# khabar sync against a feed server on loopback (tests/lib/feedserver.py):
# validators, unchanged bodies, gzip, redirects, errors and backoff,
# Retry-After, a stalled server, a huge body, invalid XML, 301, 410,
# an HTML page, lead images, keep, --status, HTTPS verification and a
# proxy from the environment.
set -u
. tests/e2e/lib.sh
srv=""
tls=""
at_exit '[ -z "$srv" ] || kill "$srv" 2>/dev/null; [ -z "$tls" ] || kill "$tls" 2>/dev/null'
show_on_fail "$T/err"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy no_proxy NO_PROXY
export XDG_CACHE_HOME="$T/cache"
www="$T/www"
mkdir -p "$www/img"
. tests/lib/feedserver.sh
feedserver_start "$www" "$T/port" || fail "the feed server did not start"
u="http://127.0.0.1:$port"
db="$T/t.db"
ks() { "$KHABAR" --config "$T/k.ini" --db "$db" "$@"; }
requests() { grep -c "^$1 " "$www/requests.log"; }
id_of() { ks list --all | grep -F "$1" | awk '{print $3}' | head -1; } # by title

item() { # id title [image]
	img=""
	[ -n "${3:-}" ] && img="<enclosure url=\"$3\" type=\"image/jpeg\" length=\"1\"/>"
	printf '<item><guid>%s</guid><title>%s</title><link>%s/news/%s</link>%s' \
		"$1" "$2" "$u" "$1" "$img"
	printf '<pubDate>Mon, 30 Nov 2026 09:00:00 GMT</pubDate></item>\n'
}
rss() { printf '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>\n'; cat; printf '</channel></rss>\n'; }
item plain-1 "خبر بی‌اعتبارسنج" | rss >"$www/plain.xml"
{ item flip-1 "خبر یکم"; item flip-2 "خبر دوم"; } | rss >"$www/flip.xml"
{
	item img-good "خبر با عکس" "../img/good.jpg" # relative to the item's link
	item img-huge "عکسی که ادعای بیست هزار پیکسل دارد" "$u/img/claims-huge.png"
	item img-html "عکسی که صفحهٔ وب است" "$u/img/page.jpg"
} | rss >"$www/images.xml"
convert -size 2400x1600 gradient:'#3a6ea5-#f4d06f' -quality 90 "$www/img/good.jpg" ||
	fail "convert could not make a test JPEG"
printf '<!DOCTYPE html><html><body>not an image</body></html>' >"$www/img/page.jpg"
# windows-1256 (Arabic yeh and kaf, as Persian sites still send it): one
# feed says so in its XML declaration, the other only in the HTTP header.
cp1256() { # id title declaration
	printf '<?xml version="1.0"%s?>\n<rss version="2.0"><channel><item><guid>%s</guid>' "$3" "$1"
	printf '<title>%s</title></item></channel></rss>\n' "$2"
}
cp1256 cp-decl "خبر فوري از كشور" ' encoding="windows-1256"' | iconv -f UTF-8 -t CP1256 >"$www/cp-decl.xml" ||
	fail "iconv could not make a windows-1256 feed"
cp1256 cp-header "خبر ديگر از كشور" '' | iconv -f UTF-8 -t CP1256 >"$www/cp-header.xml"

cat >"$T/k.ini" <<EOF
[sync]
timeout = 20s
max_size = 1MB
[feed etag]
url = $u/etag.xml
every = 1m
[feed plain]
url = $u/plain.xml
[feed gz]
url = $u/gzip.xml
category = آزمون
[feed r3]
url = $u/redirect/3
[feed r6]
url = $u/redirect/6
[feed tofile]
url = $u/to-file
[feed e404]
url = $u/status/404
[feed e500]
url = $u/status/500
[feed busy]
url = $u/busy
[feed html]
url = $u/html
[feed moved]
url = $u/moved
[feed gone]
url = $u/gone
[feed stall]
url = $u/stall
[feed huge]
url = $u/huge
[feed cpdecl]
url = $u/cp-decl.xml
[feed cpheader]
url = $u/charset/windows-1256/cp-header.xml
[feed flip]
url = $u/flip.xml
keep = 1d
[feed images]
url = $u/images.xml
EOF

/usr/bin/time -f "%M" -o "$T/rss" "$KHABAR" --config "$T/k.ini" --db "$db" sync 2>"$T/err"
[ $? -eq 1 ] || fail "a round with failed feeds exits 1"
for line in "etag: 200, 1 items, 1 new" "plain: 200, 1 items, 1 new" "gz: 200, 1 items, 1 new" \
	"r3: 200, 1 items" "r6: failed: more than 5 redirects" \
	"tofile: failed: redirect to a protocol other than http or https" \
	"e404: failed: HTTP 404" "e500: failed: HTTP 500" \
	"busy: failed: HTTP 429; the server asks to retry after 120 s" \
	"html: failed: the server sent an HTML page" "moved: moved permanently to $u/etag.xml" \
	"gone: failed: 410 gone" "stall: failed: aborted: the server stalled" \
	"huge: failed: larger than 1048576 bytes" "flip: 200, 2 items, 2 new" \
	"images: 200, 3 items, 3 new, 0 updated, 1 images"; do
	grep -qF "$line" "$T/err" || fail "expected '$line'"
done
grep -q "claims-huge.png: 20000 x 20000 pixels is more than 50 million" "$T/err" ||
	fail "a 20000x20000 header must be refused"
grep -q "page.jpg: not a PNG, JPEG, WebP or GIF image" "$T/err" || fail "HTML as image"
# The 2 GB body costs no memory: the sync stays under 64 MiB (not under
# AddressSanitizer, whose shadow memory and quarantine are counted too).
if ldd "$KHABAR" 2>/dev/null | grep -q libasan; then
	echo "sync: peak memory not checked under AddressSanitizer ($(tail -1 "$T/rss") KB)"
else
	[ "$(tail -1 "$T/rss")" -lt 65536 ] || fail "sync peak memory $(tail -1 "$T/rss") KB over 64 MiB"
fi
grep -q '^/gzip.xml gzip' "$www/requests.log" || fail "gzip not offered"
ks list | grep -q "خبر نخست فشرده" || fail "the gzip feed's article is not in the cache"
ks list --json | grep -q '"category": "آزمون"' || fail "the feed's category was not given"
ks list | grep -q "خبر فوري از كشور\|خبر فوری از کشور" || fail "windows-1256 by declaration"
ks list | grep -q "خبر ديگر از كشور\|خبر دیگر از کشور" || fail "windows-1256 by the HTTP header"

# Second round, each feed by name: validators give 304; a server without
# them sends the same body, which is not parsed again.
ks sync --feed etag --feed plain --feed gz 2>"$T/err" || fail "second round"
grep -q "etag: 304 not modified" "$T/err" || fail "no 304 on the second sync"
grep -q "plain: 200, unchanged" "$T/err" || fail "the same body was parsed again"
grep -q "gz: 200, unchanged" "$T/err" || fail "the same gzip body was parsed again"
grep -q '^/etag.xml gzip "v1"' "$www/requests.log" || fail "If-None-Match not sent"
ks sync --force --feed plain 2>"$T/err" || fail "--force"
grep -q "plain: 200, 1 items, 0 new, 0 updated" "$T/err" || fail "--force did not parse"

# Failures wait: a round now fetches none of the failed feeds again.
n404=$(requests /status/404)
ngone=$(requests /gone)
ks sync 2>"$T/err"
[ "$(requests /status/404)" -eq "$n404" ] || fail "404 retried before its backoff"
grep -q "gone: gone (410); not fetched" "$T/err" || fail "410 must say it stopped"
ks sync --feed gone 2>"$T/err"
[ "$(requests /gone)" -eq "$ngone" ] || fail "a 410 feed was fetched again"
ks sync --status >"$T/status" || fail "--status"
grep -q "^e404 .* 404 .*HTTP 404" "$T/status" || fail "status shows the 404"
grep -q "^busy .*retry after 120 s" "$T/status" || fail "status shows Retry-After"
grep -q "^etag .* 304 .*1 " "$T/status" || fail "status shows articles held"
# The next attempt of the 429 feed is 2 minutes out, not every's 10.
next=$(sed -n 's/^busy .* \(20[0-9-]* [0-9:]*\) .*/\1/p' "$T/status")
[ -n "$next" ] || fail "busy has a next attempt"

# Invalid XML: the error is recorded and the cache is untouched.
printf '<rss><channel><item><title>نیمه' >"$www/flip.xml"
before=$(ks list | sort)
ks sync --feed flip 2>"$T/err" && fail "invalid XML must fail"
grep -q "flip: failed: not a feed: line" "$T/err" || fail "invalid XML message"
[ "$(ks list | sort)" = "$before" ] || fail "invalid XML changed the cache"

# A feed that shrinks keeps the article for `keep`, then loses it.
item flip-1 "خبر یکم" | rss >"$www/flip.xml"
ks sync --feed flip 2>"$T/err" || fail "shrunk feed"
ks list | grep -q "خبر دوم" || fail "an article that left the feed went before keep"
sed -i 's/^keep = 1d/keep = 0s/' "$T/k.ini"
sleep 1
ks sync --feed flip --force 2>"$T/err" || fail "shrunk feed again"
ks list | grep -q "خبر دوم" && fail "an article past keep stayed"
ks list | grep -q "خبر یکم" || fail "the article still in the feed went"

# Images: the JPEG is stored scaled, the others are refused.
img=$(ks list --json | tr ',' '\n' | sed -n 's/.*"image": "\(.*\)"/\1/p' | grep "^$XDG_CACHE_HOME" | head -1)
case "$img" in "$XDG_CACHE_HOME"/khabar/images/*/*.jpg) ;; *) fail "no stored image: '$img'" ;; esac
[ "$(identify -format '%w %h' "$img")" = "1920 1280" ] || fail "image not scaled to 1920"
[ "$(find "$XDG_CACHE_HOME/khabar/images" -type f | wc -l)" -eq 1 ] || fail "one stored image expected"
# A refused image leaves its article waiting with the URL (which the
# display does not open) and is not fetched again the next round.
ks list --json | grep -q "\"image\": \"$u/img/claims-huge.png\"" ||
	fail "a refused image's article does not wait with its URL"
ks sync --force --feed images 2>"$T/err"
grep -q "claims-huge.png" "$T/err" && fail "a refused image was fetched again the next round"
grep -q "images: 200, 3 items, 0 new, 0 updated, 0 images" "$T/err" ||
	fail "a stored image is not downloaded again"
cat >>"$T/k.ini" <<EOF
[playlist]
include_categories = عکس
EOF
sed -i "s|^url = $u/images.xml|url = $u/images.xml\ncategory = عکس|" "$T/k.ini"
"$KHABAR" --db "$db" remove "$(id_of "خبر با عکس")" "$(id_of "ادعای بیست")" \
	"$(id_of "صفحهٔ وب")" >/dev/null || fail "remove the image articles"
ks sync --force --feed images 2>/dev/null
ks render --out "$T/card.png" --size 1280x720 --at 2026-11-30T10:00:00Z ||
	fail "render of the image card"
# The photo is on the card: the gradient's blue and yellow are both there.
colours=$(convert "$T/card.png" -crop 400x400+40+200 -scale 1x1 -format '%[pixel:p{0,0}]' info:)
case "$colours" in *srgb*) ;; *) fail "cannot read the card: $colours" ;; esac
convert "$T/card.png" -format '%c' histogram:info: | grep -qi "3[0-9A-F]6[0-9A-F]A[0-9A-F]" ||
	fail "the photo's colours are not on the card"

# A stored image deleted by hand: the next sync leaves its article without
# one (the card is shown without it), and fetches it again when the item
# is parsed again.
rm -f "$XDG_CACHE_HOME"/khabar/images/*/*.jpg
ks sync --feed etag 2>/dev/null
ks list --json | grep -q "\"image\": \"$XDG_CACHE_HOME" && fail "a missing image is still named"
ks sync --force --feed images 2>"$T/err"
grep -q "images: 200, 3 items, 0 new, 1 updated, 1 images" "$T/err" || fail "image not fetched again"

# Images nobody uses are deleted by the next sync.
"$KHABAR" --db "$db" remove "$(id_of "خبر با عکس")" >/dev/null || fail "remove img-good"
ks sync --feed etag 2>/dev/null
[ "$(find "$XDG_CACHE_HOME/khabar/images" -type f | wc -l)" -eq 0 ] || fail "an unused image was kept"

# HTTPS is verified: a self-signed server fails, and works once ca_file
# names its certificate.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/key.pem" -out "$T/cert.pem" -days 1 \
	-subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" >/dev/null 2>&1 ||
	fail "openssl could not make a test certificate"
python3 tests/lib/feedserver.py "$www" "$T/tlsport" --tls "$T/cert.pem" "$T/key.pem" &
tls=$!
i=0
while [ ! -s "$T/tlsport" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
printf '[sync]\ntimeout = 20s\n[feed tls]\nurl = https://127.0.0.1:%s/etag.xml\n' \
	"$(cat "$T/tlsport")" >"$T/tls.ini"
"$KHABAR" --config "$T/tls.ini" --db "$T/tls.db" sync 2>"$T/err" &&
	fail "a self-signed certificate was accepted"
grep -qi "tls: failed: .*certificate" "$T/err" || fail "the certificate failure is not named"
sed -i "s|^timeout = 20s\$|timeout = 20s\nca_file = $T/cert.pem|" "$T/tls.ini"
"$KHABAR" --config "$T/tls.ini" --db "$T/tls.db" sync --feed tls 2>"$T/err" ||
	fail "HTTPS with ca_file"
grep -q "tls: 200, 1 items" "$T/err" || fail "HTTPS with ca_file did not import"

# A proxy from the environment: the host need not resolve, the proxy
# (our server) is asked for the whole URL.
printf '[feed viaproxy]\nurl = http://feeds.invalid/plain.xml\n' >"$T/proxy.ini"
http_proxy="$u" "$KHABAR" --config "$T/proxy.ini" --db "$T/proxy.db" sync 2>"$T/err" ||
	fail "sync through http_proxy"
grep -q "viaproxy: 200, 1 items" "$T/err" || fail "the proxied feed did not import"
grep -q "^proxy:/plain.xml " "$www/requests.log" || fail "the proxy was not asked"

# Lead images the feed does not name as such: a relative media:content
# is the feed's URL's (not the item page's), and an item with none takes
# the first picture of its HTML description, relative to its own page.
mkdir -p "$www/lead/img" "$www/news"
cp "$www/img/good.jpg" "$www/lead/img/media.jpg"
convert -size 800x600 gradient:'#a53a6e-#6ff4d0' -quality 90 "$www/img/inline.jpg" ||
	fail "convert could not make a second test JPEG"
cat >"$www/lead/feed.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>
<item><guid>lead-media</guid><title>عکس نسبی در فید</title><link>$u/news/lead-media</link>
<media:content url="img/media.jpg" medium="image"/></item>
<item><guid>lead-html</guid><title>عکس در متن خبر</title><link>$u/news/lead-html</link>
<description>&lt;p&gt;متن &lt;img alt="x" src="../img/inline.jpg?a=1&amp;amp;b=2"&gt;&lt;/p&gt;</description></item>
</channel></rss>
EOF
printf '[feed lead]\nurl = %s/lead/feed.xml\n' "$u" >"$T/lead.ini"
XDG_CACHE_HOME="$T/leadcache" "$KHABAR" --config "$T/lead.ini" --db "$T/lead.db" sync \
	2>"$T/err" || { cat "$T/err"; fail "sync of the lead images feed"; }
grep -q "lead: 200, 2 items, 2 new, 0 updated, 2 images" "$T/err" ||
	{ cat "$T/err"; fail "both lead images should be stored"; }
grep -q "^/lead/img/media.jpg " "$www/requests.log" || fail "media:content not the feed's"
grep -q "^/img/inline.jpg?a=1&b=2 " "$www/requests.log" || fail "the HTML's picture not fetched"

# A feed section with a bad URL is an error naming its url line.
printf '[feed bad]\nurl = ftp://example.ir/rss\n' >"$T/bad.ini"
"$KHABAR" --config "$T/bad.ini" check >"$T/out" 2>&1
[ $? -eq 2 ] || fail "check must refuse an ftp feed"
grep -q "bad.ini:2: \[feed bad\] url is not http or https" "$T/out" || fail "check message"
"$KHABAR" --config "$T/k.ini" --db "$db" sync --feed nosuch 2>"$T/err"
[ $? -eq 2 ] || fail "an unknown --feed is a usage error"

# [sync] max_image_size: a bigger picture is cut off while it streams and
# refused; its article is stored without it.
printf '[sync]\nmax_image_size = 10KB\n[feed images]\nurl = %s/images.xml\n' "$u" >"$T/small.ini"
XDG_CACHE_HOME="$T/small-cache" "$KHABAR" --config "$T/small.ini" --db "$T/small.db" \
	sync 2>"$T/err"
grep -q "good.jpg.*larger than 10240 bytes" "$T/err" ||
	{ cat "$T/err"; fail "an image over max_image_size must be refused"; }
"$KHABAR" --db "$T/small.db" list | grep -q "خبر با عکس" || fail "its article must stay"

# A feed that has not succeeded for a day: khabar check warns (and one
# that never has).
printf '[feed down]\nurl = http://127.0.0.1:9/feed.xml\n' >"$T/down.ini"
"$KHABAR" --config "$T/down.ini" --db "$T/down.db" sync 2>/dev/null
"$KHABAR" --config "$T/down.ini" --db "$T/down.db" check >"$T/out" 2>&1
grep -q "down.*has never succeeded" "$T/out" || { cat "$T/out"; fail "check: never succeeded"; }
sqlite3 "$T/down.db" "UPDATE feeds SET last_success = strftime('%s', 'now') - 2 * 86400"
"$KHABAR" --config "$T/down.ini" --db "$T/down.db" check >"$T/out" 2>&1
grep -q "down.*has not succeeded for a day" "$T/out" || { cat "$T/out"; fail "check: a day"; }
sqlite3 "$T/down.db" "UPDATE feeds SET last_success = strftime('%s', 'now') - 3600"
"$KHABAR" --config "$T/down.ini" --db "$T/down.db" check >"$T/out" 2>&1
grep -q "down.*succeeded" "$T/out" && { cat "$T/out"; fail "check: an hour is no warning"; }
exit 0
