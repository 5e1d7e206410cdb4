#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds BUILD/khabar-VERSION.tar.gz, the source tarball: the committed
# tree (HEAD) as `git archive` gives it under khabar-VERSION/, nothing
# generated and nothing that is not committed. The same commit gives the
# same bytes (git dates every file with the commit's time; gzip -n adds no
# name or time). Run by `make dist`; e2e/dist builds and tests the result.
#
# Usage: scripts/dist.sh BUILD VERSION
# Must not: read anything but git's objects (uncommitted edits are left
# out, and said so).
set -eu
BUILD=${1:?usage: scripts/dist.sh BUILD VERSION}
VERSION=${2:?usage: scripts/dist.sh BUILD VERSION}
git rev-parse --verify -q HEAD >/dev/null 2>&1 || {
	echo "dist: not a git checkout: the tarball is made from git's tree (this folder may be one)" >&2
	exit 1
}
if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
	echo "dist: uncommitted changes are not in the tarball (it is HEAD, $(git rev-parse --short HEAD))" >&2
fi
mkdir -p "$BUILD"
out=$BUILD/khabar-$VERSION.tar.gz
git archive --format=tar --prefix="khabar-$VERSION/" HEAD | gzip -9n >"$out.tmp"
mv "$out.tmp" "$out"
echo "$out"
