#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The cache commands read the config: [cache] path is where import writes
# and list reads (the same file the display reads), [import] limits apply
# with a message per file, [cache] prune_days drives prune, and a bad
# value stops with exit status 2 naming the file and line.
set -u
: "${KHABAR:=build/khabar}" "${TEST_TMP:=/tmp}"
dir=$(mktemp -d "$TEST_TMP/cfg.XXXXXX")
trap 'rm -rf "$dir"' EXIT
fail=0
printf '[cache]\npath = %s/from-config.db\nprune_days = 0\n' "$dir" >"$dir/k.ini"
"$KHABAR" --config "$dir/k.ini" import assets/sample/ >"$dir/out" 2>&1 || { cat "$dir/out"; fail=1; }
[ -f "$dir/from-config.db" ] || { echo "import did not write [cache] path"; fail=1; }
n=$("$KHABAR" --config "$dir/k.ini" list | wc -l)
[ "$n" -eq 11 ] || { echo "list from [cache] path: $n articles, expected 11"; fail=1; }
"$KHABAR" --config "$dir/k.ini" prune >"$dir/out" 2>&1
grep -q "pruned 0, 11 left" "$dir/out" || { echo "prune_days = 0 pruned:"; cat "$dir/out"; fail=1; }

printf '[cache]\npath = %s/small.db\n[import]\nmax_file_size = 3000\n' "$dir" >"$dir/small.ini"
"$KHABAR" --config "$dir/small.ini" import assets/sample/ >"$dir/out" 2>&1
rc=$?
[ $rc -eq 1 ] || { echo "a file over max_file_size: exit $rc, expected 1"; fail=1; }
grep -q "articles.json: file is 7627 bytes, larger than the limit of 3000 bytes" "$dir/out" ||
	{ echo "no message naming the file over the limit:"; cat "$dir/out"; fail=1; }
grep -q "feed-rss.xml: imported 3" "$dir/out" || { echo "the other files were not imported"; fail=1; }

printf '[import]\nmax_body = lots\n' >"$dir/bad.ini"
"$KHABAR" --config "$dir/bad.ini" import assets/sample/ >"$dir/out" 2>&1
rc=$?
[ $rc -eq 2 ] && grep -q "bad.ini:2: \[import\] max_body" "$dir/out" ||
	{ echo "bad value: exit $rc:"; cat "$dir/out"; fail=1; }

# A header title saved in windows-1256, and random bytes: refused naming
# the file and line, never drawn as replacement boxes.
printf '[display]\ntitle = \307\337\321\n' >"$dir/cp1256.ini"
head -c 2000 /dev/urandom >"$dir/random.ini"
for f in cp1256 random; do
	"$KHABAR" --config "$dir/$f.ini" list >"$dir/out" 2>&1
	rc=$?
	[ $rc -eq 2 ] && grep -q "$f.ini:[0-9]*: not UTF-8 text" "$dir/out" ||
		{ echo "$f.ini: exit $rc:"; cat "$dir/out"; fail=1; }
done

# A fresh machine: no cache file yet is not a problem for `khabar check`.
XDG_DATA_HOME="$dir/fresh" "$KHABAR" check >"$dir/out" 2>&1
rc=$?
[ $rc -eq 0 ] && grep -q "cache: $dir/fresh/khabar/khabar.db: none yet" "$dir/out" ||
	{ echo "check on a fresh machine: exit $rc:"; cat "$dir/out"; fail=1; }

# A logo that is not an image is a problem `khabar check` names; a real
# one is fine.
printf '[display]\nlogo = %s/k.ini\n' "$dir" >"$dir/logo.ini"
"$KHABAR" --config "$dir/logo.ini" --db "$dir/from-config.db" check >"$dir/out" 2>&1
rc=$?
[ $rc -eq 1 ] && grep -q "logo: $dir/k.ini: " "$dir/out" ||
	{ echo "check with a logo that is not an image: exit $rc:"; cat "$dir/out"; fail=1; }
convert -size 64x64 xc:'#c0392b' "$dir/logo.png"
printf '[display]\nlogo = %s/logo.png\n' "$dir" >"$dir/logo.ini"
"$KHABAR" --config "$dir/logo.ini" --db "$dir/from-config.db" check >"$dir/out" 2>&1
rc=$?
[ $rc -eq 0 ] && grep -q "logo: $dir/logo.png: ok, 64x64" "$dir/out" ||
	{ echo "check with a PNG logo: exit $rc:"; cat "$dir/out"; fail=1; }
exit $fail
