#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The fleet's feeds and pushed settings, over a real mosquitto and a real
# feed server on loopback, with one screen (display and khabar-net,
# offscreen) named s1 in group lobby:
# - the status khabar-net publishes carries each feed's last sync ("feeds":
#   the good feed ok, the missing one failed with its 404) and its own
#   health ("net"); `khabar fleet` shows the last sync column from it;
# - `khabar fleet --push FILE --screen s1` puts [playlist] max_articles = 2
#   in force (the status's article count and its "settings"); the time
#   from the push to the display's log line is printed, not asserted;
# - a bad value, a forbidden section ([mqtt]), bytes that are not UTF-8
#   and a message over 64 KB, published straight to the topic, are each
#   refused with a log line naming the topic: the old setting stays in
#   force, the status says "refused: ..."; `khabar fleet --push` refuses
#   a forbidden section before publishing anything;
# - a group's fragment comes before the screen's; withdrawn (`--push -`
#   with nothing on stdin), the screen's leaves the group's in force, and
#   `khabar check` says the settings file in force is ok;
# - the settings survive a restart without the broker, and once the
#   screen is back at a broker that no longer holds them, they go.
set -u
. tests/e2e/lib.sh
for t in mosquitto_pub mosquitto_sub python3; do
	command -v $t >/dev/null || skip "fleet_push: needs $t"
done
. tests/lib/mosquitto.sh
. tests/lib/feedserver.sh
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy no_proxy NO_PROXY
srv=""
at_exit '[ -z "$srv" ] || kill "$srv" 2>/dev/null'
broker_start "$T" >/dev/null || fail "no broker"
at_exit broker_stop
mkdir -p "$T/www" "$T/s1"
cp assets/sample/feed-rss.xml "$T/www/news.xml"
feedserver_start "$T/www" "$T/port" || fail "the feed server did not start"
show_on_fail "$T/s1/log"
export SDL_VIDEODRIVER=offscreen SDL_FRAMEBUFFER_ACCELERATION=0
cat >"$T/s1/k.ini" <<EOF
[cards]
transition = none
min_dwell = 600
max_dwell = 600
[mqtt]
url = mqtt://127.0.0.1:$BROKER_PORT
client_id = s1
[fleet]
name = s1
groups = lobby
every = 1s
thumbnails = no
[feed good]
url = http://127.0.0.1:$port/news.xml
every = 1m
[feed missing]
url = http://127.0.0.1:$port/missing.xml
every = 1m
EOF
printf '[mqtt]\nurl = mqtt://127.0.0.1:%s\nclient_id = organiser\n' "$BROKER_PORT" >"$T/org.ini"
org() { "$KHABAR" --config "$T/org.ini" "$@"; }
status="$T/s1/status.json"
start() {
	"$KHABAR" --config "$T/s1/k.ini" --db "$T/s1/k.db" run --windowed 480x270 \
		--exit-after 600 2>>"$T/s1/log" &
	pid=$!
	at_exit "kill $pid 2>/dev/null"
}
st() { # a python condition on the display's status d: true or false
	python3 -c "import json, sys; d = json.load(open(sys.argv[1])); sys.exit(not ($1))" \
		"$status" 2>/dev/null
}
fnv() { # FNV-1a 64 of a file, as the screens say it
	python3 -c 'import sys
h = 0xcbf29ce484222325
for b in open(sys.argv[1], "rb").read():
    h = ((h ^ b) * 0x100000001b3) & 0xffffffffffffffff
print("%016x" % h)' "$1"
}
mark=0
start
wait_for 60 st 'd["state"] == "showing" and d["articles"] == 3' ||
	fail "s1 does not show the feed's 3 articles: $(cat "$status" 2>&1)"

