# vdso.sh - clocks.c under strace: only the clock the vDSO cannot read
# reaches the kernel.  Normalised: the times (N).
command -v strace >/dev/null || { echo "strace is not installed" >&2; exit 77; }
strace -o /dev/null true 2>/dev/null || { echo "strace cannot trace here (ptrace forbidden)" >&2; exit 77; }
set -eu
echo '$ strace -e trace=clock_gettime ./clocks > /dev/null'
strace -qq -o trace.txt -e trace=clock_gettime "$EXAMPLES/syscalls-clocks" > /dev/null
sed -E -e 's/(tv_sec|tv_nsec)=[0-9]+/\1=N/g' -e 's/  +=/ =/' trace.txt
echo '+++ exited with 0 +++'
