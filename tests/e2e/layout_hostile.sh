#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# `khabar layout` and `khabar render --text` on hostile input: random bytes,
# NULs, 200 nested bidi embeddings, 100,000 combining marks, a 5 MB
# paragraph. Each must exit 0 with a whole JSON document.
set -u
. tests/e2e/lib.sh

check() { # name file
	if ! "$KHABAR" layout --width 600 <"$2" >"$T/out.json" 2>"$T/err"; then
		echo "FAIL: $1: khabar layout exited $?"; cat "$T/err"; failed=1; return
	fi
	head -c 10 "$T/out.json" | grep -q '^{"width"' || { echo "FAIL: $1: no JSON"; failed=1; }
	tail -c 4 "$T/out.json" | grep -q ']}' || { echo "FAIL: $1: JSON cut short"; failed=1; }
	"$KHABAR" render --text "$2" --out "$T/out.png" --width 600 2>"$T/err" ||
		{ grep -q 'too tall for one image' "$T/err" || { echo "FAIL: $1: render"; cat "$T/err"; failed=1; }; }
	echo "ok: $1"
}

head -c 200000 /dev/urandom >"$T/random"
check "random bytes" "$T/random"

printf 'خبر\000\000فوری\000\n\000' >"$T/nul"
check "NUL bytes" "$T/nul"

awk 'BEGIN { for (i = 0; i < 200; i++) printf (i % 2 ? "\342\200\252" : "\342\200\253");
	printf "خبر abc"; for (i = 0; i < 200; i++) printf "\342\200\254";
	for (i = 0; i < 200; i++) printf "\342\201\246"; print "end" }' >"$T/nested"
check "200 nested embeddings" "$T/nested"

awk 'BEGIN { printf "ب"; for (i = 0; i < 100000; i++) printf "\331\216"; print " خبر" }' >"$T/marks"
check "100,000 combining marks" "$T/marks"

awk 'BEGIN { s = "به گزارش مهر، اجلاس جهانی جامعه اطلاعاتی (WSIS 2022) برگزار شد. ";
	while (n < 5242880) { printf "%s", s; n += length(s) * 2 } print "" }' >"$T/big"
check "5 MB paragraph" "$T/big"

"$KHABAR" layout --width nonsense </dev/null 2>"$T/err"
[ $? -eq 2 ] && grep -q -- '--width' "$T/err" || { echo "FAIL: bad option not a usage error"; failed=1; }
"$KHABAR" layout --font /nonexistent.ttf </dev/null 2>"$T/err"
[ $? -eq 1 ] && grep -q '/nonexistent.ttf' "$T/err" || { echo "FAIL: missing font not named"; failed=1; }
"$KHABAR" render --text "$T/nul" --out /nonexistent/dir/x.png 2>"$T/err"
[ $? -eq 1 ] && grep -q '/nonexistent/dir/x.png' "$T/err" || { echo "FAIL: unwritable PNG not named"; failed=1; }
exit $failed
