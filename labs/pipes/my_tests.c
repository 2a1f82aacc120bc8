/* my_tests.c - your own tests of pipeline.c and collector.c
 *
 * The coverage check builds these tests with --coverage and measures which
 * lines of pipeline.c and collector.c they run: reach 80% of the lines.
 * One worked example is below; add your own in the same shape, e.g. a
 * missing command (status 127), a "< file" that does not exist, a command
 * killed by a signal, a record split over two reads, a record too long.
 *
 * Lines that a child runs on its way to _exit() count as not run: gcov
 * writes a process's counts when it calls exit() or just before an exec,
 * and _exit() skips that.  A child that fails (a "< file" that cannot be
 * opened, a command not found) ends in _exit(), as it must; such tests
 * still check what the child does, but for coverage test the parent's
 * paths too (a pipeline that cannot start, the statuses it reports, the
 * collector's records).
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
