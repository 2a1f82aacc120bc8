# limits.sh - mmap() and malloc() refused by a resource limit, with no
# strace needed: big_map.c under ulimit -v (RLIMIT_AS) and -d (RLIMIT_DATA)
set -eu
echo '$ ./big_map'
"$EXAMPLES/memory-big_map"
for opt in -v -d; do
	echo "\$ (ulimit $opt 100000; ./big_map)"
	(ulimit "$opt" 100000 && "$EXAMPLES/memory-big_map")
done
