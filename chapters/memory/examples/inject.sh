# inject.sh - strace's when= counts the system calls of each thread
command -v strace >/dev/null || { echo "strace is not installed" >&2; exit 77; }
strace -o /dev/null true 2>/dev/null || { echo "strace cannot trace here (ptrace forbidden)" >&2; exit 77; }
set -eu
for n in 2 10 11; do
	echo "\$ strace -f -o /dev/null -e inject=mmap:error=ENOMEM:when=$n ./thread_mmaps"
	strace -f -o /dev/null -e inject=mmap:error=ENOMEM:when=$n \
		"$EXAMPLES/memory-thread_mmaps" 2>&1 || echo "(exit status $?)"
done
