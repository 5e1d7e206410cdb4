#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Golden images of the halls (tests/lib/halls_schedule.sh, 13 May 2026,
# Tehran time), in Persian and English frames:
# - the board at 10:20 with 3, 20 and 92 halls, first page, at 1920x1080
#   and 1080x1920: Hall 2 marked full, "schedule updated 12 minutes ago";
# - Hall 2's door screen at 1920x1080: full (the red band and the
#   stream's QR code; and at 1080x1920 in Persian), the countdown under 5 minutes (10:56), an
#   intermission slide (12:30), a talk moved out (the second version of the
#   schedule, 10:20), and its cancelled next talk (10:56, the card after
#   the slide: with its 11:00 talk gone the hall has a gap until 15:00).
# Compared with tests/golden/ as golden_schedule.sh does;
# KHABAR_GOLDEN_UPDATE=1 rewrites them.
set -eu
. tests/e2e/lib.sh
. tests/lib/halls_schedule.sh
failed=0
check() { golden_check "$@"; }
render() { # config db at size out [card]
	SDL_VIDEODRIVER=offscreen "$KHABAR" --config "$1" --db "$2" render --size "$4" \
		--at "2026-05-13T$3+03:30" --card "${6:-0}" --out "$5"
}
for lang in fa en; do
	printf '[display]\nlanguage = %s\n[ticker]\nenabled = no\n' $lang >"$T/board-$lang.ini"
	cat >"$T/door-$lang.ini" <<INI
[display]
language = $lang
[ticker]
enabled = no
[schedule]
room = Hall 2
stream_url = https://stream.example.org/{room}
intermission_category = lunch
INI
done
cat >"$T/slides.json" <<'JSON'
[{"id": "lunch", "title": "Lunch is served in the foyer", "category": "lunch",
  "summary": "Hot food and tea on the first floor until 13:30; the talks go on at 14:00.",
  "published": "2026-05-13T11:00:00+03:30"}]
JSON

# The board.
for n in 3 20 92; do
	db="$T/b$n.db"
	halls_schedule $n >"$T/h$n.xml"
	"$KHABAR" --db "$db" import --at 2026-05-13T10:08:00+03:30 "$T/h$n.xml" >/dev/null
	"$KHABAR" --db "$db" room "Hall 2" full >/dev/null
	for size in 1920x1080 1080x1920; do
		for lang in fa en; do
			[ $lang = en ] && [ $n = 20 ] && continue
			name=halls$n-board
			[ $lang = en ] && name=en-$name
			render "$T/board-$lang.ini" "$db" 10:20:00 $size "$T/b.png"
			check "$name" $size "$T/b.png"
		done
	done
done

# The door screen of Hall 2.
db="$T/d1.db"
halls_schedule 3 >"$T/h.xml"
"$KHABAR" --db "$db" import --at 2026-05-13T08:00:00+03:30 "$T/h.xml" >/dev/null
"$KHABAR" --db "$db" import "$T/slides.json" >/dev/null
db2="$T/d2.db"
cp "$db" "$db2"
halls_schedule 3 v2 >"$T/h2.xml"
"$KHABAR" --db "$db2" import --at 2026-05-13T09:30:00+03:30 "$T/h2.xml" >/dev/null
for lang in fa en; do
	p=
	[ $lang = en ] && p=en-
	"$KHABAR" --db "$db" room "Hall 2" full >/dev/null
	render "$T/door-$lang.ini" "$db" 10:20:00 1920x1080 "$T/d.png"
	check ${p}halls-door-full 1920x1080 "$T/d.png"
	if [ $lang = fa ]; then
		render "$T/door-$lang.ini" "$db" 10:20:00 1080x1920 "$T/d.png"
		check halls-door-full 1080x1920 "$T/d.png"
	fi
	"$KHABAR" --db "$db" room "Hall 2" open >/dev/null
	render "$T/door-$lang.ini" "$db" 10:56:00 1920x1080 "$T/d.png"
	check ${p}halls-door-countdown 1920x1080 "$T/d.png"
	render "$T/door-$lang.ini" "$db" 12:30:00 1920x1080 "$T/d.png" 0
	check ${p}halls-door-intermission 1920x1080 "$T/d.png"
	render "$T/door-$lang.ini" "$db2" 10:20:00 1920x1080 "$T/d.png"
	check ${p}halls-door-moved 1920x1080 "$T/d.png"
	# 10:50 to 15:00 is an intermission now: card 0 is a slide, 1 the hall.
	render "$T/door-$lang.ini" "$db2" 10:56:00 1920x1080 "$T/d.png" 1
	check ${p}halls-door-cancelled 1920x1080 "$T/d.png"
done
exit $failed
