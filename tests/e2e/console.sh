#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The video driver on a console: without X11 or Wayland (no DISPLAY, no
# WAYLAND_DISPLAY) khabar asks SDL for KMSDRM, and so it does for the card
# [display] drm_device names even beside X11; SDL_VIDEODRIVER always wins.
# (This machine has no DRM device: the KMSDRM attempts end with "no
# display", exit status 1, which is what is checked besides the choice.)
set -u
: "${KHABAR:=build/khabar}" "${TEST_TMP:=/tmp}"
dir=$(mktemp -d "$TEST_TMP/console.XXXXXX")
fail=0
run() { # config-lines env... : exit status in $rc, log in $dir/log
	printf "$1" >"$dir/c.ini"
	shift
	env "$@" "$KHABAR" --config "$dir/c.ini" --db "$dir/c.db" run --exit-after 1 >"$dir/log" 2>&1
	rc=$?
}
want() { # text
	grep -q "$1" "$dir/log" || { echo "console: the log lacks '$1':"; cat "$dir/log"; fail=1; }
}
[ -e /dev/dri/card0 ] && { echo "console: skipped: this machine has a DRM device"; exit 77; }
run '' -u SDL_VIDEODRIVER -u DISPLAY -u WAYLAND_DISPLAY
want "no X11 or Wayland: the console's KMSDRM driver"
want "no display: kmsdrm"
[ $rc = 1 ] || { echo "console: exit $rc, want 1"; fail=1; }
run '[display]\ndrm_device = /dev/dri/card1\n' -u SDL_VIDEODRIVER DISPLAY=:99
want "the console's KMSDRM driver on /dev/dri/card1"
[ $rc = 1 ] || { echo "console: exit $rc, want 1"; fail=1; }
run '[display]\ndrm_device = /dev/dri/renderD128\n' -u SDL_VIDEODRIVER -u DISPLAY
want "drm_device = '/dev/dri/renderD128' is not a DRM card"
[ $rc = 1 ] || { echo "console: exit $rc, want 1"; fail=1; }
run '[display]\ndrm_device = /dev/dri/card1\n' SDL_VIDEODRIVER=offscreen
grep -q "KMSDRM" "$dir/log" && { echo "console: SDL_VIDEODRIVER did not win:"; cat "$dir/log"; fail=1; }
[ $rc = 0 ] || { echo "console: offscreen exit $rc, want 0"; cat "$dir/log"; fail=1; }
[ $fail = 0 ] && echo "console: KMSDRM chosen on a console and for drm_device; SDL_VIDEODRIVER wins"
rm -rf "$dir"
exit $fail
