# confine.sh - the grader's tests of its confinement, sourced by run (which
# gives $grade, $work, $here, $top, ok, bad and score_of).
#
# A job that cannot be confined must not run, and the grader must say so and
# exit 2: the failures are real ones, made by strace's fault injection or by
# a hard limit that root without CAP_SYS_RESOURCE cannot raise, never by a
# switch in the grader.  As root, graders running at once must give their
# jobs uids that cannot collide: the toy solution, with a snippet that leaves
# a file named for its uid, is graded twice at once and beside a held block.

uid_base=200000        # SANDBOX_UID_BASE in sandbox.c
uid_block_size=64      # MAX_SLOTS in sandbox.c
uid_lock_dir=/run/grade-uids

# not_confined NAME CALL CMD...: CMD (a grader run on the fixture solution,
# writing $work/out/NAME) must exit 2, say on stderr that CALL failed so the
# job could not be confined, write the report and pass no test in it.
not_confined() {
	local name=$1 call=$2
	shift 2
	local out=$work/out/$name
	mkdir -p "$out"
	timeout -k 5 60 "$@" --root "$work/root" --lab toy --impl "$work/solution" --out "$out" \
		>"$out/report.txt" 2>"$out/stderr.txt"
	local rc=$?
	if [ $rc != 2 ]; then
		bad "$name" "grader exit $rc, expected 2 (see $out/report.txt)"
	elif ! grep -qF "grade: cannot grade: " "$out/stderr.txt" ||
		! grep -qF "could not be confined: $call failed: " "$out/stderr.txt"; then
		bad "$name" "stderr does not say that $call failed: $(head -c 300 "$out/stderr.txt")"
	elif [ ! -f "$out/results.json" ]; then
		bad "$name" "no report was written"
	elif ! jq -e '[.tests[] | select(.tags[0] != "build" and .status == "passed")] | length == 0' \
		"$out/results.json" >/dev/null; then
		# The build runs no student code: only it may pass.
		bad "$name" "a test passed although nothing could be confined (see $out/results.json)"
	else
		ok "$name (exit 2: $call)"
	fi
}

# The supervisor's own calls, in every job, trusted ones (gcc) included.
# strace counts calls per process, and the grader's forked supervisor starts
# from zero: its first prctl() makes it a subreaper, its second asks for
# SIGTERM when the grader dies.  (The grader's own prctl(PR_SET_DUMPABLE)
# fails too with when=1; it does not stop the grading.)
strace=(strace -f -qq -o /dev/null -e signal=none -e trace=prctl)
not_confined not-confined-subreaper "prctl(PR_SET_CHILD_SUBREAPER)" \
	"${strace[@]}" -e inject=prctl:error=EINVAL:when=1 "$grade"
not_confined not-confined-pdeathsig "prctl(PR_SET_PDEATHSIG)" \
	"${strace[@]}" -e inject=prctl:error=EINVAL:when=2 "$grade"

# A limit the job may not have: root without CAP_SYS_RESOURCE cannot raise a
# hard limit, and the toy's jobs ask for RLIMIT_NPROC 40 (root itself is not
# held to RLIMIT_NPROC, so the grader still runs).  The compiler, trusted,
# runs unlimited; the tests are stopped before they run.
if [ "$(id -u)" = 0 ]; then
	not_confined not-confined-setrlimit "setrlimit(RLIMIT_NPROC)" \
		prlimit --nproc=20:20 setpriv --bounding-set=-sys_resource --inh-caps=-sys_resource "$grade"
else
	skip not-confined-setrlimit "needs root: it drops CAP_SYS_RESOURCE"
fi

# uids_of OUT: the uids the jobs of the grading in OUT ran as, one a line.
uids_of() { find "$1/work" -name 'uid-*' -printf '%f\n' | sed 's/^uid-//' | sort -un; }
# blocks_of: the uid blocks of the uids on stdin, on one line ("outside" for
# a uid below the sandbox's range, root's for instance).
blocks_of() {
	local u
	while read -r u; do
		if [ "$u" -lt $uid_base ]; then echo outside
		else echo $(((u - uid_base) / uid_block_size)); fi
	done | sort -u | paste -sd ' '
}

