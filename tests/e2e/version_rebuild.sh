#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A version bump rebuilds what says the version: `make VERSION=...` (and so
# `make deb VERSION=...`) would compile main.c and config.c again, and the
# same version compiles nothing. Read from make's dry run over this build.
set -u
: "${BUILD:=build}"
fail() { echo "FAIL: $*"; exit 1; }
[ -f "$BUILD/obj/main.d" ] || { echo "version_rebuild: skipped: no $BUILD/obj/main.d (build first)"; exit 77; }
make -n BUILD="$BUILD" VERSION=99.0.0 "$BUILD/khabar" >"$BUILD/version-dry" 2>&1
grep -q "firmware/.*main\.c" "$BUILD/version-dry" || fail "a new VERSION does not rebuild main.c: $(head -5 "$BUILD/version-dry")"
grep -q "firmware/.*config\.c" "$BUILD/version-dry" || fail "a new VERSION does not rebuild config.c"
v=$("$BUILD/khabar" --version | awk '{print $2}')
make -n BUILD="$BUILD" VERSION="$v" "$BUILD/khabar" >"$BUILD/version-dry" 2>&1
grep -q "firmware/.*\.c" "$BUILD/version-dry" && fail "the same VERSION rebuilds: $(grep -o 'firmware/[^ ]*\.c' "$BUILD/version-dry")"
rm -f "$BUILD/version-dry"
exit 0
