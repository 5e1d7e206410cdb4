#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The shape of firmware/, checked: which layer may include which, which
# third-party headers each layer may include, that every include names its
# folder, that a family's private header (cache/cache_int.h) is used only
# inside its folder, no function over 80 lines, no include circle.
# `make structure` and `make test` run it; docs/hacking.md explains the table.
#
#   check-structure.sh [--root DIR]      check DIR (default: this checkout)
#   check-structure.sh --closure LAYER   print LAYER and every layer it may
#                                        use, transitively (the fuzz link sets)
#   check-structure.sh --pkgs LAYER...   the pkg-config packages of LAYERs
#   check-structure.sh --table           print the table (docs/hacking.md
#                                        carries the same one)
#
# Prints each problem as FILE:LINE: what, and exits 1 when it finds any.
set -u

# The one table. A layer may include its own folder and the folders named
# under "uses"; "libs" are its pkg-config packages; "headers" the
# third-party headers it may include (a trailing / allows a folder).
# main.c (the display program's command table) may include cmd/ and base/,
# main_net.c (the network program's) netcmd/ and base/, main_console.c
# (the web console's) console/.
table() {
	cat <<'EOF'
# layer uses                                            | libs                               | headers
base   -                                                | inih icu-uc icu-i18n               | ini.h unicode/
cache  base                                             | sqlite3                            | sqlite3.h
media  base                                             | sdl2 SDL2_image libjpeg            | SDL.h SDL_image.h jpeglib.h jerror.h
text   base                                             | harfbuzz freetype2 fontconfig icu-uc icu-i18n | hb.h hb-ot.h ft2build.h fontconfig/ unicode/
parse  base                                             | libcjson expat libical icu-uc icu-i18n | expat.h cJSON.h cjson/ libical/ unicode/
feed   base cache media parse                           | -                                  | -
net    base cache media parse feed                      | libcurl libmosquitto               | curl/ mosquitto.h
show   base text                                        | libqrencode                        | qrencode.h libintl.h
screen base text show media                             | sdl2 SDL2_image                    | SDL.h SDL_image.h
app    base cache media text show screen                | sdl2 libsystemd libdrm             | SDL.h SDL_syswm.h systemd/ xf86drm.h xf86drmMode.h linux/cec.h
cmd    base cache media text parse feed show screen app | -                                  | SDL.h
netcmd base cache media parse feed net                  | libsystemd                         | systemd/
console base text show                                  | libmicrohttpd libmosquitto libcrypt libcjson | microhttpd.h mosquitto.h crypt.h cjson/
EOF
}
# Headers that belong to a third-party library (anything else in <> is the
# C library, POSIX or Linux, which every layer may use).
THIRD_PARTY='^(ini\.h|jpeglib\.h|jerror\.h|unicode/|sqlite3\.h|SDL|hb\.h|hb-|ft2build\.h|freetype/|expat\.h|cJSON\.h|cjson/|curl/|mosquitto\.h|qrencode\.h|libintl\.h|systemd/|xf86drm|linux/cec\.h|microhttpd\.h|libical/|fontconfig/|crypt\.h)'

field() { # field LAYER N: the table's column N (1 uses, 2 libs, 3 headers)
	table | awk -F'|' -v l="$1" -v n="$2" '
		$0 !~ /^#/ { split($1, a, " "); if (a[1] == l) {
			s = (n == 1) ? substr($1, length(a[1]) + 2) : $(n); gsub(/^ +| +$/, "", s)
			gsub(/ +/, " ", s); print s } }'
}
layers() { table | awk '!/^#/ { print $1 }'; }

closure() { # every layer LAYER may use, itself first
	todo=$1
	seen=""
	while [ -n "$todo" ]; do
		set -- $todo
		l=$1
		shift
		todo="$*"
		case " $seen " in *" $l "*) continue ;; esac
		seen="$seen $l"
		for u in $(field "$l" 1); do [ "$u" = - ] || todo="$todo $u"; done
	done
	echo $seen
}

case "${1:-}" in
--table) table; exit 0 ;;
--closure) closure "$2"; exit 0 ;;
--pkgs)
	shift
	for l in "$@"; do field "$l" 2; done | tr ' ' '\n' | grep -v '^-*$' | sort -u | tr '\n' ' '
	echo
	exit 0
	;;
--root) cd "$2" || exit 2 ;;
*) cd "$(dirname "$0")/.." || exit 2 ;;
esac

problems=$(mktemp)
trap 'rm -f "$problems"' EXIT
known=" $(layers | tr '\n' ' ') "

