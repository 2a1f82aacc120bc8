#!/bin/bash
# labmake_test.sh - make builds the staged lab, and rebuilds exactly what changed
#
# Through the grader's own build path (grade stage-and-make: stage.c, sync.c,
# labmake.c, lab.mk) on the three real labs with their solutions, in a copy of
# the course tree that the test may change:
#   every target builds, and the programs and runners run;
#   a second run compiles nothing;
#   a header included from a header, a lab cflag, or a switch to student files
#   with OLDER mtimes rebuilds what depends on it, and only that;
#   each source is compiled once per flag set (a CC wrapper logs each compile);
#   a compile error: make -k builds what it can, the object's log holds gcc's
#   error; a warning stays in the log while the object is up to date.
# Speaks TAP (scripts/tap.sh); exit 0 only if all passed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
grade=$top/build/grader/grade
work=$top/build/labmake-tests
root=$work/root

# shellcheck source=../../scripts/tap.sh
. "$top/scripts/tap.sh"
check() { local name=$1; shift; if "$@"; then ok "$name"; else bad "$name" "${why:-}"; fi; }

make --no-print-directory -s -C "$top" grader || { echo "labmake: cannot build the grader"; exit 1; }
# What the labs run besides the grader (curl for sockets).
"$top/scripts/need" $(for l in pipes syscalls sockets; do "$grade" describe --packages --lab "$l"; done) || exit 1
rm -rf "$work"
mkdir -p "$root" "$work/impl"
root=$(cd "$root" && pwd -P)
cp -r "$top/labs" "$root/labs"
ln -s "$top/autograder" "$root/autograder"

# The compiler, through a wrapper that logs each call.
cclog=$work/cc.log
cat >"$work/cc" <<EOF
#!/bin/sh
printf '%s\n' "\$*" >>'$cclog'
exec gcc "\$@"
EOF
chmod +x "$work/cc"

# stage LAB IMPL [make args...]: stage and make, the compiles in $cclog.
stage() {
	local lab=$1 impl=$2
	shift 2
	: >"$cclog"
	"$grade" stage-and-make --root "$root" --lab "$lab" --impl "$impl" \
		--out "$work/out/$lab" CC="$work/cc" "$@" >"$work/make.log" 2>&1
}

# The compiles of the last run, one "SET SOURCE" a line, sorted.
compiled() {
	awk '/(^| )-c /{ set = / --coverage / ? "cov" : "std";
		for (i = 1; i < NF; i++) if ($i == "-c") print set, $(i + 1) }' "$cclog" | sort
}

