#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The frame's language and the articles' own direction, through `khabar
# render` at 1920x1080, compared with golden images (as golden.sh does):
# - [display] language = en: an English frame (words, Gregorian date,
#   Latin digits, mirrored header and ticker bar) around the Persian
#   sample articles;
# - left-to-right articles (tests/data/ltr-articles.json) in the Persian
#   frame: cards laid out left to right, digits as written; and in the
#   English frame, with the ticker's label at the left end;
# - the Guardian feed of the shared corpus, when it is there;
# - [cards] max_pages caps an article's pages.
# KHABAR_GOLDEN_UPDATE=1 rewrites the golden files instead.
set -u
: "${KHABAR:=build/khabar}" "${TEST_TMP:=/tmp}"
dir=$(mktemp -d "$TEST_TMP/lang.XXXXXX")
trap 'rm -rf "$dir"' EXIT
at=2022-06-08T10:30:00Z
fail=0
check() { # name file
	want="tests/golden/$1.png"
	if [ "${KHABAR_GOLDEN_UPDATE:-0}" = 1 ]; then
		cp "$2" "$want"
		echo "golden: updated $want"
		return
	fi
	[ -f "$want" ] || { echo "golden: $want is missing"; fail=1; return; }
	diff=$(compare -metric AE -fuzz 2% "$want" "$2" "$dir/diff-$1.png" 2>&1 >/dev/null || true)
	diff=${diff%% *}
	case "$diff" in
	'' | *[!0-9.e+]*) echo "golden: $1: compare failed: $diff"; fail=1 ;;
	*)
		if [ "$(printf '%.0f' "$diff")" -gt 4147 ]; then
			echo "golden: $1: $diff pixels differ (limit 4147)"
			fail=1
		else
			echo "golden: $1: ok ($diff pixels differ)"
		fi
		;;
	esac
}
render() { # name config db card
	"$KHABAR" --config "$2" --db "$3" render --out "$dir/$1.png" --card "$4" \
		--size 1920x1080 --at "$at" || { echo "render $1 failed"; fail=1; return; }
	check "$1" "$dir/$1.png"
}

cp assets/khabar.ini "$dir/fa.ini"
sed 's/^language = fa$/language = en/' assets/khabar.ini >"$dir/en.ini"
grep -q "^language = en$" "$dir/en.ini" || { echo "no language key in assets/khabar.ini"; exit 1; }
"$KHABAR" --db "$dir/sample.db" import assets/sample/ >/dev/null 2>&1
render en-breaking-1920x1080 "$dir/en.ini" "$dir/sample.db" 0
render en-seed-page-1920x1080 "$dir/en.ini" "$dir/sample.db" 13
"$KHABAR" --config "$dir/en.ini" --db "$dir/empty.db" render --out "$dir/en-empty.png" \
	--size 1920x1080 --at "$at" 2>/dev/null
check en-empty-1920x1080 "$dir/en-empty.png"

"$KHABAR" --db "$dir/ltr.db" import tests/data/ltr-articles.json >/dev/null 2>&1
render ltr-headline-1920x1080 "$dir/fa.ini" "$dir/ltr.db" 2
# English articles in the English frame, the ticker on: the label at the
# left end, the strip reading left to right from it.
render en-ltr-headline-1920x1080 "$dir/en.ini" "$dir/ltr.db" 0
render ltr-page-1920x1080 "$dir/fa.ini" "$dir/ltr.db" 6

# The Guardian's feed (English, from the shared corpus when it is there):
# its cards are laid out left to right, "live!" ends with "!", "8.13pm"
# keeps its digits.
guardian=../shared/corpus/feeds/rssparser__guardian.rss
if [ -f "$guardian" ]; then
	"$KHABAR" --db "$dir/g.db" import "$guardian" >/dev/null 2>&1
	"$KHABAR" --db "$dir/g.db" list --json | grep -q '"dir": "ltr"' ||
		{ echo "the Guardian's articles are not ltr"; fail=1; }
	render guardian-1920x1080 "$dir/fa.ini" "$dir/g.db" 0
	render guardian-page-1920x1080 "$dir/fa.ini" "$dir/g.db" 1
else
	echo "skipped: the Guardian cards ($guardian is not here)"
fi

# max_pages: the long sample article has 4 pages; with 2 the playlist of
# the LTR set is 2 headlines + 1 page + 2 pages.
printf '[cards]\nmax_pages = 2\n' >"$dir/pages.ini"
"$KHABAR" --config "$dir/pages.ini" --db "$dir/ltr.db" render --out "$dir/x.png" --card 99 \
	--size 1920x1080 --at "$at" >"$dir/out" 2>&1
grep -q "the playlist has 5 cards" "$dir/out" || { echo "max_pages = 2:"; cat "$dir/out"; fail=1; }
"$KHABAR" --db "$dir/ltr.db" render --out "$dir/x.png" --card 99 --size 1920x1080 \
	--at "$at" >"$dir/out" 2>&1
grep -q "the playlist has 7 cards" "$dir/out" || { echo "max_pages default:"; cat "$dir/out"; fail=1; }
exit $fail
