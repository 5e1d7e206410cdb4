#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# khabar is GPL-3.0-or-later: LICENSE holds the text, and every source file
# (C, shell, Python, make, maintainer scripts, units, man pages) names its
# licence in an SPDX line among its first three lines.
set -u
. tests/e2e/lib.sh
tag='SPDX-License-Identifier: GPL-3.0-or-later'
grep -q 'GNU GENERAL PUBLIC LICENSE' LICENSE 2>/dev/null && grep -q 'Version 3, 29 June 2007' LICENSE ||
	fail "LICENSE is not the GNU GPL version 3"
if git rev-parse --git-dir >/dev/null 2>&1; then
	git ls-files >"$T/files"
else # a tarball: every file
	find . -type f ! -path './build/*' | sed 's|^\./||' >"$T/files"
fi
missing=0
while IFS= read -r f; do
	case "$f" in
	*.c | *.h | *.sh | *.py | *.mk | Makefile | .ci/run | scripts/* | assets/debian/postinst | \
		assets/debian/postrm | assets/debian/prerm | assets/systemd/* | assets/man/* | *.html.in) ;;
	*) continue ;;
	esac
	[ -f "$f" ] || continue
	if ! head -n 3 "$f" | grep -qF "$tag"; then
		echo "licence: $f has no '$tag' line at its top"
		missing=$((missing + 1))
	fi
done <"$T/files"
[ $missing = 0 ] || fail "$missing source file(s) without their SPDX line"
echo "licence: $(wc -l <"$T/files") files checked, every source file names GPL-3.0-or-later"
