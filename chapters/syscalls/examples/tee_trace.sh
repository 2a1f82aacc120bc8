# tee_trace.sh - the lab's tee under plain strace.  The dynamic loader's
# calls, before the program's first openat, are shown as "...".
. "$(dirname "$0")/lab_tee.bash"
printf 'hello\n' > in.txt
echo '$ strace ./tee out.txt < in.txt > /dev/null'
strace -o trace.txt ./tee out.txt < in.txt > /dev/null
head -n 1 trace.txt | tidy
echo '...'
sed -n '/^openat(AT_FDCWD, "out.txt"/,$p' trace.txt | tidy
