#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The seed article through the command line: import, then list --json,
# compared with the golden file (without the import time, which varies).
set -eu
. tests/e2e/lib.sh
"$KHABAR" --db "$T/t.db" import assets/sample/000_eddeb88cb7a96027.txt >"$T/out"
grep -q 'imported 1, updated 0, skipped 0' "$T/out"
"$KHABAR" --db "$T/t.db" list --json >"$T/list.json"
grep -q '"imported": "20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9:]*Z"' "$T/list.json"
grep -v '"imported":' "$T/list.json" | diff -u tests/golden/seed-list.json -
# The output imports again unchanged.
"$KHABAR" --db "$T/t.db" import "$T/list.json" | grep -q 'imported 0, updated 1, skipped 0'
"$KHABAR" --db "$T/t.db" list --json | diff -u "$T/list.json" -
