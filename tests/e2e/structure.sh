#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The layers of firmware/ are checked (scripts/check-structure.sh, also
# `make structure`): the tree passes; an app/ file that includes a writer's
# header and a show/ file that includes libcurl's each fail, naming the file,
# the line and the rule; docs/hacking.md carries the script's table.
set -u
. tests/e2e/lib.sh
fail=0
scripts/check-structure.sh || fail=1

# A copy of the tree with one forbidden include; the check must name it.
planted() { # planted FILE LINE-TO-ADD EXPECTED-WORDS
	rm -rf "$T/tree"
	mkdir -p "$T/tree"
	cp -r firmware "$T/tree/"
	printf '%s\n' "$2" >>"$T/tree/$1"
	out=$(scripts/check-structure.sh --root "$T/tree" 2>&1)
	rc=$?
	n=$(wc -l <"$T/tree/$1")
	if [ $rc = 0 ]; then
		echo "structure: $2 in $1 passed the check"
		fail=1
	elif ! printf '%s\n' "$out" | grep -q "^$1:$n: .*$3"; then
		echo "structure: $2 in $1: the check did not name $1:$n and '$3':"
		printf '%s\n' "$out"
		fail=1
	fi
}
planted firmware/app/app.c '#include "feed/mqtt.h"' 'app/ may not include feed/'
planted firmware/show/card.c '#include <curl/curl.h>' 'show/ may not include <curl/curl.h>'
planted firmware/screen/screen.c '#include "cache/cache.h"' 'screen/ may not include cache/'
planted firmware/base/util.c '#include "text/text.h"' 'base/ may not include text/'
planted firmware/show/deck.c '#include "util.h"' 'must name its folder'
planted firmware/feed/sync.c '#include "cache/cache_int.h"' 'private to cache/'

# The table in docs/hacking.md is the script's, line for line.
scripts/check-structure.sh --table >"$T/table"
sed -n '/^```layers$/,/^```$/p' docs/hacking.md | sed '1d;$d' >"$T/doc"
if ! cmp -s "$T/table" "$T/doc"; then
	echo "structure: docs/hacking.md's layer table differs from scripts/check-structure.sh's:"
	diff "$T/table" "$T/doc"
	fail=1
fi
exit $fail
