#!/bin/sh
# The QR code on a headline card decodes (zbarimg) to exactly the
# article's URL, in landscape and portrait; none for a URL over 300 bytes
# or with [cards] qr = no.
set -u
: "${KHABAR:=build/khabar}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
url="https://www.example.ir/news/1405/09/12345-book-fair?ref=lobby&lang=fa"
long="https://www.example.ir/$(printf '%0290d' 0)"
card() { # id url
	printf '{"id": "%s", "title": "نمایشگاه کتاب تهران از فردا آغاز می‌شود", "url": "%s", ' "$1" "$2"
	printf '"summary": "بیش از دو هزار ناشر حضور دارند.", "published": "2026-11-30T09:00:00Z"}'
}
card q1 "$url" >"$dir/a.json"
card q2 "$long" >"$dir/b.json"
"$KHABAR" --db "$dir/a.db" import "$dir/a.json" >/dev/null || fail "import"
"$KHABAR" --db "$dir/b.db" import "$dir/b.json" >/dev/null || fail "import long"
printf '[cards]\nqr = no\n' >"$dir/noqr.ini"
for size in 1920x1080 1080x1920; do
	"$KHABAR" --db "$dir/a.db" render --size "$size" --at 2026-11-30T10:00:00Z \
		--out "$dir/a-$size.png" || fail "render $size"
	got=$(zbarimg -q --raw "$dir/a-$size.png" 2>/dev/null)
	[ "$got" = "$url" ] || fail "$size: the code reads '$got', not the URL"
	"$KHABAR" --db "$dir/b.db" render --size "$size" --at 2026-11-30T10:00:00Z \
		--out "$dir/b-$size.png" || fail "render long $size"
	zbarimg -q --raw "$dir/b-$size.png" >/dev/null 2>&1 && fail "$size: a code for a long URL"
	"$KHABAR" --config "$dir/noqr.ini" --db "$dir/a.db" render --size "$size" \
		--at 2026-11-30T10:00:00Z --out "$dir/n-$size.png" || fail "render qr = no"
	zbarimg -q --raw "$dir/n-$size.png" >/dev/null 2>&1 && fail "$size: a code with qr = no"
done
exit 0
