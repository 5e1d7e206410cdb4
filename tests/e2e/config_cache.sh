#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The cache commands read the config: [cache] path is where import writes
# and list reads (the same file the display reads), [import] limits apply
# with a message per file, [cache] prune_days drives prune, and a bad
# value stops with exit status 2 naming the file and line.
set -u
. tests/e2e/lib.sh
printf '[cache]\npath = %s/from-config.db\nprune_days = 0\n' "$T" >"$T/k.ini"
"$KHABAR" --config "$T/k.ini" import assets/sample/ >"$T/out" 2>&1 || { cat "$T/out"; failed=1; }
[ -f "$T/from-config.db" ] || { echo "import did not write [cache] path"; failed=1; }
n=$("$KHABAR" --config "$T/k.ini" list | wc -l)
[ "$n" -eq 11 ] || { echo "list from [cache] path: $n articles, expected 11"; failed=1; }
"$KHABAR" --config "$T/k.ini" prune >"$T/out" 2>&1
grep -q "pruned 0, 11 left" "$T/out" || { echo "prune_days = 0 pruned:"; cat "$T/out"; failed=1; }

printf '[cache]\npath = %s/small.db\n[import]\nmax_file_size = 3000\n' "$T" >"$T/small.ini"
"$KHABAR" --config "$T/small.ini" import assets/sample/ >"$T/out" 2>&1
rc=$?
[ $rc -eq 1 ] || { echo "a file over max_file_size: exit $rc, expected 1"; failed=1; }
grep -q "articles.json: file is 7627 bytes, larger than the limit of 3000 bytes" "$T/out" ||
	{ echo "no message naming the file over the limit:"; cat "$T/out"; failed=1; }
grep -q "feed-rss.xml: imported 3" "$T/out" || { echo "the other files were not imported"; failed=1; }

printf '[import]\nmax_body = lots\n' >"$T/bad.ini"
"$KHABAR" --config "$T/bad.ini" import assets/sample/ >"$T/out" 2>&1
rc=$?
[ $rc -eq 2 ] && grep -q "bad.ini:2: \[import\] max_body" "$T/out" ||
	{ echo "bad value: exit $rc:"; cat "$T/out"; failed=1; }

# A header title saved in windows-1256, and random bytes: refused naming
# the file and line, never drawn as replacement boxes.
printf '[display]\ntitle = \307\337\321\n' >"$T/cp1256.ini"
head -c 2000 /dev/urandom >"$T/random.ini"
for f in cp1256 random; do
	"$KHABAR" --config "$T/$f.ini" list >"$T/out" 2>&1
	rc=$?
	[ $rc -eq 2 ] && grep -q "$f.ini:[0-9]*: not UTF-8 text" "$T/out" ||
		{ echo "$f.ini: exit $rc:"; cat "$T/out"; failed=1; }
done

# A fresh machine: no cache file yet is not a problem for `khabar check`.
XDG_DATA_HOME="$T/fresh" "$KHABAR" check >"$T/out" 2>&1
rc=$?
[ $rc -eq 0 ] && grep -q "cache: $T/fresh/khabar/khabar.db: none yet" "$T/out" ||
	{ echo "check on a fresh machine: exit $rc:"; cat "$T/out"; failed=1; }

# A logo that is not an image is a problem `khabar check` names; a real
# one is fine.
printf '[display]\nlogo = %s/k.ini\n' "$T" >"$T/logo.ini"
"$KHABAR" --config "$T/logo.ini" --db "$T/from-config.db" check >"$T/out" 2>&1
rc=$?
[ $rc -eq 1 ] && grep -q "logo: $T/k.ini: " "$T/out" ||
	{ echo "check with a logo that is not an image: exit $rc:"; cat "$T/out"; failed=1; }
convert -size 64x64 xc:'#c0392b' "$T/logo.png"
printf '[display]\nlogo = %s/logo.png\n' "$T" >"$T/logo.ini"
"$KHABAR" --config "$T/logo.ini" --db "$T/from-config.db" check >"$T/out" 2>&1
rc=$?
[ $rc -eq 0 ] && grep -q "logo: $T/logo.png: ok, 64x64" "$T/out" ||
	{ echo "check with a PNG logo: exit $rc:"; cat "$T/out"; failed=1; }
exit $failed
