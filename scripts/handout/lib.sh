# lib.sh - what the handout scripts share (sourced, not run).
#
# Every value of a lab comes from `grade describe --lab NAME`: the grader's
# own reading of labs/NAME/lab.json and its official tests, the lab's single
# source of truth.  The package list starts from the top Makefile's.

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

# The grader that describes the labs; built (make grader) when missing.
GRADE=build/grader/grade

# describe LAB: the lab as JSON (grade describe); stops the script when the
# grader cannot read it (its message says why).
describe() {
	if [ ! -x "$GRADE" ]; then
		make --no-print-directory grader >&2 || die "cannot build the grader (make grader)"
	fi
	"$GRADE" describe --lab "$1" || die "labs/$1: the grader cannot read this lab (see above)"
}

# check_lab LAB: stop unless the grader can read labs/LAB.
check_lab() {
	[ -f "labs/$1/lab.json" ] || die "no lab '$1' (labs/$1/lab.json is missing)"
	describe "$1" >/dev/null || exit 2
}

# lab_field LAB JQ-FILTER: a value from the lab's description.
lab_field() {
	local json
	json=$(describe "$1") || exit 2
	jq -r "$2" <<<"$json"
}

# chapter_of LAB: the chapter the lab belongs to.
chapter_of() {
	lab_field "$1" '.chapter'
}

# student_files LAB: the files a student edits (with the student tests), one a line.
student_files() {
	lab_field "$1" '.student_files + [.student_tests] | reduce .[] as $f ([]; if index([$f]) then . else . + [$f] end) | .[]'
}

# official_tests LAB: "suite/name" of every GRADED() test, one a line.
official_tests() {
	lab_field "$1" '.tests[].id'
}

# lab_max LAB: the lab's total points: every official test's points plus
# every other check's (test-handout proves the grader reports the same).
lab_max() {
	lab_field "$1" '.max'
}

# step_id LAB: the Classroom step id (no hyphens: the reporter reads <ID>_RESULTS).
step_id() {
	local id=${1//[^A-Za-z0-9_]/_}
	case $id in [0-9]*) id=lab_$id ;; esac
	echo "$id"
}

# packages LAB...: the packages grading these labs needs, on one line: the
# top Makefile's GRADER_PACKAGES (or $PACKAGES), then each lab's own
# (lab.json "packages"), each once.
packages() {
	local all l p
	if [ -z "${PACKAGES:-}" ]; then
		PACKAGES=$(make -s --no-print-directory print-grader-packages 2>/dev/null) ||
			PACKAGES=$(make -s --no-print-directory \
				--eval 'handout-packages: ; @echo $(GRADER_PACKAGES)' handout-packages) ||
			die "cannot read GRADER_PACKAGES from the Makefile"
	fi
	all=" $(echo $PACKAGES) "
	for l in "$@"; do
		for p in $(lab_field "$l" '.packages[]'); do
			case $all in *" $p "*) ;; *) all="$all$p " ;; esac
		done
	done
	# shellcheck disable=SC2086
	echo $all
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

# book_url: where the book is published, without a trailing slash: BOOK_URL
# when set, else the GitHub Pages address of this repository (GITHUB_REPOSITORY
# in Actions, else the origin remote), else nothing.
book_url() {
	local slug
	if [ -n "${BOOK_URL:-}" ]; then
		echo "${BOOK_URL%/}"
		return
	fi
	slug=${GITHUB_REPOSITORY:-$(git remote get-url origin 2>/dev/null |
		sed -nE 's#^(https://|git@|ssh://git@)github\.com[:/]([^/]+/[^/]+)$#\2#p')}
	slug=${slug%.git}
	case $slug in
	?*/?*) echo "https://$(tr 'A-Z' 'a-z' <<<"${slug%%/*}").github.io/${slug#*/}" ;;
	esac
}

# offline_chapter CHAPTER DIR BOOK_URL: make the chapter copy in DIR read
# complete without the book's build: included files written in, the grading
# table filled, each figures/X.dot drawn as the figures/X.svg the text shows.
offline_chapter() {
	local ch=$1 dir=$2 url=$3 dot
	python3 book/scripts/offline_chapter.py "$root" "$ch" "$dir/index.md" $url ||
		die "chapters/$ch: cannot write the offline copy (see above)"
	for dot in "$dir"/figures/*.dot; do
		[ -e "$dot" ] || continue
		command -v dot >/dev/null || scripts/need graphviz >&2 || die "graphviz is needed to draw the figures"
		dot -Tsvg -o "${dot%.dot}.svg" "$dot" || die "cannot draw ${dot#"$root/"}"
	done
}
