#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The display's sync child and the cache it works on, against the loopback
# feed server (tests/lib/feedserver.py), display offscreen:
# - the child runs with a CPU-time limit (RLIMIT_CPU, [sync] timeout or
#   30 s, whichever is longer);
# - while it runs, a second `khabar sync` on the same cache does nothing
#   (one round at a time per cache, by a flock);
# - kill -9 of the display takes its child with it, and a display started
#   again runs its own round;
# - temporary image files a killed round left are deleted by the next;
# - two caches have two image stores: one's clean-up leaves the other's
#   pictures alone.
set -u
. tests/e2e/lib.sh
dir=$T
srv="" disp=""
at_exit '[ -n "$disp" ] && kill -9 "$disp" 2>/dev/null; [ -n "$srv" ] && kill "$srv" 2>/dev/null'
show_on_fail "$dir"/log* "$dir/err"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy no_proxy NO_PROXY
export XDG_CACHE_HOME="$dir/cache" SDL_VIDEODRIVER=offscreen SDL_FRAMEBUFFER_ACCELERATION=0
www="$dir/www"
mkdir -p "$www/img"
. tests/lib/feedserver.sh
feedserver_start "$www" "$dir/port" || fail "the feed server did not start"
u="http://127.0.0.1:$port"
db="$dir/t.db"
requests() { awk -v p="$1 " 'index($0, p) == 1 { n++ } END { print n + 0 }' "$www/requests.log" 2>/dev/null || echo 0; }
child_of() { # the pid of a child of $1, or nothing
	for s in /proc/[0-9]*/stat; do
		[ "$(awk '{print $4}' "$s" 2>/dev/null)" = "$1" ] && { s=${s#/proc/}; echo "${s%/stat}"; return; }
	done
}
round_of() { # display pid -> its sync round, a child of its child khabar-net
	net=$(child_of "$1")
	[ -n "$net" ] && child_of "$net"
}
wait_child() { # display pid -> sets child (the round), up to 30 s
	child=""
	i=0
	while [ -z "$child" ] && [ $i -lt 300 ]; do sleep 0.1; child=$(round_of "$1"); i=$((i + 1)); done
	[ -n "$child" ]
}
cat >"$dir/k.ini" <<EOI
[sync]
timeout = 2m
[feed stall]
url = $u/stall
EOI
"$KHABAR" --db "$db" import assets/sample/articles.json >/dev/null 2>&1 || fail "import"

"$KHABAR" --config "$dir/k.ini" --db "$db" run --exit-after 600 >"$dir/log" 2>&1 &
disp=$!
wait_child "$disp" || fail "the display started no sync child"
i=0
until [ "$(requests /stall)" -ge 1 ] || [ $i -gt 300 ]; do sleep 0.1; i=$((i + 1)); done
[ "$(requests /stall)" -ge 1 ] || fail "the child did not fetch"
grep -q "^Max cpu time *120 *125 " "/proc/$child/limits" ||
	fail "the sync child has no CPU-time limit: $(grep 'cpu time' "/proc/$child/limits")"

# A second round on the same cache while the first stalls: refused.
"$KHABAR" --config "$dir/k.ini" --db "$db" sync 2>"$dir/err"
[ $? -eq 1 ] || fail "a second sync beside the running one did not exit 1"
grep -q "another .khabar sync. is running" "$dir/err" || fail "the second sync did not say why"
[ "$(requests /stall)" -eq 1 ] || fail "two rounds fetched at once"

# kill -9 of the display: its child goes too.
kill -9 "$disp"
wait "$disp" 2>/dev/null
disp=""
i=0
while [ -d "/proc/$child" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ -d "/proc/$child" ] && grep -q "^State:.*Z" "/proc/$child/status" 2>/dev/null && i=0
[ -d "/proc/$child" ] && [ $i -ge 100 ] && { kill -9 "$child"; fail "the sync child outlived the display"; }

# A killed round's temporary file in this cache's image store (a folder
# named by the FNV-1a 64 hash of the cache's absolute path).
key=$(python3 -c 'import os,sys
h=0xcbf29ce484222325
for b in os.path.realpath(sys.argv[1]).encode():
    h=((h^b)*0x100000001b3)&0xffffffffffffffff
print("%016x"%h)' "$db")
store="$XDG_CACHE_HOME/khabar/images/$key"
mkdir -p "$store" && touch "$store/.new-99999999.jpg" "$store/.new-x.jpg"
"$KHABAR" --config "$dir/k.ini" --db "$db" run --exit-after 600 >"$dir/log2" 2>&1 &
disp=$!
wait_child "$disp" || fail "the display started again ran no round"
kill -9 "$disp"
wait "$disp" 2>/dev/null
disp=""
printf '[feed other]\nurl = %s/status/404\n' "$u" >"$dir/o.ini"
i=0 # its child is gone with it, and the lock with the child
until "$KHABAR" --config "$dir/o.ini" --db "$db" sync 2>"$dir/err" || ! grep -q another "$dir/err"; do
	i=$((i + 1))
	[ $i -gt 100 ] && fail "the lock outlived the killed round"
	sleep 0.1
done
[ -f "$store/.new-99999999.jpg" ] && fail "a killed round's temporary file was not deleted"
[ -f "$store/.new-x.jpg" ] || fail "a file that is not a round's temporary file was deleted"

# Two caches, one picture each from the same URL.
convert -size 64x48 xc:'#3a6ea5' "$www/img/a.png" || fail "convert"
printf '<?xml version="1.0"?><rss version="2.0"><channel><item><guid>p1</guid><title>خبر با تصویر</title><enclosure url="%s/img/a.png" type="image/png" length="1"/></item></channel></rss>\n' "$u" >"$www/pic.xml"
printf '[feed pic]\nurl = %s/pic.xml\n' "$u" >"$dir/p.ini"
for n in 1 2; do
	"$KHABAR" --config "$dir/p.ini" --db "$dir/c$n.db" sync 2>"$dir/err" || fail "sync of cache $n"
done
img1=$("$KHABAR" --db "$dir/c1.db" list --json | sed -n 's/.*"image": "\([^"]*\)".*/\1/p' | head -1)
[ -f "$img1" ] || fail "cache 1 has no stored image: '$img1'"
id2=$("$KHABAR" --db "$dir/c2.db" list --json | sed -n 's/.*"id": "\([^"]*\)".*/\1/p' | head -1)
"$KHABAR" --db "$dir/c2.db" remove -- "$id2" >/dev/null || fail "remove $id2 from cache 2"
"$KHABAR" --config "$dir/o.ini" --db "$dir/c2.db" sync 2>/dev/null # its clean-up
[ -f "$img1" ] || fail "cache 2's clean-up deleted cache 1's image"
echo "sync_orphans: CPU limit, one round per cache, kill -9, temporary files, two stores: ok"
