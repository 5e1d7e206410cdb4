# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by the end-to-end scripts (`. tests/e2e/lib.sh`): the binary under
# test, a private temporary folder removed on exit together with whatever
# the script registered, and the ways a script ends.
#
#   KHABAR, BUILD     the binary under test and its build folder
#   T                 a new folder of this script's, removed on exit
#   at_exit CMD       run CMD on exit, before T is removed (last added first)
#   fail MESSAGE      print "FAIL: MESSAGE" and exit 1
#   skip MESSAGE      print MESSAGE (run.sh lists it) and exit 77
: "${KHABAR:=build/khabar}" "${BUILD:=build}" "${TEST_TMP:=${TMPDIR:-/tmp}}"
export KHABAR BUILD
T=$(mktemp -d "$TEST_TMP/e2e.XXXXXX") || exit 1
_at_exit=""
at_exit() { _at_exit="$1; $_at_exit"; }
trap 'eval "$_at_exit"; rm -rf "$T"' EXIT
trap 'exit 130' INT TERM
fail() {
	echo "FAIL: $*"
	exit 1
}
skip() {
	echo "$*"
	exit 77
}
