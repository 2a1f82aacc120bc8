/* raw_tests.c - raw_write(): write(2) through syscall(2), errno by hand
 *
 * The kernel's convention (a count, or -ERRNO) must come back unchanged, and
 * errno must stay whatever it was before the call.  The test process never
 * calls raw_write() itself: graded_isolate() calls it in a child, twice in a
 * row each time (a helper is called more than once in real programs), and
 * the child records what each call returned and what errno was before and
 * after it.  The test process makes the assertions on that record, and reads
 * what reached the pipe itself.
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
/* Calls made by one isolated child. */
#define CALLS 2

/* What the child is asked to do: CALLS writes to fd, errno set to before[i]
 * just ahead of call i.  closed: fd is a descriptor closed on purpose. */
struct raw_job {
	int fd;
	int closed;
	const char *data[CALLS];
	size_t len[CALLS];
	int before[CALLS];
};

/* What the child saw. */
struct raw_seen {
	int fd_was_closed;     /* fcntl(fd, F_GETFD) failed with EBADF before the calls */
	int done;              /* calls that returned */
	long ret[CALLS];       /* what each returned */
	int after[CALLS];      /* errno right after each */
};

/* In the child: the calls, and nothing else between setting errno and reading it. */
static void raw_calls(void *result, void *arg)
{
	struct raw_seen *s = result;
	const struct raw_job *j = arg;

	if (j->closed) {
		errno = 0;
		s->fd_was_closed = fcntl(j->fd, F_GETFD) < 0 && errno == EBADF;
	}
	for (int i = 0; i < CALLS; i++) {
		errno = j->before[i];
		long n = raw_write(j->fd, j->data[i], j->len[i]);
		int after = errno;
		s->ret[i] = n;
		s->after[i] = after;
		s->done = i + 1;
	}
}

/* Run the job in a child; fail the test if raw_write() did not return. */
static const struct raw_seen *isolate(struct raw_job *j, const char *what)
{
	struct graded_call call;
	const struct raw_seen *s = graded_isolate(raw_calls, j, sizeof *s, 10, &call);
	cr_assert(call.returned, "%s: raw_write() %s (%d of its %d calls had returned)",
		  what, call.how, s->done, CALLS);
	return s;
}

GRADED(raw, writes_to_a_pipe,
       .description = "raw_write() returns the count the kernel wrote, and the bytes "
		      "arrive [syscalls#wrappers-and-syscall]",
       .timeout = 10)
{
	int p[2];
	char buf[64] = "";
	cr_assert(pipe2(p, O_CLOEXEC) == 0, "test: pipe failed");
	struct raw_job j = {.fd = p[1], .data = {"hello", ", world"}, .len = {5, 7},
			    .before = {UNTOUCHED, 0}};
	const struct raw_seen *s = isolate(&j, "raw_write(pipe, \"hello\", 5), then "
					   "raw_write(pipe, \", world\", 7)");
	cr_expect(s->ret[0] == 5, "raw_write(pipe, \"hello\", 5): expected 5, got %ld",
		  s->ret[0]);
	cr_expect(s->ret[1] == 7, "then raw_write(pipe, \", world\", 7): expected 7, got %ld",
		  s->ret[1]);
	for (int i = 0; i < CALLS; i++)
		cr_expect(s->after[i] == j.before[i], "raw_write() changed errno from %d to %d "
			  "on success (call %d of %d)", j.before[i], s->after[i], i + 1, CALLS);
	close(p[1]);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	ssize_t got = 0, n;
	while (got < (ssize_t)sizeof buf - 1 &&
	       (n = read(p[0], buf + got, sizeof buf - 1 - (size_t)got)) > 0)
		got += n;
	cr_expect(got == 12 && memcmp(buf, "hello, world", 12) == 0,
		  "expected the pipe to hold \"hello, world\" (12 bytes); it held %zd bytes: "
		  "\"%.*s\"", got, (int)(got > 0 ? got : 0), buf);
	close(p[0]);
}

/* Every call returned -err (named errname) and left errno as it was. */
static void expect_minus_errno(const struct raw_job *j, const struct raw_seen *s, int err,
			       const char *errname, const char *what)
{
	for (int i = 0; i < CALLS; i++) {
		cr_expect(s->ret[i] == -err, "%s: expected -%s (%d), got %ld (call %d of %d)",
			  what, errname, -err, s->ret[i], i + 1, CALLS);
		cr_expect(s->after[i] == j->before[i], "raw_write() must leave errno alone: it "
			  "was %d before the call and %d after (call %d of %d)", j->before[i],
			  s->after[i], i + 1, CALLS);
	}
}

GRADED(raw, bad_descriptor_gives_minus_ebadf,
       .description = "on a closed descriptor raw_write() returns -EBADF, the kernel's "
		      "own answer, and leaves errno as it was [syscalls#errno]",
       .timeout = 10)
{
	int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	cr_assert(fd >= 0, "test: cannot open /dev/null");
	close(fd);
	struct raw_job j = {.fd = fd, .closed = 1, .data = {"x", "x"}, .len = {1, 1},
			    .before = {UNTOUCHED, 0}};
	const struct raw_seen *s = isolate(&j, "raw_write(closed fd, \"x\", 1), twice");
	cr_assert(s->fd_was_closed, "test: descriptor %d was not closed in the child", fd);
	expect_minus_errno(&j, s, EBADF, "EBADF", "raw_write(closed fd)");
}

GRADED(raw, full_device_gives_minus_enospc,
       .description = "writing /dev/full through raw_write() returns -ENOSPC and "
		      "leaves errno as it was [syscalls#errno]",
       .timeout = 10)
{
	int fd = open("/dev/full", O_WRONLY | O_CLOEXEC);
	cr_assert(fd >= 0, "test: cannot open /dev/full");
	struct raw_job j = {.fd = fd, .data = {"x", "xy"}, .len = {1, 2},
			    .before = {UNTOUCHED, 0}};
	const struct raw_seen *s = isolate(&j, "raw_write(/dev/full, ...), twice");
	close(fd);
	expect_minus_errno(&j, s, ENOSPC, "ENOSPC", "raw_write(/dev/full)");
}
