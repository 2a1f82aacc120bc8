# lab_session.sh - the lab's sample session, run with the reference server
#
# Runs the commands of the lab section's "How it is run" on free ports and
# prints them with the ports the book uses (8080 for TCP, 8081 for the
# stats); the owner, group and date of ls -l are normalised (me me DATE).
# Debian has no nc by default, so the stats datagram is sent through bash's
# /dev/udp and its answer read with dd (bash's read takes one byte per
# call, and a datagram read in part is lost); the line shows the nc command
# a reader would type, and the answer is the server's.
. "$(dirname "$0")/lab_kvserver.bash"
umask 022
start_server -u kv.sock -s 0
say() { echo "\$ $1"; }
ports() { sed -e "s/127.0.0.1:$tcp/127.0.0.1:8080/g; s/127.0.0.1:$udp/127.0.0.1:8081/g"; }
say './kvserver -p 8080 -u kv.sock -s 8081 &'
ports < ports.txt
url=http://127.0.0.1:$tcp
say 'echo hello > value'
echo hello > value
say "curl -s -w '%{http_code}\\n' -X PUT --data-binary @value http://127.0.0.1:8080/kv/greeting"
curl -s -w '%{http_code}\n' -X PUT --data-binary @value "$url/kv/greeting"
say "curl -s -w '%{http_code}\\n' -X PUT --data-binary @value http://127.0.0.1:8080/kv/greeting"
curl -s -w '%{http_code}\n' -X PUT --data-binary @value "$url/kv/greeting"
say 'curl -s http://127.0.0.1:8080/kv/greeting'
curl -s "$url/kv/greeting"
say 'curl -s --unix-socket kv.sock http://localhost/kv/greeting'
curl -s --unix-socket kv.sock http://localhost/kv/greeting
say 'curl -s -i -X POST http://127.0.0.1:8080/kv/greeting'
curl -s -i -X POST "$url/kv/greeting" | tr -d '\r'
say 'echo stats | nc -u -w1 127.0.0.1 8081'
exec 3<>"/dev/udp/127.0.0.1/$udp"
echo stats >&3
timeout 3 dd bs=512 count=1 status=none <&3      # one read: one whole datagram
exec 3>&-
say 'ls -l kv.sock'
ls -l kv.sock | sed -E 's/^([-a-z]{10}) +([0-9]+) +[^ ]+ +[^ ]+ +([0-9]+) +[A-Z][a-z]{2} +[0-9]+ +[0-9:]+ /\1 \2 me me \3 DATE /'
say 'kill -TERM %1'
stop_server
say 'ls kv.sock'
ls kv.sock 2>&1 || true
