# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by end-to-end scripts that need an MQTT broker: a real mosquitto
# on 127.0.0.1 at a free port, with its own config file.
#
#   broker_start DIR [EXTRA_CONFIG_FILE]  writes DIR/mosquitto.conf, starts
#                                         the broker, sets BROKER_PORT and
#                                         BROKER_PID; 1 when it cannot start
#   broker_stop                           kills the broker started last
#
# BROKER_PORT stays set after broker_stop, so a restart takes the same port.

broker_bin() {
	for b in mosquitto /usr/sbin/mosquitto; do
		command -v "$b" 2>/dev/null && return 0
	done
	return 1
}

# A port nobody listens on (mosquitto_pub cannot connect there).
broker_pick_port() {
	while :; do
		p=$(($(od -An -N2 -tu2 /dev/urandom) % 30000 + 20000))
		mosquitto_pub -h 127.0.0.1 -p "$p" -t probe -n -q 0 >/dev/null 2>&1 || break
	done
	echo "$p"
}

broker_start() {
	_bdir=$1
	_bin=$(broker_bin) || { echo "mosquitto: not installed"; return 1; }
	_tries=0
	: >>"$_bdir/mosquitto.log"
	while [ $_tries -lt 5 ]; do
		: "${BROKER_PORT:=$(broker_pick_port)}"
		{
			# As root it would switch to the mosquitto user, who may not
			# read the test's private directory: stay this user.
			printf 'listener %s 127.0.0.1\npersistence false\nuser %s\n' "$BROKER_PORT" "$(id -un)"
			if [ -n "${2:-}" ]; then cat "$2"; else echo 'allow_anonymous true'; fi
		} >"$_bdir/mosquitto.conf"
		"$_bin" -c "$_bdir/mosquitto.conf" >>"$_bdir/mosquitto.log" 2>&1 &
		BROKER_PID=$!
		_i=0
		while [ $_i -lt 50 ]; do
			kill -0 "$BROKER_PID" 2>/dev/null || break
			grep -q "mosquitto version .* running" "$_bdir/mosquitto.log" && return 0
			sleep 0.1
			_i=$((_i + 1))
		done
		kill "$BROKER_PID" 2>/dev/null
		wait "$BROKER_PID" 2>/dev/null
		BROKER_PORT= # taken meanwhile: another port
		_tries=$((_tries + 1))
	done
	echo "mosquitto: could not start; its log:"
	cat "$_bdir/mosquitto.log"
	return 1
}

broker_stop() {
	[ -n "${BROKER_PID:-}" ] || return 0
	kill "$BROKER_PID" 2>/dev/null
	wait "$BROKER_PID" 2>/dev/null
	BROKER_PID=
}
