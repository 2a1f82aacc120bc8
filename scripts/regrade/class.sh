# class.sh - make a class of submissions for the regrade test and bench
# shellcheck shell=bash
# (sourced, not run; needs lib.sh's $top).
#
# student_files LAB DIR KIND: write into DIR the lab's student files of one
# kind of submission:
#   solution, skeleton          the reference solution, the handed-out skeleton
#   mutant:NAME                 the solution with solutions/LAB/mutants/NAME.patch
#   hostile:SNIPPET:FILE:FN     the solution with a snippet (a path) planted
#                               at the start of FN in FILE (scripts/plant)
#   broken                      the solution with a line that does not compile
# Returns non-zero when the kind cannot be made (a mutant that no longer applies).
student_files() {
	local lab=$1 dir=$2 kind=$3 name snippet file fn
	mkdir -p "$dir"
	case $kind in
	skeleton) for name in $(lab_files "$lab"); do cp "$top/labs/$lab/$name" "$dir/"; done; return ;;
	esac
	for name in $(lab_files "$lab"); do cp "$top/solutions/$lab/$name" "$dir/"; done
	case $kind in
	solution) ;;
	mutant:*) patch -s -d "$dir" -p1 <"$top/solutions/$lab/mutants/${kind#mutant:}.patch" ;;
	hostile:*) IFS=: read -r _ snippet file fn <<<"$kind"
		"$top/scripts/plant" "$dir/$file" "$fn" "$snippet" ;;
	broken) name=$(describe "$lab" | jq -r '.student_files[0]')
		echo 'this line is not C;' >>"$dir/$name" ;;
	*) echo "class.sh: no kind of submission '$kind'" >&2; return 2 ;;
	esac
}

# student_repo LAB HANDOUT REPO KIND: a student's clone: the handout committed
# as the template, then the student's files committed over it in labs/LAB/.
student_repo() {
	local lab=$1 handout=$2 repo=$3 kind=$4
	rm -rf "$repo"
	cp -a "$handout" "$repo"
	git_in "$repo" init -q -b main && git_in "$repo" add -A && git_in "$repo" commit -qm template &&
		student_files "$lab" "$repo/labs/$lab" "$kind" &&
		git_in "$repo" add -A && git_in "$repo" commit -q --allow-empty -m "my work"
}

# git_in REPO ARGS...: git in one of our own fixture repositories.
git_in() {
	local repo=$1
	shift
	git -C "$repo" -c user.name=student -c user.email=student@example.org "$@"
}
