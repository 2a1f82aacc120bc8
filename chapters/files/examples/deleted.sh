# deleted.sh - a log file removed while a process still writes to it: lsof
# +L1 and /proc/PID/fd find it, and the space can be given back through
# /proc without stopping the writer.  Normalised: the pid (PID), user
# (USER), device (DEV), inode (INO) and the scratch directory (DIR).
command -v lsof >/dev/null || { echo "lsof is not installed" >&2; exit 77; }
set -eu
mkfifo ready more
# The writer: opens the log for appending, fills it, and waits for its turn.
bash -c 'exec 3>>big.log; head -c 1000000 /dev/zero >&3
	echo x > ready; read -r _ < more; echo "last line" >&3
	echo x > ready; read -r _ < more' &
writer=$!
read -r _ < ready
rm big.log
norm() {
	sed -e "s|$PWD/|DIR/|g" -e "s|/proc/$writer/|/proc/PID/|g"
}
echo '$ rm big.log; lsof +L1'
lsof -a -p "$writer" +L1 2>/dev/null |
	awk -v pid="$writer" 'NR > 1 { $2 = "PID"; $3 = "USER"; $6 = "DEV"; $9 = "INO" } { $1 = $1; print }' | norm
echo "\$ ls -l /proc/PID/fd/3"
ls -l "/proc/$writer/fd/3" | awk '{ print $1, $9, $10, $11, $12 }' | norm
echo '$ wc -c < /proc/PID/fd/3'
wc -c < "/proc/$writer/fd/3"
echo '$ : > /proc/PID/fd/3; wc -c < /proc/PID/fd/3'
: > "/proc/$writer/fd/3"
wc -c < "/proc/$writer/fd/3"
echo x > more
read -r _ < ready
echo '(the writer writes "last line")'
echo '$ cat /proc/PID/fd/3'
cat "/proc/$writer/fd/3"
echo x > more
wait "$writer"
