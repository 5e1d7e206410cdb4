#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Announcements over MQTT through a real mosquitto on loopback (its own
# config: a user per role and an ACL, as docs/announcements.md sets it up), with the
# display running in a real window under Xvfb:
# - check --connect succeeds, and says why with a wrong password;
# - a retained message sent while the screen was off is there when it starts;
# - a published message is in `khabar list` (polled; the time is printed),
#   and on screen at the next card change (screenshot = khabar render);
#   a second screen on the same broker has it too;
# - a bad message is dropped with a log line and the next one still arrives;
# - `khabar post --mqtt` arrives; an empty retained message removes;
# - the broker is killed and restarted: the next message still arrives;
# - the cache file is deleted: the next message is stored in a new one;
# - a burst of 1,000 messages: a key pressed while it arrives is answered
#   (the time is printed), all 1,000 are in
#   the cache, and the cache is whole (integrity_check);
# - the password appears in no log.
# Every wait is on an event (the list, a log line, the screen) with a
# generous bound; how long each took is printed, never asserted.
set -u
for t in xvfb-run xdotool import compare mosquitto_pub mosquitto_passwd; do
	command -v $t >/dev/null || { echo "mqtt: needs $t"; exit 1; }
done
if [ -z "${MQTT_TEST_IN_X:-}" ]; then
	# From a random display number, as lib.sh's XNUM (sourced only below).
	MQTT_TEST_IN_X=1 exec xvfb-run -a -n $((100 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 4000)) \
		-s "-screen 0 1280x720x24" sh "$0" "$@"
fi
# Sourced only now: the exec above would leave its folder behind.
. tests/e2e/lib.sh
. tests/lib/mosquitto.sh
db="$T/k.db"
pid= pid2=
at_exit '[ -z "$pid" ] || kill "$pid" 2>/dev/null; [ -z "$pid2" ] || kill "$pid2" 2>/dev/null; broker_stop'
show_on_fail "$T/log" "$T/mosquitto.log"

# The broker: screens may only read announcements, organisers publish.
SCREEN_PASS=screen-pw-7f3a ORG_PASS=organiser-pw-91c2
mosquitto_passwd -c -b "$T/passwd" screen "$SCREEN_PASS" >/dev/null 2>&1 &&
	mosquitto_passwd -b "$T/passwd" organiser "$ORG_PASS" >/dev/null 2>&1 ||
	{ no "mosquitto_passwd failed"; exit 1; }
printf 'user screen\ntopic read khabar/announce/#\n\nuser organiser\ntopic readwrite khabar/announce/#\n' >"$T/acl"
printf 'allow_anonymous false\npassword_file %s\nacl_file %s\nmax_queued_messages 10000\n' "$T/passwd" "$T/acl" >"$T/extra.conf"
broker_start "$T" "$T/extra.conf" || { failed=1; exit 1; }
printf '%s\n' "$SCREEN_PASS" >"$T/screen.pass"
printf '%s\n' "$ORG_PASS" >"$T/org.pass"
printf 'wrong\n' >"$T/wrong.pass"
for role in screen org wrong; do
	user=$role
	[ $role = org ] && user=organiser
	[ $role = wrong ] && user=screen
	cat >"$T/$role.ini" <<INI
[cards]
min_dwell = 4
max_dwell = 60
transition = none
[ticker]
enabled = no
[cache]
retry_seconds = 1
[mqtt]
url = mqtt://127.0.0.1:$BROKER_PORT
topic = khabar/announce/#
username = $user
password_file = $T/$role.pass
client_id = test-$role
INI
done
pub() { mosquitto_pub -h 127.0.0.1 -p "$BROKER_PORT" -u organiser -P "$ORG_PASS" -q 1 "$@"; }
# Poll `khabar list` until it holds (or, with !, lacks) a string; up to $2 s.
listed_at=
wait_list() {
	_want=$1 _max=$2 _neg=${3:-}
	_t0=$(date +%s.%N)
	_i=0
	while [ $_i -lt $((_max * 10)) ]; do
		if "$KHABAR" --db "$db" list 2>/dev/null | grep -qF -- "$_want"; then
			[ -z "$_neg" ] && break
		else
			[ -n "$_neg" ] && break
		fi
		sleep 0.1
		_i=$((_i + 1))
	done
	listed_at=$(echo "$(date +%s.%N) - $_t0" | bc 2>/dev/null || echo "?")
	[ $_i -lt $((_max * 10)) ]
}

