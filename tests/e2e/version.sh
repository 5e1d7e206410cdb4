#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# One version everywhere: VERSION in config.mk is what `khabar --version`
# prints, the man pages' footer (.Os, written by make), the top entry of
# assets/debian/changelog and of NEWS (dated the same day), and in the
# package (make deb) its Version field, its changelog, its man pages and
# its program's --version.
set -u
. tests/e2e/lib.sh
case "$BUILD" in
*asan*) skip "version: skipped under the sanitizers (make test runs it)" ;;
esac
command -v dpkg-parsechangelog >/dev/null || fail "dpkg-parsechangelog is missing (scripts/deps.sh installs dpkg-dev)"
v=$(make -s --no-print-directory version) || fail "make version failed"
[ -n "$v" ] || fail "config.mk has no VERSION"
echo "version: config.mk says $v"

said=$("$KHABAR" --version) || fail "khabar --version failed"
[ "$said" = "khabar $v" ] || fail "khabar --version says '$said', config.mk VERSION is $v (a stale build?)"

# The man pages: the footer make writes, as man shows it.
footer() { # PAGE: the version in its footer, as mandoc renders it
	mandoc -T ascii "$1" | tail -n 1 | awk '{ print $1, $2 }'
}
for page in assets/man/*.[1-8]; do
	built=$BUILD/man/$(basename "$page")
	[ -f "$built" ] || fail "$built is missing (make writes it from $page)"
	[ "$(footer "$built")" = "khabar $v" ] ||
		fail "$built: the footer says '$(footer "$built")', not 'khabar $v'"
done

# The changelog's top entry, read as dpkg reads it.
top_entry() { # CHANGELOG: its top entry's version
	sed 's|@MAINTAINER@|khabar <khabar@localhost>|' "$1" >"$T/changelog.parse"
	dpkg-parsechangelog -l "$T/changelog.parse" -SVersion
}
top=$(top_entry assets/debian/changelog) || fail "assets/debian/changelog does not parse"
[ "$top" = "$v" ] || fail "assets/debian/changelog: the top entry is $top, config.mk VERSION is $v"
news=$(sed -n 's/^khabar \([^ ]*\) ([0-9-]*)$/\1/p' NEWS | head -n 1)
[ "$news" = "$v" ] || fail "NEWS: the newest entry is '${news:-none}', config.mk VERSION is $v"
# The same day in both.
day=$(date -u -d "@$(dpkg-parsechangelog -l "$T/changelog.parse" -STimestamp)" +%F)
news_day=$(sed -n 's/^khabar [^ ]* (\([0-9-]*\))$/\1/p' NEWS | head -n 1)
[ "$news_day" = "$day" ] || fail "NEWS dates $v $news_day, assets/debian/changelog $day"

# The package.
make -s deb BUILD="$BUILD" >"$T/deb.out" 2>&1 || { cat "$T/deb.out"; fail "make deb failed"; }
deb=$(ls "$BUILD"/khabar_*.deb | head -n 1)
[ "$(dpkg-deb -f "$deb" Version)" = "$v" ] || fail "$deb: Version is $(dpkg-deb -f "$deb" Version), not $v"
mkdir "$T/pkg"
dpkg-deb -x "$deb" "$T/pkg" || fail "dpkg-deb -x $deb"
zcat "$T/pkg/usr/share/doc/khabar/changelog.gz" >"$T/changelog.pkg"
[ "$(top_entry "$T/changelog.pkg")" = "$v" ] || fail "$deb: its changelog's top entry is not $v"
for page in "$T"/pkg/usr/share/man/man*/*.gz; do
	zcat "$page" >"$T/page"
	[ "$(footer "$T/page")" = "khabar $v" ] || fail "$deb: ${page#"$T"/pkg} says '$(footer "$T/page")' in its footer"
done
said=$("$T/pkg/usr/bin/khabar" --version) || fail "$deb: usr/bin/khabar --version failed"
[ "$said" = "khabar $v" ] || fail "$deb: usr/bin/khabar --version says '$said', not khabar $v"
echo "version: khabar --version, the man pages, the changelog, NEWS and $deb all say $v"
