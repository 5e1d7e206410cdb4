#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The Debian package in a fresh Debian 12 root: `make deb`, then in a
# debootstrap minbase root (cached under $BUILD/pkgtest) `apt-get install
# ./khabar_*.deb`, then `khabar import`, `khabar check` and `khabar render`
# as the khabar user there. Proves the dependencies dpkg-shlibdeps found are
# complete, the user and its groups exist, the conffile and the man pages
# are in place, the display program links no network library and finds the
# network program in /usr/libexec/khabar, `systemd-analyze verify` passes on
# the units (and `systemd-analyze security` prints each one's exposure),
# `man khabar`
# works, an upgrade keeps the owner's edit of the config, and remove keeps
# the data while purge deletes it.
#
# Needs root (debootstrap, chroot, mounts) and Debian's mirror as this
# machine's apt sources name it; skips with a message otherwise. The only
# network use is that mirror, once: the root, its package lists and the
# downloaded packages are kept under $BUILD/pkgtest.
set -eu
. tests/e2e/lib.sh
case "$BUILD" in
*asan*) echo "package: skipped under the sanitizers (make test runs it)"; exit 77 ;;
esac
if [ "$(id -u)" != 0 ]; then
	echo "package: skipped: needs root for debootstrap and chroot"
	exit 77
fi
for t in debootstrap dpkg-deb unshare chroot; do
	command -v "$t" >/dev/null || { echo "package: $t is missing (scripts/deps.sh installs it)"; exit 1; }
done
# Inside a chroot (a debootstrap root running `make test`) the root is not
# a mount point, and unshare cannot make the mounts private.
if ! unshare --mount --propagation private true 2>"$TEST_TMP/unshare.err"; then
	echo "package: skipped: unshare cannot make private mounts here (a chroot?): $(head -1 "$TEST_TMP/unshare.err")"
	rm -f "$TEST_TMP/unshare.err"
	exit 77
fi
rm -f "$TEST_TMP/unshare.err"

# Debian's mirror from this machine's own apt sources (one-line and deb822).
mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
	awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^https?:\/\//) { print $i; break } }' |
	grep -E '/debian/?$' | head -n 1 || true)
if [ -z "$mirror" ]; then
	mirror=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
		awk '/^URIs:/ { for (i = 2; i <= NF; i++) print $i }' | grep -E '/debian/?$' | head -n 1 || true)
fi
if [ -z "$mirror" ]; then
	echo "package: skipped: no Debian mirror (…/debian) in /etc/apt/sources.list*"
	exit 77
fi

cache=$(cd "$(dirname "$0")/../.." && pwd)/$BUILD/pkgtest
mkdir -p "$cache/archives/partial"
if [ ! -f "$cache/base.ok" ]; then
	echo "package: debootstrap --variant=minbase bookworm from $mirror (once; kept in $cache)"
	rm -rf "$cache/base"
	debootstrap --variant=minbase bookworm "$cache/base" "$mirror" >"$cache/debootstrap.log" 2>&1 || {
		tail -n 20 "$cache/debootstrap.log"
		echo "package: debootstrap failed (log: $cache/debootstrap.log)"
		exit 1
	}
	echo "deb $mirror bookworm main" >"$cache/base/etc/apt/sources.list"
	chroot "$cache/base" apt-get -qq update
	chroot "$cache/base" apt-get clean
	touch "$cache/base.ok"
fi

# The package, and the same program as a later version for the upgrade
# below (deb.sh keeps one .deb in $BUILD: the later one moves out first).
make -s "$BUILD/khabar" "$BUILD/khabar-net" BUILD="$BUILD" >"$T/deb.out" 2>&1 || { cat "$T/deb.out"; exit 1; }
{
	printf 'khabar (99.0) bookworm; urgency=medium\n\n  * A later version for the upgrade test.\n\n'
	printf ' -- @MAINTAINER@  %s\n\n' "$(date -R)"
	cat assets/debian/changelog
} >"$T/changelog"
CHANGELOG="$T/changelog" scripts/deb.sh "$BUILD" 99.0 "khabar tests <tests@example.org>" >"$T/deb.out" 2>&1 ||
	{ cat "$T/deb.out"; exit 1; }
mv "$BUILD"/khabar_99.0_*.deb "$T/"
upgrade=$(ls "$T"/khabar_99.0_*.deb)
make -s deb BUILD="$BUILD" >"$T/deb.out" 2>&1 || { cat "$T/deb.out"; exit 1; }
deb=$(ls "$BUILD"/khabar_*.deb | head -n 1)
echo "package: $deb"

root="$T/root"
cp -a "$cache/base" "$root"
cp "$deb" "$upgrade" "$root/tmp/"
cp assets/sample/articles.json "$root/tmp/"
# Everything mounted here lives in a private mount namespace: it is gone
# when this script ends, however it ends; the umounts are for tidiness.
cat >"$T/inside.sh" <<INSIDE
set -eu
root="$root"
trap 'umount -R "\$root/var/cache/apt/archives" "\$root/proc" "\$root/dev" 2>/dev/null || true' EXIT
mount --rbind /dev "\$root/dev"
mount -t proc proc "\$root/proc"
mount --bind "$cache/archives" "\$root/var/cache/apt/archives"
inroot() { chroot "\$root" "\$@"; }
export DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8
if ! inroot apt-get install -y -q /tmp/$(basename "$deb") >"$T/apt.out" 2>&1; then
	inroot apt-get -qq update
	inroot apt-get install -y -q /tmp/$(basename "$deb") >"$T/apt.out" 2>&1 || { cat "$T/apt.out"; exit 1; }
