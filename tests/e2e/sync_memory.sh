#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Memory of `khabar sync` on huge pictures, against the loopback feed
# server (tests/lib/feedserver.py), measured with /usr/bin/time -v: a 48 MP
# baseline JPEG and a 48 MP progressive one (under the 50 MP cap) and a
# 24 MP PNG. The JPEG is decoded at a quarter of its size and stored at
# 1920 px; what would need more than [sync] max_image_pixels (10 million
# by default: 40 MB) is refused with that reason; the sync process stays
# within 96 MiB.
set -u
. tests/e2e/lib.sh
dir=$T
srv=""
at_exit '[ -n "$srv" ] && kill "$srv" 2>/dev/null'
show_on_fail "$dir/err"
for t in convert identify; do command -v $t >/dev/null || { echo "sync_memory: needs $t"; exit 1; }; done
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy no_proxy NO_PROXY
export XDG_CACHE_HOME="$dir/cache"
www="$dir/www"
mkdir -p "$www/img"
convert -size 8000x6000 gradient:'#3a6ea5-#f4d06f' -quality 85 "$www/img/huge.jpg" &&
	convert "$www/img/huge.jpg" -interlace JPEG "$www/img/progressive.jpg" &&
	convert -size 6000x4000 gradient:'#204060-#d0a040' "$www/img/big.png" ||
	fail "convert could not make the test pictures"
. tests/lib/feedserver.sh
feedserver_start "$www" "$dir/port" || fail "the feed server did not start"
u="http://127.0.0.1:$port"
{
	printf '<?xml version="1.0"?>\n<rss version="2.0"><channel>\n'
	for p in huge.jpg progressive.jpg big.png; do
		printf '<item><guid>%s</guid><title>عکس بزرگ %s</title>' "$p" "$p"
		printf '<enclosure url="%s/img/%s" type="image/jpeg" length="1"/></item>\n' "$u" "$p"
	done
	printf '</channel></rss>\n'
} >"$www/big.xml"
printf '[sync]\nmax_image_size = 64MB\n[feed big]\nurl = %s/big.xml\n' "$u" >"$dir/k.ini"
/usr/bin/time -v "$KHABAR" --config "$dir/k.ini" --db "$dir/t.db" sync 2>"$dir/err"
rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$dir/err")
echo "sync_memory: peak RSS of the sync on a 48 MP JPEG, a progressive one and a 24 MP PNG: $rss KB"
grep -q "big: 200, 3 items, 3 new, 0 updated, 1 images" "$dir/err" || fail "the huge JPEG was not stored alone"
grep -q "big.png: 6000 x 4000 pixels is more than the budget of 10 million" "$dir/err" ||
	fail "the PNG over the budget was not refused with its reason"
grep -q "progressive.jpg: the JPG image needs more than the budget of 38 MB" "$dir/err" ||
	fail "the progressive JPEG over the budget was not refused with its reason"
img=$(find "$XDG_CACHE_HOME" -name '*.jpg' | head -1)
[ "$(identify -format '%w %h' "$img")" = "1920 1440" ] || fail "the stored JPEG is not 1920 x 1440"
if ldd "$KHABAR" 2>/dev/null | grep -q libasan; then
	echo "sync_memory: peak memory not checked under AddressSanitizer"
	exit 0
fi
[ "$rss" -le 98304 ] || fail "sync peak memory $rss KB over 96 MiB"
