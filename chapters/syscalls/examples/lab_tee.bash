# lab_tee.bash - sourced by the tee_*.sh command examples: checks that
# strace can run, builds the lab's tee from its given tee_main.c and the
# reference solution into the current directory (with $TEE_CFLAGS, -O2 by
# default), and copies the lab's
# small.txt next to it.  Exits 77 (skip) where that cannot be done: no
# strace, ptrace forbidden, or no solutions/ (a student's copy).
command -v strace >/dev/null || { echo "strace is not installed" >&2; exit 77; }
strace -o /dev/null true 2>/dev/null || { echo "strace cannot trace here (ptrace forbidden)" >&2; exit 77; }
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
[ -f "$top/solutions/syscalls/tee.c" ] || { echo "no solutions/syscalls: nothing to run" >&2; exit 77; }
set -eu
export LC_ALL=C
gcc ${TEE_CFLAGS:--O2} -I"$top/labs/syscalls" -o tee "$top/labs/syscalls/tee_main.c" "$top/solutions/syscalls/tee.c"
cp "$top/labs/syscalls/data/small.txt" .

# tidy: strace lines on stdin with the execve environment pointer and the
# padding before "=" normalised.
tidy() {
	sed -E -e 's/, 0x[0-9a-f]+ \/\* [0-9]+ vars \*\/\)/, 0x... \/* N vars *\/)/' -e 's/  +=/ =/'
}
