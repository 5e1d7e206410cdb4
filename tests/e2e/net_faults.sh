#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The network program's faults never reach the screen. Under Xvfb the
# display runs with 24 slow feeds (a second each on the loopback server, so
# a round takes some 24 s) and an MQTT broker; its child khabar-net is
# killed with SIGKILL 20 times, each time while a burst of 50 announcements
# arrives and, mostly, in the middle of a feed round. Meanwhile:
# - the screen never blanks: a screenshot after every kill has a picture,
#   and the display's log shows cards changing to the end;
# - the display's STATUS line (NOTIFY_SOCKET) says the network part is
#   down, and the display starts it again with a pause that doubles when
#   it dies quickly (1, 2, 4, 8 s) and is 1 s again after a steady run;
# - at the end the cache is whole (PRAGMA integrity_check), and every feed
#   item and every announcement is in it exactly once.
# About two and a half minutes.
set -u
for t in xvfb-run import convert cc pkg-config python3 mosquitto_pub; do
	command -v $t >/dev/null || { echo "net_faults: needs $t"; exit 1; }
done
if [ -z "${NET_FAULTS_IN_X:-}" ]; then
	NET_FAULTS_IN_X=1 exec xvfb-run -a -s "-screen 0 1280x720x24" sh "$0" "$@"
fi
. tests/e2e/lib.sh
. tests/mosquitto.sh
. tests/feedserver.sh
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy no_proxy NO_PROXY
export XDG_CACHE_HOME="$T/cache"
db="$T/k.db"
srv=""
at_exit '[ -n "$srv" ] && kill "$srv" 2>/dev/null; broker_stop'
broker_start "$T" || fail "the broker did not start"
mkdir -p "$T/www"
when=$(date -u -R -d '2 hours ago')
for f in $(seq 1 24); do
	{
		printf '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
		for n in 1 2; do
			printf '<item><guid>f%s-%s</guid><title>خبر %s از فید %s</title><pubDate>%s</pubDate></item>' \
				$f $n $n $f "$when"
		done
		printf '</channel></rss>\n'
	} >"$T/www/feed$f.xml"
done
feedserver_start "$T/www" "$T/port" || fail "the feed server did not start"
{
	printf '[ticker]\nenabled = no\n[cards]\ntransition = none\nmin_dwell = 2\nmax_dwell = 2\n'
	printf '[cache]\nretry_seconds = 1\n[sync]\ntimeout = 10s\nimages = no\n'
	for f in $(seq 1 24); do
		printf '[feed f%s]\nurl = http://127.0.0.1:%s/slow/feed%s.xml\nevery = 1m\nkeep = 0s\n' $f "$port" $f
	done
	printf '[mqtt]\nurl = mqtt://127.0.0.1:%s\ntopic = khabar/announce/#\nclient_id = faults\n' "$BROKER_PORT"
} >"$T/k.ini"
cc -std=c11 -D_POSIX_C_SOURCE=200809L -o "$T/burst" tests/mqtt_burst.c \
	$(pkg-config --cflags --libs libmosquitto) || fail "cannot build the burst publisher"
"$KHABAR" --db "$db" import assets/sample/articles.json >/dev/null 2>&1 || fail "import"
before=$("$KHABAR" --db "$db" list | wc -l)

# systemd's notify socket, played by python: every datagram on a line.
python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
out = open(sys.argv[2], "a", buffering=1)
while True:
    out.write(s.recv(4096).decode("utf-8", "replace").replace("\n", " | ") + "\n")
