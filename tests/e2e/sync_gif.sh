#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A GIF lead image from a feed on the loopback server (tests/lib/feedserver.py):
# khabar's own decoder takes its first frame (an interlaced, animated GIF
# with transparency, larger than the screen), the store keeps it scaled
# as PNG, and it is on the card, its transparent part showing the card's
# background and the card staying opaque.
set -u
: "${KHABAR:=build/khabar}"
dir=$(mktemp -d)
srv=""
trap '[ -n "$srv" ] && kill "$srv" 2>/dev/null; rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; [ -f "$dir/err" ] && cat "$dir/err"; exit 1; }
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy no_proxy NO_PROXY
export XDG_CACHE_HOME="$dir/cache"
www="$dir/www"
mkdir -p "$www/img"
. tests/lib/feedserver.sh
feedserver_start "$www" "$dir/port" || fail "the feed server did not start"
u="http://127.0.0.1:$port"

# Frame 1: blue above, a yellow disc below, transparent around the disc.
# Frame 2 (never shown): all red.
convert -size 2400x1600 xc:none -fill '#3a6ea5' -draw 'rectangle 0,0 2399,799' \
	-fill '#f4d06f' -draw 'circle 1200,1200 1200,880' "$dir/f1.png" &&
	convert -size 2400x1600 xc:'#d02020' "$dir/f2.png" &&
	convert -delay 50 "$dir/f1.png" "$dir/f2.png" -loop 0 -interlace GIF "$www/img/lead.gif" ||
	fail "convert could not make a test GIF"
[ "$(identify "$www/img/lead.gif" | wc -l)" -eq 2 ] || fail "the test GIF is not animated"
cat >"$www/gif.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><item><guid>gif-1</guid><title>خبر با تصویر متحرک</title>
<link>$u/news/gif-1</link><enclosure url="$u/img/lead.gif" type="image/gif" length="1"/>
<pubDate>Mon, 30 Nov 2026 09:00:00 GMT</pubDate></item></channel></rss>
EOF
cat >"$dir/k.ini" <<EOF
[feed gif]
url = $u/gif.xml
[cards]
qr = no
EOF
ks() { "$KHABAR" --config "$dir/k.ini" --db "$dir/t.db" "$@"; }

ks sync 2>"$dir/err" || fail "sync"
grep -qF "gif: 200, 1 items, 1 new, 0 updated, 1 images" "$dir/err" || fail "the GIF was not stored"
img=$(ks list --json | tr ',' '\n' | sed -n 's/.*"image": "\(.*\)"/\1/p' | grep . | head -1)
case "$img" in "$XDG_CACHE_HOME"/khabar/images/*.png) ;; *) fail "no stored PNG: '$img'" ;; esac
[ "$(identify -format '%w %h' "$img")" = "1920 1280" ] || fail "stored size $(identify -format '%w %h' "$img")"
# The first frame only, its transparency kept.
identify -format '%[channels]' "$img" | grep -q a || fail "the stored PNG lost its transparency"
convert "$img" -format '%c' histogram:info: >"$dir/hist"
grep -qi "#3A6EA5" "$dir/hist" || fail "the first frame's blue is not stored"
grep -qi "#D02020" "$dir/hist" && fail "the second frame was stored"

ks render --out "$dir/card.png" --size 1280x720 --at 2026-11-30T10:00:00Z 2>"$dir/err" ||
	fail "render of the card"
convert "$dir/card.png" -format '%c' histogram:info: >"$dir/hist"
grep -qi "#3A6EA5" "$dir/hist" || fail "the GIF's blue is not on the card"
grep -qi "#F4D06F" "$dir/hist" || fail "the GIF's yellow is not on the card"
grep -qi "#D02020" "$dir/hist" && fail "the second frame is on the card"
[ -n "${KEEP_CARD:-}" ] && cp "$dir/card.png" "$KEEP_CARD"
[ "$(convert "$dir/card.png" -format '%[opaque]' info:)" = "true" ] ||
	fail "the GIF's transparent pixels punched through the card"
# Inside the image's box, beside the disc (transparent in the GIF): the
# same colour as the card between the image and the text.
at() { convert "$dir/card.png" -format "%[pixel:p{$1,$2}]" info:; }
[ "$(at 80 500)" = "$(at 600 500)" ] ||
	fail "beside the disc $(at 80 500), the card $(at 600 500)"
exit 0
