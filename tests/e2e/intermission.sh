#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The intermission at a hall door, through the binary: in Hall 2's lunch
# gap (11:45 to 14:00) the door screen alternates the intermission slides
# (articles of [schedule] intermission_category, here a JSON import) with
# the next talk; at 13:54:30 (a longest card and a slide would not end by 13:55)
# and during a talk it shows the hall only; `intermission = 0s` turns it
# off. Each card is drawn by `khabar render --card N` and compared with
# the hall's own card.
set -u
. tests/e2e/lib.sh
. tests/lib/halls_schedule.sh
db="$T/k.db"
halls_schedule 3 >"$T/halls.xml"
"$KHABAR" --db "$db" import "$T/halls.xml" >/dev/null || fail "schedule import failed"
cat >"$T/slides.json" <<'JSON'
[{"id": "coffee", "title": "Coffee and tea in the foyer", "category": "lunch",
  "summary": "Lunch is served on the first floor until 13:30.",
  "published": "2026-05-13T11:00:00+03:30"},
 {"id": "news", "title": "Not a slide: news", "category": "news",
  "published": "2026-05-13T11:00:00+03:30"}]
JSON
"$KHABAR" --db "$db" import "$T/slides.json" >/dev/null || fail "slides import failed"
printf '[ticker]\nenabled = no\n[schedule]\nroom = Hall 2\nintermission_category = lunch\n' >"$T/k.ini"
sed 's/^intermission_category = lunch$/intermission_category = lunch\nintermission = 0s/' \
	"$T/k.ini" >"$T/off.ini"
draw() { # config at card out
	SDL_VIDEODRIVER=offscreen "$KHABAR" --config "$1" --db "$db" render --size 1280x720 \
		--at "2026-05-13T$2+03:30" --card "$3" --out "$T/$4.png" || fail "render $4 failed"
}
# Pixels that differ between two renders' card areas.
differ() {
	d=$(compare -metric AE -fuzz 2% "$T/$1.png" "$T/$2.png" null: 2>&1 || true)
	printf '%.0f' "${d%% *}"
}
draw "$T/off.ini" 12:30:00 0 hall
for c in 0 1 2 3; do draw "$T/k.ini" 12:30:00 $c lunch$c; done
[ "$(differ hall lunch0)" -gt 20000 ] || fail "card 0 in the lunch gap is not a slide"
[ "$(differ hall lunch1)" -lt 500 ] || fail "card 1 in the lunch gap is not the hall"
[ "$(differ lunch0 lunch2)" -lt 500 ] || fail "card 2 is not the slide again"
[ "$(differ hall lunch3)" -lt 500 ] || fail "card 3 is not the hall again"
draw "$T/off.ini" 13:54:30 0 hall-late
for c in 0 1; do draw "$T/k.ini" 13:54:30 $c late$c; done
[ "$(differ hall-late late0)" -lt 500 ] && [ "$(differ hall-late late1)" -lt 500 ] ||
	fail "a slide at 13:54:30: the next talk must be back by 13:55"
draw "$T/off.ini" 10:20:00 0 hall-talk
draw "$T/k.ini" 10:20:00 0 talk0
[ "$(differ hall-talk talk0)" -lt 500 ] || fail "a slide while a talk is on"

# A running display: the slides take their turns, and `khabar plays` says
# which article each was (what a sponsor asks for).
printf '[cards]\nmin_dwell = 1\nmax_dwell = 1\ntransition = none\n' >>"$T/k.ini"
SDL_VIDEODRIVER=offscreen KHABAR_LOG=debug "$KHABAR" --config "$T/k.ini" --db "$db" run \
	--at 2026-05-13T12:30:00+03:30 --exit-after 600 >"$T/log" 2>&1 &
pid=$!
at_exit "kill $pid 2>/dev/null"
show_on_fail "$T/log"
wait_for 120 sh -c '[ "$(grep -c "intermission slide 1 built" "$1")" -ge 3 ]' - "$T/log" ||
	fail "the running display showed no slides"
kill -TERM $pid
wait $pid || fail "the display exited with $?"
"$KHABAR" --config "$T/k.ini" --db "$db" plays --since 2026-05-13T00:00:00+03:30 >"$T/plays" 2>&1 || fail "plays: $(cat "$T/plays")"
grep -q "intermission.*Coffee and tea in the foyer" "$T/plays" ||
	fail "no intermission play of the slide: $(cat "$T/plays")"
grep -q "schedule" "$T/plays" || fail "no play of the hall's card between the slides"
echo "intermission: ok"
