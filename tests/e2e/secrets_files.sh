#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Secrets and files: a feed URL's user and password never reach a log line
# (nor through the item's image, resolved against it); a new cache is its
# owner's alone (0600 in a 0700 directory); without HOME khabar refuses
# with a message instead of working in /tmp; image clean-up never follows
# a planted symlink, neither as the image directory nor inside it; and
# root does not make files in another user's cache directory.
set -u
: "${KHABAR:=build/khabar}"
case "$KHABAR" in /*) ;; *) KHABAR="$(pwd)/$KHABAR" ;; esac
dir=$(mktemp -d)
srv=""
trap '[ -n "$srv" ] && kill "$srv" 2>/dev/null; rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy no_proxy NO_PROXY
unset XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME

# No HOME: a clear refusal, exit 2, nothing made anywhere.
before=$(ls -d /tmp/.local/share/khabar /tmp/.cache/khabar 2>/dev/null)
(cd "$dir" && env -u HOME "$KHABAR" import "$OLDPWD/assets/sample/feed-rss.xml") >"$dir/out" 2>&1
[ $? -eq 2 ] || fail "import without HOME: $(cat "$dir/out")"
grep -q "HOME is not set" "$dir/out" || fail "no message naming HOME: $(cat "$dir/out")"
printf '[feed x]\nurl = http://127.0.0.1:9/x.xml\n' >"$dir/x.ini"
env -u HOME "$KHABAR" --config "$dir/x.ini" --db "$dir/nohome.db" sync >"$dir/out" 2>&1
[ $? -eq 2 ] || fail "sync without HOME (images would go to /tmp): $(cat "$dir/out")"
grep -q "HOME is not set" "$dir/out" || fail "sync: no message naming HOME: $(cat "$dir/out")"
[ "$(ls -d /tmp/.local/share/khabar /tmp/.cache/khabar 2>/dev/null)" = "$before" ] ||
	fail "something was made under /tmp"

# A new cache: 0600 in a 0700 directory, whatever the umask.
export HOME="$dir/home"
mkdir -p "$HOME"
(umask 022 && "$KHABAR" import assets/sample/feed-rss.xml) >"$dir/out" 2>&1 || fail "import: $(cat "$dir/out")"
[ "$(stat -c %a "$HOME/.local/share/khabar/khabar.db")" = 600 ] ||
	fail "the cache is $(stat -c %a "$HOME/.local/share/khabar/khabar.db"), not 600"
[ "$(stat -c %a "$HOME/.local/share/khabar")" = 700 ] ||
	fail "its directory is $(stat -c %a "$HOME/.local/share/khabar"), not 700"

# A feed behind user:password, with a relative image that is not there and
# a planted symlink as the image directory and inside it.
www="$dir/www"
mkdir -p "$www" "$dir/victim" "$dir/victim2"
echo keep >"$dir/victim/precious.txt"
echo keep >"$dir/victim2/other.txt"
. tests/feedserver.sh
feedserver_start "$www" "$dir/port" || fail "the feed server did not start"
printf '<rss><channel><title>t</title><link>http://u:s3cr3t@127.0.0.1:%s/</link><item><title>خبر</title><guid>https://x.ir/1</guid><link>news/1</link><enclosure url="../img/missing.jpg" type="image/jpeg" length="1"/></item></channel></rss>\n' "$port" >"$www/auth.xml"
printf '[sync]\ntimeout = 20s\n[feed auth]\nurl = http://u:s3cr3t@127.0.0.1:%s/auth.xml\n' "$port" >"$dir/k.ini"
mkdir -p "$HOME/.cache/khabar"
ln -s "$dir/victim" "$HOME/.cache/khabar/images"
KHABAR_LOG=debug "$KHABAR" --config "$dir/k.ini" sync >"$dir/sync" 2>&1
grep -q "auth: 200" "$dir/sync" || fail "the feed was not fetched: $(cat "$dir/sync")"
grep -q "s3cr3t" "$dir/sync" && fail "a password reached the log: $(grep s3cr3t "$dir/sync")"
grep -q "image" "$dir/sync" || fail "no line about the missing image: $(cat "$dir/sync")"
[ -f "$dir/victim/precious.txt" ] || fail "image clean-up followed the symlinked image directory"
# The image directory itself, with a link to another directory's file.
rm "$HOME/.cache/khabar/images"
mkdir "$HOME/.cache/khabar/images"
ln -s "$dir/victim2/other.txt" "$HOME/.cache/khabar/images/planted.jpg"
"$KHABAR" --config "$dir/k.ini" sync --force >"$dir/sync" 2>&1
[ -f "$dir/victim2/other.txt" ] || fail "image clean-up deleted what a planted link names"

# `sudo khabar import` into the service's directory: refused, with the fix,
# and no root-owned file left there.
if [ "$(id -u)" = 0 ]; then
	mkdir "$dir/svc"
	chown nobody "$dir/svc"
	"$KHABAR" --db "$dir/svc/khabar.db" import assets/sample/feed-rss.xml >"$dir/out" 2>&1 &&
		fail "root created a cache in another user's directory"
	grep -q "sudo -u" "$dir/out" || fail "no word of sudo -u: $(cat "$dir/out")"
	[ -z "$(ls -A "$dir/svc")" ] || fail "root left files there: $(ls -l "$dir/svc")"
fi
exit 0
