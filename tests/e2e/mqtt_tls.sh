#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# mqtts:// against a real mosquitto with TLS on loopback: with the CA that
# signed the broker's certificate, check --connect succeeds and `post
# --mqtt` is delivered; with another CA the connection is refused (the
# certificate is verified), and so it is for a name the certificate does
# not carry.
set -u
. tests/e2e/lib.sh
for t in openssl mosquitto_pub; do
	command -v $t >/dev/null || { echo "mqtt_tls: needs $t"; exit 1; }
done
. tests/lib/mosquitto.sh
at_exit broker_stop
cd "$T" || exit 1
quiet() { "$@" >/dev/null 2>&1 || { echo "mqtt_tls: failed: $*"; exit 1; }; }
for ca in ca other; do
	quiet openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=khabar test $ca" \
		-keyout $ca.key -out $ca.crt
done
quiet openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout server.key -out server.csr
printf 'subjectAltName = DNS:localhost\n' >san.ext
quiet openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 \
	-extfile san.ext -out server.crt
cd - >/dev/null || exit 1
printf 'cafile %s/ca.crt\ncertfile %s/server.crt\nkeyfile %s/server.key\nallow_anonymous true\n' \
	"$T" "$T" "$T" >"$T/extra.conf"
broker_start "$T" "$T/extra.conf" || exit 1
ini() { # name host ca
	printf '[mqtt]\nurl = mqtts://%s:%s\nca_file = %s\nclient_id = tls-test\n' "$2" \
		"$BROKER_PORT" "$T/$3" >"$T/$1.ini"
}
ini good localhost ca.crt
ini wrongca localhost other.crt
ini wrongname 127.0.0.1 ca.crt
"$KHABAR" --config "$T/good.ini" --db "$T/k.db" post --mqtt --breaking "اطلاعیه از راه امن" \
	>"$T/out" 2>&1 || no "post --mqtt over TLS failed: $(cat "$T/out")"
"$KHABAR" --config "$T/good.ini" --db "$T/k.db" check --connect >"$T/out" 2>&1
grep -q "connect: ok, .* 1 retained announcement$" "$T/out" || no "check --connect over TLS: $(cat "$T/out")"
grep -q "TLS, the broker's certificate verified" "$T/out" || no "check does not report TLS"
for bad in wrongca wrongname; do
	"$KHABAR" --config "$T/$bad.ini" --db "$T/k.db" check --connect >"$T/out" 2>&1 &&
		no "$bad: check --connect succeeded"
	grep -q "mqtt: connect: " "$T/out" || no "$bad: no reason given: $(cat "$T/out")"
	grep "mqtt: connect: " "$T/out"
	"$KHABAR" --config "$T/$bad.ini" --db "$T/k.db" post --mqtt "x" >/dev/null 2>&1 &&
		no "$bad: post --mqtt succeeded"
done
[ $failed = 0 ] || cat "$T/mosquitto.log"
exit $failed
