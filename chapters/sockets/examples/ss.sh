# ss.sh - the lab's server as ss sees it
#
# Builds kvserver from the lab's given files and the reference solution
# (skipped where solutions/ is absent, as in a student's copy), starts it
# on free ports with a Unix socket, lists its sockets with ss, and stops it
# with SIGTERM.  Normalised: the ports (TCP_PORT, UDP_PORT), the pid (PID),
# the Unix socket's inode (INODE), and the column widths.
top=$(cd "$(dirname "$0")/../../.." && pwd)
[ -f "$top/solutions/sockets/server.c" ] || { echo "no solutions/sockets: nothing to run" >&2; exit 77; }
command -v ss >/dev/null || { echo "ss (iproute2) is not installed" >&2; exit 77; }
set -eu
export LC_ALL=C
gcc -pthread -I"$top/labs/sockets" -o kvserver "$top/labs/sockets/kvserver_main.c" \
	"$top/labs/sockets/http.c" "$top/solutions/sockets/table.c" "$top/solutions/sockets/server.c"
./kvserver -p 0 -u kv.sock -s 0 > ports.txt &
pid=$!
for _ in $(seq 500); do
	[ "$(wc -l < ports.txt)" -ge 3 ] && break
	sleep 0.01
done
tcp=$(sed -n 's/^listening on 127.0.0.1:\([0-9]*\)$/\1/p' ports.txt)
udp=$(sed -n 's/^stats on udp 127.0.0.1:\([0-9]*\)$/\1/p' ports.txt)
# columns: the fields of each line, with the variable ones replaced.
columns() {
	sed -e "s/:$tcp /:TCP_PORT /; s/:$udp /:UDP_PORT /; s/pid=$pid,/pid=PID,/" |
		awk '$1 == "u_str" { $6 = "INODE" } { printf "%-5s %-6s %s %-4s %-20s %-9s %s\n", $1, $2, $3, $4, $5, $6, ($7 == "*" ? $7 " " $8 " " $9 : $7) }'
}
echo '$ ss -ltnup | grep kvserver'
ss -ltnup | grep "pid=$pid," | sort | columns
echo '$ ss -lxp | grep kv.sock'
ss -lxp | grep "pid=$pid," | columns
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
echo "after SIGTERM: exit status $status, kv.sock $([ -e kv.sock ] && echo still there || echo removed)"
