# tee_stack.sh - strace -k on the lab's tee, built without optimisation so
# that every function keeps its own frame: the stack of its first write.
# Normalised: the directory of tee (./), and the offsets (+0x.., [0x...]).
TEE_CFLAGS=-O0
. "$(dirname "$0")/lab_tee.bash"
echo '$ echo hi | strace -k -e trace=write ./tee /dev/null > /dev/null'
echo hi | strace -k -o stack.txt -e trace=write ./tee /dev/null > /dev/null
sed -n '1,/(main+/p' stack.txt | tidy |
	sed -E -e "s|$PWD/tee|./tee|" -e 's/\+0x[0-9a-f]+\)/+0x..)/' -e 's/\[0x[0-9a-f]+\]/[0x...]/'
echo ' ...'