# Every file in firmware/ sits in a layer's folder (main.c at the top).
for f in firmware/*.c firmware/*.h firmware/*/*.c firmware/*/*.h; do
	[ -f "$f" ] || continue
	case "$f" in firmware/main.c | firmware/main_net.c | firmware/main_console.c) continue ;; esac
	d=${f#firmware/}
	l=${d%%/*}
	[ "$l" = "$d" ] && { echo "$f:1: not in a layer's folder (firmware/LAYER/)" >>"$problems"; continue; }
	case "$known" in *" $l "*) ;; *) echo "$f:1: firmware/$l/ is not a layer of the table" >>"$problems" ;; esac
done

# Includes: the folder is named, the layer may use it, the library is the
# layer's own.
for f in firmware/main.c firmware/main_net.c firmware/main_console.c firmware/*/*.c firmware/*/*.h; do
	[ -f "$f" ] || continue
	d=${f#firmware/}
	l=${d%%/*}
	if [ "$f" = firmware/main.c ]; then
		uses="cmd base"
		heads=""
	elif [ "$f" = firmware/main_net.c ]; then
		uses="netcmd base"
		heads=""
	elif [ "$f" = firmware/main_console.c ]; then
		uses="console"
		heads=""
	else
		uses="$l $(field "$l" 1)"
		heads=$(field "$l" 3)
	fi
	grep -n '^[ \t]*#[ \t]*include' "$f" | while IFS= read -r line; do
		n=${line%%:*}
		inc=$(echo "$line" | sed -n 's/^[^"<]*["<]\([^">]*\)[">].*/\1/p')
		[ -n "$inc" ] || continue
		case "$line" in
		*'"'*)
			dir=${inc%%/*}
			if [ "$dir" = "$inc" ]; then
				echo "$f:$n: #include \"$inc\" must name its folder (\"LAYER/$inc\")"
			elif [ "${inc%_int.h}" != "$inc" ] && [ "$dir" != "$l" ]; then
				echo "$f:$n: $inc is private to $dir/ (a family's _int.h)"
			elif ! echo " $uses " | grep -q " $dir "; then
				echo "$f:$n: $l/ may not include $dir/ ($inc); $l/ uses only: $uses"
			fi
			;;
		*)
			echo "$inc" | grep -Eq "$THIRD_PARTY" || continue
			ok=0
			for h in $heads; do
				case "$h" in
				*/) case "$inc" in "$h"*) ok=1 ;; esac ;;
				*) [ "$inc" = "$h" ] && ok=1 ;;
				esac
			done
			[ $ok = 1 ] || echo "$f:$n: $l/ may not include <$inc>; its libraries' headers are: ${heads:-none}"
			;;
		esac
	done >>"$problems"
done

# Functions: a definition starts at column 0 with a "(", its body runs
# from a "{" to a "}" at column 0 (the house style).
awk -v max=80 '
	FNR == 1 { name = ""; cand = "" }
	/^[A-Za-z_].*\(/ && !/;[ \t]*$/ {
		cand = $0; sub(/\(.*/, "", cand); n = split(cand, w, /[ *]+/); cand = w[n]; cl = FNR
	}
	/^\{/ && cand != "" { name = cand; start = cl; cand = "" }
	/^\}/ && name != "" {
		if (FNR - start + 1 > max)
			printf "%s:%d: function %s is %d lines (at most %d)\n", FILENAME, start, name, FNR - start + 1, max
		name = ""
	}' firmware/main*.c firmware/*/*.c >>"$problems"

# Include circles between modules: a module is a .c/.h pair named by its
# path without the extension (cmd/cmd_run.c belongs to cmd/cmd, as
# parse/import_feed.c to parse/import, implementing their family's header).
for f in firmware/*/*.c firmware/*/*.h; do
	m=${f#firmware/}
	m=${m%.*}
	b=${m##*/}
	[ -f "firmware/$m.h" ] || [ ! -f "firmware/${m%/*}/${b%%_*}.h" ] || m=${m%/*}/${b%%_*}
	sed -n 's/^#include "\([a-z_0-9]*\/[a-z_0-9]*\)\.h".*/\1/p' "$f" | sed "s|^|$m |"
done | awk '
	$1 != $2 { adj[$1] = adj[$1] " " $2; nodes[$1]; nodes[$2] }
	function reach(a, b,   seen, stack, n, x, i, k, parts) {
		n = 0; stack[++n] = a
		while (n > 0) {
			x = stack[n--]
			k = split(adj[x], parts, " ")
			for (i = 1; i <= k; i++) {
				if (parts[i] == b) return 1
				if (!(parts[i] in seen)) { seen[parts[i]]; stack[++n] = parts[i] }
			}
		}
		return 0
	}
	END {
		for (a in nodes) for (b in nodes)
			if (a < b && reach(a, b) && reach(b, a))
				print "firmware/" a ".h:1: include circle with firmware/" b ".h"
	}' | sort >>"$problems"

if [ -s "$problems" ]; then
	cat "$problems"
	echo "structure: $(wc -l <"$problems") problem(s); the rules are in scripts/check-structure.sh and docs/hacking.md"
	exit 1
fi
echo "structure: $(ls firmware/*/*.c | wc -l) modules in $(ls -d firmware/*/ | wc -l) layers; every include allowed, no function over 80 lines, no include circle"
