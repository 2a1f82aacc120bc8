/* raw_tests.c - raw_write(): write(2) through syscall(2), errno by hand
 *
 * These tests call the student's raw_write() inside the test process: the
 * kernel's convention (a count, or -ERRNO) must come back unchanged, and
 * errno must stay whatever it was before the call.
 */
#define _GNU_SOURCE
#include "support.h"
#include "tee.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

/* An errno value no system call returns, to see whether errno was touched. */
#define UNTOUCHED 4242

GRADED(raw, writes_to_a_pipe,
       .description = "raw_write() returns the count the kernel wrote, and the bytes "
		      "arrive [syscalls#wrappers-and-syscall]",
       .timeout = 10)
{
	int p[2];
	char buf[16] = "";
	cr_assert(pipe2(p, O_CLOEXEC) == 0, "test: pipe failed");
	errno = UNTOUCHED;
	long n = raw_write(p[1], "hello", 5);
	int after = errno;
	cr_expect(n == 5, "raw_write(pipe, \"hello\", 5): expected 5, got %ld", n);
	cr_expect(after == UNTOUCHED, "raw_write() changed errno from %d to %d on success",
		  UNTOUCHED, after);
	close(p[1]);
	ssize_t got = read(p[0], buf, sizeof buf - 1);
	cr_expect(got == 5 && memcmp(buf, "hello", 5) == 0,
		  "expected the pipe to hold \"hello\"; it held %zd bytes", got);
	close(p[0]);
}

GRADED(raw, bad_descriptor_gives_minus_ebadf,
       .description = "on a closed descriptor raw_write() returns -EBADF, the kernel's "
		      "own answer, and leaves errno as it was [syscalls#errno]",
       .timeout = 10)
{
	int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	cr_assert(fd >= 0, "test: cannot open /dev/null");
	close(fd);
	errno = UNTOUCHED;
	long n = raw_write(fd, "x", 1);
	int after = errno;
	cr_expect(n == -EBADF, "raw_write(closed fd): expected -EBADF (%d), got %ld",
		  -EBADF, n);
	cr_expect(after == UNTOUCHED, "raw_write() must leave errno alone: it was %d "
		  "before the call and %d after", UNTOUCHED, after);
}

GRADED(raw, full_device_gives_minus_enospc,
       .description = "writing /dev/full through raw_write() returns -ENOSPC and "
		      "leaves errno as it was [syscalls#errno]",
       .timeout = 10)
{
	int fd = open("/dev/full", O_WRONLY | O_CLOEXEC);
	cr_assert(fd >= 0, "test: cannot open /dev/full");
	errno = UNTOUCHED;
	long n = raw_write(fd, "x", 1);
	int after = errno;
	close(fd);
	cr_expect(n == -ENOSPC, "raw_write(/dev/full): expected -ENOSPC (%d), got %ld",
		  -ENOSPC, n);
	cr_expect(after == UNTOUCHED, "raw_write() must leave errno alone: it was %d "
		  "before the call and %d after", UNTOUCHED, after);
}
