/* rawwrite.c - write(2) without the libc wrapper's errno convention
 *
 * The kernel does not know errno: a failing system call returns a small
 * negative number, -ENOSPC say, in a register.  The libc wrapper write()
 * turns that into -1 and stores ENOSPC in errno.  raw_write() goes through
 * syscall(2) instead and gives the caller the kernel's own convention back,
 * keeping errno untouched, so the boundary between the two is visible.
 *
 * The reference solution (solutions/syscalls/rawwrite.c).
 */
#include "tee.h"

#include <errno.h>
#include <sys/syscall.h>
#include <unistd.h>

long raw_write(int fd, const void *buf, size_t len)
{
	int saved = errno;
	long ret = syscall(SYS_write, fd, buf, len);

	// syscall(2) stored the kernel's -ERRNO in errno and returned -1.
	if (ret == -1)
		ret = -errno;
	errno = saved;
	return ret;
}
