#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs every test binary (cmocka) given as arguments, then every
# end-to-end script in tests/e2e/, and prints one summary line
# "N passed, N failed" that CI reads. Exit status 1 when anything failed.
# A script that exits 77 could not run here (no root, no corpus, under the
# sanitizers): it is listed as skipped and counted neither way.
#
# Environment: KHABAR (the binary under test), BUILD (the build directory);
# ONLY=NAME runs only the test binary or e2e script of that name (`make
# check T=test_text`, `make check T=post`; several names separated by
# spaces, as `make release-check` gives, each may be a pattern: test_*),
# and TEST=PATTERN only the cmocka tests whose names match.
set -u
: "${KHABAR:=build/khabar}" "${BUILD:=build}"
export KHABAR BUILD
# No monitor: SDL draws offscreen; the software path, no Mesa.
export SDL_VIDEODRIVER="${SDL_VIDEODRIVER:-offscreen}"
export SDL_FRAMEBUFFER_ACCELERATION=0
export SDL_AUDIODRIVER=dummy
# Under `make asan`: leaks of system libraries (not khabar's) are listed in
# tests/lib/lsan.supp.
export LSAN_OPTIONS="suppressions=$(pwd)/tests/lib/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
# Never touch the user's own cache or config.
TEST_HOME=$(mktemp -d)
trap 'rm -rf "$TEST_HOME"' EXIT
export XDG_DATA_HOME="$TEST_HOME/data" XDG_CONFIG_HOME="$TEST_HOME/config"
export XDG_CACHE_HOME="$TEST_HOME/cache"
export TEST_TMP="$TEST_HOME"

passed=0
failed=0
failures=""
skipped=""
only() {
	[ -z "${ONLY:-}" ] && return 0
	set -f # a name may be a pattern (test_*), matched here, not in the folder
	for o in $ONLY; do
		case "$1" in
		$o | e2e/$o) set +f && return 0 ;;
		esac
	done
	set +f
	return 1
}
for t in "$@"; do
	only "$(basename "$t")" || continue
	out="$TEST_HOME/$(basename "$t").out"
	"$t" >"$out" 2>&1
	rc=$?
	cat "$out"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$out" | awk '{s+=$1} END {print s+0}')
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$out" | awk '{s+=$1} END {print s+0}')
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1 # crashed or failed outside cmocka
		failures="$failures $(basename "$t")(exit $rc)"
	fi
	[ "$f" -gt 0 ] && failures="$failures $(basename "$t")"
	passed=$((passed + p))
	failed=$((failed + f))
done
for s in tests/e2e/*.sh; do
	[ -f "$s" ] || continue
	name=$(basename "$s" .sh)
	[ "$name" = lib ] && continue # sourced by the others
	only "e2e/$name" || continue
	sh "$s" >"$TEST_HOME/$name.out" 2>&1
	rc=$?
	if [ $rc = 0 ]; then
		echo "[       OK ] e2e/$name"
		passed=$((passed + 1))
	elif [ $rc = 77 ]; then # did not run here: neither passed nor failed
		echo "[  SKIPPED ] e2e/$name: $(tail -n 1 "$TEST_HOME/$name.out")"
		skipped="$skipped e2e/$name"
	else
		cat "$TEST_HOME/$name.out"
		echo "[  FAILED  ] e2e/$name"
		failed=$((failed + 1))
		failures="$failures e2e/$name"
	fi
done
[ -n "$skipped" ] && echo "skipped (not counted):$skipped"
[ -n "$failures" ] && echo "failed:$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
