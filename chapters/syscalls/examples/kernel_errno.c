/* kernel_errno.c - what the kernel returns on failure, and what errno becomes
 *
 * The kernel reports an error as a small negative number (-ENOENT).  The
 * libc wrappers, and syscall(2), turn it into -1 and store the positive
 * number in errno.  errno is only meaningful right after a call that
 * failed: a successful call may leave any value in it.
 *
 * syscall(2) is not POSIX, hence _GNU_SOURCE.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The symbolic name of the few errors this program can meet. */
static const char *errname(int e)
{
	switch (e) {
	case ENOENT: return "ENOENT";
	case EBADF: return "EBADF";
	case ENOSPC: return "ENOSPC";
	default: return "another error";
	}
}

/* openat(2) issued by hand; returns the kernel's value: fd or -errno. */
static long raw_openat(const char *path, int flags)
{
	int saved = errno;
	long r = syscall(SYS_openat, AT_FDCWD, path, flags);

	if (r == -1)
		r = -errno;
	errno = saved;
	return r;
}

int main(void)
{
	int fd = open("no-such-file", O_RDONLY);
	int err = errno;        // saved at once: printf may change errno

	printf("open() returned %d, errno is %s (%d)\n", fd, errname(err), err);
	printf("the kernel itself returned %ld\n", raw_openat("no-such-file", O_RDONLY));

	fd = open("/dev/full", O_WRONLY);
	if (fd < 0)
		return 1;
	if (write(fd, "x", 1) < 0) {
		err = errno;
		printf("write(/dev/full) failed with %s\n", errname(err));
	}
	close(fd);
	if (close(fd) < 0) {
		err = errno;
		printf("a second close() of the same descriptor failed with %s\n",
		       errname(err));
	}
	return 0;
}
