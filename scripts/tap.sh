# tap.sh - the one way the self-test's scripts report: TAP, read by prove.
#
# Sourced.  ok NAME, bad NAME WHY, skip NAME WHY print one numbered test
# line each ("ok 3 - name", "not ok 4 - name", "ok 5 - name # SKIP why");
# the lines of WHY after the first become "# " diagnostics, as TAP wants.
# tap_end prints the plan and returns 0 only when nothing failed.
tap_count=0 tap_failed=0

# tap_diag TEXT: each line of TEXT as a TAP diagnostic.
tap_diag() {
	[ -n "$1" ] && printf '%s\n' "$1" | sed 's/^/# /'
	return 0
}

ok() {
	tap_count=$((tap_count + 1))
	echo "ok $tap_count - $1"
}

bad() {
	local why=${2:-}
	tap_count=$((tap_count + 1)) tap_failed=$((tap_failed + 1))
	echo "not ok $tap_count - $1${why:+: ${why%%$'\n'*}}"
	case $why in *$'\n'*) tap_diag "${why#*$'\n'}" ;; esac
}

skip() {
	tap_count=$((tap_count + 1))
	echo "ok $tap_count - $1 # SKIP ${2:-}"
}

tap_end() {
	echo "1..$tap_count"
	[ "$tap_failed" = 0 ]
}
