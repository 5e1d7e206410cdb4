#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The console with a real fleet: a mosquitto on loopback, two screens
# (display and khabar-net each, offscreen) named lobby-1 (group lobby) and
# hall-2, and khabar console; curl as the organiser's browser:
# - the grid lists both screens with their group, and each thumbnail the
#   console serves is the JPEG the screen published;
# - an emergency posted from the console's form takes both screens, and
#   the grid says "seen on 2 of 2"; removed from the console's list, both
#   screens go back to their cards;
# - plays: what each screen showed comes from the screen itself (its
#   network program sums its cache's plays per day): the emergency and the
#   card it replaced, on lobby-1's plays and in the CSV, counted as khabar
#   plays counts them;
# - an announcement for the group lobby reaches lobby-1's cache only;
# - hall-2 is the door screen of "Hall 2" ([schedule] room): marked full
#   from the console's halls page, its network program stores the state
#   and its door card changes (khabar render of its cache before and
#   after; the window itself redraws at once, app.c).
set -u
. tests/e2e/lib.sh
. tests/lib/mosquitto.sh
. tests/lib/fleet.sh
for t in curl mosquitto_sub python3 cmp; do
	command -v $t >/dev/null || skip "web_console_fleet: skipped: needs $t"
done
broker_start "$T" || fail "no broker"
at_exit broker_stop
export SDL_VIDEODRIVER=offscreen SDL_FRAMEBUFFER_ACCELERATION=0
fleet_screens lobby-1 hall-2
# hall-2 is Hall 2's door screen, with a talk on now.
keynote_ics >"$T/t.ics"
"$KHABAR" --db "$T/hall-2/k.db" import "$T/t.ics" >/dev/null 2>&1 || fail "import of the schedule"
printf '[schedule]\nroom = Hall 2\n' >>"$T/hall-2/k.ini"
for s in lobby-1 hall-2; do
	"$KHABAR" --config "$T/$s/k.ini" --db "$T/$s/k.db" run --windowed 480x270 --exit-after 600 2>>"$T/$s/log" &
	at_exit "kill $! 2>/dev/null"
done
port=$(free_port)
printf '[mqtt]\nurl = mqtt://127.0.0.1:%s\n[console]\nlisten = 127.0.0.1:%s\nusers = %s/users\nplain_http = yes\nstate_dir = %s/state\nlanguage = en\n[cache]\npath = %s/c.db\n' \
	"$BROKER_PORT" "$port" "$T" "$T" "$T" >"$T/c.ini"
printf 'organiser pass 1\n' | "$KHABAR" --config "$T/c.ini" console --add-user org >/dev/null || fail "--add-user"
"$KHABAR" --config "$T/c.ini" console >"$T/log" 2>&1 &
at_exit "kill $! 2>/dev/null"
show_on_fail "$T/log" "$T/lobby-1/log" "$T/hall-2/log"
wait_for 30 grep -q "listening on" "$T/log" || fail "the console did not start"
U=http://127.0.0.1:$port
curl -s -c "$T/jar" -b "$T/jar" "$U/login" >"$T/l.html"
csrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$T/l.html")
code=$(curl -s -c "$T/jar" -b "$T/jar" -o /dev/null -w '%{http_code}' --data "csrf=$csrf&user=org" \
	--data-urlencode "password=organiser pass 1" "$U/login")
[ "$code" = 303 ] || fail "login: $code"
csrf=$(curl -s -b "$T/jar" "$U/announce" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)

# Both screens, each with its thumbnail.
wait_for 60 sh -c "curl -s -b '$T/jar' '$U/grid' | grep -q 'thumb?n=hall-2' && curl -s -b '$T/jar' '$U/grid' | grep -q 'thumb?n=lobby-1'" ||
	fail "the grid does not show both screens with thumbnails: $(curl -s -b "$T/jar" "$U/grid")"
curl -s -b "$T/jar" "$U/grid" | grep -q '<dd>lobby</dd>' || no "lobby-1's group is not shown"
for s in lobby-1 hall-2; do
	mosquitto_sub -N -p "$BROKER_PORT" -t "khabar/screen/$s/thumbnail" -C 1 -W 20 >"$T/$s.want" 2>/dev/null
	curl -s -b "$T/jar" -o "$T/$s.got" "$U/thumb?n=$s"
	# A new thumbnail may have come between the two: ask again once.
	cmp -s "$T/$s.want" "$T/$s.got" || { mosquitto_sub -N -p "$BROKER_PORT" -t "khabar/screen/$s/thumbnail" -C 1 -W 20 >"$T/$s.want" 2>/dev/null;
		curl -s -b "$T/jar" -o "$T/$s.got" "$U/thumb?n=$s"; }
	cmp -s "$T/$s.want" "$T/$s.got" || no "the console's thumbnail of $s is not the one it published"
