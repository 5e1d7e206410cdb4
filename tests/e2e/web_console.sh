#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The organisers' console (khabar console) through the binary, a real
# mosquitto on loopback and curl:
# - accounts: --add-user writes a yescrypt hash, never the password;
# - login: a wrong password shows the form again, the right one gives a
#   session cookie HttpOnly SameSite=Strict; a POST without its CSRF token
#   gets 403; a viewer cannot post (403);
# - the 11th wrong password from one address within a minute is refused
#   (429), even with the right password, while another address logs in;
# - a screen whose status names a <script> title shows it as text, on the
#   grid and in the active announcements;
# - /static/../ is refused; a 10 MB body is refused (413) from its
#   Content-Length alone, before a byte of it is sent; 64 KB of headers
#   are refused (431);
# - 200 idle connections from 200 addresses, then a real login works;
# - the preview PNG is byte-identical to `khabar render` of the same
#   announcement at the same size and time;
# - publish reaches the broker retained, remove takes it back;
# - the halls page: each hall's talk now and next from an imported
#   schedule; a hall marked full is on khabar/room/HALL/state, retained;
# - the halls page says when the schedule came in, in the board's words;
# - plays: each screen's per-day message from the broker as a table, an
#   SVG chart and a CSV (a title that starts with = stays text); a plays
#   message that is not one is refused in the log, naming its topic;
# - Persian (lang fa, rtl) by default, English for Accept-Language: en;
# - HTTPS with [console] cert and key: the cookie is Secure, no warning;
# - no password in the console's log.
set -u
. tests/e2e/lib.sh
. tests/lib/mosquitto.sh
. tests/lib/fleet.sh
for t in curl mosquitto_sub mosquitto_pub python3 openssl cmp; do
	command -v $t >/dev/null || skip "web_console: skipped: needs $t"
done
CONSOLE=${BUILD}/khabar-console
[ -x "$CONSOLE" ] || fail "web_console: $CONSOLE is not built"
broker_start "$T" || fail "web_console: no broker"
at_exit broker_stop
port=$(free_port)
cat >"$T/c.ini" <<INI
[mqtt]
url = mqtt://127.0.0.1:$BROKER_PORT
INI
console_plain "$port" >>"$T/c.ini"
# A schedule around now: Hall A's talk on now (a script title) and next,
# Hall B's next.
python3 - >"$T/t.ics" <<'PY'
import datetime as d
n = d.datetime.now(d.timezone.utc).replace(microsecond=0, second=0)
f = lambda m: (n + d.timedelta(minutes=m)).strftime("%Y%m%dT%H%M%SZ")
print("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//khabar//e2e//EN\r")
for i, (room, title, a, b) in enumerate([("Hall A", "<script>alert(3)</script>", -10, 20),
                                          ("Hall A", "Next talk A", 30, 60), ("Hall B", "Talk B later", 40, 70)]):
    print("BEGIN:VEVENT\r\nUID:e%d@e2e\r\nDTSTAMP:%s\r\nDTSTART:%s\r\nDTEND:%s\r\nSUMMARY:%s\r\nLOCATION:%s\r\nEND:VEVENT\r"
          % (i, f(0), f(a), f(b), title, room))
print("END:VCALENDAR\r")
PY
"$KHABAR" --config "$T/c.ini" import "$T/t.ics" >/dev/null 2>&1 || fail "web_console: import of the schedule"
PASS='correct horse 42'
printf '%s\n' "$PASS" | "$KHABAR" --config "$T/c.ini" console --add-user org >"$T/add" 2>&1 ||
	fail "web_console: --add-user: $(cat "$T/add")"
printf '%s\n' 'viewer pass 7' | "$KHABAR" --config "$T/c.ini" console --add-user viewer --role viewer >>"$T/add" 2>&1 ||
	fail "web_console: --add-user viewer"
grep -q '^org:organiser:\$y\$' "$T/users" || no "users file: no yescrypt hash for org: $(cat "$T/users")"
grep -q "$PASS" "$T/users" && no "the password is in the users file"
[ "$(stat -c %a "$T/users")" = 640 ] || no "users file mode $(stat -c %a "$T/users"), want 640"

