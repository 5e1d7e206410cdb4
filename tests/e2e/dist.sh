#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The source tarball: `make dist` gives build/khabar-VERSION.tar.gz with
# exactly the committed files under khabar-VERSION/ (nothing generated,
# nothing left out), the same bytes when made twice; unpacked in a folder
# outside this checkout (no git there), it builds with `make` and passes
# every unit test and the end-to-end scripts that check what a tarball
# must carry (DIST_E2E below: licences, docs, structure, the fonts' golden
# images, import and the options, one version everywhere with its package).
set -u
. tests/e2e/lib.sh
case "$BUILD" in
*asan*) skip "dist: skipped under the sanitizers (make test runs it)" ;;
esac
git rev-parse --verify -q HEAD >/dev/null 2>&1 ||
	skip "dist: not a git checkout (the tarball's own tree): nothing to pack"
DIST_E2E="licence structure docs golden import_seed options version"
v=$(make -s --no-print-directory version) || fail "make version failed"
tarball=$BUILD/khabar-$v.tar.gz

make -s dist BUILD="$BUILD" >"$T/dist.out" 2>&1 || { cat "$T/dist.out"; fail "make dist failed"; }
[ -f "$tarball" ] || fail "make dist made no $tarball"
cp "$tarball" "$T/first.tar.gz"
make -s dist BUILD="$BUILD" >/dev/null 2>&1 || fail "make dist failed the second time"
cmp -s "$tarball" "$T/first.tar.gz" || fail "make dist twice gave two different tarballs"

# Exactly HEAD's files, under khabar-VERSION/.
tar -tzf "$tarball" >"$T/listed" || fail "$tarball is not a gzipped tar"
grep -v "^khabar-$v/" "$T/listed" | head -n 3 | grep . && fail "$tarball has files outside khabar-$v/"
sed -e "s|^khabar-$v/||" -e '/\/$/d' -e '/^$/d' "$T/listed" | sort >"$T/in-tarball"
git ls-tree -r --name-only HEAD | sort >"$T/in-git"
if ! cmp -s "$T/in-git" "$T/in-tarball"; then
	diff "$T/in-git" "$T/in-tarball" | head -n 20
	fail "$tarball is not HEAD's tree (< only in git, > only in the tarball)"
fi
echo "dist: $tarball: $(wc -l <"$T/in-tarball") files, HEAD's tree, the same bytes twice"

# Built and tested from the tarball alone, away from this checkout.
mkdir "$T/src"
tar -xzf "$tarball" -C "$T/src" || fail "unpacking $tarball"
dir=$T/src/khabar-$v
[ -e "$dir/.git" ] && fail "$tarball carries a .git"
(cd "$dir" && env -u BUILD -u KHABAR make -j2) >"$T/make.out" 2>&1 ||
	{ tail -n 30 "$T/make.out"; fail "make in the unpacked $tarball failed"; }
echo "dist: make in the unpacked tarball: built"
(cd "$dir" && env -u BUILD -u KHABAR ONLY="test_* $DIST_E2E" make test) >"$T/test.out" 2>&1
rc=$?
grep -E '^\[  FAILED  \]|^\[ *[A-Z]* *\] e2e/|^FAIL|passed, .* failed' "$T/test.out" | tail -n 30
[ $rc = 0 ] || fail "make test (unit tests and e2e: $DIST_E2E) in the unpacked tarball failed"
# Unit tests that read ../shared/corpus skip there, as anywhere without it.
grep -q "^\[  SKIPPED \] e2e/" "$T/test.out" && fail "an e2e script of the tarball skipped"
echo "dist: make test in the unpacked tarball: $(tail -n 1 "$T/test.out")"
