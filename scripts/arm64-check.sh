#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The arm64 check (Raspberry Pi OS 64-bit): in a Debian 12 root under
# build/arm64/ (debootstrap minbase from this machine's Debian mirror, with
# arm64 added as a foreign architecture and Debian's cross compiler), build
# khabar for arm64 and `make deb` with dpkg-shlibdeps reading the arm64
# libraries, then run the arm64 binary under qemu-user emulation
# (qemu-aarch64-static, called directly: no binfmt needed) to import the
# samples, `khabar check` and render a card, and run lintian on the
# arm64 package. Needs root; the root and its packages are kept, so a
# second run only rebuilds. Not part of `make test` (its first run
# downloads about 400 MB); the README says what it showed.
#
# Output: build/arm64/khabar_VERSION_arm64.deb, build/arm64/card.png.
set -eu
[ "$(id -u)" = 0 ] || { echo "arm64-check: needs root (debootstrap, chroot)"; exit 1; }
src=$(cd "$(dirname "$0")/.." && pwd)
top=$src/build/arm64
root=$top/root
mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
	awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^https?:\/\//) { print $i; break } }' |
	grep -E '/debian/?$' | head -n 1 || true)
[ -n "$mirror" ] || mirror=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
	awk '/^URIs:/ { for (i = 2; i <= NF; i++) print $i }' | grep -E '/debian/?$' | head -n 1)
mkdir -p "$top/out"

# The arm64 libraries to build against: the -dev packages of deps.sh's
# build set (one list, so a new dependency comes here too); its test tools
# never go into this root.
LIBS=$(sed -n '/^BUILD_PACKAGES="/,/"$/p' "$src/scripts/deps.sh" | tr -d '"\\' | tr ' ' '\n' |
	sed -n 's/^BUILD_PACKAGES=//; /^lib.*-dev$/p' |
	grep -Ev '^(libsdl2-ttf-dev|libcmocka-dev|libclang-rt-.*)$' | tr '\n' ' ')
echo "arm64-check: arm64 libraries: $LIBS"
if [ ! -f "$top/root.ok" ]; then
	rm -rf "$root"
	echo "arm64-check: debootstrap bookworm from $mirror"
	debootstrap --variant=minbase bookworm "$root" "$mirror" >"$top/debootstrap.log" 2>&1
	echo "deb $mirror bookworm main" >"$root/etc/apt/sources.list"
	chroot "$root" dpkg --add-architecture arm64
fi

cat >"$top/inside.sh" <<INSIDE
set -eu
root="$root"
trap 'umount -R "\$root/proc" "\$root/dev" "\$root/src" "\$root/out" 2>/dev/null || true' EXIT
mkdir -p "\$root/src" "\$root/out"
mount --rbind /dev "\$root/dev"
mount -t proc proc "\$root/proc"
mount --bind "$src" "\$root/src"
mount --bind "$top/out" "\$root/out"
export DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8
# Every run: a no-op once all is there; new build dependencies come in.
[ -f "$top/root.ok" ] || chroot "\$root" apt-get -qq update
chroot "\$root" apt-get install -y -q --no-install-recommends build-essential \
	crossbuild-essential-arm64 pkg-config dpkg-dev file qemu-user-static gettext \
	\$(for l in $LIBS; do printf '%s:arm64 ' \$l; done) >"$top/apt.log" 2>&1 ||
	{ tail -n 30 "$top/apt.log"; exit 1; }
chroot "\$root" apt-get clean
touch "$top/root.ok"
chroot "\$root" sh -c '
	set -e
	cd /src
	export PKG_CONFIG_LIBDIR=/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig
	export DEB_HOST_ARCH=arm64 STRIP=aarch64-linux-gnu-strip
	make -s BUILD=/out/build CC=aarch64-linux-gnu-gcc /out/build/khabar
	file /out/build/khabar
	make -s BUILD=/out/build CC=aarch64-linux-gnu-gcc deb
	dpkg-deb -f /out/build/khabar_*_arm64.deb Architecture Depends
	cd /tmp
	q() { SDL_VIDEODRIVER=offscreen KHABAR_DATADIR=/src qemu-aarch64-static /out/build/khabar "\$@"; }
	q --version
	rm -f /tmp/a.db
	q --db /tmp/a.db import /src/assets/sample/
	q --db /tmp/a.db check
	q --db /tmp/a.db render --card 0 --size 1280x720 --at 2022-06-08T10:30:00Z --out /out/card.png
'
INSIDE
unshare --mount --propagation private sh "$top/inside.sh"
cp "$top"/out/build/khabar_*_arm64.deb "$top/"
lintian --fail-on error,warning "$top"/khabar_*_arm64.deb 2>&1 | grep -v 'root privileges' || true
# The same card from this machine's own build (made here when missing):
# the two must be the same pixels.
make -C "$src" -s build/khabar
rm -f "$top/amd64.db"
"$src/build/khabar" --db "$top/amd64.db" import "$src/assets/sample/" >/dev/null
SDL_VIDEODRIVER=offscreen "$src/build/khabar" --db "$top/amd64.db" render --card 0 \
	--size 1280x720 --at 2022-06-08T10:30:00Z --out "$top/card-amd64.png"
ae=$(compare -metric AE "$top/out/card.png" "$top/card-amd64.png" null: 2>&1 || true)
echo "arm64-check: pixels differing from the amd64 render: $ae"
echo "arm64-check: $(ls "$top"/khabar_*_arm64.deb), $top/out/card.png"
