# tee_count.sh - strace -c on the lab's tee copying 1 MB: the calls
# column for read and write (the times vary from run to run).
. "$(dirname "$0")/lab_tee.bash"
head -c 1000000 /dev/zero > in.bin
echo '$ strace -c ./tee out.bin < in.bin > /dev/null     # calls, for read and write'
strace -c -o count.txt ./tee out.bin < in.bin > /dev/null
awk '$NF == "read" || $NF == "write" { print $4, $NF }' count.txt | sort -k2
