#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A GIF lead image from a feed on the loopback server (tests/lib/feedserver.py):
# khabar's own decoder takes its first frame (an interlaced, animated GIF
# with transparency, larger than the screen), the store keeps it scaled
# as PNG, and it is on the card, its transparent part showing the card's
# background and the card staying opaque.
set -u
. tests/e2e/lib.sh
srv=""
at_exit '[ -z "$srv" ] || kill "$srv" 2>/dev/null'
show_on_fail "$T/err"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy no_proxy NO_PROXY
export XDG_CACHE_HOME="$T/cache"
www="$T/www"
mkdir -p "$www/img"
. tests/lib/feedserver.sh
feedserver_start "$www" "$T/port" || fail "the feed server did not start"
u="http://127.0.0.1:$port"

# Frame 1: blue above, a yellow disc below, transparent around the disc.
# Frame 2 (never shown): all red.
convert -size 2400x1600 xc:none -fill '#3a6ea5' -draw 'rectangle 0,0 2399,799' \
	-fill '#f4d06f' -draw 'circle 1200,1200 1200,880' "$T/f1.png" &&
	convert -size 2400x1600 xc:'#d02020' "$T/f2.png" &&
	convert -delay 50 "$T/f1.png" "$T/f2.png" -loop 0 -interlace GIF "$www/img/lead.gif" ||
	fail "convert could not make a test GIF"
[ "$(identify "$www/img/lead.gif" | wc -l)" -eq 2 ] || fail "the test GIF is not animated"
cat >"$www/gif.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><item><guid>gif-1</guid><title>خبر با تصویر متحرک</title>
<link>$u/news/gif-1</link><enclosure url="$u/img/lead.gif" type="image/gif" length="1"/>
<pubDate>Mon, 30 Nov 2026 09:00:00 GMT</pubDate></item></channel></rss>
EOF
cat >"$T/k.ini" <<EOF
[feed gif]
url = $u/gif.xml
[cards]
qr = no
EOF
ks() { "$KHABAR" --config "$T/k.ini" --db "$T/t.db" "$@"; }

ks sync 2>"$T/err" || fail "sync"
grep -qF "gif: 200, 1 items, 1 new, 0 updated, 1 images" "$T/err" || fail "the GIF was not stored"
img=$(ks list --json | tr ',' '\n' | sed -n 's/.*"image": "\(.*\)"/\1/p' | grep . | head -1)
case "$img" in "$XDG_CACHE_HOME"/khabar/images/*/*.png) ;; *) fail "no stored PNG: '$img'" ;; esac
[ "$(identify -format '%w %h' "$img")" = "1920 1280" ] || fail "stored size $(identify -format '%w %h' "$img")"
# The first frame only, its transparency kept.
identify -format '%[channels]' "$img" | grep -q a || fail "the stored PNG lost its transparency"
convert "$img" -format '%c' histogram:info: >"$T/hist"
grep -qi "#3A6EA5" "$T/hist" || fail "the first frame's blue is not stored"
grep -qi "#D02020" "$T/hist" && fail "the second frame was stored"

ks render --out "$T/card.png" --size 1280x720 --at 2026-11-30T10:00:00Z 2>"$T/err" ||
	fail "render of the card"
convert "$T/card.png" -format '%c' histogram:info: >"$T/hist"
grep -qi "#3A6EA5" "$T/hist" || fail "the GIF's blue is not on the card"
grep -qi "#F4D06F" "$T/hist" || fail "the GIF's yellow is not on the card"
grep -qi "#D02020" "$T/hist" && fail "the second frame is on the card"
[ -n "${KEEP_CARD:-}" ] && cp "$T/card.png" "$KEEP_CARD"
[ "$(convert "$T/card.png" -format '%[opaque]' info:)" = "true" ] ||
	fail "the GIF's transparent pixels punched through the card"
# Inside the image's box, beside the disc (transparent in the GIF): the
# same colour as the card between the image and the text.
at() { convert "$T/card.png" -format "%[pixel:p{$1,$2}]" info:; }
[ "$(at 80 500)" = "$(at 600 500)" ] ||
	fail "beside the disc $(at 80 500), the card $(at 600 500)"
exit 0
