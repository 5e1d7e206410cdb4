#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Headlines of the feeds khabar reads, in the scripts Vazirmatn lacks
# (Japanese, Chinese, Hebrew, Cyrillic, Greek), lay out with no
# missing glyph: the system fallback fonts that scripts/deps.sh installs
# cover them, so a Japanese feed never shows boxes.
set -u
. tests/e2e/lib.sh
for text in "日本語のニュース、東京で発表" "中文新闻：北京今日发布" \
	"האם תדפיס נייר של אתר אינטרנט" "Цитата дня: есть у кого" "Ειδήσεις σήμερα"; do
	n=$(printf '%s\n' "$text" | "$KHABAR" layout --width 1200 | sed -n 's/.*"missing_glyphs": \([0-9]*\).*/\1/p')
	if [ "$n" != 0 ]; then
		echo "FAIL: '$text': ${n:-no} missing glyphs"
		failed=1
	else
		echo "ok: $text"
	fi
done
exit $failed
