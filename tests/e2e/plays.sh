#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# What the display played: a display with a 1 s dwell at ten times speed
# (a card every 0.1 s) is killed with SIGKILL 30 times, each time after
# it has put two more cards on screen; then the cache passes
# PRAGMA integrity_check and every play is whole (a start, a duration >= 0,
# a kind, and an article for the article kinds). `khabar plays` lists
# them as text, JSON (valid) and CSV (one line a play, plus the header).
. tests/e2e/lib.sh
command -v python3 >/dev/null || skip "plays: needs python3"
"$KHABAR" --db "$T/p.db" import assets/sample/ >/dev/null 2>&1 || fail "import"
printf '[cards]\ntransition = none\nmin_dwell = 1\nmax_dwell = 1\n[fleet]\nthumbnails = no\n' \
	>"$T/p.ini"
export SDL_VIDEODRIVER=offscreen SDL_FRAMEBUFFER_ACCELERATION=0
i=0
while [ $i -lt 30 ]; do
	: >"$T/log"
	"$KHABAR" --config "$T/p.ini" --db "$T/p.db" run --windowed 320x180 --time-scale 10 \
		--exit-after 600 2>"$T/log" &
	pid=$!
	n=0
	while [ "$(grep -c "^khabar: info: card [0-9]* on screen" "$T/log")" -lt 3 ] && [ $n -lt 300 ]; do
		sleep 0.05
		n=$((n + 1))
	done
	kill -KILL $pid
	wait $pid 2>/dev/null
	i=$((i + 1))
done
python3 - "$T/p.db" <<'PY' || fail "the plays are not whole"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
ok = db.execute("PRAGMA integrity_check").fetchone()[0]
print("plays: integrity_check:", ok)
rows = db.execute("SELECT start, duration, kind, article, title, page FROM plays").fetchall()
bad = [r for r in rows if not (r[0] > 1e9 and r[1] is not None and r[1] >= 0 and r[2]
       and (r[2] not in ("headline", "page") or (r[3] and r[4])))]
print("plays: %d rows over 30 kills, %d not whole" % (len(rows), len(bad)))
sys.exit(0 if ok == "ok" and rows and len(rows) >= 30 and not bad else 1)
PY
"$KHABAR" --config "$T/p.ini" --db "$T/p.db" plays >"$T/text" || fail "plays"
"$KHABAR" --config "$T/p.ini" --db "$T/p.db" plays --json >"$T/json" || fail "plays --json"
"$KHABAR" --config "$T/p.ini" --db "$T/p.db" plays --csv --since 1h >"$T/csv" || fail "plays --csv"
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); assert d["plays"][0]["kind"]' \
	"$T/json" || fail "plays --json is not the plays as JSON"
rows=$(sqlite3 "$T/p.db" "SELECT count(*) FROM plays" 2>/dev/null || python3 -c \
	'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM plays").fetchone()[0])' "$T/p.db")
[ "$(wc -l <"$T/text")" = "$rows" ] || fail "plays: $(wc -l <"$T/text") lines for $rows plays"
[ "$(wc -l <"$T/csv")" = $((rows + 1)) ] || fail "plays --csv: not one line a play"
head -1 "$T/csv" | grep -q '^start,duration,kind,id,title,page$' || fail "plays --csv: no header"
"$KHABAR" --db "$T/p.db" plays --since soon 2>"$T/err" && fail "plays --since soon accepted"
grep -q "neither a time" "$T/err" || fail "plays --since: no clear message"
echo "plays: ok ($rows plays)"
