#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The QR code on a headline card and on the first article page decodes
# (zbarimg) to exactly the article's URL, in landscape and portrait, for a
# Persian and an English (mirrored) card; none on the second page, for a
# URL over 300 bytes or with [cards] qr = no.
set -u
. tests/e2e/lib.sh
url="https://www.example.ir/news/1405/09/12345-book-fair?ref=lobby&lang=fa"
long="https://www.example.ir/$(printf '%0290d' 0)"
card() { # id url
	printf '{"id": "%s", "title": "نمایشگاه کتاب تهران از فردا آغاز می‌شود", "url": "%s", ' "$1" "$2"
	printf '"summary": "بیش از دو هزار ناشر حضور دارند.", "published": "2026-11-30T09:00:00Z"}'
}
# An article of three pages or so: card 1 is its first page, card 2 its second.
paged() { # id lang title sentence
	printf '{"id": "%s", "lang": "%s", "title": "%s", "url": "%s", "body": "' "$1" "$2" "$3" "$url"
	for p in 1 2 3 4; do
		for s in 1 2 3 4 5 6; do printf '%s ' "$4"; done
		printf '\\n'
	done
	printf '", "published": "2026-11-30T09:00:00Z"}'
}
card q1 "$url" >"$T/a.json"
paged p1 fa "نمایشگاه کتاب تهران از فردا آغاز می‌شود" \
	"سخنگوی وزارت ارتباطات از شرکت ایران در اجلاس جهانی جامعه اطلاعاتی (WSIS 2022) خبر داد." \
	>"$T/p.json"
paged e1 en "Tehran book fair opens tomorrow" \
	"The fair opens its doors to readers from across the country, with 2,000 publishers." \
	>"$T/e.json"
card q2 "$long" >"$T/b.json"
"$KHABAR" --db "$T/a.db" import "$T/a.json" >/dev/null || fail "import"
"$KHABAR" --db "$T/b.db" import "$T/b.json" >/dev/null || fail "import long"
"$KHABAR" --db "$T/p.db" import "$T/p.json" >/dev/null || fail "import paged"
"$KHABAR" --db "$T/e.db" import "$T/e.json" >/dev/null || fail "import English"
printf '[cards]\nqr = no\n' >"$T/noqr.ini"
for size in 1920x1080 1080x1920; do
	"$KHABAR" --db "$T/a.db" render --size "$size" --at 2026-11-30T10:00:00Z \
		--out "$T/a-$size.png" || fail "render $size"
	got=$(zbarimg -q --raw "$T/a-$size.png" 2>/dev/null)
	[ "$got" = "$url" ] || fail "$size: the code reads '$got', not the URL"
	"$KHABAR" --db "$T/b.db" render --size "$size" --at 2026-11-30T10:00:00Z \
		--out "$T/b-$size.png" || fail "render long $size"
	zbarimg -q --raw "$T/b-$size.png" >/dev/null 2>&1 && fail "$size: a code for a long URL"
	"$KHABAR" --config "$T/noqr.ini" --db "$T/a.db" render --size "$size" \
		--at 2026-11-30T10:00:00Z --out "$T/n-$size.png" || fail "render qr = no"
	zbarimg -q --raw "$T/n-$size.png" >/dev/null 2>&1 && fail "$size: a code with qr = no"
	for db in p e; do
		for n in 0 1 2; do
			"$KHABAR" --db "$T/$db.db" render --card $n --size "$size" \
				--at 2026-11-30T10:00:00Z --out "$T/$db$n-$size.png" ||
				fail "render $db card $n $size"
		done
		for n in 0 1; do
			got=$(zbarimg -q --raw "$T/$db$n-$size.png" 2>/dev/null)
			[ "$got" = "$url" ] || fail "$size: $db card $n: the code reads '$got'"
		done
		zbarimg -q --raw "$T/${db}2-$size.png" >/dev/null 2>&1 &&
			fail "$size: a code on $db's second page"
	done
done
exit 0
