#!/bin/sh
# The shape of firmware/: every function longer than 80 lines, and every
# include circle between modules (a module is a .c/.h pair, with the
# family's .c files such as cmd_run.c; the importer's dispatcher and its
# parsers, import*.c, may include each other). `make structure` runs it. Prints
# what it finds and exits 1 when it finds anything.
set -u
cd "$(dirname "$0")/.."
# Functions: a definition starts at column 0 with a "(", its body runs
# from a "{" to a "}" at column 0 (the house style).
long=$(awk -v max=80 '
	FNR == 1 { name = ""; cand = "" }
	/^[A-Za-z_].*\(/ && !/;[ \t]*$/ {
		cand = $0; sub(/\(.*/, "", cand); n = split(cand, w, /[ *]+/); cand = w[n]; cl = FNR
	}
	/^\{/ && cand != "" { name = cand; start = cl; cand = "" }
	/^\}/ && name != "" {
		if (FNR - start + 1 > max) printf "long function: %s:%s, %d lines\n", FILENAME, name, FNR - start + 1
		name = ""
	}' firmware/*.c)
# Include circles, from the #include "x.h" lines of each module.
circles=$(for f in firmware/*.c firmware/*.h; do
	m=$(basename "$f")
	m=${m%.*}
	# cmd_run.c and the like implement their family's header.
	[ -f "firmware/$m.h" ] || [ ! -f "firmware/${m%%_*}.h" ] || m=${m%%_*}
	sed -n 's/^#include "\([a-z_0-9]*\)\.h".*/\1/p' "$f" | sed "s/^/$m /"
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
			if (a < b && !(a ~ /^import/ && b ~ /^import/) && reach(a, b) && reach(b, a))
				print "include circle: " a " <-> " b
	}' | sort)
[ -n "$long" ] && echo "$long"
[ -n "$circles" ] && echo "$circles"
if [ -z "$long$circles" ]; then
	echo "structure: no function over 80 lines, no include circle"
	exit 0
fi
exit 1
