#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# What an admin reads: `khabar check` names every problem of a config at
# once, each with its file and line (a bad time zone, a feed's url line,
# an unknown section as a section); a --config that is not there exits 2;
# `check --config-only` is what the unit's ExecReload runs first, so a
# refused config fails `systemctl reload`; the unit makes /var/lib/khabar
# 0750; a card on screen is a debug line, not info; sync --status says the
# zone of its times; --help names --version; with no display, the error
# says how to name one for the service.
set -u
: "${KHABAR:=build/khabar}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
export SDL_VIDEODRIVER="${SDL_VIDEODRIVER:-offscreen}"
unset KHABAR_LOG

cat >"$dir/bad.ini" <<'INI'
[display]
timezone = Asia/Tehrn
[cards]
min_dwell = soon
[widgets]
size = 3
[feed news]
every = 10m
url = ftp://news.example.ir/rss
INI
"$KHABAR" --config "$dir/bad.ini" --db "$dir/k.db" check >"$dir/out" 2>&1
[ $? -eq 2 ] || fail "check of a refused config: $(cat "$dir/out")"
for want in "bad.ini:2: \[display\] timezone = 'Asia/Tehrn' is not a known time zone" \
	"bad.ini:4: \[cards\] min_dwell = 'soon'" "bad.ini:9: \[feed news\] url is not http" \
	"bad.ini:5: unknown section \[widgets\]"; do
	grep -q "$want" "$dir/out" || fail "check does not say '$want': $(cat "$dir/out")"
done
"$KHABAR" --config "$dir/bad.ini" check --config-only >"$dir/out" 2>&1
[ $? -eq 2 ] || fail "check --config-only of a refused config does not exit 2"
printf '[display]\ntitle = x\n' >"$dir/good.ini"
"$KHABAR" --config "$dir/good.ini" check --config-only >"$dir/out" 2>&1 || fail "check --config-only: $(cat "$dir/out")"
"$KHABAR" --config "$dir/none.ini" check >"$dir/out" 2>&1
[ $? -eq 2 ] || fail "a missing --config does not exit 2: $(cat "$dir/out")"

unit=assets/systemd/khabar.service
grep -q '^ExecReload=/usr/bin/khabar --config /etc/khabar/khabar.ini check --config-only' "$unit" ||
	fail "ExecReload does not check the config"
[ "$(grep '^ExecReload=' "$unit" | head -1 | grep -c check)" = 1 ] || fail "ExecReload signals before it checks"
grep -q '^StateDirectoryMode=0750' "$unit" || fail "StateDirectory is not 0750"

"$KHABAR" --config "$dir/good.ini" --db "$dir/k.db" run --exit-after 1 >"$dir/run" 2>&1 || fail "run: $(cat "$dir/run")"
grep -q "first card on screen" "$dir/run" || fail "no first card: $(cat "$dir/run")"
grep -q "card 1 on screen for" "$dir/run" && fail "a line per card at info level"

printf '[display]\ntimezone = Asia/Tehran\n[feed x]\nurl = http://127.0.0.1:9/x.xml\n' >"$dir/f.ini"
"$KHABAR" --config "$dir/f.ini" --db "$dir/k.db" sync --status >"$dir/out" 2>&1 || fail "sync --status: $(cat "$dir/out")"
grep -q "times in Asia/Tehran" "$dir/out" || fail "sync --status does not say its zone: $(cat "$dir/out")"
"$KHABAR" --help | grep -q -- "--version" || fail "--help does not name --version"

# No display: the one line says how to name the driver for the service.
SDL_VIDEODRIVER=no-such-driver "$KHABAR" --config "$dir/good.ini" --db "$dir/k.db" run --exit-after 1 >"$dir/out" 2>&1 &&
	fail "run without a display succeeded"
grep -q "no display: .*systemctl edit khabar.*SDL_VIDEODRIVER=kmsdrm" "$dir/out" ||
	fail "no word of what to do without a display: $(cat "$dir/out")"
exit 0
