#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# One slow host does not stop all news: a hostile loopback server
# (tests/lib/feedserver.py) whose feed has 30 items, every picture on a host
# that stalls, and a healthy feed after it. The display (offscreen) runs
# its sync child: both feeds' articles are stored within one round, and
# `khabar sync --status` says the healthy feed succeeded; the stalled host
# is tried once that round, and a picture that failed is not fetched again
# at the next round. An announcement's picture URL is fetched by the sync.
set -u
. tests/e2e/lib.sh
dir=$T
srv="" disp=""
at_exit '[ -n "$disp" ] && kill "$disp" 2>/dev/null; [ -n "$srv" ] && kill "$srv" 2>/dev/null'
show_on_fail "$dir/log" "$dir/status"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy no_proxy NO_PROXY
export XDG_CACHE_HOME="$dir/cache" SDL_VIDEODRIVER=offscreen SDL_FRAMEBUFFER_ACCELERATION=0
www="$dir/www"
mkdir -p "$www"
. tests/lib/feedserver.sh
feedserver_start "$www" "$dir/port" || fail "the feed server did not start"
u="http://127.0.0.1:$port"
db="$dir/t.db"
requests() { awk -v p="$1" 'index($0, p) == 1 { n++ } END { print n + 0 }' "$www/requests.log" 2>/dev/null || echo 0; }
{
	printf '<?xml version="1.0"?>\n<rss version="2.0"><channel>\n'
	n=1
	while [ $n -le 30 ]; do
		printf '<item><guid>slow-%d</guid><title>خبر کند شمارهٔ %d</title>' $n $n
		printf '<enclosure url="%s/stall/img-%d.jpg" type="image/jpeg" length="1"/></item>\n' "$u" $n
		n=$((n + 1))
	done
	printf '</channel></rss>\n'
} >"$www/slow.xml"
printf '<?xml version="1.0"?>\n<rss version="2.0"><channel><item><guid>ok-1</guid><title>خبر سالم</title></item></channel></rss>\n' >"$www/healthy.xml"
cat >"$dir/k.ini" <<EOI
[sync]
timeout = 5s
[feed slow]
url = $u/slow.xml
every = 1m
[feed healthy]
url = $u/healthy.xml
every = 1m
EOI
"$KHABAR" --db "$db" import assets/sample/articles.json >/dev/null 2>&1 || fail "import"
"$KHABAR" --config "$dir/k.ini" --db "$db" run --exit-after 300 >"$dir/log" 2>&1 &
disp=$!
# Wait (up to 60 s) for the status to say the healthy feed succeeded.
i=0
while :; do
	"$KHABAR" --config "$dir/k.ini" --db "$db" sync --status >"$dir/status" 2>&1
	grep -q "^healthy .* 200 " "$dir/status" && ! grep -q "^healthy .*never" "$dir/status" && break
	i=$((i + 1))
	[ $i -gt 120 ] && fail "the healthy feed after the stalled images was not stored"
	sleep 0.5
done
[ "$(requests /healthy.xml)" -eq 1 ] || fail "the healthy feed took more than one round"
"$KHABAR" --db "$db" list | grep -q "خبر سالم" || fail "the healthy feed's article is not listed"
"$KHABAR" --db "$db" list --all | grep -q "خبر کند شمارهٔ ۳۰\|خبر کند شمارهٔ 30" ||
	fail "the slow feed's articles were not stored before its pictures"
grep -q "^slow .* 200 " "$dir/status" || fail "the slow feed's status is not its 200"
[ "$(requests /stall/)" -eq 1 ] || fail "the stalled host was tried $(requests /stall/) times in one round"
grep -q "slow: .* images left for the next round" "$dir/log" || fail "the images left were not said"
kill "$disp"
wait "$disp" 2>/dev/null
disp=""
# The next round: the picture that failed waits for its backoff.
"$KHABAR" --config "$dir/k.ini" --db "$db" sync --feed slow 2>"$dir/log"
[ "$(requests /stall/img-1.jpg)" -le 1 ] || fail "a failed picture was fetched again the next round"
# An announcement's picture named by URL (as an MQTT message may) is
# fetched by the sync, with its limits, and then shown from the store.
convert -size 64x48 xc:'#3a6ea5' "$www/pic.png" || fail "convert"
printf '[{"id": "ann-1", "title": "اطلاعیه با تصویر", "image": "%s/pic.png"}]\n' "$u" >"$dir/ann.json"
"$KHABAR" --db "$db" import "$dir/ann.json" >/dev/null 2>&1 || fail "import of the announcement"
"$KHABAR" --config "$dir/k.ini" --db "$db" sync --feed healthy 2>"$dir/log"
"$KHABAR" --db "$db" list --all --json | grep -q "\"image\": \"$XDG_CACHE_HOME/khabar/images/[0-9a-f]*/[0-9a-f]*.png\"" ||
	fail "an announcement's picture URL was not fetched into the store"
echo "sync_starve: a stalled image host costs the healthy feed nothing: ok"
