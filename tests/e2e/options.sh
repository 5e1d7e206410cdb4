#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Command-line mistakes end with exit status 2 and one message naming the
# option, for every command; nothing is written.
set -u
. tests/e2e/lib.sh
expect() { # status message-part args...
	want=$1 part=$2
	shift 2
	"$KHABAR" --db "$T/k.db" "$@" </dev/null >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" -ne "$want" ] || ! grep -q -- "$part" "$T/err" "$T/out"; then
		echo "options: khabar $*: exit $rc (want $want), no '$part' in:"
		cat "$T/err"
		failed=1
	fi
}
expect 2 "--windowed needs a value" run --windowed
expect 2 "not WxH" run --windowed 12x5
expect 2 "not WxH" render --out "$T/x.png" --size 1920x1080junk
expect 2 "from 160x120 to 8192x8192" render --out "$T/x.png" --size 100000x100000
expect 2 "--exit-after" run --exit-after soon
expect 2 "--db needs a value" --db
expect 2 "--card" render --out "$T/x.png" --card -1
expect 2 "0, 90, 180 or 270" render --out "$T/x.png" --rotate 45
expect 2 "--align" layout --align sideways
expect 2 "--max-body needs a value" import --max-body
expect 2 "unknown option '--bogus'" prune --bogus
expect 2 "unknown option '--bogus'" check --bogus
expect 2 "--out FILE.png is required" render
expect 0 "usage: khabar render" render --help
# Every command's --help says what it does, not only its usage line.
for c in run import list remove post prune render layout check; do
	"$KHABAR" "$c" --help >"$T/out" 2>&1
	[ $? -eq 0 ] && [ "$(wc -l <"$T/out")" -ge 2 ] ||
		{ echo "options: khabar $c --help: no description"; cat "$T/out"; failed=1; }
done
if [ -e "$T/x.png" ] || [ -e "$T/k.db" ]; then
	echo "options: a failed command wrote a file"
	failed=1
fi
exit $failed
