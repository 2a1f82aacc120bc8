#!/bin/bash
# classroom_test.sh - check `grade classroom-result` on hand-made results.json files.
#
# usage: autograder/tests/classroom_test.sh [GRADE]   (default build/grader/grade)
# Decodes each answer with base64 -d and checks it with jq: the shape the
# Classroom reporter reads, integer scores that add up to the grader's total,
# and a valid "error" result (exit 0) when results.json is missing or broken.
set -u
grade=${1:-build/grader/grade}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0

fail() { echo "classroom_test: FAIL: $*"; failed=$((failed + 1)); }
ok() { passed=$((passed + 1)); }

# decode NAME ARGS... : run classroom-result, check it exits 0 and prints one
# line of base64, and leave the decoded JSON in $tmp/NAME.json.
decode() {
	local name=$1 out rc
	shift
	out=$("$grade" classroom-result "$@" 2>"$tmp/$name.err")
	rc=$?
	if [ $rc != 0 ]; then fail "$name: exit status $rc, expected 0 ($(cat "$tmp/$name.err"))"; return 1; fi
	if [ "$(printf '%s\n' "$out" | wc -l)" != 1 ] || ! [[ $out =~ ^[A-Za-z0-9+/]+=*$ ]]; then
		fail "$name: expected one line of base64, got: ${out:0:200}"; return 1
	fi
	if ! printf '%s' "$out" | base64 -d >"$tmp/$name.json" 2>/dev/null || ! jq -e . "$tmp/$name.json" >/dev/null 2>&1; then
		fail "$name: the base64 does not decode to JSON"; return 1
	fi
}

# expect NAME JQ-FILTER WHAT : the filter must be true on the decoded result.
expect() {
	if jq -e "$2" "$tmp/$1.json" >/dev/null 2>&1; then ok; else
		fail "$1: expected $3; got $(jq -c . "$tmp/$1.json" | cut -c1-400)"
	fi
}

# The shape every runner result must have, whatever happened.
shape='.version == 1 and (.status | IN("pass","fail","error")) and (.max_score | type == "number")
  and (.tests | length > 0) and all(.tests[]; (.name | type == "string") and (.status | IN("pass","fail","error"))
  and (.score | type == "number" and floor == .) and .line_no == 0 and (.message | type == "string")
  and .test_code == "" and .filename == "" and .duration == 0)'

cat >"$tmp/partial.in" <<'JSON'
{"score": 7, "max_score": 11, "execution_time": 3, "output": "report",
 "tests": [{"name": "build", "score": 5, "max_score": 5, "status": "passed", "output": "", "tags": ["build"]},
           {"name": "pipeline/two_commands", "score": 2, "max_score": 2, "status": "passed", "output": "", "tags": ["behaviour"]},
           {"name": "pipeline/closes_ends", "score": 0, "max_score": 4, "status": "failed", "output": "expected 3 lines, got 0", "tags": ["behaviour"]}]}
JSON
if decode partial "$tmp/partial.in" --max 11; then
	expect partial "$shape" "the runner shape"
	expect partial '.status == "fail" and .max_score == 11' 'status fail, max_score 11'
	expect partial '[.tests[].score] == [5,2,0]' 'each test keeps its own score'
	expect partial '[.tests[].status] == ["pass","pass","fail"]' 'passed -> pass, failed -> fail'
	expect partial '.tests[2].name == "pipeline/closes_ends" and (.tests[2].message | contains("expected 3 lines"))' 'name and message carried over'
fi

jq '.score = 11 | .tests[2].score = 4 | .tests[2].status = "passed"' "$tmp/partial.in" >"$tmp/full.in"
if decode full "$tmp/full.in"; then
	expect full "$shape" "the runner shape"
	expect full '.status == "pass" and .max_score == 11 and ([.tests[].score] | add) == 11' 'status pass, 11/11'
fi

# Fractional scores: integers per test whose sum is the rounded total.
jq '.score = 6 | .tests[0].score = 2.5 | .tests[1].score = 2.5 | .tests[2].score = 1' "$tmp/partial.in" >"$tmp/frac.in"
if decode frac "$tmp/frac.in"; then
	expect frac "$shape" "integer scores"
	expect frac '([.tests[].score] | add) == 6' 'integer scores adding up to 6'
fi

# A very long output is cut, and the answer stays one line.
jq --arg long "$(head -c 20000 /dev/zero | tr '\0' 'x')" '.tests[2].output = $long' "$tmp/partial.in" >"$tmp/long.in"
if decode long "$tmp/long.in"; then
	expect long '(.tests[2].message | length) < 2000 and ([.tests[].score] | add) == 7' 'a cut message and the same scores'
fi

for bad in missing empty broken notests; do
	case $bad in
	missing) in=$tmp/does-not-exist.json ;;
	empty) in=$tmp/empty.json; : >"$in" ;;
	broken) in=$tmp/broken.json; echo '{"score": 3, "tests": [' >"$in" ;;
	notests) in=$tmp/notests.json; echo '{"score": 0, "max_score": 30, "tests": []}' >"$in" ;;
	esac
	if decode "$bad" "$in" --max 42; then
		expect "$bad" "$shape" "the runner shape"
		expect "$bad" '.status == "error" and .max_score == 42 and ([.tests[].score] | add) == 0' \
			'status error, score 0, max_score 42 from --max'
	fi
done

if "$grade" classroom-result "$tmp/partial.in" --max lots >/dev/null 2>&1; then
	fail "--max lots: expected exit status 2"
else ok; fi

echo "classroom_test: $passed passed, $failed failed"
[ $failed = 0 ]