"$KHABAR" --db "$db" import assets/sample/articles.json >/dev/null 2>&1
"$KHABAR" --config "$T/screen.ini" --db "$db" check --connect >"$T/check" 2>&1 ||
	no "check --connect failed: $(cat "$T/check")"
grep -q "connect: ok" "$T/check" || no "check --connect: $(cat "$T/check")"
"$KHABAR" --config "$T/wrong.ini" --db "$db" check --connect >"$T/check" 2>&1 &&
	no "check --connect with a wrong password succeeded"
grep -qi "not authori" "$T/check" || no "check --connect does not say why: $(cat "$T/check")"

# Sent while the screen is off, kept by the broker.
pub -r -t khabar/announce/early -m '{"title": "پیام پیش از روشن شدن", "priority": "pinned"}'
at=2022-06-08T10:30:00Z
SDL_VIDEODRIVER=x11 KHABAR_LOG=debug "$KHABAR" --config "$T/screen.ini" --db "$db" run \
	--at "$at" --exit-after 300 >"$T/log" 2>&1 &
pid=$!
wait_list khabar/announce/early 60 || no "the retained message did not reach the screen"
wait_log() { # pattern, tenths of a second
	_i=0
	until grep -q "$1" "$T/log"; do
		_i=$((_i + 1))
		[ $_i -gt "$2" ] && return 1
		sleep 0.1
	done
}
wait_log "first card on screen" 600 || no "the display did not start"
# A second screen on the same broker (offscreen, its own cache and id).
sed 's/^client_id = .*/client_id = test-screen-2/' "$T/screen.ini" >"$T/screen2.ini"
SDL_VIDEODRIVER=offscreen "$KHABAR" --config "$T/screen2.ini" --db "$T/k2.db" run \
	--exit-after 300 >"$T/log2" 2>&1 &
pid2=$!
i=0
until grep -q "mqtt: connected" "$T/log2"; do
	i=$((i + 1))
	[ $i -gt 600 ] && { no "the second screen did not connect"; break; }
	sleep 0.1
done

pub -t khabar/announce/bad -m '{"title": "cut off'
pub -r -t khabar/announce/hall -m '{"title": "سخنرانی اصلی به سالن ۲ منتقل شد", "priority": "breaking", "expires": "2030-01-01T00:00:00Z"}'
wait_list khabar/announce/hall 60 || no "the message is not in khabar list"
echo "mqtt: message in khabar list after ${listed_at} s"
grep -q "khabar/announce/bad: message dropped" "$T/log" || no "the bad message was not logged"
db_save=$db
db=$T/k2.db
wait_list khabar/announce/hall 60 || no "the message is not on the second screen"
wait_list khabar/announce/early 60 || no "the retained message is not on the second screen"
db=$db_save
kill "$pid2"
wait "$pid2" 2>/dev/null
pid2=

# On screen at the next card change: the card built after the message
# arrived is the announcement; once it shows, the screen is card 0 of the
# playlist (the breaking announcement), as khabar render draws it.
i=0
until sed -n '/breaking news/,$p' "$T/log" | grep -q 'card .* on screen'; do
	i=$((i + 1))
	[ $i -gt 600 ] && break
	sleep 0.1
done
sed -n '/breaking news/,$p' "$T/log" | grep -m1 'card: article' | grep -qF '(khabar/announce/hall)' ||
	no "the next card built is not the announcement"
SDL_VIDEODRIVER=offscreen "$KHABAR" --config "$T/screen.ini" --db "$db" render --size 1280x720 \
	--card 0 --at "$at" --out "$T/ref.png" >/dev/null 2>&1
