# ss.sh - the lab's server as ss sees it
#
# Starts the lab's reference server (lab_kvserver.bash) on free ports with
# a Unix socket, lists its sockets with ss, and stops it with SIGTERM.
# Normalised: the ports (TCP_PORT, UDP_PORT), the pid (PID), the Unix
# socket's inode (INODE), and the column widths.
command -v ss >/dev/null || { echo "ss (iproute2) is not installed" >&2; exit 77; }
. "$(dirname "$0")/lab_kvserver.bash"
start_server -u kv.sock -s 0
# columns: the fields of each line, with the variable ones replaced.
columns() {
	sed -e "s/:$tcp /:TCP_PORT /; s/:$udp /:UDP_PORT /; s/pid=$pid,/pid=PID,/" |
		awk '$1 == "u_str" { $6 = "INODE" } { printf "%-5s %-6s %s %-4s %-20s %-9s %s\n", $1, $2, $3, $4, $5, $6, ($7 == "*" ? $7 " " $8 " " $9 : $7) }'
}
echo '$ ss -ltnup | grep kvserver'
ss -ltnup | grep "pid=$pid," | sort | columns
echo '$ ss -lxp | grep kv.sock'
ss -lxp | grep "pid=$pid," | columns
stop_server
echo "after SIGTERM: exit status $status, kv.sock $([ -e kv.sock ] && echo still there || echo removed)"
