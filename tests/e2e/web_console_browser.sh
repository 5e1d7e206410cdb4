#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The console in a real browser: Debian's chromium driven by Selenium
# (tests/lib/console_browser.py) at 360x740, a real display in Xvfb
# reporting to a real mosquitto, and axe-core (from the npm registry,
# fetched once into $BUILD/axe, never committed) on every page in Persian
# and in English. Skipped with a message when chromium, chromedriver,
# python3-selenium or axe-core are not to be had.
set -u
. tests/e2e/lib.sh
. tests/lib/mosquitto.sh
. tests/lib/fleet.sh
for t in chromium chromedriver xvfb-run import python3 curl; do
	command -v $t >/dev/null || skip "web_console_browser: skipped: needs $t"
done
# Debian's python3-selenium is in Debian's python3, whatever is first in PATH.
PY=/usr/bin/python3
[ -x $PY ] || PY=python3
$PY -c 'import selenium' 2>/dev/null || skip "web_console_browser: skipped: needs python3-selenium"
AXE=$BUILD/axe/node_modules/axe-core/axe.min.js
if [ ! -f "$AXE" ]; then
	command -v npm >/dev/null || skip "web_console_browser: skipped: needs npm for axe-core"
	mkdir -p "$BUILD/axe"
	npm install --silent --no-audit --no-fund --prefix "$BUILD/axe" axe-core@4 >"$T/npm.log" 2>&1 ||
		skip "web_console_browser: skipped: axe-core could not be fetched: $(tail -1 "$T/npm.log")"
fi
broker_start "$T" || fail "no broker"
at_exit broker_stop
"$KHABAR" --db "$T/k.db" import assets/sample/ >/dev/null 2>&1 || fail "import"
# A hall with a talk on now, for the halls page.
keynote_ics >"$T/t.ics"
"$KHABAR" --db "$T/k.db" import "$T/t.ics" >/dev/null 2>&1 || fail "import of the schedule"
port=$(free_port)
cat >"$T/k.ini" <<INI
[cards]
transition = none
min_dwell = 4
max_dwell = 6
[mqtt]
url = mqtt://127.0.0.1:$BROKER_PORT
client_id = lobby-1
[fleet]
name = lobby-1
groups = lobby
every = 2s
INI
console_plain "$port" >>"$T/k.ini"
printf 'steward pass 9\n' | "$KHABAR" --config "$T/k.ini" console --add-user steward >/dev/null || fail "--add-user"
# Hall 2's door screen, a display of its own under an X server of its
# own: the console's "full" button must turn its screen red.
cp "$T/k.db" "$T/door.db"
sed -e 's/^client_id = lobby-1$/client_id = hall-2/' -e 's/^name = lobby-1$/name = hall-2/' \
	-e 's/^groups = lobby$/groups = doors/' -e "s|^path = .*|path = $T/door.db|" \
	"$T/k.ini" >"$T/door.ini"
printf '[schedule]\nroom = Hall 2\n' >>"$T/door.ini"
x_run 1280x720 "$T/door.log" env KHABAR_LOG=debug "$KHABAR" --config "$T/door.ini" run \
	--windowed 1280x720
DOOR_DISPLAY=$DISPLAY DOOR_XAUTH=$XAUTHORITY
x_run 1280x720 "$T/display.log" "$KHABAR" --config "$T/k.ini" run --windowed 1280x720
show_on_fail "$T/display.log" "$T/door.log" "$T/console.log"
wait_for 60 grep -q "mqtt: connected" "$T/display.log" || fail "the display did not connect"
wait_for 60 grep -q "mqtt: connected" "$T/door.log" || fail "the door screen did not connect"
# The share of the door screen's shot $1 in the full band's red (the
# theme's breaking colour), in thousandths.
door_red() {
	DISPLAY=$DOOR_DISPLAY XAUTHORITY=$DOOR_XAUTH import -window root "$T/$1.png" 2>/dev/null &&
		convert "$T/$1.png" -fuzz 4% -fill black +opaque '#b3261e' -fill white \
			-opaque '#b3261e' -format "%[fx:int(mean*1000)]" info:
}
[ "$(door_red door-before)" -le 3 ] || fail "Hall 2's door screen is red before it was marked full"
"$KHABAR" --config "$T/k.ini" console >"$T/console.log" 2>&1 &
at_exit "kill $! 2>/dev/null"
wait_for 30 grep -q "listening on" "$T/console.log" || fail "the console did not start"
keep_on_fail
$PY tests/lib/console_browser.py "http://127.0.0.1:$port" steward 'steward pass 9' "$AXE" "$T" ||
	fail "web_console_browser: see above; screenshots in $T"
# Marked full from the halls page (the script above): on the door screen.
wait_for 60 grep -q "hall Hall 2 is full" "$T/door.log" ||
	fail "Hall 2's door screen did not take the full state"
red_after() { [ "$(door_red door-full)" -ge 30 ]; }
wait_for 30 red_after || fail "Hall 2's door screen shows no full band (see $T/door-full.png)"
echo "Hall 2's door screen shows the full band"
[ -n "${CONSOLE_SHOT:-}" ] && cp "$T/console-fa.png" "$CONSOLE_SHOT"
exit $failed
