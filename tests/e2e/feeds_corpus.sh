#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Real feeds: every file of ../shared/corpus/feeds/ imported one by one into
# a fresh cache, compared with Python's feedparser. khabar must store at
# least 95% of the entries feedparser finds (counted per file, at most
# feedparser's number), every refused file must say why, and the
# direction of each article must follow its feed's language.
# Skipped, with a message, where the corpus is absent.
set -u
. tests/e2e/lib.sh
corpus="${FEEDS_CORPUS:-../shared/corpus/feeds}"
if [ ! -d "$corpus" ]; then
	echo "feeds: $corpus absent; skipped"
	exit 77
fi
py=/usr/bin/python3
$py -c 'import feedparser' 2>/dev/null || { echo "FAIL: python3-feedparser missing (scripts/deps.sh)"; exit 1; }

# feedparser's entry count and the feed's declared language per file.
$py - "$corpus" >"$T/fp.tsv" <<'PY'
import os, sys, feedparser
d = sys.argv[1]
for name in sorted(os.listdir(d)):
    if name == "SOURCES.tsv" or name.startswith("."):
        continue
    p = feedparser.parse(os.path.join(d, name))
    lang = (p.feed.get("language") or "-").strip().replace(" ", "") or "-"
    print("%s\t%d\t%s" % (name, len(p.entries), lang))
PY

n=0 accepted=0 rejected=0 entries=0 found=0 matched=0 unexplained="" wrongdir="" ltrfeeds=0
while IFS="$(printf '\t')" read -r name fp lang; do
	n=$((n + 1))
	rm -f "$T/c.db" "$T/c.db-wal" "$T/c.db-shm"
	if "$KHABAR" --db "$T/c.db" import "$corpus/$name" >"$T/out" 2>"$T/err"; then
		accepted=$((accepted + 1))
	else
		rejected=$((rejected + 1))
		# The message names the file and a reason after it.
		grep -q "$name: ..*" "$T/err" || unexplained="$unexplained $name"
		sed "s|^|  $name: |; s|$corpus/||" "$T/err" | head -1
	fi
	k=$(sed -n 's/.*: imported \([0-9]*\), updated \([0-9]*\),.*/\1 \2/p' "$T/out" |
		awk '{s += $1 + $2} END {print s + 0}')
	entries=$((entries + k))
	found=$((found + fp))
	matched=$((matched + (k < fp ? k : fp)))
	[ "$k" -lt "$fp" ] && echo "  $name: khabar $k, feedparser $fp"
	# A feed declaring a left-to-right language: every article "ltr".
	case "$lang" in
	- | fa* | ar* | ur* | he* | ps* | ckb* | ku* | yi* | dv* | sd* | ug* | iw*) ;;
	*)
		if [ "$k" -gt 0 ]; then
			ltrfeeds=$((ltrfeeds + 1))
			"$KHABAR" --db "$T/c.db" list --json --all | grep '"dir": "rtl"' >/dev/null &&
				wrongdir="$wrongdir $name($lang)"
		fi
		;;
	esac
done <"$T/fp.tsv"
echo "feeds: $n files, $accepted accepted, $rejected rejected, $entries entries"
echo "feeds: feedparser finds $found entries; khabar stores $matched of them"
echo "feeds: $ltrfeeds feeds declare a left-to-right language"
[ -z "$unexplained" ] || fail "refused without a reason:$unexplained"
[ -z "$wrongdir" ] || fail "right-to-left articles in left-to-right feeds:$wrongdir"
[ $((matched * 100)) -ge $((found * 95)) ] || fail "khabar stores less than 95% of feedparser's entries"

# Direction: feeds declaring a left-to-right language are "ltr"; BBC Urdu
# and the Persian fixtures "rtl".
dirs() {
	rm -f "$T/d.db" "$T/d.db-wal" "$T/d.db-shm"
	"$KHABAR" --db "$T/d.db" import "$corpus/$1" >/dev/null 2>&1
	"$KHABAR" --db "$T/d.db" list --json --all | sed -n 's/.*"dir": "\([a-z]*\)".*/\1/p' | sort -u | tr '\n' ' '
}
for f in rssparser__guardian.rss; do
	[ -f "$corpus/$f" ] || continue
	[ "$(dirs "$f")" = "ltr " ] || fail "$f: expected every article ltr, got $(dirs "$f")"
done
for f in $(cd "$corpus" && ls | grep -i -e '^persian__' -e 'urdu'); do
	[ "$(dirs "$f")" = "rtl " ] || fail "$f: expected every article rtl, got $(dirs "$f")"
done
exit 0
