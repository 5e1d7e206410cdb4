#!/bin/sh
# The shape of firmware/ stays as the README describes it: no function
# over 80 lines and no include circle (scripts/check-structure.sh, also
# `make structure`), and the README's module list names every .c file
# there and no file that is gone.
set -u
fail=0
scripts/check-structure.sh || fail=1
list=$(sed -n '/^The modules under `firmware\/`/,/^## /p' README.md)
for f in firmware/*.c; do
	m=$(basename "$f")
	[ "$m" = main.c ] && continue
	printf '%s\n' "$list" | grep -q "\`$m\`" ||
		{ echo "structure: README's module list lacks $m"; fail=1; }
done
for m in $(printf '%s\n' "$list" | grep -o '`[a-z_0-9]*\.c`' | tr -d '`' | sort -u); do
	[ -f "firmware/$m" ] || { echo "structure: README names $m, which is not in firmware/"; fail=1; }
done
[ $fail = 0 ] && echo "structure: $(ls firmware/*.c | wc -l) modules, all in the README's list"
exit $fail
