#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Two programs: the display (build/khabar) links no network library, and
# the running display with feeds and an [mqtt] broker configured has none
# mapped (/proc/PID/maps), while its child, the network program
# khabar-net, has libcurl and libmosquitto (so the check can fail) and
# holds no window, DRM or input device. `khabar sync` runs khabar-net.
. tests/e2e/lib.sh
NET=$(dirname "$KHABAR")/khabar-net
[ -x "$NET" ] || fail "no network program beside $KHABAR"
NETLIBS='curl|libssl|libcrypto|gnutls|mosquitto|krb5|ldap'
if ldd "$KHABAR" | grep -E "$NETLIBS"; then
	fail "$KHABAR links a network library"
fi
ldd "$NET" | grep -q libcurl || fail "$NET does not link libcurl"
echo "net_split: $KHABAR links $(ldd "$KHABAR" | wc -l) libraries, $NET $(ldd "$NET" | wc -l)"

# A feed nobody serves (port 9 refuses) and a broker nobody runs: the
# network program starts, and goes on trying.
cat >"$T/k.ini" <<EOF2
[ticker]
enabled = no
[feed down]
url = http://127.0.0.1:9/feed.xml
[mqtt]
url = mqtt://127.0.0.1:9
EOF2
"$KHABAR" --db "$T/k.db" import assets/sample/articles.json >/dev/null 2>&1 || fail "import"
"$KHABAR" --config "$T/k.ini" --db "$T/k.db" run --windowed 640x360 --exit-after 60 \
	>"$T/log" 2>&1 &
pid=$!
at_exit "kill $pid 2>/dev/null"
i=0
net=""
while [ -z "$net" ] && [ $i -lt 300 ]; do
	sleep 0.1
	grep -q "first card on screen" "$T/log" && net=$(pgrep -P "$pid" | head -n 1)
	i=$((i + 1))
done
[ -n "$net" ] || { cat "$T/log"; fail "no network program under the display"; }
# The child is exec'd when its maps name khabar-net.
i=0
until grep -q khabar-net "/proc/$net/maps" 2>/dev/null || [ $i -gt 100 ]; do sleep 0.1; i=$((i + 1)); done
if grep -E "$NETLIBS" "/proc/$pid/maps"; then
	fail "the running display has a network library mapped"
fi
grep -q libcurl "/proc/$net/maps" || fail "the network program has no libcurl mapped"
grep -q libmosquitto "/proc/$net/maps" || fail "the network program has no libmosquitto mapped"
if ls -l "/proc/$net/fd" | grep -E '/dev/(dri|input|fb|cec|tty)|X11-unix'; then
	fail "the network program holds a device or the X server"
fi
echo "net_split: display $pid maps $(wc -l <"/proc/$pid/maps") regions, none of a network library"
kill "$pid"
wait "$pid" || fail "the display did not stop cleanly"
kill -0 "$net" 2>/dev/null && fail "the network program outlived the display"
grep -q "sync: every 600 s" "$T/log" || fail "the network program ran no feed rounds"

# khabar sync is khabar-net's.
"$KHABAR" --config "$T/k.ini" --db "$T/k.db" sync --help | grep -q "usage: khabar sync" ||
	fail "khabar sync --help"
"$KHABAR" --config "$T/k.ini" --db "$T/k.db" sync --status | grep -q "^down " ||
	fail "khabar sync --status does not list the feed"
exit 0
