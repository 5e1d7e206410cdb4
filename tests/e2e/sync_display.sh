#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The display syncs by itself, under Xvfb: `khabar run` with a [feed] on a
# loopback server shows its headline; the feed changes and, one sync
# period (1 minute) plus a card later, the new headline is on screen
# (screenshot against `khabar render`); the server stops and the display
# keeps the cached news; the server returns and the next round recovers.
# About three minutes: the shortest feed period is one minute.
set -u
: "${KHABAR:=build/khabar}" "${TEST_TMP:=/tmp}"
if ! command -v xvfb-run >/dev/null || ! command -v import >/dev/null; then
	echo "sync_display: needs xvfb-run and ImageMagick's import"
	exit 1
fi
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
dir=$(mktemp -d "$TEST_TMP/sync_display.XXXXXX")
srv=""
trap '[ -n "$srv" ] && kill "$srv" 2>/dev/null; rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; cat "$dir/log" 2>/dev/null; exit 1; }
export XDG_CACHE_HOME="$dir/cache"
mkdir -p "$dir/www"
when=$(date -u -R -d '2 hours ago')
feed() { # title
	printf '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
	printf '<item><guid>%s</guid><title>%s</title><pubDate>%s</pubDate></item>' "$1" "$1" "$when"
	printf '</channel></rss>\n'
}
. tests/lib/feedserver.sh
serve() { # [port]
	feedserver_start "$dir/www" "$dir/port" ${1:-} || fail "the feed server did not start"
}
feed "نخستین خبر از سرور آزمون" >"$dir/www/news.xml"
serve
port=$(cat "$dir/port")
db="$dir/k.db"
cat >"$dir/k.ini" <<EOF
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
	DISPLAY=$XDISPLAY XAUTHORITY=$XAUTH import -window root "$dir/$1.png" || return 1
	SDL_VIDEODRIVER=offscreen "$KHABAR" --config "$dir/k.ini" --db "$db" render \
		--size 1280x720 --card 0 --out "$dir/$1-ref.png" 2>>"$dir/log" || return 1
	d=$(compare -metric AE -fuzz 2% "$dir/$1-ref.png[1280x640+0+80]" \
		"$dir/$1.png[1280x640+0+80]" null: 2>&1)
	d=${d%% *}
	echo "sync_display: $1: $d pixels differ from khabar render"
	[ "$(printf '%.0f' "$d" 2>/dev/null || echo 999999)" -le 4608 ]
}
start=$(date +%s)
at() { # seconds since start
	now=$(date +%s)
	[ $((start + $1)) -gt "$now" ] && sleep $((start + $1 - now))
	return 0
}
export KHABAR DIR="$dir" DB="$db"
xvfb-run -a -s "-screen 0 1280x720x24" sh -c 'echo "$XAUTHORITY" >"$DIR/xauth";
	echo "$DISPLAY" >"$DIR/display";
	SDL_VIDEODRIVER=x11 "$KHABAR" --config "$DIR/k.ini" --db "$DB" run \
		--exit-after 200 >"$DIR/log" 2>&1' &
xvfb=$!
at 6
XDISPLAY=$(cat "$dir/display")
XAUTH=$(cat "$dir/xauth")
shot first || fail "the first headline is not on screen"
"$KHABAR" --config "$dir/k.ini" --db "$db" list | grep -q "نخستین خبر" || fail "first sync"
feed "خبر دوم پس از تغییر فید" >"$dir/www/news.xml"
at 66
shot changed || fail "the changed feed's headline is not on screen a period later"
kill "$srv"
wait "$srv" 2>/dev/null
srv=""
at 126
shot offline || fail "the display lost its news while the server was away"
grep -q "lobby: failed" "$dir/log" || fail "the round without a server did not fail"
feed "خبر سوم پس از بازگشت سرور" >"$dir/www/news.xml"
serve "$port"
at 188
shot recovered || fail "the round after the server returned did not recover"
"$KHABAR" --config "$dir/k.ini" --db "$db" sync --status | grep -q "^lobby .* 200 " ||
	fail "status after recovery"
wait "$xvfb" # the display ends by itself (--exit-after)
grep -q "sync: crashed\|sync: killed" "$dir/log" && fail "a sync round crashed"
exit 0