fi
tail -n 3 "$T/apt.out"
as() { inroot runuser -u khabar -- env HOME=/var/lib/khabar SDL_VIDEODRIVER=offscreen "\$@"; }
inroot id khabar
for g in video render input; do inroot id -nG khabar | tr ' ' '\n' | grep -qx \$g || { echo "khabar is not in group \$g"; exit 1; }; done
test -f "\$root/etc/khabar/khabar.ini"
grep -qx /etc/khabar/khabar.ini "\$root/var/lib/dpkg/info/khabar.conffiles"
test -f "\$root/usr/share/man/man1/khabar.1.gz"
test -f "\$root/usr/share/man/man5/khabar.ini.5.gz"
test -f "\$root/lib/systemd/system/khabar.service"
test -f "\$root/lib/systemd/system/khabar-net.service"
test -x "\$root/usr/libexec/khabar/khabar-net"
test -x "\$root/usr/libexec/khabar/khabar-console"
test -f "\$root/lib/systemd/system/khabar-console.service"
if inroot ldd /usr/bin/khabar | grep -E 'microhttpd|libcrypt\.'; then
	echo "the display program links the console's libraries"
	exit 1
fi
if inroot ldd /usr/bin/khabar | grep -E 'curl|ssl|crypto|gnutls|mosquitto|krb5|ldap'; then
	echo "the display program links a network library"
	exit 1
fi
echo "package: the display links \$(inroot ldd /usr/bin/khabar | wc -l) libraries, khabar-net \$(inroot ldd /usr/libexec/khabar/khabar-net | wc -l)"
# khabar sync runs the network program from /usr/libexec/khabar.
as khabar sync 2>&1 | grep -q 'no \[feed NAME\] section' ||
	{ echo "khabar sync did not run /usr/libexec/khabar/khabar-net"; exit 1; }
as khabar import /tmp/articles.json
as khabar check
# An organiser's announcement over ssh, into the service's cache.
as khabar post --breaking --expires 2h "نشست افتتاحیه به سالن ۲ منتقل شد" >/dev/null
as khabar list | grep -q "سالن ۲" || { echo "khabar post did not reach the cache"; exit 1; }
as khabar render --card 0 --size 1280x720 --out /tmp/card.png 2>"$T/render.log" ||
	{ cat "$T/render.log"; exit 1; }
if grep -q 'i18n' "$T/render.log"; then
	cat "$T/render.log"
	echo "the frame's catalogue is not where the packaged binary looks"
	exit 1
fi
test -f "\$root/usr/share/locale/fa/LC_MESSAGES/khabar.mo"
test -s "\$root/tmp/card.png"
cp "\$root/tmp/card.png" "$BUILD/pkgtest/card.png"
test -f "\$root/var/lib/khabar/khabar.db"
# The unit as systemd reads it, and the man pages through man(1), with
# systemd and man-db in the root (after the checks above, so they could
# not have supplied a library khabar forgot to depend on).
inroot apt-get install -y -q --no-install-recommends systemd man-db >"$T/apt2.out" 2>&1 ||
	{ cat "$T/apt2.out"; exit 1; }
inroot systemd-analyze verify khabar.service khabar-net.service khabar-retry.timer khabar-console.service
# The console is installed, not enabled.
inroot systemctl is-enabled khabar-console.service 2>/dev/null | grep -qx enabled &&
	{ echo "khabar-console.service is enabled by default"; exit 1; }
# How exposed each unit is (0 best, 10 worst), and the lines of the part
# each one gives up: the display its network, the network part its devices.
for u in khabar.service khabar-net.service khabar-console.service; do
	inroot systemd-analyze security --offline=yes --no-pager "\$u" >"$T/security.out" 2>&1 || true
	echo "package: \$u: \$(grep -m1 'Overall exposure' "$T/security.out")"
	grep -E 'PrivateNetwork=|IPAddressDeny=|RestrictAddressFamilies=~AF_(INET|INET6) |PrivateDevices=|DeviceAllow=|SupplementaryGroups=' "$T/security.out" | sed "s/^/package:   \$u /"
done
inroot man -P cat khabar 2>/dev/null | grep -q 'Persian news display' || { echo "man khabar shows nothing"; exit 1; }
inroot man -P cat khabar.ini 2>/dev/null | grep -q 'max_file_size' || { echo "man khabar.ini shows nothing"; exit 1; }
# An upgrade keeps the owner's edit of the conffile and the cache.
sed -i 's/^title = .*/title = لابی/' "\$root/etc/khabar/khabar.ini"
inroot apt-get install -y -q /tmp/$(basename "$upgrade") >"$T/apt3.out" 2>&1 || { cat "$T/apt3.out"; exit 1; }
inroot dpkg-query -W -f '\${Version}\n' khabar | grep -qx 99.0 || { echo "the upgrade did not install"; exit 1; }
grep -qx 'title = لابی' "\$root/etc/khabar/khabar.ini" || { echo "the upgrade overwrote the config"; exit 1; }
as khabar check | grep -q 'ok, 5 articles' || { echo "the upgrade lost the cache"; exit 1; }
inroot apt-get remove -y -q khabar >/dev/null
test -f "\$root/var/lib/khabar/khabar.db" || { echo "remove deleted the cache"; exit 1; }
test -f "\$root/etc/khabar/khabar.ini" || { echo "remove deleted the config"; exit 1; }
inroot apt-get purge -y -q khabar >/dev/null
test ! -e "\$root/var/lib/khabar" || { echo "purge left /var/lib/khabar"; exit 1; }
test ! -e "\$root/etc/khabar/khabar.ini" || { echo "purge left the config"; exit 1; }
echo "package: installed, checked, rendered, upgraded (config edit kept), removed (data kept), purged (data gone)"
INSIDE
rc=0
unshare --mount --propagation private sh "$T/inside.sh" || rc=$?
rm -rf "$root"
exit $rc
