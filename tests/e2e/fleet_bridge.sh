#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Beyond one broker (docs/fleet.md): two real mosquittos on loopback, the
# site's (A: organisers post there, `khabar fleet` asks it) and a
# building's (B), which bridges to A with the topics docs/fleet.md gives:
# announcements, the emergency and groups in, each screen's status,
# thumbnail and acknowledgement out, its sync marker never. One screen
# (display and khabar-net, offscreen) connects to B only:
# - an announcement posted on A reaches it (its cache, and its status at
#   A shows it on screen);
# - `khabar fleet --json` on A lists it, fine;
# - an emergency posted on A is on it, acknowledged, and `khabar fleet` on
#   A says "emergency seen on 1 of 1"; removed on A, it is off;
# - a group's announcement on A reaches it; removed on A, it leaves its
#   cache;
# - while the bridge is down (B stopped, the screen away with it), an
#   announcement is removed on A; B comes back (its persistent bridge
#   session), and the announcement leaves the screen's cache.
. tests/e2e/lib.sh
for t in mosquitto_pub mosquitto_sub python3; do
	command -v $t >/dev/null || skip "fleet_bridge: needs $t"
done
. tests/lib/mosquitto.sh
mkdir -p "$T/a" "$T/b" "$T/far-1"
broker_start "$T/a" || fail "no broker A"
A_PORT=$BROKER_PORT A_PID=$BROKER_PID
at_exit "kill $A_PID 2>/dev/null"
# B's bridge, as docs/fleet.md has it.
cat >"$T/bridge.conf" <<CONF
allow_anonymous true
connection site
address 127.0.0.1:$A_PORT
cleansession false
local_clientid building-b
remote_clientid building-b-bridge
topic khabar/announce/# in 1
topic khabar/emergency in 1
topic khabar/group/+/announce/# in 1
topic khabar/screen/+/status out 1
topic khabar/screen/+/thumbnail out 1
topic khabar/screen/+/ack out 1
CONF
BROKER_PORT=
broker_start "$T/b" "$T/bridge.conf" || fail "no broker B"
B_PORT=$BROKER_PORT B_PID=$BROKER_PID
at_exit "kill \$B_PID 2>/dev/null"
show_on_fail "$T/b/mosquitto.log" "$T/far-1/log"

"$KHABAR" --db "$T/far-1/k.db" import assets/sample/ >/dev/null 2>&1 || fail "import"
printf '[cards]\ntransition = none\nmin_dwell = 1\nmax_dwell = 600\n[ticker]\nenabled = no\n[mqtt]\nurl = mqtt://127.0.0.1:%s\nclient_id = far-1\n[fleet]\nname = far-1\ngroups = hall-b\nevery = 2s\n' \
	"$B_PORT" >"$T/far-1/k.ini"
printf '[mqtt]\nurl = mqtt://127.0.0.1:%s\nclient_id = organiser\n' "$A_PORT" >"$T/org.ini"
khabar() { "$KHABAR" --config "$T/org.ini" "$@"; }
export SDL_VIDEODRIVER=offscreen SDL_FRAMEBUFFER_ACCELERATION=0
"$KHABAR" --config "$T/far-1/k.ini" --db "$T/far-1/k.db" run --windowed 480x270 \
	--exit-after 600 2>>"$T/far-1/log" &
pid=$!
at_exit "kill $pid 2>/dev/null"

in_cache() { "$KHABAR" --db "$T/far-1/k.db" list 2>/dev/null | grep -q "$1"; }
# far-1 as `khabar fleet --json` on A sees it: "problem card".
fleet_says() { # python condition on s (far-1's entry) and d (the whole answer)
	khabar fleet --json >"$T/fleet.json" 2>"$T/fleet.err"
	python3 -c "import json, sys
d = json.load(open(sys.argv[1]))
s = [x for x in d['screens'] if x['name'] == 'far-1']
s = s[0] if s else None
sys.exit(not (s and ($1)))" "$T/fleet.json" 2>/dev/null
}

# An announcement on A, on the screen behind B.
aid=$(khabar post --mqtt --breaking "Lunch in building B") || fail "post on A"
wait_for 120 in_cache "Lunch in building B" || fail "the announcement did not cross the bridge"
wait_for 120 fleet_says "s['problem'] == '' and s['card'] == 'Lunch in building B'" ||
	fail "khabar fleet on A does not see far-1 showing it: $(cat "$T/fleet.json" "$T/fleet.err")"
echo "fleet_bridge: posted on A, on far-1 behind B; khabar fleet on A: $(python3 -c 'import json, sys; print([(s["name"], s["state"], s["card"]) for s in json.load(open(sys.argv[1]))["screens"]])' "$T/fleet.json")"
# Its thumbnail crossed too.
mosquitto_sub -h 127.0.0.1 -p "$A_PORT" -t khabar/screen/far-1/thumbnail -C 1 -W 60 >"$T/thumb" ||
	fail "no thumbnail of far-1 on A"
echo "fleet_bridge: far-1's thumbnail on A: $(wc -c <"$T/thumb") bytes"

# The emergency, both ways.
khabar post --emergency --mqtt "Evacuate building B" >/dev/null || fail "post --emergency on A"
wait_for 120 grep -q "emergency khabar/emergency acknowledged" "$T/far-1/log" ||
	fail "far-1 did not acknowledge the emergency"
wait_for 120 fleet_says "d.get('emergency', {}).get('seen') == 1 and d['emergency']['of'] == 1" ||
	fail "khabar fleet on A: $(cat "$T/fleet.json")"
echo "fleet_bridge: emergency seen on 1 of 1 at A"
khabar remove --mqtt khabar/emergency >/dev/null || fail "remove the emergency on A"
wait_for 120 grep -q "emergency: khabar/emergency is over" "$T/far-1/log" ||
	fail "the emergency stays on far-1"

# A group's announcement; removed.
gid=$(khabar post --mqtt --group hall-b "Hall B opens at nine") || fail "post --group on A"
wait_for 120 in_cache "Hall B opens at nine" || fail "the group's announcement did not cross"
khabar remove --mqtt "$gid" >/dev/null || fail "remove $gid on A"
gone() { ! in_cache "$1"; }
wait_for 120 gone "Hall B opens at nine" || fail "the group's announcement stays on far-1"

# Removed while the bridge was down: B stopped (the screen loses its
# broker), the announcement removed on A, B started again on its port.
kill "$B_PID"
wait "$B_PID" 2>/dev/null
wait_for 120 grep -q "mqtt: 127.0.0.1:$B_PORT: .*trying again" "$T/far-1/log" ||
	fail "far-1 did not notice that B went"
khabar remove --mqtt "$aid" >/dev/null || fail "remove $aid on A"
broker_start "$T/b" "$T/bridge.conf" || fail "B did not start again"
B_PID=$BROKER_PID
wait_for 120 gone "Lunch in building B" ||
	fail "far-1 still holds the announcement removed while its building was cut off"
echo "fleet_bridge: removed on A while B was down; gone from far-1 once B came back"
echo "fleet_bridge: ok"
