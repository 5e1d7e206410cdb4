#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# measure.sh SECONDS COMMAND [ARGS...]: start COMMAND, let it settle 5 s,
# then print "CPU% PSS_MiB PROCESSES" for its whole process tree: CPU as a
# percentage of one core over SECONDS, PSS summed over the processes at the
# end. Used by scripts/bench-compare.sh inside Xvfb.
set -u
T=$1
shift
HZ=$(getconf CLK_TCK)

tree() { # the pid and its descendants
	ps -eo pid=,ppid= | awk -v root="$1" '
		{ parent[$1] = $2; pids[NR] = $1 }
		END { for (i in pids) { p = pids[i]; q = p
			while (q != "" && q != 0 && q != root) q = parent[q]
			if (q == root) print p } }'
}
ticks() { # user + system clock ticks of a tree
	for p in $(tree "$1"); do
		[ -r /proc/$p/stat ] && sed 's/^.*) //' /proc/$p/stat | awk '{ print $12 + $13 }'
	done | awk '{ s += $1 } END { print s + 0 }'
}

"$@" >/dev/null 2>&1 &
pid=$!
sleep 5
a=$(ticks $pid)
sleep "$T"
b=$(ticks $pid)
kb=0
n=0
for p in $(tree $pid); do
	v=$(awk '/^Pss:/ { print $2 }' /proc/$p/smaps_rollup 2>/dev/null)
	[ -n "$v" ] && { kb=$((kb + v)); n=$((n + 1)); }
done
kill $pid 2>/dev/null
sleep 1
kill -9 $(tree $pid) 2>/dev/null
awk -v a="$a" -v b="$b" -v hz="$HZ" -v t="$T" -v kb="$kb" -v n="$n" \
	'BEGIN { printf "%.2f %.1f %d\n", (b - a) * 100 / hz / t, kb / 1024, n }'
