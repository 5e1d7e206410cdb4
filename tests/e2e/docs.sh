#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The documentation says the same facts as the program: every config key
# in assets/khabar.ini, khabar.ini(5) and the README's table (and the
# program reads assets/khabar.ini without a warning); every command and
# option of `khabar --help` and `khabar COMMAND --help` in khabar(1); both
# man pages clean under `mandoc -T lint`.
set -eu
: "${KHABAR:=build/khabar}" "${TEST_TMP:=/tmp}"
command -v mandoc >/dev/null || { echo "docs: mandoc is missing (scripts/deps.sh installs it)"; exit 1; }
fail=0

# mandoc resolves .Xr khabar.ini 5 through the files beside the page.
if ! (cd assets/man && mandoc -T lint khabar.1 khabar.ini.5) >"$TEST_TMP/lint.out" 2>&1; then
	grep 'khabar' "$TEST_TMP/lint.out"
	echo "docs: mandoc -T lint complains"
	fail=1
fi

awk '/^\[/ { s = $0; gsub(/[][]/, "", s) }
     /^[a-z_]+ =/ { print s "." $1 }' assets/khabar.ini | sort >"$TEST_TMP/keys.ini"
awk '/^\.Ss \[/ { s = $2; gsub(/[][]|\\&/, "", s) }
     /^\.It Cm / && s != "" {
	incm = 0; val = 0
	for (i = 2; i <= NF; i++) {
		if ($i == "=") val = 1
		else if ($i == "," && val) val = 0
		else if ($i == "Cm" && !val) incm = 1
		else if ($i ~ /^[A-Z][a-z]$/) incm = 0
		else if (incm && $i != "," && $i != "|") print s "." $i
	}
     }
     /^\.Sh / && $2 != "DESCRIPTION" { s = "" }' assets/man/khabar.ini.5 | sort >"$TEST_TMP/keys.man"
awk '/^## / { on = ($0 ~ /^## Configuration/) }
     on && /^\|/ {
	n = split($0, col, "|")
	if (col[2] ~ /`\[/) { s = col[2]; gsub(/[][` ]/, "", s) }
	k = col[3]
	while (match(k, /`[a-z_]+`/)) { print s "." substr(k, RSTART + 1, RLENGTH - 2); k = substr(k, RSTART + RLENGTH) }
     }' README.md | grep -v '^feedNAME\.' | sort >"$TEST_TMP/keys.readme"
for f in man readme; do
	if ! cmp -s "$TEST_TMP/keys.ini" "$TEST_TMP/keys.$f"; then
		echo "docs: keys of assets/khabar.ini (<) and the $f (>) differ:"
		diff "$TEST_TMP/keys.ini" "$TEST_TMP/keys.$f" | grep '^[<>]' || true
		fail=1
	fi
done
echo "docs: $(wc -l <"$TEST_TMP/keys.ini") keys in assets/khabar.ini, khabar.ini(5) and the README"

# [feed NAME] is a template (commented out in assets/khabar.ini): its keys
# are listed in the README's table and in one paragraph of khabar.ini(5).

# Every key of assets/khabar.ini is one the program knows.
"$KHABAR" --config assets/khabar.ini --db "$TEST_TMP/docs.db" check >"$TEST_TMP/check.out" 2>&1 || true
if ! grep -q '^config: assets/khabar.ini: ok' "$TEST_TMP/check.out" ||
	grep -i 'unknown' "$TEST_TMP/check.out"; then
	cat "$TEST_TMP/check.out"
	echo "docs: khabar does not read assets/khabar.ini cleanly"
	fail=1
fi

# Commands and options.
cmds=$("$KHABAR" --help | awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 }')
[ -n "$cmds" ] || { echo "docs: no commands in khabar --help"; exit 1; }
for c in $cmds; do
	grep -q "^\.It Cm $c\( \|$\)" assets/man/khabar.1 || { echo "docs: khabar.1 lacks the command $c"; fail=1; }
	"$KHABAR" "$c" --help 2>&1 | grep -o -- '--[a-z][a-z-]*' | sort -u | while read -r o; do
		[ "$o" = --help ] && continue
		grep -q -- "Fl \\\\-${o#--}\([^a-z-]\|$\)" assets/man/khabar.1 ||
			{ echo "docs: khabar.1 lacks $c $o"; touch "$TEST_TMP/opt.missing"; }
	done
done
for o in --config --db --version; do
	grep -q -- "Fl \\\\-${o#--}\([^a-z-]\|$\)" assets/man/khabar.1 || { echo "docs: khabar.1 lacks $o"; fail=1; }
done
[ ! -f "$TEST_TMP/opt.missing" ] || fail=1
[ $fail = 0 ] && echo "docs: commands $(echo $cmds | tr '\n' ' ')documented"
exit $fail