# A screen whose card title is a script, and a retained announcement.
mosquitto_pub -p "$BROKER_PORT" -r -t khabar/screen/lobby/status \
	-m "{\"name\":\"lobby\",\"groups\":\"hall-a\",\"state\":\"running\",\"at\":$(date +%s),\"resolution\":\"1280x720\",\"card\":{\"title\":\"<script>alert(1)</script>\"}}"
mosquitto_pub -p "$BROKER_PORT" -r -t khabar/screen/door/status -m '{"name":"door","state":"offline"}'
mosquitto_pub -p "$BROKER_PORT" -r -t khabar/announce/x1 -m '{"title":"<script>alert(2)</script>","priority":"breaking"}'
# What the lobby showed (as khabar-net sums it), and a message that is not.
mosquitto_pub -p "$BROKER_PORT" -r -t khabar/screen/lobby/plays -m '{"screen": "lobby", "at": 1, "days": [{"day": "2026-12-05", "cards": 4, "seconds": 40.0, "more": 1, "titles": [{"kind": "headline", "title": "نشست افتتاحیه", "count": 2, "seconds": 30.0}, {"kind": "emergency", "title": "=1+1 <script>alert(5)</script>", "count": 1, "seconds": 6.5}]}]}'
mosquitto_pub -p "$BROKER_PORT" -r -t khabar/screen/door/plays -m 'not json'

"$KHABAR" --config "$T/c.ini" console >"$T/log" 2>&1 &
CPID=$!
at_exit "kill $CPID 2>/dev/null; wait $CPID 2>/dev/null"
show_on_fail "$T/log"
wait_for 30 grep -q "listening on" "$T/log" || fail "web_console: the console did not start"
wait_for 30 grep -q "connected to the broker" "$T/log" || fail "web_console: no broker connection"
U=http://127.0.0.1:$port

# login JAR [ADDR] [PASSWORD] [USER]: the HTTP code of the login POST.
login() {
	jar=$1 iface=${2:-127.0.0.1} pw=${3:-$PASS} user=${4:-org}
	rm -f "$jar"
	curl -s --interface "$iface" -c "$jar" -b "$jar" "$U/login" >"$T/login.html"
	csrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$T/login.html")
	curl -s --interface "$iface" -c "$jar" -b "$jar" -o "$T/login.out" -D "$T/login.h" -w '%{http_code}' \
		--data-urlencode "csrf=$csrf" --data-urlencode "user=$user" --data-urlencode "password=$pw" "$U/login"
}
# csrf_of JAR PAGE: the session's CSRF token from a page.
csrf_of() {
	curl -s -b "$1" "$U$2" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1
}

curl -s -H 'Accept-Language: en' "$U/login" | grep -q 'This console is served over plain HTTP' ||
	no "no plain-HTTP warning on the login page"
code=$(login "$T/bad" 127.0.0.1 'wrong password')
[ "$code" = 200 ] && grep -q 'نام یا گذرواژه نادرست است' "$T/login.out" || no "wrong password: $code"
code=$(login "$T/jar")
[ "$code" = 303 ] || fail "web_console: login: HTTP $code"
grep -i '^Set-Cookie: khabar_session=[0-9a-f]*; Path=/; HttpOnly; SameSite=Strict' "$T/login.h" >/dev/null ||
	no "session cookie flags: $(grep -i set-cookie "$T/login.h")"

# CSRF: the same POST without the token, and with another's.
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$T/jar" --data 'title=x&action=publish' "$U/announce")
[ "$code" = 403 ] || no "POST /announce without CSRF token: $code, want 403"
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$T/jar" --data "csrf=$(printf '%064d' 0)&hall=A&state=full" "$U/hall")
[ "$code" = 403 ] || no "POST /hall with a wrong CSRF token: $code, want 403"
code=$(curl -s -o /dev/null -w '%{http_code}' --data 'user=org&password=x' "$U/login")
[ "$code" = 403 ] || no "POST /login without CSRF token: $code, want 403"

# Escaping on every page that shows outside text.
curl -s -b "$T/jar" "$U/" >"$T/screens.html"
curl -s -b "$T/jar" "$U/announce" >"$T/announce.html"
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$T/screens.html" || no "the script title is not shown escaped on the grid"
grep -q '&lt;script&gt;alert(2)&lt;/script&gt;' "$T/announce.html" || no "the script title is not shown escaped in the announcements"
grep -q '<script>alert' "$T/screens.html" "$T/announce.html" && no "a script title reached a page unescaped"
grep -q 'class="screen offline"' "$T/screens.html" || no "the offline screen does not stand out"
grep -q 'lang="fa" dir="rtl"' "$T/screens.html" || no "the page is not Persian right to left by default"
grep -q 'نمایشگرها' "$T/screens.html" || no "the page's words are not Persian"
curl -s -b "$T/jar" -H 'Accept-Language: en-GB,en;q=0.8' "$U/" | grep -q 'lang="en" dir="ltr"' ||
	no "Accept-Language: en does not give English"

