# ignored_sigpipe.sh - what upstream commands do when they inherit SIGPIPE ignored
#
# An ignored signal stays ignored across fork and exec, so a runner that
# leaves SIGPIPE ignored hands that to every stage.  The writer does not
# loop: its write fails with EPIPE, and coreutils report it and exit 1,
# where the default would have killed them silently (status 141).  Each
# pipeline's statuses are printed as bash's PIPESTATUS has them, and its
# standard error after its standard output (their order varies).
# Started with SIGPIPE ignored (bit 13 of SigIgn), no shell could undo it.
ign=$(sed -n 's/^SigIgn:[[:space:]]*//p' /proc/self/status)
if (( 0x$ign & 0x1000 )); then
	echo "SIGPIPE is ignored in the test itself: the default cannot be shown" >&2
	exit 77
fi
export LC_ALL=C
seq 1 100000 > numbers.txt
run() {
	echo "\$ $1"
	bash -c "$1"'; echo "statuses ${PIPESTATUS[*]}"' 2>stderr.txt
	sed 's/^/(stderr) /' stderr.txt
}
run 'yes | head -n 1'
run "trap '' PIPE; yes | head -n 1"
run "trap '' PIPE; seq 1 1000000 | head -n 1"
run "trap '' PIPE; cat numbers.txt | head -n 1"
