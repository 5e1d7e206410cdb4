# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by end-to-end scripts that need the loopback feed server
# (tests/lib/feedserver.py, on 127.0.0.1 at a free port or the one given):
#
#   feedserver_start WWW PORTFILE [PORT]  serves WWW; sets srv (its pid)
#                                         and port; 1 when it has not
#                                         started within 60 s (a loaded
#                                         machine is slow to start Python)
#
# The caller kills $srv (its EXIT trap).

feedserver_start() {
	rm -f "$2"
	python3 tests/lib/feedserver.py "$1" "$2" ${3:-} &
	srv=$!
	_i=0
	while [ ! -s "$2" ] && [ $_i -lt 600 ]; do sleep 0.1; _i=$((_i + 1)); done
	[ -s "$2" ] || return 1
	port=$(cat "$2")
}