done

# The emergency from the console's form: on both screens, seen on 2 of 2.
curl -s -b "$T/jar" -o "$T/em.html" --data "csrf=$csrf&priority=emergency&target=all&action=publish" \
	--data-urlencode "title=Evacuate the building" "$U/announce"
grep -q 'class="msg"[^>]*>khabar/emergency<' "$T/em.html" || no "the emergency was not published: $(grep -o 'class="msg"[^<]*' "$T/em.html")"
for s in lobby-1 hall-2; do
	wait_for 60 grep -q "emergency: khabar/emergency on screen" "$T/$s/log" || no "the emergency is not on $s"
done
wait_for 60 sh -c "curl -s -b '$T/jar' '$U/grid' | grep -q 'seen on 2 of 2'" ||
	no "the grid does not say seen on 2 of 2: $(curl -s -b "$T/jar" "$U/grid" | grep -o 'id="seen">[^<]*')"
curl -s -b "$T/jar" -o /dev/null --data "csrf=$csrf&topic=khabar/emergency" "$U/remove"
for s in lobby-1 hall-2; do
	wait_for 60 grep -q "emergency: khabar/emergency is over" "$T/$s/log" || no "the emergency is still on $s"
done

# What each screen showed: its own plays, through the broker.
wait_for 60 sh -c "curl -s -b '$T/jar' '$U/plays?screen=lobby-1' | grep -q '<td>Evacuate the building</td><td>1</td>'" ||
	no "lobby-1's plays do not show the emergency: $(curl -s -b "$T/jar" "$U/plays?screen=lobby-1" | grep -o '<tbody>.*')"
curl -s -b "$T/jar" "$U/plays.csv" >"$T/plays.csv"
grep -q '^"hall-2",[0-9-]*,"emergency","Evacuate the building",1,' "$T/plays.csv" ||
	no "hall-2's emergency is not in plays.csv: $(cat "$T/plays.csv")"
"$KHABAR" --db "$T/lobby-1/k.db" plays --csv >"$T/lobby.csv"
counts=$(python3 - "$T/plays.csv" "$T/lobby.csv" <<'PY'
import csv, sys
got = sum(int(r["count"]) for r in csv.DictReader(open(sys.argv[1], newline="")) if r["screen"] == "lobby-1")
want = sum(1 for r in csv.reader(open(sys.argv[2], newline="")) if len(r) > 2 and r[0] != "start" and r[2] != "page")
print(got, want)
PY
)
got=${counts% *} want=${counts#* }
[ "$got" = "$want" ] || no "lobby-1: $got plays on the console, $want in its cache: $(cat "$T/lobby.csv")"

# A group's announcement: lobby-1 only.
curl -s -b "$T/jar" -o "$T/g.html" --data "csrf=$csrf&priority=info&target=group:lobby&action=publish" \
	--data-urlencode "title=Lunch in the lobby" "$U/announce"
wait_for 60 sh -c "'$KHABAR' --db '$T/lobby-1/k.db' list | grep -q 'Lunch in the lobby'" || no "lobby-1 did not get the group's announcement"
"$KHABAR" --db "$T/hall-2/k.db" list | grep -q "Lunch" && no "hall-2 got lobby's announcement"
# Hall 2 marked full from the halls page of the console (whose own cache
# has the schedule too): on hall-2's door card.
"$KHABAR" --config "$T/c.ini" import "$T/t.ics" >/dev/null 2>&1 || fail "import of the schedule into the console's cache"
at=$(date -u +%Y-%m-%dT%H:%M:%SZ)
"$KHABAR" --config "$T/hall-2/k.ini" --db "$T/hall-2/k.db" render --size 1080x1920 --at "$at" --out "$T/door-before.png" 2>/dev/null ||
	no "render of the door screen"
curl -s -b "$T/jar" "$U/halls" | grep -q 'Keynote' || no "the halls page does not show Hall 2's keynote"
curl -s -b "$T/jar" -o /dev/null --data "csrf=$csrf&state=full" --data-urlencode "hall=Hall 2" "$U/hall"
wait_for 60 grep -q "hall Hall 2 is full" "$T/hall-2/log" || no "hall-2 did not store Hall 2 full"
"$KHABAR" --config "$T/hall-2/k.ini" --db "$T/hall-2/k.db" render --size 1080x1920 --at "$at" --out "$T/door-after.png" 2>/dev/null ||
	no "render of the door screen"
cmp -s "$T/door-before.png" "$T/door-after.png" && no "the door card did not change when Hall 2 was marked full"
exit $failed
