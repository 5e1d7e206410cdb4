#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A fresh install: with no cache the display makes an empty one (its
# directory may be written) and says nothing is wrong; `sync --status`
# with no feeds, or before the first fetch, exits 0 and says so; the first
# import is on screen within one card, seen by the cache's version.
set -u
. tests/e2e/lib.sh
pid=""
at_exit '[ -z "$pid" ] || kill "$pid" 2>/dev/null'
show_on_fail "$T/run"
unset XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME
export HOME="$T/home" SDL_VIDEODRIVER="${SDL_VIDEODRIVER:-offscreen}"
mkdir -p "$HOME"
printf '[cards]\nmin_dwell = 20\nmax_dwell = 20\n' >"$T/k.ini"
waitlog() { # pattern file: up to 60 s
	i=0
	while ! grep -q "$1" "$2" && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
	grep -q "$1" "$2"
}

"$KHABAR" --config "$T/k.ini" sync --status >"$T/out" 2>&1 || fail "sync --status with no feeds: $(cat "$T/out")"
grep -q "no feeds" "$T/out" || fail "sync --status does not say there are no feeds: $(cat "$T/out")"

KHABAR_LOG=debug "$KHABAR" --config "$T/k.ini" run --exit-after 60 >"$T/run" 2>&1 &
pid=$!
waitlog "card 1 on screen" "$T/run" || fail "no first card"
[ -f "$HOME/.local/share/khabar/khabar.db" ] || fail "the display made no empty cache"
grep -q "warn\|error" "$T/run" && fail "an empty machine is warned about"
"$KHABAR" --config "$T/k.ini" import assets/sample/feed-rss.xml >"$T/out" 2>&1 || fail "import: $(cat "$T/out")"
waitlog "cache: 3 articles" "$T/run" || fail "the first import was never seen"
# Seen while the first card (20 s) was still up.
sed '/cache: 3 articles/q' "$T/run" | grep -q "card 2 on screen" && fail "the first import was seen only after a card change"
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
pid=""

printf '[feed x]\nurl = http://127.0.0.1:9/x.xml\n' >>"$T/k.ini"
rm -rf "$HOME/.local/share/khabar"
"$KHABAR" --config "$T/k.ini" sync --status >"$T/out" 2>&1 || fail "sync --status before the first fetch: $(cat "$T/out")"
exit 0
