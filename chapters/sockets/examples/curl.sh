# curl.sh - curl -v against the lab's reference server (lab_kvserver.bash)
#
# Stores "hello" under greeting, then shows the whole exchange of a GET.
# curl's --stderr - keeps its trace and the body in order on stdout.
# Normalised: the port (PORT).
command -v curl >/dev/null || { echo "curl is not installed" >&2; exit 77; }
. "$(dirname "$0")/lab_kvserver.bash"
start_server
echo hello > value
curl -s -o /dev/null -X PUT --data-binary @value "http://127.0.0.1:$tcp/kv/greeting"
echo '$ curl -v http://127.0.0.1:PORT/kv/greeting'
curl -sv --stderr - "http://127.0.0.1:$tcp/kv/greeting" | tr -d '\r' | sed -e "s/$tcp/PORT/g"
stop_server