# The log line comes as the card is put up: screenshots until the screen
# shows it (up to 30 s), not one after a guessed delay.
shown() {
	import -window root "$T/shot.png"
	diff=$(compare -metric AE -fuzz 2% "$T/ref.png" "$T/shot.png" null: 2>&1 || true)
	diff=${diff%% *}
	case "$diff" in
	'' | *[!0-9.e+]*) return 1 ;;
	*) [ "$(printf '%.0f' "$diff")" -le $((1280 * 720 / 200)) ] ;;
	esac
}
wait_for 30 shown || no "the announcement is not on screen"
echo "mqtt: the screen differs from the announcement's card in $diff pixels"

id=$("$KHABAR" --config "$T/org.ini" --db "$T/unused.db" post --mqtt --expires 2h "ناهار ساعت ۱۳") ||
	no "post --mqtt failed"
[ -f "$T/unused.db" ] && no "post --mqtt wrote a local cache"
case "$id" in khabar/announce/post-*) ;; *) no "post --mqtt printed '$id'" ;; esac
wait_list "$id" 60 || no "the posted announcement did not arrive"
"$KHABAR" --config "$T/org.ini" remove --mqtt khabar/announce/early >/dev/null || no "remove --mqtt failed"
wait_list khabar/announce/early 60 gone || no "an empty retained message did not remove the article"

broker_stop
sleep 1
broker_start "$T" "$T/extra.conf" || { failed=1; exit 1; }
# Not retained: it reaches only a screen that is connected again.
i=0
until [ "$(grep -c 'mqtt: connected' "$T/log")" -ge 2 ]; do
	i=$((i + 1))
	[ $i -gt 600 ] && { no "the display did not reconnect"; break; }
	sleep 0.1
done
pub -t khabar/announce/after -m '{"title": "پس از راه‌اندازی دوباره"}'
wait_list khabar/announce/after 60 || no "no message arrived after the broker restarted"
echo "mqtt: after the restart, in khabar list after ${listed_at} s"
# The cache file is deleted under the display: the next message makes a new one.
rm -f "$db" "$db-wal" "$db-shm"
pub -t khabar/announce/after-loss -m '{"title": "پس از گم شدن پرونده"}'
wait_list khabar/announce/after-loss 60 || no "no message stored after the cache file was deleted"

# The burst publisher is built by make (tests/lib/mqtt_burst.c).
burst="$BUILD/tests/mqtt_burst"
[ -x "$burst" ] || { no "$burst is missing: make $burst (make test and make check build it)"; exit 1; }
# The key is pressed while the burst arrives and must be answered (it takes
# some 25 ms; the time is printed).
"$burst" "$BROKER_PORT" khabar/announce/burst 1000 organiser "$ORG_PASS" >"$T/burst.out" &
bpid=$!
sleep 0.02
t0=$(date +%s%N)
xdotool key space
i=0
until grep -q "rotation paused" "$T/log"; do
	i=$((i + 1))
	[ $i -gt 3000 ] && { no "the key press during the burst was not answered within 30 s"; break; }
	sleep 0.01
done
echo "mqtt: a key pressed during the burst answered in $((($(date +%s%N) - t0) / 1000000)) ms"
wait $bpid || no "the burst was not published"
echo "mqtt: 1000 messages published in $(cat "$T/burst.out") s"
i=0
while [ "$("$KHABAR" --db "$db" list | grep -c khabar/announce/burst/)" -lt 1000 ]; do
	i=$((i + 1))
	[ $i -gt 1200 ] && { no "not all 1000 messages are in the cache"; break; }
	sleep 0.1
done
xdotool key q
i=0
while kill -0 "$pid" 2>/dev/null && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
wait "$pid"
rc=$?
pid=
[ $rc = 0 ] || no "the display exited with $rc"
"$KHABAR" --config "$T/screen.ini" --db "$db" check >"$T/check" 2>&1
grep -q "cache: .*: ok" "$T/check" || no "the cache is not whole: $(cat "$T/check")"
for p in "$SCREEN_PASS" "$ORG_PASS"; do
	grep -qF "$p" "$T/log" "$T/check" && no "a log shows the password"
done
grep -q Sanitizer "$T/log" && no "sanitizer report"
exit $failed
