#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The fleet at scale, on one real mosquitto on loopback: FLEET_SCREENS
# screens (default 30), each a real process pair, the display (`khabar
# run`, offscreen) and its khabar-net, with its own config, cache and
# [fleet] name. The whole run takes about 70 s on the 2-core development
# machine, so `make test` runs it as it is; `make bench` runs it too
# (tests/bench/bench_fleet_scale.c) for its figures.
#
# The lighter mode of the same program, so 30 of them fit a loaded 2-core
# machine: a 320x180 window, no ticker, no transition and a 600 s dwell, so
# a display draws a frame only when its card or the emergency changes (a
# ticker would have each of them draw 60 frames a second). Everything
# else is what a screen runs: the cache watched four times a second, the
# status every [fleet] every, the thumbnail, the MQTT client.
#
# What it shows (times printed, asserted only as generous event waits):
# - `khabar fleet --json` lists every screen, none with a problem (the
#   time from the last start is printed);
# - an emergency (`khabar post --emergency --mqtt`) reaches every screen:
#   each acknowledges it on khabar/screen/NAME/ack, and each one's status
#   has it on screen (the "emergency" field, its title as the card's);
#   removed, every screen acknowledges that it is off. FLEET_ROUNDS times
#   (default 20), with p50/p99 of the time from the post to the last
#   acknowledgement reaching a subscriber of the broker;
# - an emergency replaced by another on the same topic (new words) is
#   acknowledged again, and `khabar fleet` counts the new one;
# - removed means removed: an announcement on every screen is removed
#   while one screen is off (both processes stopped); the others take it
#   off, and the one that comes back does not show it 5 s after it came
#   back (its status then shows another card, its cache no longer holds it);
# - one screen killed with SIGKILL (both processes, a power cut) is
#   offline (its will) within the keepalive (30 s) and 5 s: measured;
# - one whose display alone is killed (a crash) is offline too: its
#   khabar-net, stopping cleanly, says so (a clean disconnect fires no
#   will);
# - one screen whose broker connection is frozen (it connects through
#   tests/lib/tcpproxy.py, stopped with SIGSTOP: both TCP connections stay
#   open, nothing passes, no will fires) is stale after [fleet] stale,
#   which `khabar fleet` here takes as 10 s (90 s by default) to keep the
#   run short; the screens report every 2 s.
. tests/e2e/lib.sh
N=${FLEET_SCREENS:-30}
ROUNDS=${FLEET_ROUNDS:-20}
# Under `make asan` each process is several times larger and slower: the
# same steps with 10 screens and 5 emergencies, unless told otherwise.
if ldd "$KHABAR" 2>/dev/null | grep -q libasan; then
	N=${FLEET_SCREENS:-10} ROUNDS=${FLEET_ROUNDS:-5}
	echo "fleet_scale: under AddressSanitizer: $N screens, $ROUNDS emergencies"
fi
[ "$N" -ge 5 ] || fail "FLEET_SCREENS must be 5 or more"
for t in mosquitto_pub mosquitto_sub python3 pgrep; do
	command -v $t >/dev/null || skip "fleet_scale: needs $t"
done
. tests/lib/mosquitto.sh
broker_start "$T" || fail "no broker"
at_exit broker_stop
rm -f "$T/proxy.port"
python3 tests/lib/tcpproxy.py "$T/proxy.port" 127.0.0.1 "$BROKER_PORT" &
proxy=$!
at_exit "kill -CONT $proxy 2>/dev/null; kill $proxy 2>/dev/null"
wait_for 60 test -s "$T/proxy.port" || fail "the proxy did not start"
PROXY_PORT=$(cat "$T/proxy.port")
export SDL_VIDEODRIVER=offscreen SDL_FRAMEBUFFER_ACCELERATION=0
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
name() { printf 's%02d' "$1"; }

