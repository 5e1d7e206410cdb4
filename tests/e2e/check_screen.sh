#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# `khabar check` on the screen: a [display] drm_device that is not a DRM
# card, or is missing, is a problem named on its own line (exit 1); the
# [screen] schedule says whether the screen is on now.
set -u
. tests/e2e/lib.sh
"$KHABAR" --db "$T/c.db" import assets/sample/ >/dev/null 2>&1
expect() { # status text config-lines
	printf "$3" >"$T/c.ini"
	"$KHABAR" --config "$T/c.ini" --db "$T/c.db" check >"$T/out" 2>&1
	rc=$?
	if [ $rc != "$1" ] || ! grep -q "$2" "$T/out"; then
		echo "check_screen: want exit $1 and '$2' for:"
		cat "$T/c.ini"
		echo "got exit $rc:"
		cat "$T/out"
		failed=1
	fi
}
expect 0 "^screen: on now by the night schedule$" ''
expect 0 "^screen: off now by the night schedule, with HDMI-CEC$" '[screen]\non = off\ncec = yes\n'
expect 1 "^screen: \[display\] drm_device = '/dev/null' is not a DRM card" '[display]\ndrm_device = /dev/null\n'
expect 1 "^screen: \[display\] drm_device = '/dev/dri/card99': no such device" '[display]\ndrm_device = /dev/dri/card99\n'
expect 2 "\[screen\] friday = 'evenings' is not valid" '[screen]\nfriday = evenings\n'
[ $failed = 0 ] && echo "check_screen: drm_device and the schedule checked"
exit $failed
