# lab_kvserver.bash - sourced by the command examples that need the lab's
# server: builds kvserver from the lab's given files and the reference
# solution into the current directory and starts it on free ports with
# the arguments given (after -p 0), setting pid, tcp and udp.  Exits 77
# (skip) where solutions/ is absent, as in a student's copy.
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
[ -f "$top/solutions/sockets/server.c" ] || { echo "no solutions/sockets: nothing to run" >&2; exit 77; }
set -eu
export LC_ALL=C
gcc -pthread -I"$top/labs/sockets" -o kvserver "$top/labs/sockets/kvserver_main.c" \
	"$top/labs/sockets/http.c" "$top/solutions/sockets/table.c" "$top/solutions/sockets/server.c"

# start_server ARGS...: start kvserver -p 0 ARGS in the background and wait
# for its "listening" lines (one per socket: lines of them).
start_server() {
	local lines=$((1 + $# / 2))
	./kvserver -p 0 "$@" > ports.txt &
	pid=$!
	for _ in $(seq 500); do
		[ "$(wc -l < ports.txt)" -ge "$lines" ] && break
		sleep 0.01
	done
	tcp=$(sed -n 's/^listening on 127.0.0.1:\([0-9]*\)$/\1/p' ports.txt)
	udp=$(sed -n 's/^stats on udp 127.0.0.1:\([0-9]*\)$/\1/p' ports.txt)
}

# stop_server: SIGTERM, and the exit status in status.
stop_server() {
	kill -TERM "$pid"
	status=0
	wait "$pid" || status=$?
}
