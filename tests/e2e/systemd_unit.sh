#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The systemd unit's hardening, as systemd itself rates it offline:
# `systemd-analyze security` gives khabar.service an exposure level of at
# most 2.0 ("OK"; 10 is a unit with none). What each left-out setting would
# break is in the unit's comments. `systemd-analyze verify` runs in the
# package test, where /usr/bin/khabar exists.
set -u
. tests/e2e/lib.sh
command -v systemd-analyze >/dev/null || fail "systemd-analyze is missing (scripts/deps.sh installs it)"
out=$(systemd-analyze security --offline=yes --threshold=20 assets/systemd/khabar.service 2>&1)
rc=$?
echo "$out" | tail -n 1
if [ $rc != 0 ]; then
	echo "$out" | grep '✗'
	fail "the exposure level is above 2.0"
fi
