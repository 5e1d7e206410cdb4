#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Called by `make run` with the binary: fills the default cache from
# assets/sample/ when it is empty, so a fresh checkout shows news.
# Never fails the build: a problem here is reported and the display
# starts anyway (it shows the "no news yet" card).
khabar=${1:-build/khabar}
dir=$(dirname "$0")/..
if ! "$khabar" import --help >/dev/null 2>&1; then
	echo "first-run: this khabar has no import command; starting with the cache as it is" >&2
	exit 0
fi
count=$("$khabar" list 2>/dev/null | wc -l)
if [ "$count" -eq 0 ]; then
	echo "first-run: the cache is empty; importing $dir/assets/sample/" >&2
	"$khabar" import "$dir/assets/sample/" >&2 || echo "first-run: import failed; continuing" >&2
fi
exit 0