# The screens: the last connects through the proxy (the cut one), the one
# before it is the one killed, the one before that is off during a
# removal (with an empty cache of its own, so the announcement is its
# only card when it comes back), and the one before that loses its
# display alone (killed: a crash), its khabar-net left to notice.
CUT=$(name "$N") KILLED=$(name $((N - 1))) AWAY=$(name $((N - 2))) CRASHED=$(name $((N - 3)))
i=1
while [ $i -le "$N" ]; do
	s=$(name $i)
	mkdir -p "$T/$s"
	port=$BROKER_PORT
	[ "$s" = "$CUT" ] && port=$PROXY_PORT
	if [ "$s" != "$AWAY" ]; then
		"$KHABAR" --db "$T/$s/k.db" import assets/sample/ >/dev/null 2>&1 || fail "import"
	fi
	printf '[cards]\ntransition = none\nmin_dwell = 600\nmax_dwell = 600\n[ticker]\nenabled = no\n[mqtt]\nurl = mqtt://127.0.0.1:%s\nclient_id = %s\n[fleet]\nname = %s\nevery = 2s\n' \
		"$port" "$s" "$s" >"$T/$s/k.ini"
	i=$((i + 1))
done
printf '[mqtt]\nurl = mqtt://127.0.0.1:%s\nclient_id = organiser\n[fleet]\nstale = 10s\n' \
	"$BROKER_PORT" >"$T/org.ini"
khabar() { "$KHABAR" --config "$T/org.ini" "$@"; }

start() { # name
	"$KHABAR" --config "$T/$1/k.ini" --db "$T/$1/k.db" run --windowed 320x180 \
		--exit-after 900 2>>"$T/$1/log" &
	echo $! >"$T/$1/pid"
	at_exit "kill $! 2>/dev/null"
}
# Both processes of a screen (the display's child khabar-net).
pids_of() { # name
	_d=$(cat "$T/$1/pid")
	echo "$_d $(pgrep -P "$_d" khabar-net)"
}
has_net() { [ -n "$(pgrep -P "$(cat "$T/$1/pid")" khabar-net)" ]; }

# Everything the screens say, each with the time it reached this
# subscriber (mosquitto_sub's %U).
mosquitto_sub -h 127.0.0.1 -p "$BROKER_PORT" -F '%U %t %p' -t 'khabar/screen/+/ack' \
	>"$T/acks" 2>&1 &
at_exit "kill $! 2>/dev/null"
mosquitto_sub -h 127.0.0.1 -p "$BROKER_PORT" -F '%U %t %p' -t 'khabar/screen/+/status' \
	>"$T/statuses" 2>&1 &
at_exit "kill $! 2>/dev/null"

# `khabar fleet --json` as "NAME PROBLEM STATE" lines (ok for no problem)
# and "emergency SEEN OF TITLE".
fleet_lines() {
	khabar fleet --json >"$T/fleet.json" 2>"$T/fleet.err"
	python3 - "$T/fleet.json" >"$T/fleet.lines" <<'PY' || return 1
import json, sys
d = json.load(open(sys.argv[1]))
for s in d["screens"]:
    print(s["name"], s["problem"] or "ok", s["state"] or "-")
e = d.get("emergency")
if e:
    print("emergency", e["seen"], e["of"], e["title"])
PY
}
all_ok() { fleet_lines && [ "$(grep -c '^s[0-9]* ok ' "$T/fleet.lines")" -eq "$N" ]; }

t0=$(now)
i=1
while [ $i -le "$N" ]; do
	start "$(name $i)"
	i=$((i + 1))
done
tlast=$(now)
all_ok || wait_for 300 all_ok || fail "not all $N screens listed: $(cat "$T/fleet.lines" "$T/fleet.err")"
echo "fleet_scale: $N screens started in $(awk -v a="$t0" -v b="$tlast" 'BEGIN { printf "%.2f", b - a }') s;" \
	"all listed by khabar fleet --json $(since "$tlast") s after the last start," \
	"$(since "$t0") s after the first"
i=1
while [ $i -le "$N" ]; do
	wait_for 60 has_net "$(name $i)" || fail "no khabar-net under $(name $i)"
	i=$((i + 1))
done

# How many screens acknowledged, after line $1 of the acks, with payload
# matching $2; the latest arrival time among them in $ack_last.
acked() { # from pattern
	tail -n +"$(($1 + 1))" "$T/acks" | grep -- "$2" >"$T/acks.sel"
	ack_last=$(awk '{ if ($1 > m) m = $1 } END { printf "%.6f", m }' "$T/acks.sel")
	[ "$(cut -d' ' -f2 "$T/acks.sel" | sort -u | wc -l)" -eq "${3:-$N}" ]
}
# Every screen's status after line $1 shows the emergency with title $2.
on_screens() { # from title
	tail -n +"$(($1 + 1))" "$T/statuses" |
		grep -F "\"emergency\": \"khabar/emergency\"" | grep -F "\"title\": \"$2\"" |
		cut -d' ' -f2 | sort -u | wc -l | grep -qx "$N"
}
lines() { wc -l <"$1" | tr -d ' '; }
latency() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f\n", b - a }'; }