# 1. The feeds' last sync in the status at the broker, and in khabar fleet.
pub_ok() {
	mosquitto_sub -h 127.0.0.1 -p "$BROKER_PORT" -t khabar/screen/s1/status -C 1 -W 5 \
		>"$T/pub.json" 2>/dev/null || return 1
	python3 - "$T/pub.json" 2>/dev/null <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
f = {x["name"]: x for x in d["feeds"]}
assert f["good"]["result"] == "ok" and f["good"]["last_success"] > 0, f
assert f["good"]["articles"] == 3 and f["good"]["http"] == 200, f
assert f["missing"]["result"] == "failed" and f["missing"]["http"] == 404, f
assert f["missing"]["last_success"] == 0 and "404" in f["missing"]["error"], f
n = d["net"]
assert n["pid"] > 0 and n["connects"] >= 1 and n["cache"] == "ok" and n["version"], n
assert d["name"] == "s1" and d["articles"] == 3 and "settings" in d, d
PY
}
wait_for 120 pub_ok || fail "the published status lacks the feeds: $(cat "$T/pub.json")"
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print("fleet_push: feeds", json.dumps(d["feeds"]))' "$T/pub.json"
echo "fleet_push: the published status is $(wc -c <"$T/pub.json") bytes, the display's $(wc -c <"$status")"
org fleet >"$T/fleet.txt" || fail "khabar fleet: $(cat "$T/fleet.txt")"
cat "$T/fleet.txt"
grep -q "^s1 .* ago 1/2 failed" "$T/fleet.txt" || fail "no last sync column: $(cat "$T/fleet.txt")"
org fleet --json >"$T/fleet.json" || fail "khabar fleet --json"
python3 -c 'import json, sys; s = json.load(open(sys.argv[1]))["screens"][0]; assert s["feeds"] == 2 and s["feeds_failed"] == 1 and s["last_sync"] > 0, s' \
	"$T/fleet.json" || fail "khabar fleet --json: $(cat "$T/fleet.json")"

# 2. A good push: in force, and the status says so.
printf '; two at most\n[playlist]\nmax_articles = 2\n' >"$T/two.ini"
mark=$(wc -l <"$T/s1/log")
t0=$(date +%s.%N)
org fleet --push "$T/two.ini" --screen s1 >"$T/out" || fail "push: $(cat "$T/out")"
wait_line "$T/s1/log" "settings: pushed settings .* in force" 30 || fail "not in force"
t1=$(date +%s.%N)
two=$(fnv "$T/two.ini")
wait_for 20 st "d['articles'] == 2 and d['settings']['pushed'] == '$two' and d['settings']['result'] == 'applied' and d['settings']['topic'] == 'khabar/screen/s1/settings' and d['settings']['in_force']" ||
	fail "the status does not say the push is in force: $(cat "$status")"
python3 -c "print('fleet_push: pushed to in force in %.2f s' % ($t1 - $t0))"
grep -q "^; pushed on khabar/screen/s1/settings" "$T/s1/settings.ini" || fail "no settings file"

# 3. Bad pushes: refused whole, the old setting stays in force, said.
refused() { # file what: published raw; the status says refused with what
	before=$(wc -l <"$T/s1/log")
	mosquitto_pub -h 127.0.0.1 -p "$BROKER_PORT" -r -t khabar/screen/s1/settings -f "$1" ||
		fail "mosquitto_pub $1"
	sum=$(fnv "$1")
	wait_for 20 st "d['settings']['pushed'] == '$sum' and d['settings']['result'].startswith('refused: ')" ||
		fail "$1: the status does not say refused: $(cat "$status")"
	python3 -c 'import json, sys; sys.exit(sys.argv[2] not in json.load(open(sys.argv[1]))["settings"]["result"])' \
		"$status" "$2" || fail "$1: not '$2': $(cat "$status")"
	st "d['articles'] == 2" || fail "$1: the old setting is not in force: $(cat "$status")"
	tail -n +"$before" "$T/s1/log" | grep -q "khabar/screen/s1/settings: settings .*refused" ||
		fail "$1: no log line naming the topic"
	echo "fleet_push: refused: $2"
}
printf '[playlist]\nmax_articles = lots\n' >"$T/bad.ini"
refused "$T/bad.ini" "khabar/screen/s1/settings:2: [playlist] max_articles = 'lots' is not valid"
printf '[playlist]\nmax_articles = 1\n[mqtt]\nurl = mqtt://192.0.2.1\n' >"$T/mqtt.ini"
refused "$T/mqtt.ini" "khabar/screen/s1/settings:3: [mqtt] cannot be pushed"
printf '[cards]\nmax_dwell = 600\n[cache]\npath = /tmp/elsewhere.db\n' >"$T/cache.ini"
refused "$T/cache.ini" "[cache] cannot be pushed"
printf '[playlist]\nmax_articles = 1\n[display]\ntitle = \377\376\n' >"$T/bytes.ini"
refused "$T/bytes.ini" "not UTF-8"
python3 -c 'import sys; open(sys.argv[1], "w").write("[playlist]\n" + "; padding\n" * 8000)' "$T/big.ini"
refused "$T/big.ini" "over the limit"
fleet_says_refused() {
	org fleet >"$T/fleet.txt"
	grep -q "^s1 *settings khabar/screen/s1/settings refused: .*over the limit" "$T/fleet.txt"
}
wait_for 20 fleet_says_refused ||
	fail "khabar fleet does not say the push was refused: $(cat "$T/fleet.txt")"
