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
. tests/e2e/lib.sh
case "$KHABAR" in /*) ;; *) KHABAR="$(pwd)/$KHABAR" ;; esac
at_exit 'chmod -R u+w "$T"'
if [ "$(id -u)" = 0 ]; then
	command -v setpriv >/dev/null || { echo "cache_readonly: skipped: no setpriv to run as nobody"; exit 77; }
	as_reader() { setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME=/nonexistent "$@"; }
	# nobody must reach the files (mktemp -d makes private directories).
	chmod a+x "$TEST_TMP"
	chmod 755 "$T"
else
	as_reader() { "$@"; }
fi
mkdir "$T/news"
"$KHABAR" --db "$T/news/k.db" import assets/sample/ >"$T/out" 2>&1 || { cat "$T/out"; exit 1; }
# As a writer that closes its WAL leaves it (sqlite3, an older khabar).
rm -f "$T/news/k.db-wal" "$T/news/k.db-shm"
# A new cache is its owner's alone; an admin shares it on purpose (SQLite
# gives the -wal and -shm the same mode).
chmod 644 "$T/news/k.db"
chmod 555 "$T/news"
printf '[cache]\nretry_seconds = 1\n' >"$T/k.ini"
chmod 644 "$T/k.ini"

as_reader "$KHABAR" --config "$T/k.ini" --db "$T/news/k.db" run --exit-after 0.5 >"$T/run" 2>&1
grep -q "cache: 11 articles" "$T/run" || { echo "no news for a reader:"; cat "$T/run"; failed=1; }
grep -q "cannot write $T/news, where SQLite keeps" "$T/run" ||
	{ echo "no log line saying why:"; cat "$T/run"; failed=1; }

as_reader "$KHABAR" --config "$T/k.ini" --db "$T/news/k.db" check >"$T/check" 2>/dev/null ||
	{ echo "check failed:"; cat "$T/check"; failed=1; }
grep -q "cache: warning: this user (uid [0-9]*) cannot write" "$T/check" ||
	{ echo "check did not warn that imports fail:"; cat "$T/check"; failed=1; }

# A later import (by a user who may write) reaches the running display.
if [ "$(id -u)" = 0 ]; then
	# Waits on the log with generous bounds, never on the clock.
	as_reader "$KHABAR" --config "$T/k.ini" --db "$T/news/k.db" run --exit-after 600 \
		--time-scale 6 >"$T/run" 2>&1 &
	pid=$!
	at_exit 'kill "$pid" 2>/dev/null'
	wait_line "$T/run" "cache: 11 articles" 60
	printf '{"articles": [{"id": "late", "title": "خبر تازه"}]}' >"$T/late.json"
	"$KHABAR" --db "$T/news/k.db" import "$T/late.json" >"$T/out" 2>&1 || cat "$T/out"
	wait_line "$T/run" "cache: 12 articles" 60 ||
		{ echo "the reader did not see a later import:"; cat "$T/run"; failed=1; }
	kill -TERM $pid
	wait $pid
	# That import left the -wal and -shm: now read live, no fallback.
	[ -f "$T/news/k.db-shm" ] || { echo "the import did not keep the -shm"; failed=1; }
	as_reader "$KHABAR" --config "$T/k.ini" --db "$T/news/k.db" run --exit-after 0.5 \
		>"$T/run" 2>&1
	grep -q "cache: 12 articles" "$T/run" && ! grep -q "unchanging" "$T/run" ||
		{ echo "not read live with the kept -shm:"; cat "$T/run"; failed=1; }
fi
exit $failed