# Plays: each screen's days from the broker, a chart, a table, the CSV.
curl -s -b "$T/jar" "$U/plays" >"$T/plays.html"
grep -q '<svg class="chart"' "$T/plays.html" || no "no chart on the plays page"
grep -q '<td class="day">۱۴۰۵/۰۹/۱۴</td><td>lobby</td><td>۴</td><td>۴۰</td>' "$T/plays.html" ||
	no "the lobby's day is not in the plays table, in Jalali"
grep -q 'href="/plays?screen=lobby"' "$T/plays.html" || no "no link to the lobby's plays"
curl -s -b "$T/jar" "$U/plays?screen=lobby" >"$T/plays.html"
grep -q '<td class="day">۱۴۰۵/۰۹/۱۴</td><td>نشست افتتاحیه</td><td>۲</td><td>۳۰</td>' "$T/plays.html" ||
	no "the lobby's card is not in its plays table"
grep -q '&lt;script&gt;alert(5)' "$T/plays.html" || no "a script title is not escaped on the plays page"
grep -q '<script>alert' "$T/plays.html" && no "a script title reached the plays page unescaped"
grep -q 'کارت‌های دیگر</i></td><td>۱</td><td>۴</td>' "$T/plays.html" || no "the day's other cards are not counted"
grep -q "khabar/screen/door/plays: not a JSON object" "$T/log" || no "the bad plays message is not named in the log"
curl -s -b "$T/jar" -D "$T/csv.h" -o "$T/plays.csv" "$U/plays.csv?screen=lobby"
printf 'screen,day,kind,title,count,seconds\r\n"lobby",2026-12-05,"headline","نشست افتتاحیه",2,30.0\r\n"lobby",2026-12-05,"emergency","'"'"'=1+1 <script>alert(5)</script>",1,6.5\r\n"lobby",2026-12-05,"other","",1,3.5\r\n' >"$T/want.csv"
cmp -s "$T/plays.csv" "$T/want.csv" || no "plays.csv: $(cat -A "$T/plays.csv")"
grep -qi '^Content-Disposition: attachment' "$T/csv.h" || no "plays.csv is not a download"

# Static files: a fixed list, never a path.
code=$(curl -s -o /dev/null -w '%{http_code}' "$U/static/style.css")
[ "$code" = 200 ] || no "style.css: $code"
code=$(curl -s -o /dev/null -w '%{http_code}' "$U/static/Vazirmatn-Regular.ttf")
[ "$code" = 200 ] || no "the font: $code"
for p in '/static/../users' '/static/..%2f..%2fetc%2fpasswd' '/static/%2e%2e/c.ini'; do
	code=$(curl -s --path-as-is -o "$T/st" -w '%{http_code}' "$U$p")
	case $code in 400 | 404) ;; *) no "$p: HTTP $code, want 400 or 404" ;; esac
	grep -q 'organiser' "$T/st" && no "$p served the users file"
done

# A 10 MB body: refused from its Content-Length, no byte of it sent.
python3 - "$port" >"$T/big" <<'PY' || no "10 MB body: $(cat "$T/big")"
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=60)
s.sendall(b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
          b"Content-Length: 10485760\r\n\r\n")
line = s.recv(200).split(b"\r\n")[0]
print(line.decode())
sys.exit(0 if b" 413 " in line else 1)
PY

