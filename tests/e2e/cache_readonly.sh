#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A display user who cannot write the cache's directory still sees the
# news: as another user (nobody, when the tests run as root; else the
# directory made read-only), `run` reads a WAL cache whose -shm is gone
# (read as an unchanging file, with a log line saying why and the fix)
# and sees a later import; `check` warns that imports as this user fail;
# after an import by this khabar the -wal and -shm stay, so the display
# reads the file live.
set -u
: "${KHABAR:=build/khabar}" "${TEST_TMP:=/tmp}"
case "$KHABAR" in /*) ;; *) KHABAR="$(pwd)/$KHABAR" ;; esac
dir=$(mktemp -d "$TEST_TMP/ro.XXXXXX")
trap 'chmod -R u+w "$dir"; rm -rf "$dir"' EXIT
fail=0
if [ "$(id -u)" = 0 ]; then
	command -v setpriv >/dev/null || { echo "cache_readonly: skipped: no setpriv to run as nobody"; exit 77; }
	as_reader() { setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME=/nonexistent "$@"; }
	# nobody must reach the files (mktemp -d makes private directories).
	chmod a+x "$TEST_TMP"
	chmod 755 "$dir"
else
	as_reader() { "$@"; }
fi
mkdir "$dir/news"
"$KHABAR" --db "$dir/news/k.db" import assets/sample/ >"$dir/out" 2>&1 || { cat "$dir/out"; exit 1; }
# As a writer that closes its WAL leaves it (sqlite3, an older khabar).
rm -f "$dir/news/k.db-wal" "$dir/news/k.db-shm"
# A new cache is its owner's alone; an admin shares it on purpose (SQLite
# gives the -wal and -shm the same mode).
chmod 644 "$dir/news/k.db"
chmod 555 "$dir/news"
printf '[cache]\nretry_seconds = 1\n' >"$dir/k.ini"
chmod 644 "$dir/k.ini"

as_reader "$KHABAR" --config "$dir/k.ini" --db "$dir/news/k.db" run --exit-after 0.5 >"$dir/run" 2>&1
grep -q "cache: 11 articles" "$dir/run" || { echo "no news for a reader:"; cat "$dir/run"; fail=1; }
grep -q "cannot write $dir/news, where SQLite keeps" "$dir/run" ||
	{ echo "no log line saying why:"; cat "$dir/run"; fail=1; }

as_reader "$KHABAR" --config "$dir/k.ini" --db "$dir/news/k.db" check >"$dir/check" 2>/dev/null ||
	{ echo "check failed:"; cat "$dir/check"; fail=1; }
grep -q "cache: warning: this user (uid [0-9]*) cannot write" "$dir/check" ||
	{ echo "check did not warn that imports fail:"; cat "$dir/check"; fail=1; }

# A later import (by a user who may write) reaches the running display.
if [ "$(id -u)" = 0 ]; then
	as_reader "$KHABAR" --config "$dir/k.ini" --db "$dir/news/k.db" run --exit-after 4 \
		--time-scale 6 >"$dir/run" 2>&1 &
	pid=$!
	i=0
	while ! grep -q "cache: 11 articles" "$dir/run" && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	printf '{"articles": [{"id": "late", "title": "خبر تازه"}]}' >"$dir/late.json"
	"$KHABAR" --db "$dir/news/k.db" import "$dir/late.json" >"$dir/out" 2>&1 || cat "$dir/out"
	wait $pid
	grep -q "cache: 12 articles" "$dir/run" ||
		{ echo "the reader did not see a later import:"; cat "$dir/run"; fail=1; }
	# That import left the -wal and -shm: now read live, no fallback.
	[ -f "$dir/news/k.db-shm" ] || { echo "the import did not keep the -shm"; fail=1; }
	as_reader "$KHABAR" --config "$dir/k.ini" --db "$dir/news/k.db" run --exit-after 0.5 \
		>"$dir/run" 2>&1
	grep -q "cache: 12 articles" "$dir/run" && ! grep -q "unchanging" "$dir/run" ||
		{ echo "not read live with the kept -shm:"; cat "$dir/run"; fail=1; }
fi
exit $fail
