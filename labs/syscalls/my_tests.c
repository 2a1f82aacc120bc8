/* my_tests.c - your own tests of tee.c and rawwrite.c
 *
 * The coverage check builds these tests with --coverage and measures which
 * lines of tee.c and rawwrite.c they run: reach 80% of the lines.  One
 * worked example is below; add your own in the same shape, e.g. tee_read()
 * at end of file and on a bad descriptor, tee_open() with and without
 * append, tee_run() with a file that cannot be opened, with /dev/full among
 * the outputs, with an input descriptor that is not open, raw_write() on a
 * closed descriptor.
 *
 * The functions take descriptors, so a test can hand them a pipe or a file
 * made on the spot, all in this process.
 *
 * Run them with: make check lab=syscalls (the coverage line shows the figure
 * and where the HTML report with the uncovered lines is).
 */
#define _GNU_SOURCE
#include "tee.h"

#include <criterion/criterion.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

/* Worked example: tee_write_all() into a pipe, then read the pipe back. */
Test(my_tee, write_all_into_a_pipe, .timeout = 10)
{
	int p[2];
	char buf[16] = "";

	cr_assert(pipe2(p, O_CLOEXEC) == 0, "pipe2 failed");
	int rc = tee_write_all(p[1], "hello\n", 6);
	close(p[1]);
	ssize_t n = read(p[0], buf, sizeof buf - 1);
	close(p[0]);

	cr_expect(rc == 0, "tee_write_all() returned %d, expected 0", rc);
	cr_expect(n == 6 && memcmp(buf, "hello\n", 6) == 0,
		  "the pipe held %zd bytes \"%s\", expected \"hello\\n\"", n, buf);
}
