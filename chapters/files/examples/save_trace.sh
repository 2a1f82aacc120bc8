# save_trace.sh - save_steps under strace: the six steps as system calls,
# what a second -e trace= does, and the failure path.  Shown from the
# temporary file's creation to the directory's fsync, without the calls of
# the program's reader (its opens of config.txt for reading).  Normalised:
# the pid in the temporary name (PID), the error's text (REASON).
command -v strace >/dev/null || { echo "strace is not installed" >&2; exit 77; }
strace -o /dev/null true 2>/dev/null || { echo "strace cannot trace here (ptrace forbidden)" >&2; exit 77; }
set -u
save=$EXAMPLES/files-save_steps
mkdir one two three
echo '$ strace -e trace=%file,write,fsync,fchmod ./save_steps > /dev/null'
(cd one && strace -qq -o ../one.txt -e trace=%file,write,fsync,fchmod "$save" > /dev/null)
sed -n '/\.config\.txt\./,/^fsync/p' one.txt | grep -v '"config.txt", O_RDONLY' |
	sed -E 's/\.config\.txt\.[0-9]+\./.config.txt.PID./g'
echo '$ strace -e trace=%file -e trace=write,fsync ./save_steps > /dev/null'
(cd two && strace -qq -o ../two.txt -e trace=%file -e trace=write,fsync "$save" > /dev/null)
echo "(calls traced: $(sed -E 's/\(.*//' two.txt | sort -u | tr '\n' ' '))"
echo '$ strace -e inject=fsync:error=EIO:when=1 ./save_steps > /dev/null; echo $?; ls -A'
cd three
strace -qq -o /dev/null -e inject=fsync:error=EIO:when=1 "$save" > /dev/null 2>../err.txt
echo $?
sed 's/: [^:]*$/: REASON/' ../err.txt
ls -A