# full_marks OUT RC: the grading in OUT exited RC with full marks.
full_marks() {
	local max
	max=$(sed -n 's/^\t"max_score":\t\([0-9]*\),$/\1/p' "$1/results.json" 2>/dev/null)
	[ "$2" = 0 ] && [ -n "$max" ] && [ "$(score_of "$1/results.json")" = "$max" ]
}

# grade_recorded NAME: grade the solution with record_uid planted into
# $work/out/NAME; prints the grader's exit status.
grade_recorded() {
	mkdir -p "$work/out/$1"
	timeout -k 5 60 "$grade" --root "$work/root" --lab toy --impl "$work/sub/record_uid" \
		--out "$work/out/$1" >"$work/out/$1/report.txt" 2>&1
	echo $?
}

if [ "$(id -u)" = 0 ]; then
	mkdir -p "$work/sub/record_uid"
	cp "$here/toy-solution/"* "$work/sub/record_uid/"
	# In add_file(), not add(): the performance workload counts add()'s every instruction.
	"$top/scripts/plant" "$work/sub/record_uid/add.c" add_file "$here/snippets/record_uid.c" ||
		bad uids "scripts/plant failed"

	# Two graders at once: both full marks, each in one block, not the same one.
	grade_recorded uids-a >"$work/uids-a.rc" &
	grade_recorded uids-b >"$work/uids-b.rc"
	wait $!
	a=$(uids_of "$work/out/uids-a" | blocks_of)
	b=$(uids_of "$work/out/uids-b" | blocks_of)
	# A grader holds one block for its lifetime, so each grading has one block.
	if ! full_marks "$work/out/uids-a" "$(cat "$work/uids-a.rc")" ||
		! full_marks "$work/out/uids-b" "$(cat "$work/uids-b.rc")"; then
		bad uids-concurrent "not full marks (see $work/out/uids-a/report.txt, uids-b/report.txt)"
	elif [ "$(wc -w <<<"$a")" != 1 ] || [ "$(wc -w <<<"$b")" != 1 ] ||
		[ "$a" = outside ] || [ "$b" = outside ]; then
		bad uids-concurrent "each grading's uids must lie in one sandbox block: blocks '$a' and '$b'"
	elif [ "$a" = "$b" ]; then
		bad uids-concurrent "both gradings used uid block $a"
	else
		ok "uids-concurrent (two graders at once, full marks, uid blocks $a and $b)"
	fi

	# A block another process holds is skipped: hold the first free one here.
	mkdir -p -m 700 "$uid_lock_dir"
	held=
	for blk in $(seq 0 4095); do
		exec {lockfd}>"$uid_lock_dir/$blk.lock"
		if flock -n "$lockfd"; then held=$blk; break; fi
		exec {lockfd}>&-
	done
	if [ -z "$held" ]; then
		bad uids-held "cannot hold a block in $uid_lock_dir"
	else
		rc=$(grade_recorded uids-held {lockfd}>&-)
		exec {lockfd}>&-
		got=$(uids_of "$work/out/uids-held" | blocks_of)
		if ! full_marks "$work/out/uids-held" "$rc"; then
			bad uids-held "exit $rc, not full marks (see $work/out/uids-held/report.txt)"
		elif [ "$(wc -w <<<"$got")" != 1 ] || [ "$got" = outside ] || [ "$got" = "$held" ]; then
			bad uids-held "block $held was held elsewhere, yet the grading used blocks '$got'"
		else
			ok "uids-held (block $held held elsewhere; the grader took block $got)"
		fi
	fi
else
	skip "uids-concurrent, uids-held" "need root: only root gives jobs uids of their own"
fi
