# dash_trace.sh - how Debian's /bin/sh (dash) plumbs a three-stage pipeline
#
# strace -ff writes one file per process, so the calls of each process stay
# in order however the processes interleave.  Printed: the shell's calls
# from its first pipe2 on (before it, only the dynamic loader's closes),
# then each child's calls up to its execve (after it, the new program's
# own).  Each line starts with the process: sh, or the command the child
# becomes.  Normalised: the environment pointer of execve, other addresses
# (0x...), and the pids wait4 returns (PID).
command -v strace >/dev/null || { echo "strace is not installed" >&2; exit 77; }
strace -o /dev/null true 2>/dev/null || { echo "strace cannot trace here (ptrace forbidden)" >&2; exit 77; }
set -eu
printf 'rose\nsunflower\nflower bed\ntulip\n' > words.txt
strace -ff -qq -o trace -e signal=none -e trace=pipe2,dup2,close,execve,wait4 \
	sh -c 'cat words.txt | grep flower | wc -l' > count.txt
echo "sh -c 'cat words.txt | grep flower | wc -l' printed $(cat count.txt)"
# who FILE: the name a traced process is shown by.
who() {
	local prog
	prog=$(sed -n 's/^execve("[^"]*\/\([^/"]*\)".*/\1/p' "$1" | tail -n 1)
	[ "$prog" = sh ] && prog=sh
	echo "${prog:-?}"
}
show() {
	sed -E -e 's/, 0x[0-9a-f]+ \/\* [0-9]+ vars \*\/\)/, ...)/' \
		-e 's/0x[0-9a-f]+/0x.../g' \
		-e 's/^(wait4\(.*\) += )[0-9]+$/\1PID/' \
		-e 's/  +=/ =/' "$2" | awk -v who="$1" '{ printf "%-5s %s\n", who, $0 }'
}
shell=
for f in trace.*; do
	head -n 1 "$f" | grep -q '^execve("/usr/bin/sh"\|^execve("/bin/sh"' && shell=$f
done
[ -n "$shell" ] || { echo "dash_trace: no trace of the shell" >&2; exit 1; }
sed -n '/^pipe2(/,$p' "$shell" > shell.txt
show sh shell.txt
# The children in the order they were forked: by pid (no wrap-around in so short a run).
for f in $(ls trace.* | sort -t. -k2 -n); do
	[ "$f" = "$shell" ] && continue
	sed -n '1,/^execve(/p' "$f" > child.txt
	show "$(who "$f")" child.txt
done
