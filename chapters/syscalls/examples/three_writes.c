/* three_writes.c - one line written three ways: stdio, the write() wrapper, syscall(2)
 *
 * All three end in the same system call, write(1, ...).  stdio collects the
 * bytes in a buffer first and calls write() when it flushes; the wrapper
 * calls it at once; syscall(2) names it by number.  Run it under
 * strace -e trace=write to see three identical calls.
 *
 * syscall(2) is not POSIX, hence _GNU_SOURCE.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	const char *b = "2: write(2), the libc wrapper\n";
	const char *c = "3: syscall(SYS_write, ...)\n";

	printf("1: printf, through the stdio buffer\n");
	fflush(stdout);         // without this, line 1 would come out last
	if (write(STDOUT_FILENO, b, strlen(b)) < 0)
		return 1;
	if (syscall(SYS_write, STDOUT_FILENO, c, strlen(c)) < 0)
		return 1;
	return 0;
}