# The emergency, FLEET_ROUNDS times: on every screen, then off every one.
: >"$T/on.times"
: >"$T/off.times"
r=1
while [ $r -le "$ROUNDS" ]; do
	title="Drill $r: leave by the east stairs"
	a0=$(lines "$T/acks")
	s0=$(lines "$T/statuses")
	p0=$(now)
	khabar post --emergency --mqtt "$title" >/dev/null || fail "post --emergency (round $r)"
	wait_for 120 acked "$a0" "\"title\": \"$title\"" ||
		fail "round $r: the emergency was acknowledged by $(cut -d' ' -f2 "$T/acks.sel" | sort -u | wc -l) of $N screens"
	latency "$p0" "$ack_last" >>"$T/on.times"
	wait_for 60 on_screens "$s0" "$title" || fail "round $r: not every status shows the emergency"
	a0=$(lines "$T/acks")
	p0=$(now)
	khabar remove --mqtt khabar/emergency >/dev/null || fail "remove (round $r)"
	wait_for 120 acked "$a0" '"emergency": ""' ||
		fail "round $r: the emergency is still on $((N - $(cut -d' ' -f2 "$T/acks.sel" | sort -u | wc -l))) screens"
	latency "$p0" "$ack_last" >>"$T/off.times"
	r=$((r + 1))
done
pct() { # file: p50 and p99 (nearest rank) and the largest, in seconds
	sort -n "$1" | awk '{ v[NR] = $1 } END {
		p50 = int(NR * 0.50); if (p50 < NR * 0.50) p50++
		p99 = int(NR * 0.99); if (p99 < NR * 0.99) p99++
		printf "p50 %.2f s, p99 %.2f s, max %.2f s", v[p50], v[p99], v[NR] }'
}
echo "fleet_scale: figure: emergency on $N of $N screens (acknowledged), $ROUNDS tries: $(pct "$T/on.times")"
echo "fleet_scale: figure: emergency removed from $N of $N screens, $ROUNDS tries: $(pct "$T/off.times")"

# Replaced on its topic by new words: acknowledged again, counted.
khabar post --emergency --mqtt "Fire drill at ten" >/dev/null || fail "post --emergency"
wait_for 120 acked 0 '"title": "Fire drill at ten"' || fail "the first emergency not acknowledged"
a0=$(lines "$T/acks")
khabar post --emergency --mqtt "Fire drill moved to eleven" >/dev/null || fail "post --emergency"
wait_for 120 acked "$a0" '"title": "Fire drill moved to eleven"' ||
	fail "the replaced emergency was acknowledged by $(cut -d' ' -f2 "$T/acks.sel" | sort -u | wc -l) of $N screens"
seen_all() { fleet_lines && grep -q "^emergency $N $N Fire drill moved to eleven" "$T/fleet.lines"; }
wait_for 60 seen_all || fail "khabar fleet: $(cat "$T/fleet.lines")"
echo "fleet_scale: the replaced emergency acknowledged again: $(grep ^emergency "$T/fleet.lines")"
a0=$(lines "$T/acks")
khabar remove --mqtt khabar/emergency >/dev/null || fail "remove"
wait_for 120 acked "$a0" '"emergency": ""' || fail "the emergency stays on some screens"

