/* my_tests.c - your own tests of pipeline.c and collector.c
 *
 * The coverage check builds these tests with --coverage and measures which
 * lines of pipeline.c and collector.c they run: reach 80% of the lines.
 * One worked example is below; add your own in the same shape, e.g. a
 * missing command (status 127), a "< file" that does not exist, a command
 * killed by a signal, a record split over two reads, a record too long.
 *
 * Run them with: make check lab=pipes (the coverage line shows the figure
 * and where the HTML report with the uncovered lines is).
 */
#include "pipeline.h"
#include "collector.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

/* Read the first line of path into buf ("" if there is none). */
static void first_line(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");

	buf[0] = '\0';
	if (f) {
		if (!fgets(buf, size, f))
			buf[0] = '\0';
		fclose(f);
	}
}

/* Worked example: echo hello | tr a-z A-Z > my_out.txt, run in this process. */
Test(my_pipeline, two_commands_write_a_file, .timeout = 10)
{
	char *texts[] = {"echo hello", "tr a-z A-Z > my_out.txt"};
	const char *why;
	size_t bad;
	char line[64];

	struct command *cmds = pipeline_parse(2, texts, &why, &bad);
	cr_assert(cmds, "cannot parse: %s", why);
	int status = pipeline_run(cmds, 2);
	pipeline_free(cmds, 2);

	cr_expect(status == 0, "pipeline_run() returned %d, expected 0", status);
	first_line("my_out.txt", line, sizeof line);
	cr_expect(strcmp(line, "HELLO\n") == 0, "my_out.txt holds \"%s\", expected \"HELLO\\n\"",
		  line);
	remove("my_out.txt");
}

/* ---- the reference's own tests (what a student might write) ---- */

#include <errno.h>
#include <sys/wait.h>
#include <unistd.h>

/* Parse and run texts here; returns pipeline_run()'s result. */
static int run(size_t n, char *texts[])
{
	const char *why;
	size_t bad;
	struct command *cmds = pipeline_parse(n, texts, &why, &bad);

	cr_assert(cmds, "cannot parse: %s", why);
	int status = pipeline_run(cmds, n);
	pipeline_free(cmds, n);
	return status;
}

Test(my_pipeline, missing_command_is_127, .timeout = 10)
{
	char *texts[] = {"nosuchcommand-xyz"};
	cr_expect_eq(run(1, texts), 127);
}

Test(my_pipeline, not_executable_is_126, .timeout = 10)
{
	char *texts[] = {"/etc/passwd"};
	cr_expect_eq(run(1, texts), 126);
}

Test(my_pipeline, signal_is_128_plus_n, .timeout = 10)
{
	char *texts[] = {"seq 1 3", "sh -c 'kill -TERM $$'"};
	cr_expect_eq(run(2, texts), 143);
}

Test(my_pipeline, input_redirection_and_reaping, .timeout = 10)
{
	char *texts[] = {"cat < my_tests_in.txt", "wc -l > my_out.txt"};
	char line[64];
	FILE *f = fopen("my_tests_in.txt", "w");

	cr_assert(f);
	fputs("a\nb\nc\n", f);
	fclose(f);
	cr_expect_eq(run(2, texts), 0);
	first_line("my_out.txt", line, sizeof line);
	cr_expect_str_eq(line, "3\n");
	cr_expect(waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD, "a child was not reaped");
	remove("my_tests_in.txt");
	remove("my_out.txt");
}

Test(my_pipeline, missing_input_file_is_2, .timeout = 10)
{
	char *texts[] = {"cat < no-such-file-xyz"};
	cr_expect_eq(run(1, texts), 2);
}

Test(my_collector, round_trip, .timeout = 10)
{
	int p[2];
	char buf[32] = "";

	cr_assert(pipe(p) == 0);
	cr_expect_eq(collector_write_record(p[1], "rec", 3), 0);
	cr_expect_eq(read(p[0], buf, sizeof buf - 1), 4);
	cr_expect_str_eq(buf, "rec\n");
	close(p[0]);
	close(p[1]);
}

Test(my_collector, refuses_bad_records, .timeout = 10)
{
	static char big[PIPE_BUF];
	int fd = -1;

	errno = 0;
	cr_expect_eq(collector_write_record(fd, big, sizeof big), -1);
	cr_expect_eq(errno, EINVAL);
	cr_expect_eq(collector_write_record(fd, "a\nb", 3), -1);
	cr_expect_eq(collector_write_record(fd, "ab", 2), -1);
	cr_expect_eq(errno, EBADF);
}

static void count(const char *rec, size_t len, void *arg)
{
	(void)rec;
	(void)len;
	(*(long *)arg)++;
}

/* collector_read() of the bytes in text, written before the read starts. */
static long read_text(const char *text, size_t len, long *calls, int *err)
{
	int p[2];

	cr_assert(pipe(p) == 0);
	cr_assert(write(p[1], text, len) == (ssize_t)len);
	close(p[1]);
	*calls = 0;
	errno = 0;
	long n = collector_read(p[0], count, calls);
	*err = errno;
	close(p[0]);
	return n;
}

Test(my_collector, reads_records, .timeout = 10)
{
	long calls;
	int err;

	cr_expect_eq(read_text("x\nyy\nzzz\n", 9, &calls, &err), 3);
	cr_expect_eq(calls, 3);
}

Test(my_collector, unfinished_record_is_eproto, .timeout = 10)
{
	long calls;
	int err;

	cr_expect_eq(read_text("x\ny", 3, &calls, &err), -1);
	cr_expect_eq(err, EPROTO);
	cr_expect_eq(calls, 1);
}

Test(my_collector, overlong_record_is_emsgsize, .timeout = 10)
{
	static char big[PIPE_BUF + 10];
	long calls;
	int err;

	memset(big, 'x', sizeof big);
	cr_expect_eq(read_text(big, sizeof big, &calls, &err), -1);
	cr_expect_eq(err, EMSGSIZE);
}

Test(my_collector, bad_descriptor, .timeout = 10)
{
	long calls = 0;

	errno = 0;
	cr_expect_eq(collector_read(-1, count, &calls), -1);
	cr_expect_eq(errno, EBADF);
}
