# tee_inject.sh - the lab's tee under strace's fault injection
. "$(dirname "$0")/lab_tee.bash"
echo '$ strace -e trace=write -e inject=write:error=EINTR:when=2 ./tee copy.txt < small.txt > /dev/null'
strace -e trace=write -e inject=write:error=EINTR:when=2 ./tee copy.txt < small.txt 2>&1 > /dev/null | tidy
echo '$ strace -P "$PWD/b.txt" -e trace=write -e inject=write:error=ENOSPC ./tee a.txt b.txt < small.txt > /dev/null'
strace -P "$PWD/b.txt" -e trace=write -e inject=write:error=ENOSPC ./tee a.txt b.txt < small.txt 2>&1 > /dev/null | tidy
