# buffers.sh - how cat, tee, dd and cp move 1 MiB
#
# strace -P keeps only the calls on in.bin and out.bin; each kind of call
# is counted as "COUNT x CALL(SIZE ASKED) = RESULT".  For cp, which may
# clone the file (ioctl FICLONE, on btrfs or XFS) or have the kernel copy it
# (copy_file_range), the line says which moved the bytes, so that the
# listing does not depend on the file system.
command -v strace >/dev/null || { echo "strace is not installed" >&2; exit 77; }
strace -o /dev/null true 2>/dev/null || { echo "strace cannot trace here (ptrace forbidden)" >&2; exit 77; }
set -eu
export LC_ALL=C
# A scratch directory, so that nothing is left where the script is run from.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
head -c 1048576 /dev/zero > in.bin
in=$PWD/in.bin out=$PWD/out.bin
# traced COMMAND...: run it under strace (stdin and stdout as the caller set them).
traced() {
	rm -f out.bin
	strace -qq -s 0 -o trace.txt -e trace=read,write,copy_file_range,ioctl -P "$in" -P "$out" "$@"
}
# summary: the counted calls of trace.txt.
summary() {
	sed -nE -e 's/^(read|write)\([0-9]+, [^,]*, ([0-9]+)\) += (.*)/\1(\2) = \3/p' \
		-e 's/^copy_file_range\(.*\) += (.*)/copy_file_range() = \1/p' \
		-e 's/^ioctl\(.*FICLONE.*\) += (-1 [A-Z]+|0).*/ioctl(FICLONE) = \1/p' trace.txt |
		sort | uniq -c | sort -rn -s -k1,1 | sed -E 's/^ *([0-9]+) /  \1 x /'
}
echo '$ cat in.bin | wc -c'
traced cat in.bin | wc -c
summary
echo '$ cat in.bin > out.bin'
traced cat in.bin > out.bin
summary
echo '$ tee out.bin < in.bin > /dev/null'
traced tee out.bin < in.bin > /dev/null
summary
echo '$ dd if=in.bin of=out.bin status=none'
traced dd if=in.bin of=out.bin status=none
summary
echo '$ cp in.bin out.bin'
traced cp in.bin out.bin
moved=$(awk '/^ioctl\(.*FICLONE.*= 0$/ { print "ioctl(FICLONE)"; exit }
	/^copy_file_range\(.* = [1-9][0-9]*$/ { print "copy_file_range()"; exit }' trace.txt)
echo "  read() or write() calls on the files: $(grep -c '^read(\|^write(' trace.txt)"
echo "  the bytes were moved inside the kernel: $([ -n "$moved" ] && echo yes || echo no)"
cmp -s in.bin out.bin && echo "  out.bin is a copy of in.bin"
