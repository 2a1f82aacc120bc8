# lab_tee.bash - sourced by the tee_*.sh command examples: checks that
# strace can run, moves into a scratch directory (removed at exit), builds
# the lab's tee there from its given tee_main.c and the reference solution
# (with $TEE_CFLAGS, -O2 by default), and copies the lab's small.txt next to
# it.  In a student's copy, which has no solutions/, it builds the student's
# own labs/syscalls/tee.c instead, and says so.  Exits 77 (skip) where strace
# cannot run: not installed, or ptrace forbidden.
command -v strace >/dev/null || { echo "strace is not installed" >&2; exit 77; }
strace -o /dev/null true 2>/dev/null || { echo "strace cannot trace here (ptrace forbidden)" >&2; exit 77; }
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
tee_c=$top/solutions/syscalls/tee.c
if [ ! -f "$tee_c" ]; then
	tee_c=$top/labs/syscalls/tee.c
	echo "(no reference solution here: this runs your own $tee_c)" >&2
fi
set -eu
export LC_ALL=C
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
gcc ${TEE_CFLAGS:--O2} -I"$top/labs/syscalls" -o tee "$top/labs/syscalls/tee_main.c" "$tee_c"
cp "$top/labs/syscalls/data/small.txt" .

# tidy: strace lines on stdin with the execve environment pointer and the
# padding before "=" normalised.
tidy() {
	sed -E -e 's/, 0x[0-9a-f]+ \/\* [0-9]+ vars \*\/\)/, 0x... \/* N vars *\/)/' -e 's/  +=/ =/'
}
