#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The Debian packages khabar needs, in three sets: build (compiling and
# linking khabar), run (what `make run` needs beyond that) and test (the
# tools of `make test`, `make fuzz` and the package checks: a Mosquitto
# broker, Xvfb and xdotool, clang, lintian...). Each set includes the
# sets before it.
#
#   scripts/deps.sh check SET    exit 1 with the exact apt-get line when
#                                something of SET is missing; never installs
#   scripts/deps.sh install SET  install what is missing of SET (apt-get,
#                                as root or through sudo)
#
# Plain `make` only checks; `make deps` and `make run` install the run set,
# `make test` the test set. Cheap when everything is there.
set -u
mode=${1:-check}
set=${2:-build}

BUILD_MODULES="sdl2 SDL2_image libjpeg harfbuzz freetype2 fontconfig icu-uc icu-i18n sqlite3 libcjson expat libical libcurl inih libmosquitto libqrencode libsystemd libdrm libmicrohttpd libcrypt"
BUILD_TOOLS="cc make pkg-config msgfmt"
BUILD_PACKAGES="build-essential pkg-config gettext \
libsdl2-dev libsdl2-image-dev libjpeg62-turbo-dev libharfbuzz-dev libfreetype-dev libfontconfig-dev libicu-dev libsqlite3-dev \
libcjson-dev libexpat1-dev libical-dev libcurl4-openssl-dev libinih-dev libmosquitto-dev \
libqrencode-dev libsystemd-dev libdrm-dev libmicrohttpd-dev libcrypt-dev"
# `make run` imports the sample and starts the display: the libraries
# above, a shell, and the colour emoji font fontconfig finds for emoji in
# titles (without it they show as boxes; Persian needs only Vazirmatn).
RUN_TOOLS=""
RUN_FILES="/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf"
RUN_PACKAGES="fonts-noto-color-emoji"
TEST_MODULES="SDL2_ttf cmocka"
TEST_FILES="/usr/lib/python3/dist-packages/selenium/__init__.py /usr/share/unicode/BidiCharacterTest.txt /usr/share/unicode/auxiliary/LineBreakTest.txt /usr/sbin/mosquitto \
/usr/lib/python3/dist-packages/feedparser/__init__.py /usr/bin/time \
/usr/lib/python3/dist-packages/icalendar/__init__.py /usr/lib/python3/dist-packages/recurring_ical_events.py \
/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf \
/usr/share/fonts/truetype/nanum/NanumGothic.ttf \
/usr/lib/python3/dist-packages/debian/copyright.py"
TEST_TOOLS="chromium chromedriver npm clang xvfb-run convert fc-list sqlite3 xdotool mosquitto_pub mosquitto_sub openssl zbarimg python3 dpkg-deb dpkg-shlibdeps fakeroot lintian mandoc debootstrap systemd-analyze pgrep iconv"
TEST_PACKAGES="clang libclang-rt-14-dev libsdl2-ttf-dev libcmocka-dev sqlite3 unicode-data \
xvfb xauth x11-apps xdotool imagemagick systemd dpkg-dev fakeroot lintian mandoc debootstrap \
mosquitto mosquitto-clients openssl python3-feedparser python3-icalendar \
python3-recurring-ical-events zbar-tools python3 time procps \
fonts-dejavu-core fonts-droid-fallback fonts-nanum fontconfig python3-debian \
chromium chromium-driver python3-selenium"
# The console's browser test fetches axe-core with npm; a Node.js from
# elsewhere (NodeSource) brings its own npm and conflicts with Debian's.
command -v npm >/dev/null 2>&1 || TEST_PACKAGES="$TEST_PACKAGES npm"

modules=$BUILD_MODULES tools="$BUILD_TOOLS" files="" packages=$BUILD_PACKAGES
case "$set" in
build) ;;
run) tools="$tools $RUN_TOOLS" files=$RUN_FILES packages="$packages $RUN_PACKAGES" ;;
test)
	modules="$modules $TEST_MODULES" tools="$tools $RUN_TOOLS $TEST_TOOLS" files="$RUN_FILES $TEST_FILES"
	packages="$packages $RUN_PACKAGES $TEST_PACKAGES"
	;;
*) echo "deps: unknown set '$set' (build, run or test)" >&2; exit 2 ;;
esac

missing=""
for t in $tools; do
	command -v "$t" >/dev/null 2>&1 || missing="$missing $t"
done
if command -v pkg-config >/dev/null 2>&1; then
	for m in $modules; do
		pkg-config --exists "$m" 2>/dev/null || missing="$missing $m"
	done
fi
for f in $files; do
	[ -f "$f" ] || missing="$missing $f"
done
[ -z "$missing" ] && exit 0
packages=$(echo $packages)

if [ "$mode" = check ]; then
	echo "deps: missing for the $set:$missing" >&2
	echo "deps: install them with \`make deps\`, or:" >&2
	echo "  sudo apt-get install -y $packages" >&2
	exit 1
fi

echo "deps: missing for the $set:$missing" >&2
echo "deps: installing Debian packages: $packages" >&2
if [ "$(id -u)" = 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
else
	echo "deps: not root and no sudo; run as root:" >&2
	echo "  apt-get update && apt-get install -y $packages" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# Wait for another apt or dpkg run (unattended upgrades, a second build)
# rather than failing on its lock.
APT="apt-get -o DPkg::Lock::Timeout=600"
$SUDO $APT update -qq >&2 && $SUDO $APT install -y -qq --no-install-recommends $packages >&2 || {
	echo "deps: apt-get failed; run by hand:" >&2
	echo "  sudo apt-get update && sudo apt-get install -y $packages" >&2
	exit 1
}
