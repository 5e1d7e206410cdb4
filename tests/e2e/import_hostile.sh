#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Hostile files through `khabar import`: a 0-byte feed, random bytes named
# as a feed or as JSON, an image, a FIFO, a dangling link and a directory
# among good files. Each bad one gets a message naming it and saying what
# it holds; the good file is still imported; nothing crashes.
set -u
. tests/e2e/lib.sh
in="$T/in"
mkdir -p "$in/sub"
: >"$in/empty.xml"
: >"$in/empty.json"
printf '\n  \n' >"$in/blank.rss"
# Bytes that are never UTF-8 (0xFF; 0xFF 0xFE would be a UTF-16 byte order mark), whatever else is random.
{ printf '\377\377'; head -c 4000 /dev/urandom; } >"$in/random.xml"
{ printf '\377\377'; head -c 4000 /dev/urandom; } >"$in/random.json"
printf '\211PNG\r\n\032\nxxxx' >"$in/picture.png"
mkfifo "$in/fifo"
ln -s "$T/nowhere" "$in/dangling.xml"
cp assets/sample/feed-rss.xml "$in/good.xml"
"$KHABAR" --db "$T/k.db" import "$in" >"$T/out" 2>&1
rc=$?
[ $rc -eq 1 ] || no "exit $rc, expected 1"
expect() { # file, what its message must say
	grep -F "$1" "$T/out" | grep -qF "$2" || no "$1: no message saying '$2'"
}
expect empty.xml "empty file"
expect empty.json "empty file"
expect blank.rss "empty file"
expect random.xml "not UTF-8"
expect random.json "not UTF-8"
expect picture.png "not UTF-8"
expect fifo "not a regular file"
expect dangling.xml "cannot open"
grep -q "good.xml: imported 3" "$T/out" || no "the good file was not imported"
[ "$("$KHABAR" --db "$T/k.db" list | wc -l)" -eq 3 ] || no "the cache does not hold the 3 good articles"
[ $failed = 0 ] || cat "$T/out"
exit $failed
