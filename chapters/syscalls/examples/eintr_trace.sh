# eintr_trace.sh - eintr.c under strace: the child's blocked read is
# stopped by SIGUSR1; strace shows the kernel's internal ERESTARTSYS, then,
# since the handler has no SA_RESTART, the EINTR the program gets.  -ff
# puts each process in its own file; only the child's reads of the pipe
# (descriptor 3) and its signal are kept.  Normalised: addresses (0x...),
# pids and uids (ID).
command -v strace >/dev/null || { echo "strace is not installed" >&2; exit 77; }
strace -o /dev/null true 2>/dev/null || { echo "strace cannot trace here (ptrace forbidden)" >&2; exit 77; }
set -eu
echo '$ strace -f -e trace=read,rt_sigreturn -e signal=SIGUSR1 ./eintr     # the child only'
strace -ff -qq -o eintr -e trace=read,rt_sigreturn -e signal=SIGUSR1 "$EXAMPLES/syscalls-eintr" > out.txt
child=$(grep -l -- '--- SIGUSR1' eintr.* | head -n 1)
grep -E -- '^read\(3,|^--- SIGUSR1|^rt_sigreturn' "$child" |
	sed -E -e 's/0x[0-9a-f]+/0x.../g' -e 's/(si_pid|si_uid)=[0-9]+/\1=ID/g' -e 's/  +=/ =/'
