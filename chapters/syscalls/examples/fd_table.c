/* fd_table.c - the descriptor table: lowest free number first
 *
 * Every process starts with 0, 1 and 2 open (stdin, stdout, stderr), so its
 * first open() returns 3.  A descriptor is an index into the process's
 * table; open(), dup() and pipe() always take the lowest free index.
 * A parent may have left more than 0, 1 and 2 open, so this program first
 * closes everything from 3 up (close_range, Linux 5.9 and glibc 2.34).
 *
 * close_range is Linux's, hence _GNU_SOURCE.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	close_range(3, ~0U, 0);
	int a = open("/dev/null", O_RDONLY | O_CLOEXEC);
	int b = open("/dev/null", O_RDONLY | O_CLOEXEC);

	printf("two opens: %d and %d\n", a, b);
	close(a);
	int c = open("/dev/zero", O_RDONLY | O_CLOEXEC);
	printf("after close(%d), the next open gets %d again\n", a, c);
	int d = dup(STDOUT_FILENO);
	printf("dup(1) gives %d, a second name for stdout\n", d);
	int flags = fcntl(c, F_GETFD);
	printf("descriptor %d has FD_CLOEXEC: %s\n", c, flags & FD_CLOEXEC ? "yes" : "no");
	printf("descriptor %d has FD_CLOEXEC: %s\n", d,
	       fcntl(d, F_GETFD) & FD_CLOEXEC ? "yes" : "no");
	close(b);
	close(c);
	close(d);
	return 0;
}
