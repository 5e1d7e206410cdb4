#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A fresh install: with no cache the display makes an empty one (its
# directory may be written) and says nothing is wrong; `sync --status`
# with no feeds, or before the first fetch, exits 0 and says so; the first
# import is on screen within one card, seen by the cache's version.
set -u
: "${KHABAR:=build/khabar}"
dir=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; [ -f "$dir/run" ] && cat "$dir/run"; exit 1; }
unset XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME
export HOME="$dir/home" SDL_VIDEODRIVER="${SDL_VIDEODRIVER:-offscreen}"
mkdir -p "$HOME"
printf '[cards]\nmin_dwell = 20\nmax_dwell = 20\n' >"$dir/k.ini"
wait_for() { # pattern file: up to 60 s
	i=0
	while ! grep -q "$1" "$2" && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
	grep -q "$1" "$2"
}

"$KHABAR" --config "$dir/k.ini" sync --status >"$dir/out" 2>&1 || fail "sync --status with no feeds: $(cat "$dir/out")"
grep -q "no feeds" "$dir/out" || fail "sync --status does not say there are no feeds: $(cat "$dir/out")"

KHABAR_LOG=debug "$KHABAR" --config "$dir/k.ini" run --exit-after 60 >"$dir/run" 2>&1 &
pid=$!
wait_for "card 1 on screen" "$dir/run" || fail "no first card"
[ -f "$HOME/.local/share/khabar/khabar.db" ] || fail "the display made no empty cache"
grep -q "warn\|error" "$dir/run" && fail "an empty machine is warned about"
"$KHABAR" --config "$dir/k.ini" import assets/sample/feed-rss.xml >"$dir/out" 2>&1 || fail "import: $(cat "$dir/out")"
wait_for "cache: 3 articles" "$dir/run" || fail "the first import was never seen"
# Seen while the first card (20 s) was still up.
sed '/cache: 3 articles/q' "$dir/run" | grep -q "card 2 on screen" && fail "the first import was seen only after a card change"
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
pid=""

printf '[feed x]\nurl = http://127.0.0.1:9/x.xml\n' >>"$dir/k.ini"
rm -rf "$HOME/.local/share/khabar"
"$KHABAR" --config "$dir/k.ini" sync --status >"$dir/out" 2>&1 || fail "sync --status before the first fetch: $(cat "$dir/out")"
exit 0
