/* verdict_test.c - the three witnesses of a pass, and the words for a failure */
#include "verdict.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

static enum verdict judge(struct test_evidence *e, const char *report, char **out)
{
	cJSON *r = report ? cJSON_Parse(report) : NULL;
	e->report = r;
	if (!e->how)
		e->how = "exited with status 0";
	if (!e->tail)
		e->tail = "";
	enum verdict v = verdict_of_test(e, out);
	cJSON_Delete(r);
	return v;
}

#define PASSED_REPORT "{\"status\":\"passed\",\"asserts\":[]}"

Test(verdict, three_witnesses_pass, .description = "exit 0, a passed report and the end marker: passed")
{
	struct test_evidence e = {.end = JOB_EXITED, .ended = 1};
	char *out;
	cr_expect_eq(judge(&e, PASSED_REPORT, &out), PASSED);
	cr_expect_null(out);
}

Test(verdict, no_marker_fails, .description = "a passed report without the end marker is a failure")
{
	struct test_evidence e = {.end = JOB_EXITED, .ended = 0};
	char *out;
	cr_expect_eq(judge(&e, PASSED_REPORT, &out), FAILED);
	cr_expect(strstr(out, "stopped before its last line"), "%s", out);
}

Test(verdict, runner_status_counts, .description = "a pass with a failing runner status is a failure")
{
	struct test_evidence e = {.end = JOB_EXITED, .exit_code = 1, .ended = 1,
				  .how = "exited with status 1"};
	char *out;
	cr_expect_eq(judge(&e, PASSED_REPORT, &out), FAILED);
}

Test(verdict, no_report_fails, .description = "no report line: the runner was cut short")
{
	struct test_evidence e = {.end = JOB_EXITED, .ended = 1};
	char *out;
	cr_expect_eq(judge(&e, NULL, &out), FAILED);
	cr_expect(strstr(out, "without reporting a result"), "%s", out);
}

Test(verdict, timeout_in_words, .description = "a runner killed for time says so, with its limit")
{
	struct test_evidence e = {.end = JOB_TIMED_OUT, .how = "did not finish in 2 s (killed)"};
	char *out;
	cr_expect_eq(judge(&e, PASSED_REPORT, &out), FAILED);
	cr_expect(strstr(out, "did not finish in 2 s"), "%s", out);
}

Test(verdict, asserts_in_order, .description = "failed assertions are quoted in the order the report gives")
{
	struct test_evidence e = {.end = JOB_EXITED, .exit_code = 1, .ended = 0};
	char *out;
	cr_expect_eq(judge(&e, "{\"status\":\"failed\",\"asserts\":[{\"message\":\"first\"},"
			       "{\"message\":\"second\"}]}", &out), FAILED);
	cr_expect_str_eq(out, "first\nsecond\n");
}

Test(verdict, crash_names_the_signal, .description = "a crashed test names its signal")
{
	struct test_evidence e = {.end = JOB_EXITED, .exit_code = 1};
	char *out;
	cr_expect_eq(judge(&e, "{\"status\":\"failed\",\"crashed\":true,\"signal\":11,\"asserts\":[]}",
			   &out), FAILED);
	cr_expect(strstr(out, "crashed: Segmentation fault (signal 11)"), "%s", out);
}

Test(verdict, not_graded_is_never_a_pass, .description = "a test whose tool cannot run is not graded, never passed")
{
	struct test_evidence e = {.end = JOB_EXITED, .not_graded = "strace cannot trace here"};
	char *out;
	cr_expect_eq(judge(&e, "{\"status\":\"skipped\",\"asserts\":[]}", &out), NOT_GRADED);
	cr_expect(strstr(out, "strace cannot trace here"), "%s", out);
}
