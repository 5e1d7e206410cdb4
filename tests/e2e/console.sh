#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The video driver on a console: without X11 or Wayland (no DISPLAY, no
# WAYLAND_DISPLAY) khabar asks SDL for KMSDRM, and so it does for the card
# [display] drm_device names even beside X11; SDL_VIDEODRIVER always wins.
# (This machine has no DRM device: the KMSDRM attempts end with "no
# display", exit status 1, which is what is checked besides the choice.)
set -u
. tests/e2e/lib.sh
run() { # config-lines env... : exit status in $rc, log in $T/log
	printf "$1" >"$T/c.ini"
	shift
	env "$@" "$KHABAR" --config "$T/c.ini" --db "$T/c.db" run --exit-after 1 >"$T/log" 2>&1
	rc=$?
}
want() { # text
	grep -q "$1" "$T/log" || { echo "console: the log lacks '$1':"; cat "$T/log"; failed=1; }
}
[ -e /dev/dri/card0 ] && { echo "console: skipped: this machine has a DRM device"; exit 77; }
run '' -u SDL_VIDEODRIVER -u DISPLAY -u WAYLAND_DISPLAY
want "no X11 or Wayland: the console's KMSDRM driver"
want "no display: kmsdrm"
[ $rc = 1 ] || { echo "console: exit $rc, want 1"; failed=1; }
run '[display]\ndrm_device = /dev/dri/card1\n' -u SDL_VIDEODRIVER DISPLAY=:99
want "the console's KMSDRM driver on /dev/dri/card1"
[ $rc = 1 ] || { echo "console: exit $rc, want 1"; failed=1; }
run '[display]\ndrm_device = /dev/dri/renderD128\n' -u SDL_VIDEODRIVER -u DISPLAY
want "drm_device = '/dev/dri/renderD128' is not a DRM card"
[ $rc = 1 ] || { echo "console: exit $rc, want 1"; failed=1; }
run '[display]\ndrm_device = /dev/dri/card1\n' SDL_VIDEODRIVER=offscreen
grep -q "KMSDRM" "$T/log" && { echo "console: SDL_VIDEODRIVER did not win:"; cat "$T/log"; failed=1; }
[ $rc = 0 ] || { echo "console: offscreen exit $rc, want 0"; cat "$T/log"; failed=1; }
[ $failed = 0 ] && echo "console: KMSDRM chosen on a console and for drm_device; SDL_VIDEODRIVER wins"
exit $failed