grep "settings" "$T/fleet.txt"
org fleet --push "$T/mqtt.ini" --screen s1 >"$T/out" 2>&1 && fail "khabar fleet pushed [mqtt]"
grep -q "\[mqtt\] cannot be pushed" "$T/out" || fail "no reason: $(cat "$T/out")"
# Still connected and listening: a good push after all that.
printf '[playlist]\nmax_articles = 2\n[ticker]\nenabled = no\n' >"$T/two.ini"
org fleet --push "$T/two.ini" --screen s1 >"$T/out" || fail "push: $(cat "$T/out")"
two=$(fnv "$T/two.ini")
wait_for 20 st "d['settings']['pushed'] == '$two' and d['settings']['result'] == 'applied'" ||
	fail "no push after the refused ones: $(cat "$status")"
fleet_json_applied() {
	org fleet --json >"$T/fleet.json" &&
		python3 -c 'import json, sys; s = json.load(open(sys.argv[1]))["screens"][0]; sys.exit(s["settings"] != "applied")' "$T/fleet.json"
}
wait_for 20 fleet_json_applied || fail "khabar fleet --json: $(cat "$T/fleet.json")"

# 4. A group's fragment, then the screen's over it; withdrawn, the group's.
printf '[playlist]\nmax_articles = 1\n' >"$T/one.ini"
org fleet --push "$T/one.ini" --group lobby >"$T/out" || fail "push --group: $(cat "$T/out")"
one=$(fnv "$T/one.ini")
wait_for 20 st "d['settings']['pushed'] == '$one' and d['settings']['result'] == 'applied'" ||
	fail "the group's push: $(cat "$status")"
st "d['articles'] == 2" || fail "the group's fragment went over the screen's: $(cat "$status")"
org fleet --push - --screen s1 </dev/null >"$T/out" || fail "withdraw: $(cat "$T/out")"
grep -q "withdrawn" "$T/out" || fail "withdraw: $(cat "$T/out")"
wait_for 20 st "d['settings']['result'] == 'withdrawn' and d['articles'] == 1" ||
	fail "withdrawn, the group's is not in force: $(cat "$status")"
echo "fleet_push: group then screen; withdrawn, the group's in force"
"$KHABAR" --config "$T/s1/k.ini" --db "$T/s1/k.db" check >"$T/check" 2>&1
grep -q "^settings: .*/settings.ini (pushed): ok" "$T/check" || fail "khabar check: $(cat "$T/check")"

# 5. A restart without the broker keeps them; a broker without them ends them.
kill -TERM $pid
wait $pid
broker_stop
rm -f "$status"
mark=$(wc -l <"$T/s1/log")
start
wait_for 60 st "d['state'] == 'showing' and d['articles'] == 1" ||
	fail "the pushed settings did not survive a restart: $(cat "$status" 2>&1)"
broker_start "$T" >/dev/null || fail "the broker did not start again"
wait_line "$T/s1/log" "khabar/group/lobby/settings: no settings at the broker any more" 60 ||
	fail "the group's settings, gone from the broker, stayed"
wait_for 20 st "d['articles'] == 3 and d['settings']['in_force'] == ''" ||
	fail "the settings the broker no longer holds are still in force: $(cat "$status")"
[ -e "$T/s1/settings.ini" ] && fail "settings.ini is still there"
echo "fleet_push: ok"