# What every object of a lab would be, one "SET SOURCE" a line, sorted.
every_object() {
	local lab=$1 json=$root/labs/$1/lab.json common=$root/labs/common/graded.c
	{
		jq -r '([.programs[][]] + .student_files + .given_sources)[] | "std " + .' "$json"
		(cd "$work/out/$lab/src" && ls tests/*.c) | sed 's/^/std /'
		echo "std $common"
		jq -r '([.student_tests] + .student_files + .given_sources)[] | "cov " + .' "$json"
		echo "cov $common"
	} | sort -u
}

# The objects whose dependency file names HEADER, as "SET SOURCE", sorted.
includers() {
	local lab=$1 header=$2 obj=$work/out/$1/obj d
	for d in $(grep -rlF --include='*.d' "$header" "$obj"); do
		local rel=${d#"$obj"/} set
		set=${rel%%/*}
		rel=${rel#*/}
		case $rel in
		lab/*) echo "$set ${rel#lab/}" ;;
		common/*) echo "$set $root/labs/common/${rel#common/}" ;;
		esac
	done | sed 's/\.d$/.c/' | sort
}

same() { [ "$1" = "$2" ] || { why="expected [$(echo $1)], got [$(echo $2)] (see $work/make.log)"; return 1; }; }
no_compile() { same "" "$(compiled)"; }
no_twice() { local d; d=$(compiled | uniq -d); [ -z "$d" ] || { why="compiled twice: $d"; return 1; }; }
built() { [ "$rc" = 0 ] || { why="make exited $rc (see $work/make.log)"; return 1; }; }
exists() { local f; for f; do [ -f "$f" ] || { why="$f is missing"; return 1; }; done; }
absent() { local f; for f; do [ ! -e "$f" ] || { why="$f exists"; return 1; }; done; }
lists_tests() { "$1" --list 2>&1 | grep -qE '^[a-z_]+: [0-9]+ tests?$' || { why="$1 --list lists no test"; return 1; }; }
# nested_only SRC "SET SOURCE..." HEADER: some lab source names HEADER nowhere.
nested_only() {
	local set file
	while read -r set file; do
		case $file in /*) continue ;; esac
		grep -q "$3" "$1/$file" || return 0
	done <<<"$2"
	why="every includer includes $3 itself"
	return 1
}
programs() { jq -r '.programs | keys[]' "$root/labs/$1/lab.json"; }
students() { jq -r '.student_files[]' "$root/labs/$1/lab.json"; }

# A copy of the solution's files with mtimes from the year 2000, changed by sed.
impl_copy() {
	local lab=$1 name=$2 file=${3:-} script=${4:-}
	local dir=$work/impl/$lab-$name
	mkdir -p "$dir"
	cp "$top/solutions/$lab"/*.c "$dir/"
	[ -n "$file" ] && printf '%s\n' "$script" >>"$dir/$file"
	touch -d '2000-01-01' "$dir"/*
	echo "$dir"
}

# Each lab's own program, run once.
run_program() {
	local lab=$1 bin=$work/out/$1/bin scratch=$work/scratch/$1
	mkdir -p "$scratch"
	case $lab in
	pipes) [ "$("$bin/pipeline" "echo hello" "wc -c")" = 6 ] ;;
	syscalls) [ "$(echo hello | "$bin/tee" "$scratch/copy")" = hello ] &&
		[ "$(cat "$scratch/copy")" = hello ] ;;
	sockets)
		local pid code
		"$bin/kvserver" -u "$scratch/kv.sock" -p 0 -s 0 >"$scratch/out" 2>&1 &
		pid=$!
		for _ in $(seq 50); do [ -S "$scratch/kv.sock" ] && break; sleep 0.1; done
		code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 \
			--unix-socket "$scratch/kv.sock" http://localhost/kv/nothing)
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		[ "$code" = 404 ] || { why="kvserver answered '$code' to a GET of a missing key"; return 1; }
		;;
	esac
}

for lab in pipes syscalls sockets; do
	out=$work/out/$lab
	sol=$(impl_copy "$lab" solution)
	stage "$lab" "$sol"; rc=$?
	check "$lab: every target builds" built
	check "$lab: every program, both runners" \
		exists $(programs "$lab" | sed "s|^|$out/bin/|") "$out/official-tests" "$out/my-tests"
	check "$lab: each source compiled once per flag set" no_twice
	check "$lab: every object compiled, none else" same "$(every_object "$lab")" "$(compiled)"
	check "$lab: the official runner lists its tests" lists_tests "$out/official-tests"
	check "$lab: the coverage runner lists its tests" lists_tests "$out/my-tests"
	check "$lab: a program of the lab runs" run_program "$lab"

	if [ "$lab" = pipes ]; then
		(cd "$work/scratch/pipes" && cp "$root/labs/pipes/data"/* . &&
			"$out/my-tests" --jobs=1 >my-tests.log 2>&1)
		check "$lab: the coverage runner's counts land beside its objects" \
			exists "$out/obj/cov/lab/pipeline.gcda" "$out/obj/cov/lab/pipeline.gcno"
		gcovr --root "$out/src" --object-directory "$out/obj/cov" \
			--filter "$out/src/pipeline.c" --txt "$work/coverage.txt" >/dev/null 2>&1
		check "$lab: ... and gcovr reads them from the coverage object directory" \
			grep -qE '^pipeline\.c +[0-9]+ +[0-9]+ +[0-9]+%' "$work/coverage.txt"
	fi

	stage "$lab" "$sol"; rc=$?
	check "$lab: a second run builds" built
	check "$lab: a second run compiles nothing" no_compile
	check "$lab: ... and resets the coverage counts" \
		[ -z "$(find "$out/obj/cov" -name '*.gcda')" ]

	# trusted.h is included by graded.c and, through scenario.h, by every scenario.
	want=$(includers "$lab" /labs/common/trusted.h)
	echo "/* changed by labmake_test.sh */" >>"$root/labs/common/trusted.h"
	stage "$lab" "$sol"; rc=$?
	check "$lab: a header included from a header rebuilds its includers" same "$want" "$(compiled)"
	check "$lab: ... some of which include it only through another header" \
		nested_only "$out/src" "$want" trusted.h
	check "$lab: ... once per flag set" no_twice

	jq '.cflags += ["-DLABMAKE_TEST=1"]' "$root/labs/$lab/lab.json" >"$work/lab.json" &&
		cp "$work/lab.json" "$root/labs/$lab/lab.json"
	stage "$lab" "$sol"; rc=$?
	check "$lab: a new cflag rebuilds every object" same "$(every_object "$lab")" "$(compiled)"
	check "$lab: ... and builds" built

	first=$(students "$lab" | head -n 1)
	other=$(impl_copy "$lab" other "$first" "/* another implementation */")
	stage "$lab" "$other"; rc=$?
	check "$lab: older student files of another implementation rebuild" \
		same "$(printf 'cov %s\nstd %s' "$first" "$first")" "$(compiled)"
	stage "$lab" "$sol"; rc=$?
	check "$lab: switching back to the (older) first one rebuilds them again" \
		same "$(printf 'cov %s\nstd %s' "$first" "$first")" "$(compiled)"

	broken=$(impl_copy "$lab" broken "$first" "int labmake_broken(void) { return nope; }")
	stage "$lab" "$broken"; rc=$?
	check "$lab: a compile error fails the make" [ "$rc" != 0 ]
	log=$out/obj/std/lab/${first%.c}.o.log
	check "$lab: ... its object's log holds gcc's error" grep -q "error: .nope. undeclared" "$log"
	check "$lab: ... its object is gone" absent "$out/obj/std/lab/${first%.c}.o"
	check "$lab: ... and so are the runners linked before" absent "$out/official-tests" "$out/my-tests"
	fine=""
	for p in $(programs "$lab"); do
		jq -e --arg p "$p" --arg f "$first" '.programs[$p] | index($f) == null' \
			"$root/labs/$lab/lab.json" >/dev/null && fine="$fine $out/bin/$p"
	done
	check "$lab: ... make -k still links the programs without it" exists $fine
	check "$lab: ... and compiles the other student files" \
		exists $(students "$lab" | sed 1d | sed "s|^\(.*\)\.c$|$out/obj/std/lab/\1.o|")

	second=$(students "$lab" | sed -n 2p)
	warned=$(impl_copy "$lab" warned "$second" "static int labmake_unused;")
	stage "$lab" "$warned"; rc=$?
	log=$out/obj/std/lab/${second%.c}.o.log
	check "$lab: a warning is in its object's log" grep -q "labmake_unused" "$log"
	stage "$lab" "$warned"; rc=$?
	check "$lab: ... and stays there when nothing recompiles" grep -q "labmake_unused" "$log"
	check "$lab: ... (nothing recompiled)" no_compile
done

# A file the lab no longer has leaves the staged copy; one it gains arrives.
echo extra >"$root/labs/pipes/data/extra.txt"
stage pipes "$work/impl/pipes-solution" objects; rc=$?
check "sync: a new lab file is staged" exists "$work/out/pipes/src/data/extra.txt"
rm "$root/labs/pipes/data/extra.txt"
stage pipes "$work/impl/pipes-solution" objects; rc=$?
check "sync: a removed lab file leaves the stage" absent "$work/out/pipes/src/data/extra.txt"
check "sync: ... and the student files keep their stage mtime" no_compile

tap_end
