#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# lintian on the Debian package from `make deb`: no error and no warning
# (the informational tags that remain are listed in docs/service.md). Then its
# copyright file as Debian reads DEP-5 (scripts/copyright-check.py): the
# code GPL-3+, the fonts OFL-1.1, every file of the tree covered, and the
# Upstream-Contact the Maintainer of config.mk.
set -eu
. tests/e2e/lib.sh
case "$BUILD" in
*asan*) echo "lintian: skipped under the sanitizers (make test runs it)"; exit 77 ;;
esac
command -v lintian >/dev/null || { echo "lintian: missing (scripts/deps.sh installs it)"; exit 1; }
make -s deb BUILD="$BUILD" >"$T/deb.out" 2>&1 || { cat "$T/deb.out"; exit 1; }
deb=$(ls "$BUILD"/khabar_*.deb | head -n 1)
lintian --fail-on error,warning --display-info "$deb" 2>&1 | grep -v 'running with root privileges' || true
lintian --fail-on error,warning "$deb" >/dev/null 2>&1 || { echo "lintian: errors or warnings on $deb"; exit 1; }
echo "lintian: $deb: no errors, no warnings"

dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/share/doc/khabar/copyright >"$TEST_TMP/copyright"
if git rev-parse --verify -q HEAD >/dev/null 2>&1; then
	git ls-files >"$TEST_TMP/files"
else # a tarball: every file
	find . -type f ! -path './build/*' | sed 's|^\./||' >"$TEST_TMP/files"
fi
maintainer=$(make -s --no-print-directory maintainer)
/usr/bin/python3 scripts/copyright-check.py "$TEST_TMP/copyright" "$maintainer" "$TEST_TMP/files" ||
	{ echo "lintian: $deb: its copyright file is wrong"; exit 1; }
