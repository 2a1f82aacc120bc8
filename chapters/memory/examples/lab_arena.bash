# lab_arena.bash - sourced by misuse.sh and faults.sh: builds one of the
# memory lab's programs with the reference arena into the current
# directory.  Exits 77 (skip) where that cannot be done: no solutions/ (a
# student's copy), or no valgrind headers.
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
[ -f "$top/solutions/memory/arena.c" ] || { echo "no solutions/memory: nothing to run" >&2; exit 77; }
[ -f /usr/include/valgrind/memcheck.h ] || { echo "valgrind is not installed" >&2; exit 77; }
set -eu
export LC_ALL=C

# build_lab PROGRAM [CFLAGS...]: labs/memory/scenarios/PROGRAM.c with the
# reference arena.c, into ./PROGRAM.
build_lab() {
	local program=$1
	shift
	gcc -g -pthread "$@" -I"$top/labs/memory" -I"$top/labs/common" -o "$program" \
		"$top/labs/memory/scenarios/$program.c" "$top/solutions/memory/arena.c"
}

# tidy: Valgrind's and strace's lines on stdin with the process ids, the
# addresses and the reference arena's line numbers replaced by fixed words.
tidy() {
	sed -E -e 's/^==[0-9]+==/==PID==/' -e 's/\[pid +[0-9]+\]/[pid W]/' \
		-e 's/0x[0-9A-Fa-f]+/0x.../g' -e 's/\(arena\.c:[0-9]+\)/(arena.c:N)/'
}
