#!/bin/bash
# perf_determinism.sh - the performance check counts the same instructions on
# an idle machine and on one whose every core is busy.
#
# Grades the fixture lab's performance check (--checks performance) RUNS
# times idle and RUNS times beside a busy loop per core, for the reference
# add() and for one that calls malloc() and memset() on every call, and
# compares the counts in results.json: all must be within 1% of the first.
#
#   autograder/tests/perf_determinism.sh [RUNS]    (default 3)
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
grade=$top/build/grader/grade
work=$top/build/perf-determinism
runs=${1:-3}
"$top/scripts/need" jq || exit 2
rm -rf "$work"
mkdir -p "$work/root/labs" "$work/solution" "$work/malloc"
ln -s "$top/labs/common" "$work/root/labs/common"
cp -r "$here/toy" "$work/root/labs/toy"
cp "$here/toy-solution/"* "$work/solution/"
cp "$here/hostile/heap_leak.c" "$work/malloc/add.c"

# counts DIR: the count of every workload of one grading, one per line.
counts() {
	"$grade" --root "$work/root" --lab toy --impl "$1" --checks performance \
		--out "$work/out" >"$work/report.txt" 2>&1
	jq -r '.tests[] | select(.name | startswith("performance")) | .output' \
		"$work/out/results.json" | sed -n 's/.* counted \([0-9,]*\) instructions.*/\1/p' |
		tr -d ,
}

busy() {
	pids=
	for _ in $(seq "$(nproc)"); do
		( while :; do :; done ) &
		pids="$pids $!"
	done
}

failed=0
for impl in solution malloc; do
	all=
	for load in idle busy; do
		[ $load = busy ] && busy
		these=
		for _ in $(seq "$runs"); do
			these="$these $(counts "$work/$impl" | tr '\n' ' ')"
		done
		# shellcheck disable=SC2086
		[ $load = busy ] && kill $pids && wait $pids 2>/dev/null
		echo "     $impl, $load: counts$these"
		all="$all $these"
	done
	first=$(awk '{print $1}' <<<"$all")
	for c in $all; do
		if [ -z "$first" ] || [ "$c" = 0 ] ||
			! awk -v a="$c" -v b="$first" 'BEGIN { d = a - b; exit !(d <= b / 100 && -d <= b / 100) }'; then
			echo "FAIL $impl: count $c, first $first (see $work/report.txt)"
			failed=1
			break
		fi
	done
done
[ $failed = 0 ] && echo "ok   performance counts within 1% idle and busy ($runs runs each)"
exit $failed
