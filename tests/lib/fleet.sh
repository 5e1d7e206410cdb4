# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by the end-to-end scripts of the fleet and the console, after
# tests/e2e/lib.sh and tests/lib/mosquitto.sh (broker_start sets
# BROKER_PORT): the pieces of their setup that are the same. Starts
# nothing and prints nothing by itself.
#
#   free_port           a free TCP port on 127.0.0.1, printed
#   fleet_screens NAME..  for each screen NAME, $T/NAME/k.db holding the
#                       sample articles and $T/NAME/k.ini: no transition,
#                       a card stays 10 minutes, the broker, [fleet] name
#                       NAME, group halls for hall-2 and lobby for the rest,
#                       a status every 2 s
#   keynote_ics         an iCalendar file, printed: a keynote in Hall 2
#                       from 5 minutes ago to 55 minutes ahead
#   console_plain PORT  the [console] section of a console on
#                       127.0.0.1:PORT over plain HTTP, its users and state
#                       in $T, and the cache $T/k.db, printed
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
fleet_screens() {
	for _s in "$@"; do
		mkdir -p "$T/$_s"
		"$KHABAR" --db "$T/$_s/k.db" import assets/sample/ >/dev/null 2>&1 ||
			fail "import into $_s"
		_g=lobby
		[ "$_s" = hall-2 ] && _g=halls
		printf '[cards]\ntransition = none\nmin_dwell = 600\nmax_dwell = 600\n[mqtt]\nurl = mqtt://127.0.0.1:%s\nclient_id = %s\n[fleet]\nname = %s\ngroups = %s\nevery = 2s\n' \
			"$BROKER_PORT" "$_s" "$_s" "$_g" >"$T/$_s/k.ini"
	done
}
keynote_ics() {
	python3 - <<'PY'
import datetime as d
n = d.datetime.now(d.timezone.utc).replace(microsecond=0, second=0)
f = lambda m: (n + d.timedelta(minutes=m)).strftime("%Y%m%dT%H%M%SZ")
print("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//khabar//e2e//EN\r")
print("BEGIN:VEVENT\r\nUID:k@e2e\r\nDTSTAMP:%s\r\nDTSTART:%s\r\nDTEND:%s\r\nSUMMARY:Keynote\r\nLOCATION:Hall 2\r\nEND:VEVENT\r" % (f(0), f(-5), f(55)))
print("END:VCALENDAR\r")
PY
}
console_plain() {
	printf '[console]\nlisten = 127.0.0.1:%s\nusers = %s/users\nplain_http = yes\nstate_dir = %s/state\n[cache]\npath = %s/k.db\n' \
		"$1" "$T" "$T" "$T"
}
