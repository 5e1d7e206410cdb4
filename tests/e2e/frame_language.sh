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
. tests/e2e/lib.sh
at=2022-06-08T10:30:00Z
check() { # name file
	want="tests/golden/$1.png"
	if [ "${KHABAR_GOLDEN_UPDATE:-0}" = 1 ]; then
		cp "$2" "$want"
		echo "golden: updated $want"
		return
	fi
	[ -f "$want" ] || { echo "golden: $want is missing"; failed=1; return; }
	diff=$(compare -metric AE -fuzz 2% "$want" "$2" "$T/diff-$1.png" 2>&1 >/dev/null || true)
	diff=${diff%% *}
	case "$diff" in
	'' | *[!0-9.e+]*) echo "golden: $1: compare failed: $diff"; failed=1 ;;
	*)
		if [ "$(printf '%.0f' "$diff")" -gt 4147 ]; then
			echo "golden: $1: $diff pixels differ (limit 4147)"
			failed=1
		else
			echo "golden: $1: ok ($diff pixels differ)"
		fi
		;;
	esac
}
render() { # name config db card
	"$KHABAR" --config "$2" --db "$3" render --out "$T/$1.png" --card "$4" \
		--size 1920x1080 --at "$at" || { echo "render $1 failed"; failed=1; return; }
	check "$1" "$T/$1.png"
}

cp assets/khabar.ini "$T/fa.ini"
sed 's/^language = fa$/language = en/' assets/khabar.ini >"$T/en.ini"
grep -q "^language = en$" "$T/en.ini" || { echo "no language key in assets/khabar.ini"; exit 1; }
"$KHABAR" --db "$T/sample.db" import assets/sample/ >/dev/null 2>&1
render en-breaking-1920x1080 "$T/en.ini" "$T/sample.db" 0
render en-seed-page-1920x1080 "$T/en.ini" "$T/sample.db" 13
"$KHABAR" --config "$T/en.ini" --db "$T/empty.db" render --out "$T/en-empty.png" \
	--size 1920x1080 --at "$at" 2>/dev/null
check en-empty-1920x1080 "$T/en-empty.png"

"$KHABAR" --db "$T/ltr.db" import tests/data/ltr-articles.json >/dev/null 2>&1
render ltr-headline-1920x1080 "$T/fa.ini" "$T/ltr.db" 2
# English articles in the English frame, the ticker on: the label at the
# left end, the strip reading left to right from it.
render en-ltr-headline-1920x1080 "$T/en.ini" "$T/ltr.db" 0
render ltr-page-1920x1080 "$T/fa.ini" "$T/ltr.db" 6

# The Guardian's feed (English, from the shared corpus when it is there):
# its cards are laid out left to right, "live!" ends with "!", "8.13pm"
# keeps its digits.
guardian=../shared/corpus/feeds/rssparser__guardian.rss
if [ -f "$guardian" ]; then
	"$KHABAR" --db "$T/g.db" import "$guardian" >/dev/null 2>&1
	"$KHABAR" --db "$T/g.db" list --json | grep -q '"dir": "ltr"' ||
		{ echo "the Guardian's articles are not ltr"; failed=1; }
	render guardian-1920x1080 "$T/fa.ini" "$T/g.db" 0
	render guardian-page-1920x1080 "$T/fa.ini" "$T/g.db" 1
else
	echo "skipped: the Guardian cards ($guardian is not here)"
fi

# max_pages: the long sample article has 4 pages; with 2 the playlist of
# the LTR set is 2 headlines + 1 page + 2 pages.
printf '[cards]\nmax_pages = 2\n' >"$T/pages.ini"
"$KHABAR" --config "$T/pages.ini" --db "$T/ltr.db" render --out "$T/x.png" --card 99 \
	--size 1920x1080 --at "$at" >"$T/out" 2>&1
grep -q "the playlist has 5 cards" "$T/out" || { echo "max_pages = 2:"; cat "$T/out"; failed=1; }
"$KHABAR" --db "$T/ltr.db" render --out "$T/x.png" --card 99 --size 1920x1080 \
	--at "$at" >"$T/out" 2>&1
grep -q "the playlist has 7 cards" "$T/out" || { echo "max_pages default:"; cat "$T/out"; failed=1; }
exit $failed
