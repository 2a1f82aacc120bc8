/* rawwrite.c - write(2) without the libc wrapper's errno convention
 *
 * YOUR TASK: write raw_write() (its contract is in tee.h).  Call
 * syscall(SYS_write, fd, buf, len) from <sys/syscall.h> and <unistd.h>, and
 * give the caller the kernel's own convention: the count written, or -ERRNO.
 * errno must be the same after the call as before it, even on failure.
 *
 * Official tests: tests/raw_tests.c.
 * Read: chapters/syscalls/index.md, "Wrappers and syscall(2)".
 */
#include "tee.h"

#include <errno.h>

long raw_write(int fd, const void *buf, size_t len)
{
	(void)fd;
	(void)buf;
	(void)len;
	return -ENOSYS;
}
