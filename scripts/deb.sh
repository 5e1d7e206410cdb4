#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds BUILD/khabar_VERSION_ARCH.deb from BUILD/khabar, the network program
# BUILD/khabar-net beside it, and the files under
# assets/ (debian/, systemd/, man/) with Debian's own tools: dpkg-shlibdeps
# finds the library dependencies, dpkg-deb builds the archive (root-owned,
# no fakeroot needed). Run by `make deb`.
#
# Usage: scripts/deb.sh BUILD VERSION MAINTAINER [BINARY]
# (BINARY defaults to BUILD/khabar; make deb passes BUILD/pkg/khabar.)
set -eu
BUILD=${1:?usage: scripts/deb.sh BUILD VERSION MAINTAINER [BINARY]}
VERSION=${2:?usage: scripts/deb.sh BUILD VERSION MAINTAINER [BINARY]}
MAINTAINER=${3:?usage: scripts/deb.sh BUILD VERSION MAINTAINER [BINARY]}
BINARY=${4:-$BUILD/khabar}
# DEB_HOST_ARCH and STRIP for a cross build (scripts/arm64-check.sh).
ARCH=${DEB_HOST_ARCH:-$(dpkg --print-architecture)}
STRIP=${STRIP:-strip}
stage=$BUILD/deb/root
rm -rf "$BUILD/deb"
mkdir -p "$stage/DEBIAN"

# The programs, stripped as dh_strip does it: the display, and the network
# program where the display looks for it (KHABAR_LIBEXECDIR).
NETBINARY=$(dirname "$BINARY")/khabar-net
install -D -m 755 "$BINARY" "$stage/usr/bin/khabar"
install -D -m 755 "$NETBINARY" "$stage/usr/libexec/khabar/khabar-net"
for b in "$stage/usr/bin/khabar" "$stage/usr/libexec/khabar/khabar-net"; do
	$STRIP --remove-section=.comment --remove-section=.note --strip-unneeded "$b"
done
install -d "$stage/usr/share/khabar/fonts"
install -m 644 fonts/*.ttf fonts/OFL.txt "$stage/usr/share/khabar/fonts/"

# The config, with the cache where the service keeps it, so the service and
# `sudo -u khabar khabar …` from a shell use the same file.
install -d "$stage/etc/khabar"
sed '/^\[cache\]/,/^\[/ s|^path =.*|path = /var/lib/khabar/khabar.db|' assets/khabar.ini \
	>"$stage/etc/khabar/khabar.ini"
grep -qx 'path = /var/lib/khabar/khabar.db' "$stage/etc/khabar/khabar.ini" || {
	echo "deb.sh: no [cache] path key in assets/khabar.ini" >&2
	exit 1
}
chmod 644 "$stage/etc/khabar/khabar.ini"

install -D -m 644 assets/systemd/khabar.service "$stage/lib/systemd/system/khabar.service"
install -m 644 assets/systemd/khabar-net.service assets/systemd/khabar-retry.timer \
	"$stage/lib/systemd/system/"

for page in assets/man/*.[1-8]; do
	sec=${page##*.}
	install -d "$stage/usr/share/man/man$sec"
	gzip -9n <"$page" >"$stage/usr/share/man/man$sec/$(basename "$page").gz"
done

# The frame's own words (gettext catalogues), built beside the binary.
locale=$(dirname "$BINARY")/locale
for mo in "$locale"/*/LC_MESSAGES/khabar.mo; do
	[ -f "$mo" ] || continue
	install -D -m 644 "$mo" "$stage/usr/share/locale/${mo#"$locale"/}"
done

doc=$stage/usr/share/doc/khabar
install -d "$doc"
install -m 644 assets/debian/copyright "$doc/copyright"
sed -e "s/@VERSION@/$VERSION/" -e "s|@MAINTAINER@|$MAINTAINER|" assets/debian/changelog | gzip -9n >"$doc/changelog.gz"
chmod 644 "$doc/changelog.gz"

# Library dependencies from the programs' own ELF needs; dpkg-shlibdeps
# wants a debian/control beside it.
shl=$BUILD/deb/shlibs
mkdir -p "$shl/debian"
printf 'Source: khabar\n\nPackage: khabar\nArchitecture: any\n' >"$shl/debian/control"
bin=$(cd "$stage/usr/bin" && pwd)/khabar
net=$(cd "$stage/usr/libexec/khabar" && pwd)/khabar-net
deps=$(cd "$shl" && dpkg-shlibdeps -O "$bin" "$net" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$deps" ] || {
	echo "deb.sh: dpkg-shlibdeps found no dependencies" >&2
	exit 1
}

size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@SIZE@/$size/" \
	-e "s/@DEPENDS@/$deps/" -e "s|@MAINTAINER@|$MAINTAINER|" assets/debian/control.in >"$stage/DEBIAN/control"
install -m 755 assets/debian/postinst assets/debian/prerm assets/debian/postrm "$stage/DEBIAN/"
install -m 644 assets/debian/conffiles "$stage/DEBIAN/"
(cd "$stage" && find . -path ./DEBIAN -prune -o -path ./etc -prune -o -type f -print |
	sed 's|^\./||' | sort | xargs md5sum) >"$stage/DEBIAN/md5sums"
chmod 644 "$stage/DEBIAN/md5sums"

out=$BUILD/khabar_${VERSION}_${ARCH}.deb
rm -f "$BUILD"/khabar_*.deb
dpkg-deb --root-owner-group -Zxz --build "$stage" "$out" >/dev/null
echo "$out"
