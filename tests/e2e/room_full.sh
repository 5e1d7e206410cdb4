#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A hall marked full through a real mosquitto on loopback, shown on that
# hall's door screen in a real window under Xvfb:
# - `khabar room --mqtt "Hall 2" full` publishes khabar/room/Hall 2/state;
#   the display's network program stores it and the screen shows the red
#   band (screenshots until it does, bounded);
# - a message that is neither full nor open is refused with one log line
#   naming its topic, and the band stays;
# - `khabar room --mqtt "Hall 2" open` takes the band off;
# - without --mqtt, `khabar room` writes the local cache; a bad state is a
#   usage error.
# Every wait is on an event (a log line, the screen) with a generous bound;
# how long the band took is printed, never asserted.
set -u
. tests/e2e/lib.sh
for t in xvfb-run import convert mosquitto_pub; do
	command -v $t >/dev/null || { echo "room_full: needs $t"; exit 1; }
done
. tests/lib/mosquitto.sh
. tests/lib/halls_schedule.sh
db="$T/k.db"
at_exit 'broker_stop'
show_on_fail "$T/log" "$T/mosquitto.log"
broker_start "$T" || fail "mosquitto did not start"
halls_schedule 3 >"$T/halls.xml"
"$KHABAR" --db "$db" import "$T/halls.xml" >/dev/null || fail "import failed"
cat >"$T/k.ini" <<INI
[ticker]
enabled = no
[cards]
transition = none
min_dwell = 600
max_dwell = 600
[cache]
retry_seconds = 1
[schedule]
room = Hall 2
stream_url = https://stream.example.org/{room}
[mqtt]
url = mqtt://127.0.0.1:$BROKER_PORT
topic = khabar/announce/#
client_id = room-full-test
INI

# The share of image $1 in colour $2, in $3ths.
share() {
	convert "$1" -fuzz 4% -fill black +opaque "$2" -fill white -opaque "$2" \
		-format "%[fx:int(mean*$3)]" info:
}
# The share of the screen in the full band's red (the dark theme's
# breaking colour), in thousandths.
red() {
	share "$1" '#b3261e' 1000
}
is_red() { [ "$(red "$T/$1.png")" -ge 30 ]; }
not_red() { [ "$(red "$T/$1.png")" -le 3 ]; }
# The door screen is up: the room's name and rule in the accent colour.
is_door() {
	[ "$(share "$T/$1.png" '#d9a441' 10000)" -ge 20 ]
}

# Usage: a state that is neither full nor open.
"$KHABAR" --config "$T/k.ini" --db "$db" room "Hall 2" crowded 2>"$T/err"
[ $? = 2 ] || fail "khabar room Hall 2 crowded: not a usage error"

x_run 1280x720 "$T/log" env SDL_VIDEODRIVER=x11 KHABAR_LOG=debug "$KHABAR" --config "$T/k.ini" \
	--db "$db" run --at 2026-05-13T10:20:00+03:30 --exit-after 900
wait_line "$T/log" "subscribed to" 60 || fail "the network program did not subscribe"
snap door 60 is_door door || fail "the door screen did not come up"
not_red door || fail "the door screen shows red before the hall is full"

t0=$(date +%s.%N)
"$KHABAR" --config "$T/k.ini" --db "$db" room --mqtt "Hall 2" full >"$T/out" 2>&1 ||
	fail "khabar room --mqtt failed: $(cat "$T/out")"
grep -q "khabar/room/Hall 2/state: full" "$T/out" || fail "not published: $(cat "$T/out")"
wait_line "$T/log" "hall Hall 2 is full" 60 || fail "the network program did not store it"
snap full 60 is_red full || fail "the door screen shows no full band"
echo "room_full: the band was on screen $(echo "$(date +%s.%N) - $t0" | bc) s after the command"

mosquitto_pub -h 127.0.0.1 -p "$BROKER_PORT" -q 1 -r -t "khabar/room/Hall 2/state" -m crowded ||
	fail "mosquitto_pub failed"
wait_line "$T/log" "khabar/room/Hall 2/state: refused" 60 || fail "a bad state was not refused"
snap still 30 is_door still || fail "no door screen after the bad state"
is_red still || fail "the band went with a refused message"

"$KHABAR" --config "$T/k.ini" --db "$db" room --mqtt "Hall 2" open >"$T/out" 2>&1 ||
	fail "khabar room --mqtt open failed: $(cat "$T/out")"
wait_line "$T/log" "hall Hall 2 is open" 60 || fail "open was not stored"
snap open 60 not_red open || fail "the band stayed after open"
x_stop

# Without --mqtt: the local cache, and `khabar render` draws the band.
for state in full open; do
	"$KHABAR" --config "$T/k.ini" --db "$db" room "Hall 2" $state >"$T/out" 2>&1 ||
		fail "khabar room (local) $state failed: $(cat "$T/out")"
	SDL_VIDEODRIVER=offscreen "$KHABAR" --config "$T/k.ini" --db "$db" render --size 1280x720 \
		--at 2026-05-13T10:20:00+03:30 --out "$T/local-$state.png" || fail "render failed"
done
is_red local-full || fail "khabar room (local) full: no band in the render"
not_red local-open || fail "khabar room (local) open: the band stayed"
echo "room_full: ok"
