#!/bin/sh
# Build each importer's libFuzzer target (articles and schedules), and the text engine's, with clang (ASan + UBSan) and run
# it for SECONDS seconds (default 60) from its seed corpus in
# tests/fuzz/<target>/. Fails when a target crashes, leaks or times out.
# Inputs libFuzzer finds go to build/fuzz/corpus-<target>/, not into the
# committed seeds.
set -eu
cd "$(dirname "$0")/.."
seconds="${1:-60}"
scripts/deps.sh
out=build/fuzz
mkdir -p "$out"
pkgs="libcjson expat icu-uc icu-i18n"
flags="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
 -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Ifirmware
 -DKHABAR_VERSION=\"fuzz\" -DKHABAR_DATADIR=\"$PWD\" $(pkg-config --cflags $pkgs)"
libs="$(pkg-config --libs $pkgs) -lm"
# The parsers and what they link against; nothing of the display or the cache.
srcs="firmware/import.c firmware/import_text.c firmware/import_json.c
 firmware/import_feed.c firmware/html.c firmware/calendar.c firmware/article.c
 firmware/util.c firmware/event.c firmware/schedule.c firmware/schedule_xml.c
 firmware/schedule_json.c firmware/schedule_ics.c"
# The text engine: shaping, bidi, breaking; nothing of SDL.
layout_pkgs="harfbuzz freetype2 icu-uc icu-i18n"
layout_srcs="firmware/text.c firmware/font.c firmware/util.c"
status=0
for target in text json feed layout schedule_xml schedule_json schedule_ics; do
	bin="$out/fuzz_$target"
	if [ "$target" = layout ]; then
		# shellcheck disable=SC2086
		clang $flags $(pkg-config --cflags $layout_pkgs) -o "$bin" tests/fuzz/fuzz_layout.c \
			$layout_srcs $(pkg-config --libs $layout_pkgs) -lm
	else
		# shellcheck disable=SC2086
		clang $flags -o "$bin" "tests/fuzz/fuzz_$target.c" $srcs $libs
	fi
	mkdir -p "$out/corpus-$target"
	echo "fuzz: $target for ${seconds}s"
	if "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
		-print_final_stats=1 -artifact_prefix="$out/$target-" \
		"$out/corpus-$target" "tests/fuzz/$target" >"$out/$target.log" 2>&1; then
		grep -E "stat::number_of_executed_units" "$out/$target.log" || true
	else
		tail -40 "$out/$target.log"
		echo "fuzz: $target FAILED; the input is in $out/$target-*"
		status=1
	fi
done
exit $status
