#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The loop draws at most FRAME_RATE (60) frames a second while the ticker
# moves, and sleeps between them, in a real X11 window (whose server
# answers every frame, a wake-up that must not draw another) and on the
# offscreen driver, outside systemd (no watchdog: the wait must still be
# the frame's, not zero). Counts frames, not time: a busy loop draws
# thousands a second.
set -u
. tests/e2e/lib.sh
command -v xvfb-run >/dev/null || { echo "frame_pacing: needs xvfb-run"; exit 1; }
"$KHABAR" --db "$T/k.db" import assets/sample/ >/dev/null 2>&1
export KHABAR DIR="$T"
unset NOTIFY_SOCKET WATCHDOG_USEC
xvfb-run -a -n "$XNUM" -s "-screen 0 1280x720x24" sh -c '
	SDL_VIDEODRIVER=x11 "$KHABAR" --db "$DIR/k.db" run --exit-after 3 >"$DIR/x11.log" 2>&1'
SDL_VIDEODRIVER=offscreen "$KHABAR" --db "$T/k.db" run --windowed 1280x720 --exit-after 3 \
	>"$T/offscreen.log" 2>&1
for d in x11 offscreen; do
	n=$(sed -n 's/.*exit after .* s: .* cards, \([0-9]*\) frames.*/\1/p' "$T/$d.log")
	if [ -z "$n" ]; then
		echo "frame_pacing: $d: no frame count"
		cat "$T/$d.log"
		failed=1
	elif [ "$n" -gt 240 ]; then # 3 s at 60 fps is 180
		echo "frame_pacing: $d: $n frames in 3 s: the loop does not wait between frames"
		failed=1
	else
		echo "frame_pacing: $d: $n frames in 3 s"
	fi
done
exit $failed