' "$T/notify" "$T/status" &
notifier=$!
at_exit "kill $notifier 2>/dev/null"
i=0
while [ ! -S "$T/notify" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done

NOTIFY_SOCKET="$T/notify" SDL_VIDEODRIVER=x11 "$KHABAR" --config "$T/k.ini" --db "$db" run \
	>"$T/log" 2>&1 &
pid=$!
at_exit "kill $pid 2>/dev/null"
wait_for() { # pattern in the log, tenths of a second
	_i=0
	until grep -q "$1" "$T/log"; do
		_i=$((_i + 1))
		[ $_i -gt "$2" ] && return 1
		sleep 0.1
	done
}
wait_for "first card on screen" 300 || fail "the display did not start: $(cat "$T/log")"
wait_for "mqtt: connected" 300 || fail "the network program did not connect to the broker"

# A picture, not a blank screen: the pixels are not all one colour.
shot_ok() { # name
	import -window root "$T/$1.png" 2>/dev/null || return 1
	sd=$(convert "$T/$1.png" -colorspace Gray -format '%[fx:standard_deviation]' info:)
	awk -v s="$sd" 'BEGIN { exit !(s > 0.02) }'
}
net_child() { pgrep -P "$pid" | head -n 1; }

last=""
for k in $(seq 1 20); do
	# The next network program, once the display started it again.
	i=0
	net=$(net_child)
	while { [ -z "$net" ] || [ "$net" = "$last" ]; } && [ $i -lt 1200 ]; do
		sleep 0.1
		net=$(net_child)
		i=$((i + 1))
	done
	[ -n "$net" ] && [ "$net" != "$last" ] || fail "kill $k: the display did not start the network program again"
	"$T/burst" "$BROKER_PORT" "khabar/announce/k$k" 50 >"$T/burst.out" 2>&1 &
	bpid=$!
	# The first four die young (the pause doubles), the others after a
	# steady run (back to 1 s), each in the middle of a round when one runs.
	if [ "$k" -le 4 ]; then sleep 0.5; else sleep 5.5; fi
	rounds=$(pgrep -P "$net" | wc -l)
	kill -KILL "$net"
	echo "net_faults: kill $k: khabar-net $net, $rounds feed round(s) running"
	shot_ok "kill$k" || fail "kill $k: the screen is blank"
	wait "$bpid" || fail "kill $k: the burst was not published: $(cat "$T/burst.out")"
	last=$net
done

# Everything in, exactly once: 48 feed items, 1000 announcements.
want=$((before + 48 + 1000))
i=0
while [ "$("$KHABAR" --db "$db" list | wc -l)" -lt "$want" ] && [ $i -lt 1800 ]; do
	sleep 0.1
	i=$((i + 1))
done
"$KHABAR" --db "$db" list --json >"$T/list.json" || fail "khabar list"
python3 - "$T/list.json" "$want" <<'PY' || fail "the cache does not hold each article once"
import json, sys
ids = [a["id"] for a in json.load(open(sys.argv[1]))["articles"]]
dups = len(ids) - len(set(ids))
print("net_faults: %d articles in the cache (%d expected), %d twice" % (len(ids), int(sys.argv[2]), dups))
sys.exit(0 if dups == 0 and len(ids) == int(sys.argv[2]) else 1)
PY
shot_ok end || fail "the screen is blank at the end"
kill "$pid"
wait "$pid" || fail "the display did not stop cleanly"
python3 -c '
import sqlite3, sys
r = sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check").fetchone()[0]
print("net_faults: integrity_check:", r)
sys.exit(r != "ok")' "$db" || fail "the cache is damaged"

grep -c "net: khabar-net died (signal 9)" "$T/log" | grep -qx 20 || fail "not every kill was logged"
for s in 1 2 4 8; do
	grep -q "died (signal 9) after [0-4] s; network part down, started again in $s s" "$T/log" ||
		fail "no pause of $s s after a quick death"
done
[ "$(grep -c 'died (signal 9) after [5-9] s; network part down, started again in 1 s' "$T/log")" -ge 10 ] ||
	fail "the pause did not go back to 1 s after steady runs"
grep -q "STATUS=.*; network part down (started again in" "$T/status" ||
	fail "the STATUS line never said the network part was down"
grep -q "no news to show" "$T/status" && fail "the screen had no news meanwhile"
cards=$(grep -c "card .* on screen" "$T/log")
echo "net_faults: $cards card changes logged, $(grep -c 'network part down' "$T/status") STATUS lines with the network part down"
[ "$cards" -ge 40 ] || fail "the cards stopped changing"
grep -q Sanitizer "$T/log" && fail "sanitizer report"
exit 0
