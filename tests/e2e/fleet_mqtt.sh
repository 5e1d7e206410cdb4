#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The fleet over a real mosquitto on loopback, two screens (display and
# khabar-net each, offscreen) named lobby-1 (group lobby) and hall-2:
# - each publishes its status, retained, on khabar/screen/NAME/status and a
#   thumbnail of at most 40 KB on .../thumbnail; `khabar fleet --json` lists
#   both, and exits 0;
# - `khabar post --emergency --mqtt` takes both screens (their own log
#   lines), both acknowledge on .../ack, `khabar fleet` says "emergency seen
#   on 2 of 2"; removed, both go back to their cards;
# - `khabar post --group lobby --mqtt` reaches lobby-1 only;
# - removed means removed: hall-2 is stopped, the broker restarted (its
#   retained announcement gone), hall-2 started again: the announcement it
#   held leaves its cache once its marker came back;
# - a screen killed with SIGKILL is offline (its will) and `khabar fleet`
#   exits 1.
. tests/e2e/lib.sh
for t in mosquitto_pub mosquitto_sub python3; do
	command -v $t >/dev/null || skip "fleet_mqtt: needs $t"
done
. tests/lib/mosquitto.sh
. tests/lib/fleet.sh
broker_start "$T" || fail "no broker"
at_exit broker_stop
export SDL_VIDEODRIVER=offscreen SDL_FRAMEBUFFER_ACCELERATION=0
fleet_screens lobby-1 hall-2
cp "$T/lobby-1/k.ini" "$T/org.ini"
pids=""
start() { # name
	"$KHABAR" --config "$T/$1/k.ini" --db "$T/$1/k.db" run --windowed 480x270 \
		--exit-after 300 2>>"$T/$1/log" &
	eval "pid_$(echo "$1" | tr - _)=$!"
	at_exit "kill $! 2>/dev/null"
}
waitfor() { # file pattern [count]: up to 20 s
	i=0
	while [ "$(grep -c "$2" "$1" 2>/dev/null)" -lt "${3:-1}" ] && [ $i -lt 200 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ $i -lt 200 ]
}
start lobby-1
start hall-2
for s in lobby-1 hall-2; do
	waitfor "$T/$s/log" "mqtt: connected" || fail "$s did not connect: $(cat "$T/$s/log")"
done
sub() { mosquitto_sub -h 127.0.0.1 -p "$BROKER_PORT" -W 20 "$@"; }
sub -t khabar/screen/lobby-1/status -C 1 >"$T/status" || fail "no status of lobby-1"
grep -q '"name": "lobby-1"' "$T/status" || fail "the status is not lobby-1's: $(cat "$T/status")"
sub -t khabar/screen/hall-2/thumbnail -C 1 >"$T/thumb" || fail "no thumbnail of hall-2"
bytes=$(wc -c <"$T/thumb")
[ "$bytes" -gt 1000 ] && [ "$bytes" -le 40961 ] || fail "thumbnail of $bytes bytes"
"$KHABAR" --config "$T/org.ini" fleet --json >"$T/fleet.json" || fail "khabar fleet: $(cat "$T/fleet.json")"
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); n = sorted(s["name"] for s in d["screens"]); assert n == ["hall-2", "lobby-1"], n' \
	"$T/fleet.json" || fail "khabar fleet --json: $(cat "$T/fleet.json")"
echo "fleet_mqtt: both screens listed; thumbnail $bytes bytes"

# The emergency: on both screens, acknowledged, counted; removed.
id=$("$KHABAR" --config "$T/org.ini" post --emergency --mqtt "Evacuate the building") || fail "post --emergency"
[ "$id" = khabar/emergency ] || fail "the emergency's topic is $id"
for s in lobby-1 hall-2; do
	waitfor "$T/$s/log" "emergency: khabar/emergency on screen" || fail "not on $s"
	waitfor "$T/$s/log" "emergency khabar/emergency acknowledged" || fail "$s did not acknowledge"
done
i=0
until "$KHABAR" --config "$T/org.ini" fleet >"$T/fleet.txt" && grep -q "emergency seen on 2 of 2" "$T/fleet.txt"; do
	i=$((i + 1))
	[ $i -lt 20 ] || fail "khabar fleet: $(cat "$T/fleet.txt")"
	sleep 0.5
done
cat "$T/fleet.txt"
"$KHABAR" --config "$T/org.ini" remove --mqtt khabar/emergency >/dev/null || fail "remove"
for s in lobby-1 hall-2; do
	waitfor "$T/$s/log" "emergency: khabar/emergency is over" || fail "still on $s"
done

# A group's announcement reaches that group only.
gid=$("$KHABAR" --config "$T/org.ini" post --group lobby --mqtt "Lunch in the lobby") || fail "post --group"
waitfor "$T/lobby-1/log" "announcements: 1 stored" || fail "lobby-1 did not get $gid"
"$KHABAR" --db "$T/lobby-1/k.db" list | grep -q "Lunch in the lobby" || fail "not in lobby-1's cache"
"$KHABAR" --db "$T/hall-2/k.db" list | grep -q "Lunch" && fail "hall-2 got lobby's announcement"

# Removed means removed.
aid=$("$KHABAR" --config "$T/org.ini" post --mqtt "Coffee until eleven") || fail "post"
i=0
until "$KHABAR" --db "$T/hall-2/k.db" list | grep -q "Coffee"; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "hall-2 did not get $aid"
	sleep 0.1
done
# It came live: hall-2 asks the broker whether it holds it retained, and
# remembers that it did (the cache's feed_items under mqtt:retained).
i=0
until python3 -c 'import sqlite3, sys; sys.exit(not sqlite3.connect(sys.argv[1]).execute("SELECT 1 FROM feed_items WHERE feed = ? AND id = ?", ("mqtt:retained", sys.argv[2])).fetchone())' \
	"$T/hall-2/k.db" "$aid" 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "hall-2 did not learn that $aid is retained"
	sleep 0.1
done
kill -TERM $pid_hall_2
wait $pid_hall_2
broker_stop
broker_start "$T" || fail "the broker did not start again"
: >"$T/hall-2/log"
start hall-2
waitfor "$T/hall-2/log" "announcements no longer at the broker removed" || fail "no marker"
grep "no longer at the broker" "$T/hall-2/log"
"$KHABAR" --db "$T/hall-2/k.db" list | grep -q "Coffee" && fail "hall-2 still holds $aid; log: $(cat "$T/hall-2/log")"

# Killed: offline from the will; khabar fleet exits 1.
waitfor "$T/lobby-1/log" "mqtt: connected" 2 || fail "lobby-1 did not reconnect"
netpid=$(pgrep -P $pid_lobby_1 khabar-net)
[ -n "$netpid" ] || fail "no khabar-net under lobby-1"
# khabar-net first: killed after the display, it may get the display's
# death signal (SIGTERM) first and disconnect cleanly, which leaves no will.
kill -KILL $netpid $pid_lobby_1
i=0
until "$KHABAR" --config "$T/org.ini" fleet --json >"$T/fleet.json" 2>&1; [ $? = 1 ] && grep -q '"offline"' "$T/fleet.json"; do
	i=$((i + 1))
	[ $i -lt 40 ] || fail "lobby-1 is not offline: $(cat "$T/fleet.json")"
	sleep 0.5
done
echo "fleet_mqtt: lobby-1 offline after SIGKILL; khabar fleet exits 1"
echo "fleet_mqtt: ok"
