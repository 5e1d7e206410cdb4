#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The display syncs by itself, under Xvfb: `khabar run` with a [feed] on a
# loopback server shows its headline; the feed changes and, after the next
# round and the display's reload, the new headline is on screen
# (screenshot against `khabar render`); the server stops and the display
# keeps the cached news; the server returns and the next round recovers.
# About three minutes: the shortest feed period is one minute.
set -u
. tests/e2e/lib.sh
if ! command -v xvfb-run >/dev/null || ! command -v import >/dev/null; then
	echo "sync_display: needs xvfb-run and ImageMagick's import"
	exit 1
fi
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
srv=""
at_exit '[ -z "$srv" ] || kill "$srv" 2>/dev/null'
show_on_fail "$T/log"
export XDG_CACHE_HOME="$T/cache"
mkdir -p "$T/www"
when=$(date -u -R -d '2 hours ago')
feed() { # title
	printf '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
	printf '<item><guid>%s</guid><title>%s</title><pubDate>%s</pubDate></item>' "$1" "$1" "$when"
	printf '</channel></rss>\n'
}
. tests/lib/feedserver.sh
serve() { # [port]
	feedserver_start "$T/www" "$T/port" ${1:-} || fail "the feed server did not start"
}
feed "نخستین خبر از سرور آزمون" >"$T/www/news.xml"
serve
port=$(cat "$T/port")
db="$T/k.db"
cat >"$T/k.ini" <<EOF
[ticker]
enabled = no
[cards]
transition = none
min_dwell = 2
max_dwell = 2
[sync]
timeout = 10s
[feed lobby]
url = http://127.0.0.1:$port/news.xml
every = 1m
keep = 0s
EOF
# Screenshot of the card area (the header's clock moves) against render.
shot() { # name
	DISPLAY=$XDISPLAY XAUTHORITY=$XAUTH import -window root "$T/$1.png" || return 1
	SDL_VIDEODRIVER=offscreen "$KHABAR" --config "$T/k.ini" --db "$db" render \
		--size 1280x720 --card 0 --out "$T/$1-ref.png" 2>>"$T/log" || return 1
	d=$(compare -metric AE -fuzz 2% "$T/$1-ref.png[1280x640+0+80]" \
		"$T/$1.png[1280x640+0+80]" null: 2>&1)
	d=${d%% *}
	echo "sync_display: $1: $d pixels differ from khabar render"
	[ "$(printf '%.0f' "$d" 2>/dev/null || echo 999999)" -le 4608 ]
}
# Each step waits on the display's log, never on the clock: the sync
# child's line for the round and the display reloading the cache ("cache:
# 1 articles"; either may come first, both after the feed changed), then
# two card changes, so the card on screen is one built from the new cache.
# The bounds are generous: a round is due every minute, and the machine
# may be loaded.
on_screen() { # two card changes after the last line waited for
	wait_line "$T/log" "^khabar: debug: card [0-9]* on screen" 60 &&
		wait_line "$T/log" "^khabar: debug: card [0-9]* on screen" 60
}
round() { # what: a round that stored the changed feed, then its cards on screen
	_from=$mark
	wait_line "$T/log" "^lobby: 200, 1 items, 1 new" 180 || fail "$1: no sync round stored the feed"
	_stored=$mark
	mark=$_from
	wait_line "$T/log" "cache: 1 articles" 60 || fail "$1: the display did not reload the cache"
	[ "$_stored" -le "$mark" ] || mark=$_stored
	on_screen || fail "$1: no card change after the reload"
}
changed() { # the log's length when the feed changed: the next round is after it
	mark=$(wc -l <"$T/log")
}
export KHABAR DIR="$T" DB="$db"
xvfb-run -a -n "$XNUM" -s "-screen 0 1280x720x24" sh -c 'echo "$XAUTHORITY" >"$DIR/xauth";
	echo "$DISPLAY" >"$DIR/display";
	SDL_VIDEODRIVER=x11 KHABAR_LOG=debug "$KHABAR" --config "$DIR/k.ini" --db "$DB" run \
		--exit-after 1200 >"$DIR/log" 2>&1 &
	echo $! >"$DIR/pid"
	wait $!' &
xvfb=$!
at_exit '[ ! -s "$T/pid" ] || kill "$(cat "$T/pid")" 2>/dev/null'
round "the first round"
XDISPLAY=$(cat "$T/display")
XAUTH=$(cat "$T/xauth")
shot first || fail "the first headline is not on screen"
"$KHABAR" --config "$T/k.ini" --db "$db" list | grep -q "نخستین خبر" || fail "first sync"
feed "خبر دوم پس از تغییر فید" >"$T/www/news.xml"
changed
round "the changed feed"
shot changed || fail "the changed feed's headline is not on screen after the next round"
kill "$srv"
wait "$srv" 2>/dev/null
srv=""
changed
wait_line "$T/log" "^lobby: failed" 180 || fail "the round without a server did not fail"
on_screen || fail "no card change after the failed round"
shot offline || fail "the display lost its news while the server was away"
feed "خبر سوم پس از بازگشت سرور" >"$T/www/news.xml"
changed
serve "$port"
round "the round after the server returned"
shot recovered || fail "the round after the server returned did not recover"
"$KHABAR" --config "$T/k.ini" --db "$db" sync --status | grep -q "^lobby .* 200 " ||
	fail "status after recovery"
kill -TERM "$(cat "$T/pid")"
wait "$xvfb"
grep -q "sync: crashed\|sync: killed" "$T/log" && fail "a sync round crashed"
exit 0
