#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# fresh-check — `make test` as a new user would run it: a debootstrap
# minbase Debian 12 root with only git and make (under build/fresh/), a
# clone of this repository's committed HEAD in it, and `make test` there,
# which installs the rest itself. Prints the time it took and the last
# lines of the suite; exit status is make test's.
#
# Needs root (debootstrap, chroot, mounts) and the Debian mirror this
# machine's apt sources name. Called by `make fresh-check`, never by CI:
# it downloads some 600 MB and takes about half an hour. The root is made
# fresh each run (debootstrap's downloads are kept in build/fresh/cache).
#
# Must not: touch this machine outside build/fresh/ (every mount is in a
# private mount namespace, gone when the script ends).
set -eu
[ "$(id -u)" = 0 ] || { echo "fresh-check: needs root (debootstrap, chroot)"; exit 1; }
for t in debootstrap unshare chroot git; do
	command -v "$t" >/dev/null || { echo "fresh-check: $t is missing (apt-get install $t)"; exit 1; }
done
src=$(cd "$(dirname "$0")/.." && pwd)
top=$src/build/fresh
root=$top/root
mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
	awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^https?:\/\//) { print $i; break } }' |
	grep -E '/debian/?$' | head -n 1 || true)
[ -n "$mirror" ] || mirror=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
	awk '/^URIs:/ { for (i = 2; i <= NF; i++) print $i }' | grep -E '/debian/?$' | head -n 1 || true)
[ -n "$mirror" ] || { echo "fresh-check: no Debian mirror (…/debian) in /etc/apt/sources.list*"; exit 1; }

start=$(date +%s)
rm -rf "$root"
mkdir -p "$top/cache/archives/partial"
echo "fresh-check: debootstrap --variant=minbase --include=git,make,ca-certificates bookworm from $mirror"
debootstrap --variant=minbase --include=git,make,ca-certificates --cache-dir="$top/cache/archives" \
	bookworm "$root" "$mirror" >"$top/debootstrap.log" 2>&1 || {
	tail -n 20 "$top/debootstrap.log"
	exit 1
}
echo "deb $mirror bookworm main" >"$root/etc/apt/sources.list"
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
# The committed state, as a clone would have it, where every user may read
# it (e2e/cache_readonly runs the binary as nobody).
git clone -q "$src" "$root/srv/khabar"
echo "fresh-check: cloned $(git -C "$root/srv/khabar" log --oneline -1)"

cat >"$top/inside.sh" <<INSIDE
set -u
root="$root"
trap 'umount -R "\$root/proc" "\$root/dev" "\$root/sys" "\$root/var/cache/apt/archives" 2>/dev/null || true' EXIT
mount --rbind /dev "\$root/dev"
mount -t proc proc "\$root/proc"
mount -t sysfs sys "\$root/sys"
mount -t tmpfs -o size=2g tmpfs "\$root/tmp"
mount --bind "$top/cache/archives" "\$root/var/cache/apt/archives"
chroot "\$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C.UTF-8 \
	TERM=dumb sh -c 'cd /srv/khabar && make test' >"$top/make-test.log" 2>&1
echo \$? >"$top/make-test.rc"
INSIDE
unshare --mount --propagation private sh "$top/inside.sh"
rc=$(cat "$top/make-test.rc")
end=$(date +%s)
tail -n 15 "$top/make-test.log"
echo "fresh-check: make test exited $rc after $(((end - start) / 60)) min $(((end - start) % 60)) s (log: $top/make-test.log)"
exit "$rc"
