# faults.sh - the lab's faults check by hand: arena_faults (with the
# reference arena) under strace, its 17th mmap() made to fail
. "$(dirname "$0")/lab_arena.bash"
command -v strace >/dev/null || { echo "strace is not installed" >&2; exit 77; }
strace -o /dev/null true 2>/dev/null || { echo "strace cannot trace here (ptrace forbidden)" >&2; exit 77; }
build_lab arena_faults -O2
echo '$ strace -f -e trace=mmap -e inject=mmap:error=ENOMEM:when=17 ./arena_faults'
# The worker's calls only (the lines of a [pid]), up to the one after the
# failure; uniq -c counts the padding calls, which are all alike.
strace -f -e trace=mmap -e inject=mmap:error=ENOMEM:when=17 ./arena_faults 2>&1 >/dev/null |
	tidy | grep '^\[pid W\] mmap' | sed '/INJECTED/{n;q}' |
	uniq -c | sed -E -e 's/^ +1 //' -e 's/^ +([0-9]+) (.*)$/\2   (\1 times)/'