# Headers past 32 KB: refused.
python3 - "$port" >"$T/bighead" <<'PY' || no "64 KB of headers: $(cat "$T/bighead")"
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=60)
s.sendall(b"GET /login HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 65536 + b"\r\n\r\n")
line = s.recv(200).split(b"\r\n")[0]
print(line.decode())
sys.exit(0 if b" 431 " in line else 1)
PY

# Rate limit: ten wrong passwords from 127.0.0.7 are answered, the 11th is
# refused, so is the right one then; 127.0.0.1 still logs in.
i=0
while [ $i -lt 10 ]; do
	code=$(login "$T/rl" 127.0.0.7 "wrong $i")
	[ "$code" = 200 ] || no "wrong password $((i + 1)): $code, want 200"
	i=$((i + 1))
done
code=$(login "$T/rl" 127.0.0.7 "wrong 11")
[ "$code" = 429 ] || no "the 11th wrong password: $code, want 429"
code=$(login "$T/rl" 127.0.0.7)
[ "$code" = 429 ] || no "the right password after 10 wrong: $code, want 429"
code=$(login "$T/jar2")
[ "$code" = 303 ] || no "another address is refused too: $code"

# 200 idle connections from 200 addresses, held open during a real login.
python3 - "$port" "$T/idle.ready" "$T/idle.done" >"$T/idle.log" 2>&1 <<'PY' &
import socket, sys, os, time
socks = []
for i in range(200):
    s = socket.socket()
    s.bind(("127.0.%d.%d" % (2 + i // 250, 1 + i % 250), 0))
    s.connect(("127.0.0.1", int(sys.argv[1])))
    s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")  # never finished
    socks.append(s)
open(sys.argv[2], "w").close()
while not os.path.exists(sys.argv[3]):
    time.sleep(0.1)
PY
IPID=$!
wait_for 60 test -e "$T/idle.ready" || no "the idle connections could not be opened: $(cat "$T/idle.log")"
code=$(login "$T/jar3")
[ "$code" = 303 ] || no "login with 200 idle connections: $code, want 303"
: >"$T/idle.done"
wait $IPID

# The preview: the same pixels as khabar render of that announcement.
csrf=$(csrf_of "$T/jar" /announce)
curl -s -b "$T/jar" -o "$T/prev.html" --data-urlencode "csrf=$csrf" --data-urlencode "title=سالن ۲ پر شد" \
	--data-urlencode "body=لطفاً به سالن ۳ بروید." --data "priority=breaking&target=all&action=preview" "$U/announce"
id=$(sed -n 's/.*src="\/preview?id=\([0-9a-f]*\)".*/\1/p' "$T/prev.html")
at=$(sed -n 's/.*data-at="\([^"]*\)".*/\1/p' "$T/prev.html")
if [ -z "$id" ]; then
	no "no preview: $(sed -n 's/.*class="msg"[^>]*>\([^<]*\).*/\1/p' "$T/prev.html")"
else
	curl -s -b "$T/jar" -o "$T/prev.png" "$U/preview?id=$id"
	"$KHABAR" --config "$T/c.ini" --db "$T/p.db" post --breaking -- "سالن ۲ پر شد" "لطفاً به سالن ۳ بروید." >/dev/null &&
		"$KHABAR" --config "$T/c.ini" --db "$T/p.db" render --out "$T/want.png" --size 1280x720 --at "$at" ||
		no "khabar render failed"
	cmp -s "$T/prev.png" "$T/want.png" || no "the preview differs from khabar render ($(wc -c <"$T/prev.png") and $(wc -c <"$T/want.png") bytes)"
	code=$(curl -s -o /dev/null -w '%{http_code}' -b "$T/jar2" "$U/preview?id=$id")
	[ "$code" = 404 ] || no "another session sees this preview: $code"
fi

# Publish, see it retained on the broker and in the list, remove it.
curl -s -b "$T/jar" -o "$T/pub.html" --data-urlencode "csrf=$csrf" --data-urlencode "title=Keynote moved" \
	--data "priority=breaking&target=all&action=publish" "$U/announce"
topic=$(sed -n 's/.*class="msg"[^>]*>\(khabar\/announce\/[^<]*\)<.*/\1/p' "$T/pub.html")
[ -n "$topic" ] || no "publish: $(sed -n 's/.*class="msg"[^>]*>\([^<]*\).*/\1/p' "$T/pub.html")"
if [ -n "$topic" ]; then
	timeout 30 mosquitto_sub -p "$BROKER_PORT" -t "$topic" -C 1 -W 30 >"$T/msg" 2>&1
	grep -q 'Keynote moved' "$T/msg" || no "the announcement is not retained on $topic: $(cat "$T/msg")"
	wait_for 30 sh -c "curl -s -b '$T/jar' '$U/announce' | grep -q 'Keynote moved'" || no "not in the active list"
	curl -s -b "$T/jar" -o /dev/null --data-urlencode "csrf=$csrf" --data-urlencode "topic=$topic" "$U/remove"
	wait_for 30 sh -c "! curl -s -b '$T/jar' '$U/announce' | grep -q 'Keynote moved'" || no "removed, still listed"
	timeout 5 mosquitto_sub -p "$BROKER_PORT" -t "$topic" -C 1 -W 2 >"$T/msg2" 2>/dev/null
	[ -s "$T/msg2" ] && no "still retained after remove: $(cat "$T/msg2")"
fi

# The halls: now and next from the schedule; Hall A marked full.
curl -s -b "$T/jar" "$U/halls" >"$T/halls.html"
grep -q '<th scope="row">Hall A</th><td>[^<]*&lt;script&gt;alert(3)&lt;/script&gt;</td><td>[^<]*Next talk A</td>' "$T/halls.html" ||
	no "Hall A's now and next are not on the halls page"
grep -q '<th scope="row">Hall B</th><td>-</td><td>[^<]*Talk B later</td>' "$T/halls.html" || no "Hall B's next is not on the halls page"
grep -q '<p class="fresh">برنامه .* به‌روز شد</p>' "$T/halls.html" ||
	no "the halls page does not say when the schedule came in: $(grep -o '<p class="fresh[^/]*' "$T/halls.html")"
curl -s -b "$T/jar" -o /dev/null --data-urlencode "csrf=$csrf" --data-urlencode "hall=Hall A" --data "state=full" "$U/hall"
timeout 30 mosquitto_sub -p "$BROKER_PORT" -t "khabar/room/Hall A/state" -C 1 -W 30 >"$T/hall" 2>&1
[ "$(cat "$T/hall")" = full ] || no "khabar/room/Hall A/state: '$(cat "$T/hall")', want full"
wait_for 30 sh -c "curl -s -b '$T/jar' '$U/halls' | grep -q 'Hall A <span class=\"flag\">'" || no "Hall A is not shown full"

# A viewer looks but cannot post.
code=$(login "$T/vjar" 127.0.0.1 'viewer pass 7' viewer)
[ "$code" = 303 ] || no "viewer login: $code"
vcsrf=$(csrf_of "$T/vjar" /)
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$T/vjar" --data "csrf=$vcsrf&hall=Hall+A&state=open" "$U/hall")
[ "$code" = 403 ] || no "a viewer marked a hall: $code, want 403"

grep -q "$PASS\|viewer pass\|wrong 1" "$T/log" && no "a password is in the console's log"

# HTTPS is the default: without a certificate it does not start.
sed '/^plain_http/d' "$T/c.ini" >"$T/nocert.ini"
"$KHABAR" --config "$T/nocert.ini" console --listen 127.0.0.1:1 >"$T/nocert.log" 2>&1
rc=$?
[ $rc = 1 ] && grep -q 'cert and key are needed for HTTPS' "$T/nocert.log" ||
	no "no certificate and no plain_http: exit $rc, $(cat "$T/nocert.log")"

# HTTPS: a certificate and key from the config; the cookie is Secure.
openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -days 2 -keyout "$T/key.pem" \
	-out "$T/cert.pem" >/dev/null 2>&1 || fail "web_console: openssl"
tport=$(free_port)
cat >"$T/t.ini" <<INI
[mqtt]
url = mqtt://127.0.0.1:$BROKER_PORT
[console]
listen = 127.0.0.1:$tport
users = $T/users
cert = $T/cert.pem
key = $T/key.pem
state_dir = $T/state
INI
"$KHABAR" --config "$T/t.ini" console >"$T/tlog" 2>&1 &
TPID=$!
at_exit "kill $TPID 2>/dev/null; wait $TPID 2>/dev/null"
wait_for 30 grep -q "listening on" "$T/tlog" || no "no HTTPS console: $(cat "$T/tlog")"
curl -s --cacert "$T/cert.pem" -D "$T/th" "https://127.0.0.1:$tport/login" >"$T/tl.html" || no "HTTPS request failed"
grep -qi '^Set-Cookie: .*HttpOnly; SameSite=Strict; Secure' "$T/th" || no "no Secure cookie over TLS: $(grep -i set-cookie "$T/th")"
grep -q 'plain HTTP' "$T/tl.html" && no "the plain-HTTP warning is shown over HTTPS"
exit $failed
