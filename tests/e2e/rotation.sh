#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A rotation of more than 20 cards through the real display loop
# (offscreen driver) with a fast fake clock: it starts with no cache (the
# empty card), articles arrive mid-run (breaking, pinned, article pages),
# more arrive later, the cache file is deleted (the loaded cards stay) and
# comes back (it is reopened). Crossfade in one run, slide in another.
# Under `make asan` any leak or memory error fails the run.
set -u
. tests/e2e/lib.sh
db="$T/k.db"
for transition in crossfade slide; do
	cat >"$T/k.ini" <<INI
[cards]
min_dwell = 2
max_dwell = 2
transition = $transition
transition_time = 0.5
[cache]
retry_seconds = 1
INI
	rm -f "$db" "$db-wal" "$db-shm"
	# Ten times faster than the wall clock: 2 s cards last 0.2 s. Each step
	# waits for the display to have taken the last one (its log line),
	# with a generous bound, never for a guessed time.
	mark=0
	KHABAR_LOG=debug "$KHABAR" --config "$T/k.ini" --db "$db" run --windowed 960x540 \
		--time-scale 10 --at 2022-06-08T10:30:00Z --exit-after 600 \
		>"$T/log" 2>&1 &
	pid=$!
	at_exit "kill $pid 2>/dev/null"
	step() { wait_line "$T/log" "$1" 60 || no "$transition: no '$1' in the log"; }
	step 'the empty card built'
	"$KHABAR" --db "$db" import assets/sample/articles.json >/dev/null 2>&1
	step 'to show'
	"$KHABAR" --db "$db" import assets/sample/ >/dev/null 2>&1
	step 'to show'
	rm -f "$db" "$db-wal" "$db-shm"
	step 'gone or broken; keeping the loaded cards'
	"$KHABAR" --db "$db" import assets/sample/feed-rss.xml >/dev/null 2>&1
	step 'to show'
	wait_for 120 sh -c '[ "$(grep -c "on screen for" "$1")" -ge 20 ]' - "$T/log" ||
		no "$transition: fewer than 20 cards"
	kill -TERM $pid
	wait $pid
	rc=$?
	cards=$(grep -c 'on screen for' "$T/log")
	empty=$(grep -c 'the empty card built' "$T/log")
	loads=$(grep -c 'to show' "$T/log")
	echo "rotation ($transition): exit $rc, $cards cards, $empty empty, $loads loads"
	if [ "$rc" -ne 0 ] || [ "$cards" -lt 20 ] || [ "$empty" -lt 1 ] || [ "$loads" -lt 3 ] ||
		! grep -q 'gone or broken; keeping the loaded cards' "$T/log" ||
		grep -q 'Sanitizer' "$T/log"; then
		cat "$T/log"
		failed=1
	fi
done
exit $failed
