#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Justification and balance through the binary: `khabar layout --align
# justify --justify kashida|spaces` fills every line but a paragraph's last
# (tatweel glyphs with kashida, none with spaces), `--balance` evens out a
# headline's lines, and [cards] justify changes the article page.
set -u
. tests/e2e/lib.sh

# The tatweel's glyph id in the bundled font.
tw=$(printf '\331\200\n' | "$KHABAR" layout | grep -o '"id": [0-9]*' | head -n 1 | cut -d' ' -f2)
[ -n "$tw" ] || no "no glyph for U+0640"

# "paragraph width" for each line of a layout.
widths() { grep -o '"paragraph": [0-9]*, "y": [0-9.]*, "baseline": [0-9.]*, "width": [0-9.]*' "$1" |
	awk '{ gsub(",", ""); print $2, $8 }'; }

# Lines that are not the last of their paragraph and miss width W by > 1 px.
short_lines() { # file width
	widths "$1" | awk -v w="$2" '
		NR > 1 && $1 == p && (pw < w - 1 || pw > w + 1) { bad++ }
		{ p = $1; pw = $2 } END { print bad + 0 }'
}

body=tests/golden/itu_justify.txt
for how in kashida spaces; do
	"$KHABAR" layout --width 952 --size 38 --line-height 1.75 --align justify --justify $how \
		<"$body" >"$T/$how.json" || no "layout --justify $how exited $?"
	n=$(short_lines "$T/$how.json" 952)
	[ "$n" = 0 ] || no "--justify $how: $n lines miss a margin"
	t=$(grep -c "{\"id\": $tw," "$T/$how.json")
	case $how in
	kashida) [ "$t" -gt 0 ] || no "--justify kashida: no tatweel glyph" ;;
	spaces) [ "$t" = 0 ] || no "--justify spaces: tatweel glyphs" ;;
	esac
	echo "ok: --justify $how"
done
"$KHABAR" layout --align justify --justify wide <"$body" >/dev/null 2>"$T/err"
[ $? = 2 ] && grep -q "kashida" "$T/err" || no "--justify wide is not refused with the choices"

# A headline whose greedy breaks leave one short word (کرد) alone on the
# last line: balanced, its lines are within 60% of each other, and as
# many as greedy's.
h='ITU از نامزدی ایران حمایت کرد'
printf '%s\n' "$h" | "$KHABAR" layout --width 900 --size 80 >"$T/greedy.json"
printf '%s\n' "$h" | "$KHABAR" layout --width 900 --size 80 --balance >"$T/bal.json"
ratio() { widths "$1" | awk 'NR == 1 || $2 < lo { lo = $2 } $2 > hi { hi = $2 } END { print (lo / hi >= 0.6) }'; }
[ "$(ratio "$T/greedy.json")" = 0 ] || no "the greedy headline is already balanced: no test"
g=$(widths "$T/greedy.json" | wc -l)
b=$(widths "$T/bal.json" | wc -l)
[ "$g" -ge 2 ] && [ "$g" = "$b" ] || no "--balance: $b lines, greedy $g"
[ "$(ratio "$T/bal.json")" = 1 ] || no "--balance: lines differ by more than 60%"
echo "ok: --balance"

# [cards] justify: the ITU page differs between kashida, spaces and none;
# a bad value names the file, the key and the choices.
db="$T/k.db"
"$KHABAR" --db "$db" import assets/sample/ >/dev/null 2>&1
for how in kashida spaces none; do
	sed "s/^justify = .*/justify = $how/" assets/khabar.ini >"$T/$how.ini"
	"$KHABAR" --config "$T/$how.ini" --db "$db" render --out "$T/$how.png" --card 6 \
		--size 1080x1920 --at 2022-06-08T10:30:00Z || no "render with justify = $how"
done
cmp -s "$T/kashida.png" "$T/spaces.png" && no "[cards] justify: kashida and spaces look the same"
cmp -s "$T/spaces.png" "$T/none.png" && no "[cards] justify: spaces and none look the same"
sed "s/^justify = .*/justify = wide/" assets/khabar.ini >"$T/bad.ini"
"$KHABAR" --config "$T/bad.ini" --db "$db" render --out "$T/bad.png" --card 6 2>"$T/err"
[ $? -ne 0 ] && grep -q "bad.ini" "$T/err" && grep -q "justify" "$T/err" ||
	{ no "[cards] justify = wide is not refused clearly"; cat "$T/err"; }
echo "ok: [cards] justify"
exit $failed
