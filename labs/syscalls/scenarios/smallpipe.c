/* smallpipe.c - shrink the pipe on stdout to one page, then run a program
 *
 *     smallpipe PROGRAM [ARG]...
 *
 * A test helper (given code): with only 4096 bytes of room in the pipe, any
 * larger write(2) has to wait for the reader, and a signal arriving then
 * makes the kernel return a short count.  That is how the official tests
 * provoke real short writes.  Exits 126 when stdout is not a pipe it can
 * resize, 127 when PROGRAM cannot be run.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
	if (argc < 2) {
		fputs("usage: smallpipe PROGRAM [ARG]...\n", stderr);
		return 2;
	}
	if (fcntl(STDOUT_FILENO, F_SETPIPE_SZ, 4096) < 0) {
		perror("smallpipe: cannot resize the pipe on stdout");
		return 126;
	}
	execv(argv[1], argv + 1);
	perror("smallpipe: cannot run the program");
	return 127;
}