# Removed means removed, with one screen off meanwhile.
aid=$(khabar post --mqtt --breaking "Coffee until eleven") || fail "post"
in_cache() { "$KHABAR" --db "$T/$1/k.db" list 2>/dev/null | grep -q "Coffee until eleven"; }
everywhere() {
	_i=1
	while [ $_i -le "$N" ]; do
		in_cache "$(name $_i)" || return 1
		_i=$((_i + 1))
	done
}
wait_for 120 everywhere || fail "the announcement did not reach every screen"
retained_known() {
	python3 -c 'import sqlite3, sys; sys.exit(not sqlite3.connect(sys.argv[1]).execute("SELECT 1 FROM feed_items WHERE feed = ? AND id = ?", ("mqtt:retained", sys.argv[2])).fetchone())' \
		"$T/$AWAY/k.db" "$aid" 2>/dev/null
}
wait_for 60 retained_known || fail "$AWAY did not learn that $aid is retained"
# shellcheck disable=SC2046
set -- $(pids_of "$AWAY")
[ $# = 2 ] || fail "$AWAY is not two processes: $*"
kill -TERM "$1" # the display stops its khabar-net
wait "$1"
wait_for 60 sh -c "! kill -0 $2 2>/dev/null" || fail "the khabar-net of $AWAY did not stop"
khabar remove --mqtt "$aid" >/dev/null || fail "remove $aid"
elsewhere_gone() {
	_i=1
	while [ $_i -le "$N" ]; do
		_s=$(name $_i)
		[ "$_s" = "$AWAY" ] || ! in_cache "$_s" || return 1
		_i=$((_i + 1))
	done
}
wait_for 120 elsewhere_gone || fail "the removed announcement stays on a screen that was on"
in_cache "$AWAY" || fail "$AWAY lost the announcement while it was off"
rmark=$(grep -c "no longer at the broker" "$T/$AWAY/log")
back=$(date +%s)
start "$AWAY"
wait_for 120 sh -c "[ \$(grep -c 'no longer at the broker' '$T/$AWAY/log') -gt $rmark ]" ||
	fail "$AWAY did not sync its retained set: $(tail -5 "$T/$AWAY/log")"
grep "no longer at the broker" "$T/$AWAY/log" | tail -n 1
# Its status written 5 s after it came back, or later.
status_after() { # name unix-time: the status published last, written at that time or later
	grep -F " khabar/screen/$1/status " "$T/statuses" | tail -n 1 | cut -d' ' -f3- >"$T/last.json"
	python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); sys.exit(not d.get("at", 0) >= int(sys.argv[2]))' \
		"$T/last.json" "$2" 2>/dev/null
}
wait_for 120 status_after "$AWAY" $((back + 5)) || fail "no status of $AWAY after it came back"
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); c = d["card"]; print("fleet_scale: %s 5 s after it came back: %s card %r (%s)" % (d["name"], c["kind"], c["title"], c["id"])); sys.exit(c["id"] == sys.argv[2])' \
	"$T/last.json" "$aid" || fail "$AWAY still shows the removed announcement 5 s after it came back"
in_cache "$AWAY" && fail "$AWAY still holds the removed announcement"
wait_for 60 all_ok || fail "not all screens are fine again: $(cat "$T/fleet.lines")"

# A power cut, a display that crashed and a frozen network, at once.
crashed=$(cat "$T/$CRASHED/pid")
# shellcheck disable=SC2046
set -- $(pids_of "$KILLED")
[ $# = 2 ] || fail "$KILLED is not two processes: $*"
c0=$(now)
# A power cut: both processes stop at the same instant (so neither sees
# the other go and says goodbye to the broker), then die.
kill -STOP "$@"
kill -KILL "$@" "$crashed"
kill -STOP "$proxy"
problem_of() { grep -q "^$1 $2 " "$T/fleet.lines"; }
off_at="" crash_at="" stale_at=""
all3() { # the time each was first seen so
	fleet_lines || return 1
	[ -n "$off_at" ] || ! problem_of "$KILLED" offline || off_at=$(since "$c0")
	[ -n "$crash_at" ] || ! problem_of "$CRASHED" offline || crash_at=$(since "$c0")
	[ -n "$stale_at" ] || ! problem_of "$CUT" stale || stale_at=$(since "$c0")
	[ -n "$off_at" ] && [ -n "$crash_at" ] && [ -n "$stale_at" ]
}
wait_for 60 all3 ||
	fail "$KILLED offline after ${off_at:-never}, $CRASHED (display killed) offline after ${crash_at:-never}, $CUT stale after ${stale_at:-never}: $(cat "$T/fleet.lines")"
echo "fleet_scale: figure: $KILLED offline $off_at s after SIGKILL (the keepalive is 30 s)"
echo "fleet_scale: $CRASHED offline $crash_at s after its display was killed (its khabar-net said so)"
echo "fleet_scale: figure: $CUT stale $stale_at s after its connection froze ([fleet] stale = 10 s)"
khabar fleet >"$T/fleet.txt"
[ $? = 1 ] || fail "khabar fleet does not exit 1 with a screen offline and one stale"
grep -E "^($KILLED|$CRASHED|$CUT) " "$T/fleet.txt"
kill -CONT "$proxy"
echo "fleet_scale: ok"
