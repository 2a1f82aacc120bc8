# lib.sh - what the handout scripts share (sourced, not run).
#
# Every value comes from labs/NAME/lab.json and labs/NAME/tests/*.c, the lab's
# single source of truth, or from the top Makefile (the package list).

# Book order of the chapters; a lab not listed here comes after them, by name.
BOOK_ORDER="syscalls files signals pipes sockets memory profiling tls"

# The repository root, made the current directory.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root" || exit 2

# die MESSAGE: stop with status 2.
die() {
	echo "${0##*/}: $*" >&2
	exit 2
}

# book_order LAB...: the labs, one a line, in book order.
book_order() {
	local known l
	for known in $BOOK_ORDER; do
		for l in "$@"; do [ "$l" = "$known" ] && echo "$l"; done
	done
	for l in $(printf '%s\n' "$@" | sort -u); do
		case " $BOOK_ORDER " in *" $l "*) ;; *) echo "$l" ;; esac
	done
}

# check_lab LAB: stop unless labs/LAB/lab.json exists.
check_lab() {
	[ -f "labs/$1/lab.json" ] || die "no lab '$1' (labs/$1/lab.json is missing)"
}

# lab_field LAB JQ-FILTER: a value from the lab's metadata.
lab_field() {
	jq -r "$2" "labs/$1/lab.json"
}

# chapter_of LAB: the chapter the lab belongs to.
chapter_of() {
	lab_field "$1" '.chapter // .name'
}

# student_files LAB: the files a student edits (with the student tests), one a line.
student_files() {
	lab_field "$1" '(.student_files // []) + [.student_tests // empty] | reduce .[] as $f ([]; if index([$f]) then . else . + [$f] end) | .[]'
}

# official_tests LAB: "suite/name" of every GRADED() test, one a line.
official_tests() {
	cat "labs/$1"/tests/*.c 2>/dev/null |
		sed -nE 's/^[[:space:]]*GRADED\([[:space:]]*([A-Za-z_][A-Za-z0-9_]*)[[:space:]]*,[[:space:]]*([A-Za-z_][A-Za-z0-9_]*).*/\1\/\2/p'
}

# lab_max LAB: the lab's total points: every official test's points plus
# every other check's (test-handout proves the grader reports the same).
lab_max() {
	official_tests "$1" | jq -R . | jq -s --slurpfile lab "labs/$1/lab.json" '
		$lab[0] as $l
		| ([.[] | ($l.behaviour.weights[.] // $l.behaviour.default_points // 0)] | add // 0)
		  + ([($l.points // {})[]] | add // 0)'
}

# step_id LAB: the Classroom step id (no hyphens: the reporter reads <ID>_RESULTS).
step_id() {
	local id=${1//[^A-Za-z0-9_]/_}
	case $id in [0-9]*) id=lab_$id ;; esac
	echo "$id"
}

# packages: the packages grading needs, from the top Makefile, on one line.
packages() {
	if [ -z "${PACKAGES:-}" ]; then
		PACKAGES=$(make -s --no-print-directory print-grader-packages 2>/dev/null) ||
			PACKAGES=$(make -s --no-print-directory \
				--eval 'handout-packages: ; @echo $(GRADER_PACKAGES)' handout-packages) ||
			die "cannot read GRADER_PACKAGES from the Makefile"
	fi
	# shellcheck disable=SC2086
	echo $PACKAGES
}

# fill TEMPLATE KEY=VALUE...: the template with every @KEY@ replaced, literally.
fill() {
	local text kv key
	shopt -u patsub_replacement 2>/dev/null
	text=$(cat "$1") || die "cannot read template $1"
	shift
	for kv in "$@"; do
		key=${kv%%=*}
		text=${text//"@$key@"/"${kv#*=}"}
	done
	printf '%s\n' "$text"
}

# error_result MAX WHY: the base64 of a Classroom result with status "error"
# (what a grading step reports when the grader could not even start).
error_result() {
	jq -cnj --argjson max "$1" --arg why "$2" '{version: 1, status: "error", max_score: $max,
		tests: [{name: "grading", status: "error", score: 0, message: $why,
			line_no: 0, test_code: "", filename: "", duration: 0}]}' | base64 -w0
}
