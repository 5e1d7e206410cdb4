#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The display's status file: status.json beside the cache, valid JSON
# with the screen's name and groups from [fleet], state "showing", the
# card on screen, counts, resolution and the config's checksum; it is
# written again every [fleet] every (1 s here) and at once when an
# emergency is on screen, and never holds the [mqtt] password file's
# path. A bad [fleet] key is refused with the file and the key.
. tests/e2e/lib.sh
command -v python3 >/dev/null || skip "fleet_status: needs python3"
"$KHABAR" --db "$T/s.db" import assets/sample/ >/dev/null 2>&1 || fail "import"
echo hunter2 >"$T/secret-password"
chmod 600 "$T/secret-password"
cat >"$T/s.ini" <<INI
[cards]
transition = none
min_dwell = 600
max_dwell = 600
[mqtt]
url = mqtt://127.0.0.1:1
username = screen
password_file = $T/secret-password
[fleet]
name = lobby-1
groups = lobby, hall2
every = 1s
INI
export SDL_VIDEODRIVER=offscreen SDL_FRAMEBUFFER_ACCELERATION=0
"$KHABAR" --config "$T/s.ini" --db "$T/s.db" run --windowed 640x360 --exit-after 120 \
	2>"$T/log" &
pid=$!
at_exit "kill $pid 2>/dev/null"
waitfor() { # python condition on the status d: up to 20 s
	i=0
	while [ $i -lt 200 ]; do
		python3 -c "import json, sys; d = json.load(open(sys.argv[1])); sys.exit(not ($1))" \
			"$T/status.json" 2>/dev/null && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
waitfor 'd["state"] == "showing"' || fail "no status showing; log: $(cat "$T/log")"
cat "$T/status.json"
python3 - "$T/status.json" <<'PY' || fail "the status lacks a field"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["name"] == "lobby-1" and d["groups"] == "lobby, hall2", d
assert d["card"]["kind"] in ("headline", "page") and d["card"]["id"], d
assert d["articles"] > 0 and d["resolution"] == "640x360", d
assert len(d["config"]) == 16 and d["version"] and d["started"] > 0, d
for k in ("memory_kb", "disk_free_kb", "temperature", "panel", "talks", "network"):
    assert k in d, k
PY
first=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["at"])' "$T/status.json")
waitfor "d['at'] > $first" || fail "the status is not written again after [fleet] every"
id=$("$KHABAR" --config "$T/s.ini" --db "$T/s.db" post --emergency "Evacuate") || fail "post"
waitfor "d['emergency'] == '$id' and d['card']['kind'] == 'emergency'" ||
	fail "the status does not say the emergency is on screen"
grep -q "secret" "$T/status.json" && fail "the status names the password file"
kill -TERM $pid
wait $pid
printf '[fleet]\nname = a/b\n' >"$T/bad.ini"
"$KHABAR" --config "$T/bad.ini" check >"$T/out" 2>&1 && fail "[fleet] name = a/b accepted"
grep -q "bad.ini: \[fleet\] name = 'a/b'" "$T/out" || fail "no clear message: $(cat "$T/out")"
printf '[fleet]\nevery = soon\n' >"$T/bad.ini"
"$KHABAR" --config "$T/bad.ini" check >"$T/out" 2>&1 && fail "[fleet] every = soon accepted"
grep -q "bad.ini:2" "$T/out" || fail "no file:line: $(cat "$T/out")"
echo "fleet_status: ok"
