#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# khabar's justified and balanced Persian beside a browser's: the same text,
# font (the bundled Vazirmatn), size, line height and column width, set by
# `khabar render --text` and by headless Chromium (direction: rtl;
# text-align: justify; text-justify: auto, or text-wrap: balance for
# headlines), dark on light, one PNG each and NAME-side.png with them
# stacked (khabar on top; for a headline also Chromium's greedy breaks). Not part of `make test`; see docs/text-layout.md, "Compared with a
# browser", for what the pictures show.
#
#   scripts/browser-compare.sh [OUTDIR]    (default build/browser-compare)
#
# Needs a built khabar ($KHABAR, default build/khabar), Chromium (Debian:
# apt-get install chromium) and ImageMagick's convert.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
K=${KHABAR:-$top/build/khabar}
out=${1:-$top/build/browser-compare}
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
	echo "browser-compare: Chromium is not installed; as root: apt-get install chromium" >&2
	exit 2
fi
command -v convert >/dev/null || { echo "browser-compare: needs ImageMagick (convert)" >&2; exit 2; }
[ -x "$K" ] || { echo "browser-compare: $K is not built (make)" >&2; exit 2; }
mkdir -p "$out"
dir=$(mktemp -d "${TMPDIR:-/tmp}/khabar-browser.XXXXXX")
trap 'rm -rf "$dir"' EXIT
MARGIN=48 # khabar render --text's margin
LABEL_FONT=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf

# A page of TEXTFILE as Chromium sets it: page NAME TEXTFILE WIDTH SIZE
# LINE_HEIGHT WEIGHT FONT CSS HEIGHT, to $out/NAME.png.
page() {
	{
		printf '<!DOCTYPE html>\n<html lang="fa" dir="rtl"><head><meta charset="utf-8"><style>\n'
		printf '@font-face { font-family: V; font-weight: %s; src: url("file://%s/fonts/Vazirmatn-%s.ttf"); }\n' \
			"$6" "$top" "$7"
		printf 'html, body { margin: 0; background: #faf8f2; }\n'
		printf 'p { margin: %spx; width: %spx; font: %s %spx/%s V; color: #1b1d22; direction: rtl; %s }\n' \
			"$MARGIN" "$3" "$6" "$4" "$5" "$8"
		printf '</style></head><body><p>'
		sed 's/&/\&amp;/g; s/</\&lt;/g' "$2"
		printf '</p></body></html>\n'
	} >"$dir/$1.html"
	"$CHROMIUM" --headless=new --no-sandbox --no-first-run --disable-gpu --hide-scrollbars \
		--force-device-scale-factor=1 --user-data-dir="$dir/profile" --virtual-time-budget=3000 \
		--window-size="$(($3 + 2 * MARGIN)),$9" --screenshot="$out/$1.png" \
		"file://$dir/$1.html" >/dev/null 2>&1
}

# One comparison: NAME TEXTFILE WIDTH SIZE LINE_HEIGHT WEIGHT MODE [LINES],
# where MODE is justify (a body paragraph) or balance (a headline); LINES
# also writes NAME-excerpt.png, the first LINES lines of both, stacked.
compare_one() {
	name=$1 text=$2 width=$3 size=$4 lh=$5 weight=$6 mode=$7 lines=${8:-0}
	case $weight in
	700) font=Bold ;;
	*) font=Regular ;;
	esac
	if [ "$mode" = justify ]; then
		kopts="--align justify --justify kashida"
		css="text-align: justify; text-justify: auto;"
	else
		kopts="--balance"
		css="text-align: start; text-wrap: balance;"
	fi
	# shellcheck disable=SC2086
	"$K" render --text "$text" --out "$out/$name-khabar.png" --width "$width" \
		--size "$size" --line-height "$lh" --font "$top/fonts/Vazirmatn-$font.ttf" $kopts
	h=$(identify -format %h "$out/$name-khabar.png")
	page "$name-chromium" "$text" "$width" "$size" "$lh" "$weight" "$font" "$css" "$h"
	version=$("$CHROMIUM" --version 2>/dev/null | awk '{print $2}')
	set -- -font "$LABEL_FONT" -pointsize 18 -background '#d8d4c8' \
		label:" khabar ($kopts; $width px, $size px)" "$out/$name-khabar.png" \
		label:" Chromium $version ($css $width px, $size px)" "$out/$name-chromium.png"
	if [ "$mode" = balance ]; then
		# What the browser does without balancing, for reference.
		page "$name-chromium-greedy" "$text" "$width" "$size" "$lh" "$weight" "$font" \
			"text-align: start;" "$h"
		set -- "$@" label:" Chromium $version (text-wrap: wrap, the greedy breaks)" \
			"$out/$name-chromium-greedy.png"
	fi
	# Grey, 16 levels: the pictures stay small enough to keep.
	convert "$@" -append -colorspace Gray -colors 16 "PNG8:$out/$name-side.png"
	if [ "$lines" -gt 0 ]; then
		ex=$(awk -v m="$MARGIN" -v n="$lines" -v s="$size" -v k="$lh" 'BEGIN { printf "%d", m + n * s * k + 20 }')
		convert -font "$LABEL_FONT" -pointsize 18 -background '#d8d4c8' \
			label:" khabar ($kopts; the first $lines lines)" \
			\( "$out/$name-khabar.png" -crop "x$ex+0+0" +repage \) \
			label:" Chromium $version ($css)" \
			\( "$out/$name-chromium.png" -crop "x$ex+0+0" +repage \) \
			-append -colorspace Gray -colors 16 "PNG8:$out/$name-excerpt.png"
		echo "browser-compare: $out/$name-excerpt.png"
	fi
	echo "browser-compare: $out/$name-side.png"
}

