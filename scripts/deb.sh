#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds BUILD/khabar_VERSION_ARCH.deb from BUILD/khabar, the network program
# BUILD/khabar-net beside it, and the files under
# assets/ (debian/, systemd/, man/) with Debian's own tools: dpkg-shlibdeps
# finds the library dependencies, dpkg-deb builds the archive (root-owned,
# no fakeroot needed). Run by `make deb`.
#
# Reproducible: the same binary and files give the same .deb, byte for
# byte, whatever the folder, the time, the umask or the locale. Every date
# in it is SOURCE_DATE_EPOCH, by default the date of the changelog's top
# entry (every staged file is dated with it, dpkg-deb dates the ar members
# with it, gzip -n stores none); owners are root; modes do not follow the
# umask; lists are sorted in the C locale; Installed-Size adds file sizes,
# not the disk's blocks.
#
# Usage: scripts/deb.sh BUILD VERSION MAINTAINER [BINARY]
# (BINARY defaults to BUILD/khabar; make deb passes BUILD/pkg/khabar.)
# CHANGELOG names another changelog (default assets/debian/changelog): its
# top entry must be VERSION.
set -eu
umask 022
export LC_ALL=C
BUILD=${1:?usage: scripts/deb.sh BUILD VERSION MAINTAINER [BINARY]}
VERSION=${2:?usage: scripts/deb.sh BUILD VERSION MAINTAINER [BINARY]}
MAINTAINER=${3:?usage: scripts/deb.sh BUILD VERSION MAINTAINER [BINARY]}
BINARY=${4:-$BUILD/khabar}
# DEB_HOST_ARCH and STRIP for a cross build (scripts/arm64-check.sh).
ARCH=${DEB_HOST_ARCH:-$(dpkg --print-architecture)}
STRIP=${STRIP:-strip}
CHANGELOG=${CHANGELOG:-assets/debian/changelog}
stage=$BUILD/deb/root
rm -rf "$BUILD/deb"
mkdir -p "$stage/DEBIAN"

# The changelog signed by MAINTAINER; its top entry is this version and
# gives the date of everything in the package.
changelog=$BUILD/deb/changelog
sed "s|@MAINTAINER@|$MAINTAINER|" "$CHANGELOG" >"$changelog"
top=$(dpkg-parsechangelog -l "$changelog" -SVersion)
[ "$top" = "$VERSION" ] || {
	echo "deb.sh: $CHANGELOG: the top entry is $top, not $VERSION (add an entry for $VERSION, and to NEWS)" >&2
	exit 1
}
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(dpkg-parsechangelog -l "$changelog" -STimestamp)}
export SOURCE_DATE_EPOCH

# The programs, stripped as dh_strip does it: the display, and the network
# program where the display looks for it (KHABAR_LIBEXECDIR).
NETBINARY=$(dirname "$BINARY")/khabar-net
CONSOLEBINARY=$(dirname "$BINARY")/khabar-console
install -D -m 755 "$BINARY" "$stage/usr/bin/khabar"
install -D -m 755 "$NETBINARY" "$stage/usr/libexec/khabar/khabar-net"
install -D -m 755 "$CONSOLEBINARY" "$stage/usr/libexec/khabar/khabar-console"
for b in "$stage/usr/bin/khabar" "$stage/usr/libexec/khabar/khabar-net" "$stage/usr/libexec/khabar/khabar-console"; do
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
	assets/systemd/khabar-console.service \
	"$stage/lib/systemd/system/"

for page in assets/man/*.[1-8]; do
	sec=${page##*.}
	install -d "$stage/usr/share/man/man$sec"
	sed "s/^\.Os\$/.Os khabar $VERSION/" "$page" | gzip -9n >"$stage/usr/share/man/man$sec/$(basename "$page").gz"
done

# The frame's own words (gettext catalogues), built beside the binary.
locale=$(dirname "$BINARY")/locale
for mo in "$locale"/*/LC_MESSAGES/khabar.mo; do
	[ -f "$mo" ] || continue
	install -D -m 644 "$mo" "$stage/usr/share/locale/${mo#"$locale"/}"
done

doc=$stage/usr/share/doc/khabar
install -d "$doc"
sed "s|@MAINTAINER@|$MAINTAINER|" assets/debian/copyright >"$doc/copyright"
gzip -9n <"$changelog" >"$doc/changelog.gz"
chmod 644 "$doc/copyright" "$doc/changelog.gz"

# Library dependencies from the programs' own ELF needs; dpkg-shlibdeps
# wants a debian/control beside it.
shl=$BUILD/deb/shlibs
mkdir -p "$shl/debian"
printf 'Source: khabar\n\nPackage: khabar\nArchitecture: any\n' >"$shl/debian/control"
bin=$(cd "$stage/usr/bin" && pwd)/khabar
net=$(cd "$stage/usr/libexec/khabar" && pwd)/khabar-net
con=$(cd "$stage/usr/libexec/khabar" && pwd)/khabar-console
deps=$(cd "$shl" && dpkg-shlibdeps -O "$bin" "$net" "$con" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$deps" ] || {
	echo "deb.sh: dpkg-shlibdeps found no dependencies" >&2
	exit 1
}

# As dpkg-gencontrol counts it: each file's size in KiB rounded up, one
# for each directory or link.
size=$(cd "$stage" && find . -path ./DEBIAN -prune -o ! -name . -printf '%y %s\n' |
	awk '$1 == "f" { k += int(($2 + 1023) / 1024); next } { k += 1 } END { print k }')
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@SIZE@/$size/" \
	-e "s/@DEPENDS@/$deps/" -e "s|@MAINTAINER@|$MAINTAINER|" assets/debian/control.in >"$stage/DEBIAN/control"
install -m 755 assets/debian/postinst assets/debian/prerm assets/debian/postrm "$stage/DEBIAN/"
install -m 644 assets/debian/conffiles "$stage/DEBIAN/"
(cd "$stage" && find . -path ./DEBIAN -prune -o -path ./etc -prune -o -type f -print |
	sed 's|^\./||' | sort | xargs md5sum) >"$stage/DEBIAN/md5sums"
chmod 644 "$stage/DEBIAN/md5sums"

# Every file dated SOURCE_DATE_EPOCH, not only those newer (dpkg-deb's clamp).
find "$stage" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

out=$BUILD/khabar_${VERSION}_${ARCH}.deb
rm -f "$BUILD"/khabar_*.deb
dpkg-deb --root-owner-group -Zxz --build "$stage" "$out" >/dev/null
echo "$out"
