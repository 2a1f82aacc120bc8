# misuse.sh - memcheck on the lab's arena_misuse, with the reference arena
# built without its client requests (-DNVALGRIND) and with them
. "$(dirname "$0")/lab_arena.bash"
build_lab arena_misuse -DNVALGRIND
echo '$ valgrind ./arena_misuse overflow          # built with -DNVALGRIND'
valgrind ./arena_misuse overflow 2>&1 | tidy | grep 'ERROR SUMMARY'
build_lab arena_misuse
echo '$ valgrind ./arena_misuse overflow          # with the client requests'
valgrind ./arena_misuse overflow 2>&1 | tidy | sed -n -e '/Invalid/,/^==PID== $/p' -e '/ERROR SUMMARY/p'
