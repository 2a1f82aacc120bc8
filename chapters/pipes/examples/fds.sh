# fds.sh - descriptors as ls shows them: a FIFO, a stage's own table, a
# reader waiting for end of file
#
# Normalised: owner and group (USER GROUP), dates (DATE), pipe inode
# numbers (INODE).  The umask is set, so the modes do not depend on the
# caller's, and descriptors above 2 that the script inherited are closed
# first: they would leak into every command below (as a runner's forgotten
# descriptors would).
export LC_ALL=C
umask 022
for fd in /proc/$$/fd/*; do
	n=${fd##*/}
	[ "$n" -gt 2 ] && eval "exec $n>&-"
done
# normal: ls -l lines on stdin with the variable columns replaced.
normal() {
	sed -E -e 's/^([-a-z]{10}) +([0-9]+) +[^ ]+ +[^ ]+ +([0-9]+) +[A-Z][a-z]{2} +[0-9]+ +[0-9:]+ /\1 \2 USER GROUP \3 DATE /' \
		-e 's/pipe:\[[0-9]+\]/pipe:[INODE]/'
}
echo '$ mkfifo records; ls -l records'
mkfifo records
ls -l records | normal
echo '$ echo x | ls /proc/self/fd | cat'
echo x | ls /proc/self/fd | cat
# A reader waiting for end of file: the left side holds the write end
# open until a line arrives on the FIFO gate.
mkfifo gate
echo '$ ls -l /proc/$(pgrep -n wc)/fd     # wc, while the writer still runs'
{ read -r _ < gate; } | wc -l > /dev/null 2>&1 &
wc=$!
for _ in $(seq 500); do
	[ "$(cat /proc/$wc/comm 2>/dev/null)" = wc ] && break
	sleep 0.01
done
ls -l /proc/$wc/fd | sed 1d | normal
echo > gate
wait
