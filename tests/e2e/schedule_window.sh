#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The room screen in the real window under Xvfb, its clock started at
# 08:59:50 Tehran time and running five times faster: once the first talk
# has begun (the card rebuilt at the minute, a log line), the screen must
# show it on now, as `khabar render` draws 09:00:05, not the countdown it
# started with. Screenshots are taken until it does (bounded), never after
# a guessed delay.
set -u
. tests/e2e/lib.sh
if ! command -v xvfb-run >/dev/null || ! command -v import >/dev/null; then
	echo "schedule_window: needs xvfb-run and ImageMagick's import"
	exit 1
fi
db="$T/k.db"
"$KHABAR" --db "$db" import tests/schedules/tehran1405.schedule.json >/dev/null || exit 1
printf '[ticker]\nenabled = no\n[cards]\ntransition = none\nmin_dwell = 60\nmax_dwell = 60\n[schedule]\nroom = تالار فردوسی\n' \
	>"$T/k.ini"
for at in 09:00:05 08:59:50; do
	SDL_VIDEODRIVER=offscreen "$KHABAR" --config "$T/k.ini" --db "$db" render --size 1280x720 \
		--at "2026-05-13T$at+03:30" --out "$T/ref-$at.png"
	# The card area only: the header's clock shows seconds' worth of drift.
	convert "$T/ref-$at.png" -crop 1280x560+0+90 +repage "$T/a-$at.png"
done
export KHABAR DIR="$T" DB="$db"
xvfb-run -a -n "$XNUM" -s "-screen 0 1280x720x24" sh -c '
	SDL_VIDEODRIVER=x11 KHABAR_LOG=debug "$KHABAR" --config "$DIR/k.ini" --db "$DB" run \
		--at 2026-05-13T08:59:50+03:30 --time-scale 5 --exit-after 600 >"$DIR/log" 2>&1 &
	pid=$!
	i=0
	while ! grep -q "schedule card rebuilt" "$DIR/log" && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
	i=0
	while [ $i -lt 60 ]; do
		import -window root "$DIR/shot.png"
		convert "$DIR/shot.png" -crop 1280x560+0+90 +repage "$DIR/a-shot.png"
		d=$(compare -metric AE -fuzz 2% "$DIR/a-09:00:05.png" "$DIR/a-shot.png" null: 2>&1)
		d=${d%% *}
		case "$d" in "" | *[!0-9.e+]*) ;; *) [ "$(printf "%.0f" "$d")" -lt 1843 ] && break ;; esac
		sleep 0.5
		i=$((i + 1))
	done
	kill -TERM $pid
	wait $pid
' || true
show_on_fail "$T/log"
[ -f "$T/shot.png" ] || fail "no screenshot"
grep -q "schedule card rebuilt" "$T/log" || fail "the card was not rebuilt at the minute"
convert "$T/shot.png" -crop 1280x560+0+90 +repage "$T/a-shot.png"
d_now=$(compare -metric AE -fuzz 2% "$T/a-09:00:05.png" "$T/a-shot.png" null: 2>&1 || true)
d_old=$(compare -metric AE -fuzz 2% "$T/a-08:59:50.png" "$T/a-shot.png" null: 2>&1 || true)
d_now=$(printf '%.0f' "${d_now%% *}")
d_old=$(printf '%.0f' "${d_old%% *}")
[ "$d_now" -lt 1843 ] || fail "the screen is not the 09:00 room screen ($d_now pixels differ)"
[ "$d_old" -gt 1843 ] || fail "the screen still shows the countdown ($d_old pixels differ)"
echo "schedule_window: ok ($d_now pixels from 09:00, $d_old from the countdown)"

# News and the schedule together: the now-and-next card takes its turns
# among the news cards in a running display.
"$KHABAR" --db "$db" import assets/sample/ >/dev/null 2>&1
printf '[cards]\nmin_dwell = 1\nmax_dwell = 1\ntransition_time = 0.2\n' >"$T/mixed.ini"
SDL_VIDEODRIVER=offscreen KHABAR_LOG=debug "$KHABAR" --config "$T/mixed.ini" --db "$db" run \
	--at 2026-05-13T10:45:00+03:30 --time-scale 4 --exit-after 600 >"$T/log" 2>&1 &
pid=$!
at_exit "kill $pid 2>/dev/null"
# Twice, up to 60 s (some 3 s on an idle machine): turns, not seconds, count.
wait_for 60 sh -c '[ "$(grep -c "card: schedule page 1 built" "$1")" -ge 2 ]' - "$T/log"
kill -TERM $pid
wait $pid || fail "the display with news and a schedule exited with $?"
n=$(grep -c "card: schedule page 1 built" "$T/log")
turns=$(grep -c "on screen for" "$T/log")
[ "$n" -ge 2 ] || fail "the now-and-next card came $n times in $turns turns"
