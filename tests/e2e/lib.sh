# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by the end-to-end scripts (`. tests/e2e/lib.sh`): the binary under
# test, a private temporary folder removed on exit together with whatever
# the script registered, and the ways a script ends. It must not start
# anything, wait for anything or print anything by itself.
#
#   KHABAR, BUILD     the binary under test and its build folder
#   T                 a new folder of this script's, removed on exit
#   at_exit CMD       run CMD on exit, before T is removed (last added first)
#   show_on_fail F..  print these files when the script ends in failure
#   keep_on_fail      keep T (screenshots, logs) when it ends in failure
#   fail MESSAGE      print "FAIL: MESSAGE" and exit 1
#   no MESSAGE        print "FAIL: MESSAGE", set failed=1 and go on; the
#                     script ends with `exit $failed`
#   skip MESSAGE      print MESSAGE (run.sh lists it) and exit 77
#   wait_for N CMD..  run CMD every 0.1 s until it succeeds; 1 when it has
#                     not within N seconds (a generous bound: the machine
#                     may be loaded, so wait on an event, never the clock)
: "${KHABAR:=build/khabar}" "${BUILD:=build}" "${TEST_TMP:=${TMPDIR:-/tmp}}"
export KHABAR BUILD
T=$(mktemp -d "$TEST_TMP/e2e.XXXXXX") || exit 1
failed=0
_at_exit=""
_show=""
_keep=""
at_exit() { _at_exit="$1; $_at_exit"; }
show_on_fail() { _show="$_show $*"; }
keep_on_fail() { _keep=1; }
_lib_exit() {
	set +e
	if [ "$1" != 0 ] && [ "$1" != 77 ]; then
		for _f in $_show; do
			[ -s "$_f" ] && { echo "--- $_f"; cat "$_f"; }
		done
	fi
	eval "$_at_exit"
	if [ -n "$_keep" ] && [ "$1" != 0 ] && [ "$1" != 77 ]; then
		echo "kept: $T"
	else
		rm -rf "$T"
	fi
}
trap '_lib_exit $?' EXIT
trap 'exit 130' INT TERM
fail() {
	echo "FAIL: $*"
	exit 1
}
no() {
	echo "FAIL: $*"
	failed=1
}
skip() {
	echo "$*"
	exit 77
}
wait_for() {
	_n=$(($1 * 10))
	shift
	while ! "$@"; do
		_n=$((_n - 1))
		[ $_n -gt 0 ] || return 1
		sleep 0.1
	done
}