# 1. The seed article's third paragraph on the 1920x1080 article page
#    (column 1920 - 2 x 96 px; the body's type: 38 px, line height 1.75).
compare_one wsis "$top/tests/golden/wsis_justify.txt" 1728 38 1.75 400 justify 4
# 2. The ITU article's second paragraph on the 1080x1920 page (1080 - 2 x 64).
sed -n 3p "$top/tests/golden/itu_justify.txt" >"$dir/itu.txt"
compare_one itu "$dir/itu.txt" 952 38 1.75 400 justify
# 3. Sample headlines as their headline cards set them: Vazirmatn Bold, line
#    height 1.4, at the size and width the card chose (1920x1080: 92 px in
#    the 1487 px beside the QR code; 1080x1920: 84 px in 952 px).
printf '%s\n' "نمایشگاه کتاب تهران با حضور بیش از دو هزار ناشر گشایش یافت" >"$dir/fair.txt"
printf '%s\n' "اینترنت ماهواره‌ای در روستاهای مرزی آزمایش می‌شود" >"$dir/sat.txt"
compare_one headline-fair-1920 "$dir/fair.txt" 1487 92 1.4 700 balance
compare_one headline-fair-1080 "$dir/fair.txt" 952 84 1.4 700 balance
compare_one headline-satellite-1920 "$dir/sat.txt" 1487 92 1.4 700 balance

# 4. Every sample headline at the size and width its headline card uses
#    (all at their largest size; a link's QR code narrows the landscape
#    column): the words on each line, khabar's balanced breaks against
#    Chromium's text-wrap: balance. Prints each difference and the count.
"$K" --db "$dir/k.db" import "$top/assets/sample/" >/dev/null 2>&1
"$K" --db "$dir/k.db" list --json >"$dir/list.json"
KHABAR="$K" TOP="$top" DIR="$dir" CHROMIUM="$CHROMIUM" python3 - <<'PY'
import html, json, os, re, subprocess
k, top, d = os.environ["KHABAR"], os.environ["TOP"], os.environ["DIR"]
# screen: (size, column width without and with a QR code)
screens = {"1920x1080": (92, 1728, 1487), "1080x1920": (84, 952, 952),
           "1280x720": (61, 1152, 1003.67)}
cases = []
for a in json.load(open(os.path.join(d, "list.json")))["articles"]:
    for name, (size, wide, qr) in screens.items():
        width = qr if a["url"] else wide
        out = subprocess.run([k, "layout", "--font", top + "/fonts/Vazirmatn-Bold.ttf",
                              "--size", str(size), "--width", str(width),
                              "--line-height", "1.4", "--balance"],
                             input=a["title"].encode(), capture_output=True, check=True)
        lay = json.loads(out.stdout)
        text = lay["paragraphs"][0]["text"].encode()
        lines = [text[min(r["start"] for r in ln["runs"]):max(r["end"] for r in ln["runs"])]
                 .decode().strip() for ln in lay["lines"]]
        cases.append((name, size, width, text.decode(), lines))
paras = "\n".join(
    '<p style="width:%spx;font:700 %spx/1.4 V">%s</p>' % (
        w, s, " ".join("<span>%s</span>" % html.escape(x) for x in t.split(" ")))
    for _, s, w, t, _ in cases)
page = """<!DOCTYPE html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><style>
@font-face { font-family: V; font-weight: 700; src: url("file://%s/fonts/Vazirmatn-Bold.ttf"); }
p { margin: 0 0 40px 0; direction: rtl; text-align: start; text-wrap: balance; }
</style></head><body>%s<pre id="out"></pre><script>
document.fonts.ready.then(function () {
  var all = [];
  document.querySelectorAll("p").forEach(function (p) {
    var lines = [], top = null;
    p.querySelectorAll("span").forEach(function (s) {
      var t = s.getBoundingClientRect().top;
      if (top === null || Math.abs(t - top) > 5) { lines.push([]); top = t; }
      lines[lines.length - 1].push(s.textContent);
    });
    all.push(lines.map(function (l) { return l.join(" "); }));
  });
  document.getElementById("out").textContent = "LINES" + JSON.stringify(all) + "END";
});
</script></body></html>""" % (top, paras)
open(os.path.join(d, "titles.html"), "w").write(page)
dom = subprocess.run([os.environ["CHROMIUM"], "--headless=new", "--no-sandbox", "--disable-gpu",
                      "--user-data-dir=" + d + "/profile", "--virtual-time-budget=5000",
                      "--window-size=2000,3000", "--dump-dom", "file://" + d + "/titles.html"],
                     capture_output=True).stdout.decode()
got = json.loads(html.unescape(re.search(r"LINES(.*?)END", dom, re.S).group(1)))
same = multi = 0
for (name, size, width, _, lines), theirs in zip(cases, got):
    same += lines == theirs
    multi += len(lines) > 1
    if lines != theirs:
        print("browser-compare: %s, %s px in %s px: khabar %s, Chromium %s" %
              (name, size, width, " / ".join(lines), " / ".join(theirs)))
print("browser-compare: balanced headlines: the same lines as Chromium in %d of %d "
      "(%d of more than one line)" % (same, len(cases), multi))
PY
