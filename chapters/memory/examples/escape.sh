# escape.sh - what gcc says about the addresses of locals that escape
# (escape.c.in), at -O0 and at -O2, and what the direct case returns
set -eu
export LC_ALL=C
cp "$(dirname "$0")/escape.c.in" escape.c
for opt in -O0 -O2; do
	echo "\$ gcc -Wall $opt -o escape escape.c"
	# Only the warning lines, without their column numbers.
	gcc -Wall "$opt" -o escape escape.c 2>&1 | sed -nE 's/^(escape\.c:[0-9]+):[0-9]+: warning:/\1: warning:/p'
done
gcc -Wall -O0 -o escape escape.c 2>/dev/null
echo '$ ./escape        # built with -O0'
./escape
