#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The documentation says the same facts as the program: every config key
# of firmware/base/config.c's table in assets/khabar.ini and khabar.ini(5)
# (and the program reads assets/khabar.ini without a warning); every
# command and option of `khabar --help` and `khabar COMMAND --help` in
# khabar(1); both man pages clean under `mandoc -T lint`; every relative
# link of README.md and docs/*.md names a file that exists (and a heading
# that exists, for a link into a Markdown file).
set -eu
. tests/e2e/lib.sh
command -v mandoc >/dev/null || fail "mandoc is missing (scripts/deps.sh installs it)"
bad=0

# mandoc resolves .Xr khabar.ini 5 through the files beside the page.
if ! (cd assets/man && mandoc -T lint khabar.1 khabar.ini.5) >"$T/lint.out" 2>&1; then
	grep 'khabar' "$T/lint.out"
	echo "docs: mandoc -T lint complains"
	bad=1
fi

# The keys: config.c's table (what the program reads), assets/khabar.ini
# (with the commented [feed NAME] template) and khabar.ini(5), the one
# table of every key. Each line is SECTION.KEY; [feed NAME] is "feed NAME".
awk -F'"' '/^[ \t]*\{"[a-z][a-z ]*[A-Z]*", "[a-z_]+",/ { print $2 "." $4 }' \
	firmware/base/config.c | sort >"$T/keys.code"
awk '/^\[/ { s = $0; gsub(/[][]/, "", s); feed = 0 }
     /^[a-z_]+ =/ { print s "." $1 }
     /^; \[feed [a-z]+\]/ { feed = 1; next }
     feed && /^; [a-z_]+ =/ { print "feed NAME." $2 }
     feed && !/^;/ { feed = 0 }' assets/khabar.ini | sort >"$T/keys.ini"
awk '/^\.Ss \[/ { s = $0; sub(/^\.Ss /, "", s); gsub(/[][]|\\&/, "", s) }
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
     /^\.Sh / && $2 != "DESCRIPTION" { s = "" }' assets/man/khabar.ini.5 | sort >"$T/keys.man"
[ -s "$T/keys.code" ] || fail "no keys read from firmware/base/config.c's table"
for f in ini man; do
	if ! cmp -s "$T/keys.code" "$T/keys.$f"; then
		echo "docs: keys of firmware/base/config.c (<) and $f (>) differ:"
		diff "$T/keys.code" "$T/keys.$f" | grep '^[<>]' || true
		bad=1
	fi
done
echo "docs: $(wc -l <"$T/keys.code") keys in firmware/base/config.c, assets/khabar.ini and khabar.ini(5)"

# Every key of assets/khabar.ini is one the program knows.
"$KHABAR" --config assets/khabar.ini --db "$T/docs.db" check >"$T/check.out" 2>&1 || true
if ! grep -q '^config: assets/khabar.ini: ok' "$T/check.out" ||
	grep -i 'unknown' "$T/check.out"; then
	cat "$T/check.out"
	echo "docs: khabar does not read assets/khabar.ini cleanly"
	bad=1
fi

# Relative links in README.md and docs/*.md: the file exists, and a
# #fragment into a Markdown file names one of its headings (as GitHub makes
# anchors: lower case, punctuation dropped, spaces to hyphens).
python3 - README.md docs/*.md >"$T/links.out" <<'PY' || bad=1
import os, re, sys, unicodedata
def anchors(path):
    out, fence = set(), False
    for line in open(path, encoding="utf-8"):
        if line.startswith("```"):
            fence = not fence
        elif not fence and re.match(r"#{1,6} ", line):
            t = line.lstrip("#").strip().lower()
            t = "".join(c for c in t if c in " -_" or unicodedata.category(c)[0] in "LNM")
            out.add(t.replace(" ", "-"))
    return out
bad = n = 0
for md in sys.argv[1:]:
    text, fence = [], False
    for line in open(md, encoding="utf-8"):
        if line.startswith("```"):
            fence = not fence
        elif not fence:
            text.append(line)
    text = re.sub(r"`[^`\n]*`", "", "".join(text))
    for target in re.findall(r"\]\(([^)\s]+)\)", text) + re.findall(r'src="([^"]+)"', text):
        if re.match(r"[a-z]+:", target):
            continue
        n += 1
        path, _, frag = target.partition("#")
        full = os.path.normpath(os.path.join(os.path.dirname(md), path)) if path else md
        if not os.path.exists(full):
            print(f"docs: {md}: the link {target} names no file ({full})")
            bad = 1
        elif frag and full.endswith(".md") and frag not in anchors(full):
            print(f"docs: {md}: the link {target}: {full} has no heading #{frag}")
            bad = 1
print(f"docs: {n} relative links in README.md and docs/ checked")
sys.exit(bad)
PY
cat "$T/links.out"

# Commands and options.
cmds=$("$KHABAR" --help | awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 }')
[ -n "$cmds" ] || fail "no commands in khabar --help"
for c in $cmds; do
	grep -q "^\.It Cm $c\( \|$\)" assets/man/khabar.1 || { echo "docs: khabar.1 lacks the command $c"; bad=1; }
	"$KHABAR" "$c" --help 2>&1 | grep -o -- '--[a-z][a-z-]*' | sort -u | while read -r o; do
		[ "$o" = --help ] && continue
		grep -q -- "Fl \\\\-${o#--}\([^a-z-]\|$\)" assets/man/khabar.1 ||
			{ echo "docs: khabar.1 lacks $c $o"; touch "$T/opt.missing"; }
	done
done
for o in --config --db --version; do
	grep -q -- "Fl \\\\-${o#--}\([^a-z-]\|$\)" assets/man/khabar.1 || { echo "docs: khabar.1 lacks $o"; bad=1; }
done
[ ! -f "$T/opt.missing" ] || bad=1
[ $bad = 0 ] && echo "docs: commands $(echo $cmds | tr '\n' ' ')documented"
exit $bad
