#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The package is reproducible: `make deb` in two copies of this tree, one
# after the other, at different paths, with different umasks, time zones
# and locales, gives two byte-identical .deb files; every date in it is the
# changelog's (SOURCE_DATE_EPOCH), and a SOURCE_DATE_EPOCH given from
# outside is the one used. On a difference: diffoscope when installed,
# else the differing lists and files.
set -u
. tests/e2e/lib.sh
case "$BUILD" in
*asan*) skip "reproducible: skipped under the sanitizers (make test runs it)" ;;
esac
v=$(make -s --no-print-directory version) || fail "make version failed"

# Each copy is the tree as it is here (build/ and git's folder left out).
copy() { # DIR: a copy of the tree in DIR
	mkdir -p "$1"
	tar --exclude=./build --exclude=./.git -cf - . | tar -xf - -C "$1"
}
copy "$T/a/khabar"
copy "$T/b/elsewhere/a-much-longer-folder-name/khabar-$v"
(cd "$T/a/khabar" && umask 022 && TZ=UTC LC_ALL=C make -s -j2 deb) >"$T/a.out" 2>&1 ||
	{ cat "$T/a.out"; fail "make deb in $T/a/khabar failed"; }
(cd "$T/b/elsewhere/a-much-longer-folder-name/khabar-$v" && umask 002 && TZ=Asia/Tehran \
	LC_ALL=C.UTF-8 LANG=fa_IR.UTF-8 make -s deb) >"$T/b.out" 2>&1 ||
	{ cat "$T/b.out"; fail "make deb in $T/b/… failed"; }
a=$(ls "$T"/a/khabar/build/khabar_*.deb)
b=$(ls "$T"/b/elsewhere/a-much-longer-folder-name/khabar-"$v"/build/khabar_*.deb)

# The two listings of an archive, for a difference without diffoscope.
listing() { # DEB: its members, its files with modes, owners and dates, their sums
	ar tv "$1"
	dpkg-deb --ctrl-tarfile "$1" | tar -tv --full-time
	dpkg-deb --fsys-tarfile "$1" | tar -tv --full-time
	rm -rf "$T/x" && mkdir "$T/x" && dpkg-deb -R "$1" "$T/x" && (cd "$T/x" && find . -type f | sort | xargs sha256sum)
}
if ! cmp "$a" "$b"; then
	if command -v diffoscope >/dev/null; then
		diffoscope "$a" "$b" | head -n 200
	else
		listing "$a" >"$T/a.list"
		listing "$b" >"$T/b.list"
		diff "$T/a.list" "$T/b.list" | head -n 100
	fi
	fail "two builds of $(basename "$a") differ"
fi
echo "reproducible: $(basename "$a") twice, byte-identical ($(sha256sum <"$a" | cut -c1-16)…)"

# Every date in it is the changelog's.
sed 's|@MAINTAINER@|khabar <khabar@localhost>|' assets/debian/changelog >"$T/changelog"
epoch=$(dpkg-parsechangelog -l "$T/changelog" -STimestamp)
dates() { # DEB EPOCH: every date in it, one a line, as seconds
	# ar tv gives the members' dates to the minute: EPOCH's minute is EPOCH
	ar tv "$1" | while read -r _ _ _ mon day hm year _; do
		d=$(date -u -d "$mon $day $year $hm" +%s)
		[ "$d" = $(($2 - $2 % 60)) ] && echo "$2" || echo "$d"
	done
	for part in --ctrl-tarfile --fsys-tarfile; do
		dpkg-deb "$part" "$1" | tar -tv --full-time | awk '{ print $4 "T" $5 "Z" }' |
			while read -r d; do date -u -d "$d" +%s; done
	done
}
others=$(TZ=UTC dates "$a" "$epoch" | sort -u | grep -vx "$epoch")
[ -z "$others" ] || fail "$(basename "$a") has dates other than the changelog's ($epoch): $others"

# SOURCE_DATE_EPOCH from outside wins (as a distribution's build sets it).
dir=$T/b/elsewhere/a-much-longer-folder-name/khabar-$v
(cd "$dir" && SOURCE_DATE_EPOCH=1234567890 scripts/deb.sh build "$v" "$(make -s maintainer)" build/pkg/khabar) \
	>"$T/c.out" 2>&1 || { cat "$T/c.out"; fail "deb.sh with SOURCE_DATE_EPOCH failed"; }
others=$(TZ=UTC dates "$dir"/build/khabar_*.deb 1234567890 | sort -u | grep -vx 1234567890)
[ -z "$others" ] || fail "SOURCE_DATE_EPOCH=1234567890 is not honoured: dates $others"
echo "reproducible: every date is the changelog's ($(date -u -d "@$epoch" +%F)), or SOURCE_DATE_EPOCH when set"
