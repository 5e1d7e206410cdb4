#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The seed article through the command line: import, then list --json,
# compared with the golden file (without the import time, which varies).
set -eu
: "${KHABAR:=build/khabar}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$KHABAR" --db "$dir/t.db" import assets/sample/000_eddeb88cb7a96027.txt >"$dir/out"
grep -q 'imported 1, updated 0, skipped 0' "$dir/out"
"$KHABAR" --db "$dir/t.db" list --json >"$dir/list.json"
grep -q '"imported": "20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9:]*Z"' "$dir/list.json"
grep -v '"imported":' "$dir/list.json" | diff -u tests/golden/seed-list.json -
# The output imports again unchanged.
"$KHABAR" --db "$dir/t.db" import "$dir/list.json" | grep -q 'imported 0, updated 1, skipped 0'
"$KHABAR" --db "$dir/t.db" list --json | diff -u "$dir/list.json" -
