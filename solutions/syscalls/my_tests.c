/* my_tests.c - tests of tee.c and rawwrite.c (the reference set)
 *
 * What a student's own test file can look like when it is done: every
 * function called in this process on pipes and files made on the spot,
 * the error paths reached with /dev/full, a path that cannot be opened
 * and a descriptor that is not open.
 */
#define _GNU_SOURCE
#include "tee.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Read up to size - 1 bytes of path into buf; returns the count. */
static ssize_t slurp(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, size - 1);

	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return n;
}

/* A descriptor open for reading on a file that holds text. */
static int input_of(const char *text)
{
	int fd = open("my_in.txt", O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	cr_assert(fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	cr_assert(lseek(fd, 0, SEEK_SET) == 0);
	return fd;
}

Test(my_tee, write_all_into_a_pipe, .timeout = 10)
{
	int p[2];
	char buf[16] = "";

	cr_assert(pipe2(p, O_CLOEXEC) == 0);
	int rc = tee_write_all(p[1], "hello\n", 6);
	close(p[1]);
	ssize_t n = read(p[0], buf, sizeof buf - 1);
	close(p[0]);
	cr_expect(rc == 0);
	cr_expect(n == 6 && memcmp(buf, "hello\n", 6) == 0);
}

Test(my_tee, write_all_reports_a_bad_descriptor, .timeout = 10)
{
	errno = 0;
	cr_expect(tee_write_all(-1, "x", 1) == -1);
	cr_expect(errno == EBADF);
}

Test(my_tee, read_until_end_of_file, .timeout = 10)
{
	char buf[16];
	int fd = input_of("abc");

	cr_expect(tee_read(fd, buf, sizeof buf) == 3);
	cr_expect(tee_read(fd, buf, sizeof buf) == 0);
	close(fd);
	cr_expect(tee_read(-1, buf, sizeof buf) == -1 && errno == EBADF);
}

Test(my_tee, open_truncates_or_appends, .timeout = 10)
{
	char buf[64];
	int fd = tee_open("my_out.txt", 0);

	cr_assert(fd >= 0);
	cr_expect(tee_write_all(fd, "one\n", 4) == 0);
	close(fd);
	fd = tee_open("my_out.txt", 1);
	cr_assert(fd >= 0);
	cr_expect(tee_write_all(fd, "two\n", 4) == 0);
	close(fd);
	slurp("my_out.txt", buf, sizeof buf);
	cr_expect_str_eq(buf, "one\ntwo\n");
	fd = tee_open("my_out.txt", 0);
	close(fd);
	cr_expect(slurp("my_out.txt", buf, sizeof buf) == 0);
	cr_expect(fcntl(fd, F_GETFD) == -1, "the descriptor should be closed");
	cr_expect(tee_open("no/such/dir/x", 0) == -1 && errno == ENOENT);
}

Test(my_tee, run_copies_to_stdout_and_files, .timeout = 10)
{
	char *paths[] = {"my_a.txt", "my_b.txt"};
	char buf[64];
	int p[2];

	cr_assert(pipe2(p, O_CLOEXEC) == 0);
	int in = input_of("some data\n");
	cr_expect(tee_run(in, p[1], paths, 2, 0) == 0);
	close(in);
	close(p[1]);
	ssize_t n = read(p[0], buf, sizeof buf - 1);
	close(p[0]);
	cr_expect(n == 10 && memcmp(buf, "some data\n", 10) == 0);
	slurp("my_a.txt", buf, sizeof buf);
	cr_expect_str_eq(buf, "some data\n");
	slurp("my_b.txt", buf, sizeof buf);
	cr_expect_str_eq(buf, "some data\n");
}

Test(my_tee, run_goes_on_past_bad_outputs, .timeout = 10)
{
	char *paths[] = {"no/such/dir/x", "/dev/full", "my_c.txt"};
	char buf[64];
	int out = open("/dev/null", O_WRONLY | O_CLOEXEC);
	int in = input_of("more data\n");

	cr_expect(tee_run(in, out, paths, 3, 0) == 1);
	close(in);
	close(out);
	slurp("my_c.txt", buf, sizeof buf);
	cr_expect_str_eq(buf, "more data\n");
}

Test(my_tee, run_stops_when_every_output_failed, .timeout = 10)
{
	int out = open("/dev/full", O_WRONLY | O_CLOEXEC);
	int in = input_of("data\n");

	cr_expect(tee_run(in, out, NULL, 0, 0) == 1);
	close(in);
	close(out);
}

Test(my_tee, run_reports_a_read_error, .timeout = 10)
{
	int out = open("/dev/null", O_WRONLY | O_CLOEXEC);

	cr_expect(tee_run(-1, out, NULL, 0, 1) == 1);
	close(out);
}

Test(my_raw, write_and_errors, .timeout = 10)
{
	int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);

	errno = 77;
	cr_expect(raw_write(fd, "abc", 3) == 3);
	close(fd);
	cr_expect(raw_write(fd, "abc", 3) == -EBADF);
	cr_expect(errno == 77);
}
