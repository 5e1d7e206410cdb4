# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by the end-to-end scripts (`. tests/e2e/lib.sh`): the binary under
# test, a private temporary folder removed on exit together with whatever
# the script registered, and the ways a script ends. It must not start
# anything, wait for anything or print anything by itself.
#
#   KHABAR, BUILD     the binary under test and its build folder
#   T                 a new folder of this script's, removed on exit
#   XNUM              where `xvfb-run -a -n "$XNUM"` starts looking for a
#                     free display: random, so two test runs side by side
#                     seldom race for the same one
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
#   wait_line F P N   wait up to N s for a line of file F after line $mark
#                     (0 at first) matching the grep pattern P; mark becomes
#                     that line's number, so the next wait looks past it
#   x_run WxH LOG CMD..  CMD (the display) in the background under an X
#                     server of its own (xvfb-run), with SDL_VIDEODRIVER=x11
#                     (the runner's offscreen is for the rest), its output
#                     to LOG; sets
#                     XPID (xvfb-run) and DPID (CMD), exports DISPLAY and
#                     XAUTHORITY for import and xdotool; CMD stopped on exit
#   x_stop            SIGTERM to CMD; waits for it and its X server; the
#                     exit status is CMD's
#   snap NAME N CMD.. screenshots of the root window to $T/NAME.png until
#                     CMD succeeds, up to N seconds
#   golden_check NAME WxH PNG  PNG against tests/golden/NAME-WxH.png (2%
#                     fuzz, at most one pixel in 500 differs); prints the
#                     result, sets failed=1 when it differs;
#                     KHABAR_GOLDEN_UPDATE=1 copies PNG there instead
: "${KHABAR:=build/khabar}" "${BUILD:=build}" "${TEST_TMP:=${TMPDIR:-/tmp}}"
export KHABAR BUILD
T=$(mktemp -d "$TEST_TMP/e2e.XXXXXX") || exit 1
XNUM=$((100 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 4000))
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
	_wf=$(($1 * 10))
	shift
	while ! "$@"; do
		_wf=$((_wf - 1))
		[ $_wf -gt 0 ] || return 1
		sleep 0.1
	done
}
mark=0
_line_after_mark() { # file pattern
	_ln=$(tail -n +"$((mark + 1))" "$1" 2>/dev/null | grep -n -m 1 -- "$2" | cut -d: -f1)
	[ -n "$_ln" ] && mark=$((mark + _ln))
}
wait_line() {
	wait_for "$3" _line_after_mark "$1" "$2"
}
x_run() {
	_geom=$1 _log=$2
	shift 2
	rm -f "$T/.xenv"
	xvfb-run -a -n "$XNUM" -s "-screen 0 ${_geom}x24" sh -c \
		'l=$1; shift; echo "$$ $DISPLAY $XAUTHORITY" >"$0.tmp" && mv "$0.tmp" "$0" &&
		export SDL_VIDEODRIVER=x11 && exec "$@" >"$l" 2>&1' \
		"$T/.xenv" "$_log" "$@" &
	XPID=$!
	wait_for 60 test -s "$T/.xenv" || fail "xvfb-run did not start ($*)"
	read -r DPID DISPLAY XAUTHORITY <"$T/.xenv"
	export DISPLAY XAUTHORITY
	at_exit "kill $DPID 2>/dev/null; wait $XPID 2>/dev/null"
}
x_stop() {
	kill -TERM "$DPID" 2>/dev/null
	wait "$XPID"
}
_snap() {
	_name=$1
	shift
	import -window root "$T/$_name.png" 2>/dev/null && "$@"
}
snap() {
	_sn=$1 _sw=$2
	shift 2
	wait_for "$_sw" _snap "$_sn" "$@"
}
golden_check() { # name size file
	want="tests/golden/$1-$2.png"
	if [ "${KHABAR_GOLDEN_UPDATE:-0}" = 1 ]; then
		cp "$3" "$want"
		echo "golden: updated $want"
		return
	fi
	if [ ! -f "$want" ]; then
		echo "golden: $want is missing"
		failed=1
		return
	fi
	w=${2%x*}
	h=${2#*x}
	limit=$((w * h / 500))
	diff=$(compare -metric AE -fuzz 2% "$want" "$3" "$T/diff-$1-$2.png" 2>&1 >/dev/null || true)
	diff=${diff%% *}
	case "$diff" in
	'' | *[!0-9.e+]*)
		echo "golden: $1 $2: compare failed: $diff"
		failed=1
		;;
	*)
		if [ "$(printf '%.0f' "$diff")" -gt "$limit" ]; then
			echo "golden: $1 $2: $diff pixels differ (limit $limit); see $T/diff-$1-$2.png"
			failed=1
		else
			echo "golden: $1 $2: ok ($diff pixels differ)"
		fi
		;;
	esac
}
