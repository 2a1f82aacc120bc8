# lib.sh - what the regrade scripts share (sourced, not run).
# shellcheck shell=bash
#
# A regrade reads a lab only through the grader (`grade describe`), like the
# handout scripts, so that the files a student may edit come from lab.json
# and nowhere else.

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
GRADE=$top/build/grader/grade

# die MESSAGE: stop with status 2, the grader's "could not grade".
die() {
	echo "regrade: $*" >&2
	exit 2
}

# describe LAB: the grader's description of LAB, as JSON.  regrade reads it
# once and passes it on in $REGRADE_LAB_JSON (a file), since every grading
# asks for it several times.
describe() {
	if [ -n "${REGRADE_LAB_JSON:-}" ] && [ "$(jq -r .name "$REGRADE_LAB_JSON")" = "$1" ]; then
		cat "$REGRADE_LAB_JSON"
	else
		"$GRADE" describe --root "$top" --lab "$1"
	fi
}

# lab_files LAB: the files a submission contributes (the student-edited files,
# then the student's own tests), one a line.
lab_files() {
	describe "$1" |
		jq -r '(.student_files + [.student_tests]) | map(select(. != null and . != "")) | unique[]'
}

# lab_checks LAB: the checks that carry points in LAB, in the grader's order.
lab_checks() {
	describe "$1" | jq -r '
		.points as $p | ["build", "behaviour", "coverage", "leaks", "races", "faults", "performance"][]
		| select(($p[.] // 0) > 0)'
}

# sha_of FILE...: one sha256 over the names and contents of the files given.
sha_of() {
	local f
	for f in "$@"; do
		printf '%s %s\n' "$(sha256sum <"$f" | cut -d' ' -f1)" "${f##*/}"
	done | sha256sum | cut -d' ' -f1
}

# course_hash LAB: one hash of everything that decides a grade besides the
# student's files: the grader, the lab (tests, given files, limits, skeleton),
# the shared lab code and the grader's sources.  A new hash regrades everyone.
course_hash() {
	(cd "$top" && find "labs/$1" labs/common autograder -path autograder/tests -prune -o \
		-type f ! -name '*.o' ! -name '*.d' -print0 | sort -z | xargs -0 sha256sum
	 sha256sum <"$GRADE") | sha256sum | cut -d' ' -f1
}

# git_commit DIR: the commit DIR's clone has checked out, or nothing.  Reads
# .git itself: running git in a student's repository would run its hooks and
# configured helpers as us.
git_commit() {
	local git=$1/.git head ref
	[ -d "$git" ] && [ ! -L "$git" ] && [ -f "$git/HEAD" ] || return 0
	head=$(head -c 200 "$git/HEAD")
	case $head in
	"ref: "*) ref=${head#ref: }
		case $ref in *..*) return 0 ;; esac
		if [ -f "$git/$ref" ]; then head=$(head -c 64 "$git/$ref")
		else head=$(grep -m1 " $ref\$" "$git/packed-refs" 2>/dev/null | cut -d' ' -f1)
		fi ;;
	esac
	[[ $head =~ ^[0-9a-f]{40,64}$ ]] && echo "${head:0:12}"
	return 0
}
