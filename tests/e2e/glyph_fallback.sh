#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Emoji and Hangul in a title, through `khabar render`: fontconfig finds
# the fonts the bundled Vazirmatn lacks (NotoColorEmoji, a Hangul font),
# the emoji are drawn in their own colours at the text's size (golden
# tests/golden/emoji-headline-1920x1080.png, and red pixels of the robot,
# microphone and rocket), and with a fontconfig that knows no fonts the
# display still draws the Persian cards exactly as before, the emoji as
# boxes. KHABAR_GOLDEN_UPDATE=1 rewrites the golden file instead.
set -u
. tests/e2e/lib.sh
if ! fc-list ':charset=1f916' file | grep -q . || ! fc-list ':charset=d55c' file | grep -q .; then
	skip "fontconfig knows no emoji or no Hangul font (scripts/deps.sh install test: fonts-noto-color-emoji, fonts-nanum)"
fi
at=2022-06-08T10:30:00Z
conf=assets/khabar.ini
mkdir -p "$T/in"
printf '%s\n\n\n%s\n' 'کارگاه هوش مصنوعی 🤖 با سخنرانان کره‌ای 한국어 در تالار اصلی 🎤' \
	'در این کارگاه سخنرانان از سئول 서울 درباره‌ی مدل‌های زبانی 🚀 سخن می‌گویند.' >"$T/in/001_talk.txt"
"$KHABAR" --db "$T/k.db" import "$T/in/001_talk.txt" >/dev/null 2>&1 || fail "import of the title failed"
render() { # out.png [env...]
	out=$1
	shift
	env "$@" "$KHABAR" --config "$conf" --db "$T/k.db" render --out "$out" --card 0 \
		--size 1920x1080 --at "$at" 2>>"$T/err"
}
same() { # want got: at most 0.2% of the pixels differ by more than 2%
	d=$(compare -metric AE -fuzz 2% "$1" "$2" null: 2>&1 || true)
	d=${d%% *}
	case "$d" in '' | *[!0-9.e+]*) return 1 ;; esac
	[ "$(printf '%.0f' "$d")" -le $((1920 * 1080 / 500)) ]
}
# Strongly red pixels (the robot's ears, the microphone's and the rocket's
# red): none in the theme, whose accent is gold.
reds() { convert "$1" -fx 'r > 0.6 && g < 0.35 && b < 0.35 ? 1 : 0' -format '%[fx:round(mean*w*h)]' info:; }
show_on_fail "$T/err"

render "$T/emoji.png" || fail "render of the emoji title failed"
want=tests/golden/emoji-headline-1920x1080.png
if [ "${KHABAR_GOLDEN_UPDATE:-0}" = 1 ]; then
	cp "$T/emoji.png" "$want"
	echo "golden: updated $want"
elif ! same "$want" "$T/emoji.png"; then
	cp "$T/emoji.png" "$TEST_TMP/glyph_fallback-emoji.png" 2>/dev/null
	no "the emoji title differs from $want (rendered: $TEST_TMP/glyph_fallback-emoji.png)"
else
	echo "ok: the emoji title matches $want"
fi
n=$(reds "$T/emoji.png")
if [ "${n:-0}" -lt 300 ]; then
	no "the emoji are not in colour: ${n:-no} red pixels"
else
	echo "ok: the emoji are in colour ($n red pixels)"
fi
if grep -q "missing" "$T/err"; then
	no "missing glyphs reported with the fonts installed"
fi

# A fontconfig with no fonts at all: the display still starts and draws
# Persian; what it lacks becomes boxes, said in the log.
mkdir -p "$T/fc"
printf '<?xml version="1.0"?>\n<fontconfig><cachedir>%s/fc</cachedir></fontconfig>\n' "$T" >"$T/fonts.conf"
render "$T/bare.png" FONTCONFIG_FILE="$T/fonts.conf" || no "render with no fontconfig fonts failed"
n=$(reds "$T/bare.png")
[ "${n:-1}" = 0 ] || no "with no fontconfig fonts the emoji still have colour ($n red pixels)"
"$KHABAR" --db "$T/sample.db" import assets/sample/ >/dev/null 2>&1
FONTCONFIG_FILE="$T/fonts.conf" "$KHABAR" --config "$conf" --db "$T/sample.db" render \
	--out "$T/breaking.png" --card 0 --size 1920x1080 --at "$at" 2>>"$T/err" ||
	no "render of the sample with no fontconfig fonts failed"
if same tests/golden/breaking-1920x1080.png "$T/breaking.png"; then
	echo "ok: with no fontconfig fonts the Persian card is drawn as its golden picture"
else
	no "with no fontconfig fonts the Persian card differs from tests/golden/breaking-1920x1080.png"
fi
exit $failed
