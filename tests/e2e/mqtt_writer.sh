#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The display's MQTT writer against a real mosquitto on loopback
# (tests/lib/mosquitto.sh), displays offscreen:
# - two screens with the same host name (each in its own UTS and mount
#   namespace, with its own /etc/machine-id, as two Raspberry Pis flashed
#   from one image) keep their own sessions: the broker never throws one
#   off for the other, and both store a message;
# - a message naming a local file as its image is stored without it (the
#   display never opens a path the sender chose);
# - a message over [mqtt] max_message (256 KB) is dropped with a log line;
# - `khabar repair` replaces the cache file under the running writer: the
#   next message reaches the new file;
# - a message that arrives while the cache is locked is stored once the
#   lock is gone, not dropped.
set -u
. tests/e2e/lib.sh
for t in mosquitto_pub sqlite3; do
	command -v $t >/dev/null || fail "needs $t"
done
. tests/lib/mosquitto.sh
pids=""
at_exit 'for p in $pids; do kill "$p" 2>/dev/null; done; broker_stop'
show_on_fail "$T/log" "$T/log-s1" "$T/log-s2" "$T/mosquitto.log"
broker_start "$T" || fail "the broker did not start"
export SDL_VIDEODRIVER=offscreen SDL_FRAMEBUFFER_ACCELERATION=0 KHABAR_LOG=debug
cat >"$T/k.ini" <<INI
[cards]
transition = none
[ticker]
enabled = no
[cache]
retry_seconds = 1
[mqtt]
url = mqtt://127.0.0.1:$BROKER_PORT
topic = khabar/announce/#
INI
pub() { mosquitto_pub -h 127.0.0.1 -p "$BROKER_PORT" -q 1 "$@"; }
# Poll until file $1 holds $2 (grep -F), up to $3 tenths of a second.
wait_grep() {
	_i=0
	until grep -qF -- "$2" "$1" 2>/dev/null; do
		_i=$((_i + 1))
		[ "$_i" -gt "$3" ] && return 1
		sleep 0.1
	done
}
wait_list() { # db string seconds
	_i=0
	until "$KHABAR" --db "$1" list --all --json 2>/dev/null | grep -qF -- "$2"; do
		_i=$((_i + 1))
		[ "$_i" -gt $(($3 * 10)) ] && return 1
		sleep 0.1
	done
}

# Two screens named alike. Without namespaces (not root) they cannot be
# given one host name and two machine ids: that part is skipped.
twins=0
printf '00000000000000000000000000000000\n' >"$T/machine-id-probe"
if [ "$(id -u)" = 0 ] && unshare --mount --uts sh -c 'hostname raspberrypi &&
	mount --bind "$1" /etc/machine-id' sh "$T/machine-id-probe" 2>/dev/null; then
	twins=1
	for n in 1 2; do
		printf '%s0000000000000000000000000000000%s\n' "$n" "$n" >"$T/machine-id-$n"
		"$KHABAR" --db "$T/s$n.db" import assets/sample/articles.json >/dev/null 2>&1
		unshare --mount --uts sh -c 'hostname raspberrypi &&
			mount --bind "$1" /etc/machine-id &&
			exec "$2" --config "$3" --db "$4" run --exit-after 300' \
			sh "$T/machine-id-$n" "$KHABAR" "$T/k.ini" "$T/s$n.db" >"$T/log-s$n" 2>&1 &
		pids="$pids $!"
	done
	for n in 1 2; do
		wait_grep "$T/log-s$n" "mqtt: connected" 300 || no "screen $n did not connect"
	done
	pub -r -t khabar/announce/twins -m '{"title": "پیام برای دو نمایشگر هم‌نام"}'
	for n in 1 2; do
		wait_list "$T/s$n.db" khabar/announce/twins 20 || no "screen $n did not store the message"
	done
	sleep 2 # a takeover would show within a keepalive-free second or two
	grep -q "already connected" "$T/mosquitto.log" &&
		no "the broker threw a screen off for the other (same client id)"
	for n in 1 2; do
		[ "$(grep -c "mqtt: connected" "$T/log-s$n")" -eq 1 ] ||
			no "screen $n connected more than once"
	done
	grep -q "raspberrypi-${n}0000000" "$T/mosquitto.log" ||
		no "the client id is not the host name plus the machine id"
	for p in $pids; do kill "$p"; wait "$p" 2>/dev/null; done
	pids=""
fi

db="$T/k.db"
"$KHABAR" --db "$db" import assets/sample/articles.json >/dev/null 2>&1
"$KHABAR" --config "$T/k.ini" --db "$db" run --exit-after 300 >"$T/log" 2>&1 &
pids="$!"
wait_grep "$T/log" "mqtt: connected" 300 || no "the display did not connect"

# A local path as the image: stored without it, and said.
cp assets/sample/*.png "$T/local.png" 2>/dev/null || printf 'x' >"$T/local.png"
pub -t khabar/announce/local -m "{\"title\": \"پیامی با تصویر محلی\", \"image\": \"$T/local.png\"}"
wait_list "$db" khabar/announce/local 20 || no "the message with a local image was not stored"
"$KHABAR" --db "$db" list --all --json | grep -F "$T/local.png" >/dev/null &&
	no "a local image path from MQTT was stored for the display to open"
grep -q "khabar/announce/local: image .* is not an http(s) URL" "$T/log" ||
	no "the refused image path was not logged"

# A message over [mqtt] max_message (256 KB by default) is dropped.
{ printf '{"title": "پیام بزرگ", "body": ["'; head -c 300000 /dev/zero | tr '\0' 'a'; printf '"]}'; } >"$T/big.json"
pub -t khabar/announce/big -f "$T/big.json"
wait_grep "$T/log" "khabar/announce/big: message dropped: a message of 300" 200 ||
	no "a message over max_message was not dropped"
# khabar repair puts a new file in place of the cache under the writer.
"$KHABAR" --db "$db" repair >"$T/repair" 2>&1 || no "repair failed: $(cat "$T/repair")"
pub -t khabar/announce/after-repair -m '{"title": "پیام پس از تعمیر"}'
wait_list "$db" khabar/announce/after-repair 20 || no "a message after repair did not reach the new file"

# A locked cache (longer than the cache's 10 s busy timeout): the message
# waits and is stored when the lock is gone.
( sqlite3 "$db" <<SQL
BEGIN EXCLUSIVE;
.shell touch $T/locked
.shell sleep 25
COMMIT;
SQL
) >/dev/null 2>&1 &
locker=$!
i=0
until [ -f "$T/locked" ] || [ $i -gt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ -f "$T/locked" ] || no "the lock was not taken"
pub -t khabar/announce/locked -m '{"title": "پیامی که به قفل خورد"}'
wait $locker
wait_list "$db" khabar/announce/locked 20 || no "a message that met a locked cache was dropped"
grep -q "announcements wait: " "$T/log" || no "the wait for the lock was not logged"
[ $failed = 0 ] || exit 1
[ $twins = 1 ] || { echo "mqtt_writer: ok, but two screens named alike need root for namespaces"; exit 0; }
echo "mqtt_writer: twins, local image, repair, locked cache: ok"
