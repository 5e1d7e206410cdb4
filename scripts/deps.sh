#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Install the Debian packages khabar needs to build, test and run, but only
# when something is missing. Run by `make`, `make run` and `make test`;
# cheap when everything is there (one pkg-config call and a few file tests).
set -u

# pkg-config module names and the files the tests and tools need.
MODULES="sdl2 SDL2_ttf SDL2_image harfbuzz freetype2 icu-uc icu-i18n sqlite3 libcjson expat libical libcurl inih cmocka libmosquitto libqrencode libsystemd libdrm"
FILES="/usr/share/unicode/BidiCharacterTest.txt /usr/share/unicode/auxiliary/LineBreakTest.txt /usr/sbin/mosquitto \
/usr/lib/python3/dist-packages/feedparser/__init__.py /usr/bin/time \
/usr/lib/python3/dist-packages/icalendar/__init__.py \
/usr/lib/python3/dist-packages/recurring_ical_events.py \
/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"
TOOLS="cc make pkg-config clang xvfb-run convert sqlite3 xdotool mosquitto_pub mosquitto_sub openssl msgfmt zbarimg python3 dpkg-deb dpkg-shlibdeps fakeroot lintian mandoc debootstrap systemd-analyze"

# The Debian packages that provide all of the above.
PACKAGES="build-essential pkg-config clang libclang-rt-14-dev \
libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev libharfbuzz-dev libfreetype-dev \
libicu-dev libsqlite3-dev sqlite3 libcjson-dev libexpat1-dev libical-dev libcurl4-openssl-dev \
libinih-dev libcmocka-dev unicode-data xvfb xauth x11-apps xdotool imagemagick \
libsystemd-dev libdrm-dev systemd dpkg-dev fakeroot lintian mandoc debootstrap \
libmosquitto-dev mosquitto mosquitto-clients openssl python3-feedparser \
python3-icalendar python3-recurring-ical-events \
gettext libqrencode-dev zbar-tools python3 time fonts-dejavu-core fonts-droid-fallback"

missing=""
for t in $TOOLS; do
	command -v "$t" >/dev/null 2>&1 || missing="$missing tool:$t"
done
if command -v pkg-config >/dev/null 2>&1; then
	pkg-config --exists $MODULES 2>/dev/null || missing="$missing pkg-config:modules"
fi
for f in $FILES; do
	[ -f "$f" ] || missing="$missing file:$f"
done
[ -z "$missing" ] && exit 0

echo "deps: missing:$missing" >&2
echo "deps: installing Debian packages:" $PACKAGES >&2
if [ "$(id -u)" = 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
else
	echo "deps: not root and no sudo; run as root:" >&2
	echo "  apt-get update && apt-get install -y $PACKAGES" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# Wait for another apt or dpkg run (unattended upgrades, a second build)
# rather than failing on its lock.
APT="apt-get -o DPkg::Lock::Timeout=600"
$SUDO $APT update -qq >&2 && $SUDO $APT install -y -qq $PACKAGES >&2 || {
	echo "deps: apt-get failed; run by hand:" >&2
	echo "  sudo apt-get update && sudo apt-get install -y $PACKAGES" >&2
	exit 1
}
