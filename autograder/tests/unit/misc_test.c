/* misc_test.c - hints in descriptions, the Classroom result's encoding, the student tests that failed */
#include "classroom.h"
#include "coverage.h"
#include "grade.h"
#include "util.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

Test(hint, taken_from_the_end, .description = "the hint is the last [chapter#anchor] of a description")
{
	char *h = hint_of("two commands give what sh gives [pipes#plumbing]");
	cr_expect_str_eq(h, "pipes#plumbing");
	free(h);
	cr_expect_null(hint_of("no hint here [just brackets]"));
	cr_expect_null(hint_of("none at all"));
}

Test(classroom, base64_of_known_text, .description = "base64 as RFC 4648 gives it, without line breaks")
{
	char *b = classroom_base64("any carnal pleas", 16);
	cr_expect_str_eq(b, "YW55IGNhcm5hbCBwbGVhcw==");
	free(b);
}

Test(classroom, scores_stay_integers_and_add_up, .description = "results.json becomes a runner result whose integer scores add up to the grader's total")
{
	char *path = xprintf("%s/logs/results.json", UNIT_DIR);
	cJSON *r = classroom_runner_result(path, 0);
	free(path);
	cr_assert(r);
	cr_expect_eq(cJSON_GetObjectItem(r, "max_score")->valuedouble, 20);
	double sum = 0;
	cJSON *t;
	cJSON_ArrayForEach(t, cJSON_GetObjectItem(r, "tests")) {
		double s = cJSON_GetObjectItem(t, "score")->valuedouble;
		cr_expect_eq(s, (long)s, "score %g is not an integer", s);
		sum += s;
	}
	cr_expect_eq(sum, 13);
	cJSON_Delete(r);
}

Test(classroom, missing_results_is_an_error_result, .description = "no results.json gives status error, never a crash")
{
	cJSON *r = classroom_runner_result("/nonexistent/results.json", 7);
	cr_assert(r);
	cr_expect_str_eq(cJSON_GetObjectItem(r, "status")->valuestring, "error");
	cr_expect_eq(cJSON_GetObjectItem(r, "max_score")->valuedouble, 7);
	cJSON_Delete(r);
}

#include "../../../labs/common/tag.h"

Test(tag, siphash_reference_vectors, .description = "SipHash-2-4 gives the reference vectors (key 00..0f, message 00..)")
{
	unsigned char key[16], msg[16];
	for (int i = 0; i < 16; i++)
		key[i] = msg[i] = (unsigned char)i;
	cr_expect_eq(tag_siphash(key, msg, 0), 0x726fdb47dd0e0e31ULL);
	cr_expect_eq(tag_siphash(key, msg, 8), 0x93f5f5799a932462ULL);
	cr_expect_eq(tag_siphash(key, msg, 15), 0xa129ca6149be45e5ULL);
}

Test(tag, one_test_tells_nothing_of_another, .description = "tags differ by test and by nonce")
{
	char a[17], b[17], c[17];
	tag_of("0123456789abcdef01234567", "end", "pipeline/two_commands", a);
	tag_of("0123456789abcdef01234567", "end", "pipeline/one_command", b);
	tag_of("1123456789abcdef01234567", "end", "pipeline/two_commands", c);
	cr_expect_str_neq(a, b);
	cr_expect_str_neq(a, c);
	cr_expect_eq(strlen(a), 16);
}

Test(coverage, failed_tests_are_named, .description = "the student's failing tests are named from Criterion's [FAIL] lines, time-outs counted")
{
	char *path = xprintf("%s/logs/criterion-failures.log", UNIT_DIR);
	char *log = read_file(path, NULL, 0);
	cr_assert(log, "cannot read %s", path);
	int timed_out = -1;
	char *failed = coverage_failed_tests(log, &timed_out);
	cr_expect_str_eq(failed, "mine/crashes, mine/fails, mine/hangs");
	cr_expect_eq(timed_out, 1);
	free(failed);
	cr_expect_null(coverage_failed_tests("[====] Synthesis: Tested: 1 | Passing: 1\n", &timed_out));
	cr_expect_eq(timed_out, 0);
	free(log);
	free(path);
}

Test(by_hand, paths_from_the_scratch_directory, .description = "paths in a by-hand command are relative to the directory it starts in")
{
	char *p = path_from("/r/build/x/work/scratch/test-001", "/r/build/x/bin");
	cr_expect_str_eq(p, "../../../bin");
	free(p);
	p = path_from("/r/build/x/work/scratch/test-001", "/r/build/x/official-tests");
	cr_expect_str_eq(p, "../../../official-tests");
	free(p);
	char *argv[] = {"../../../official-tests", "--filter=tee/empty input", NULL};
	char *c = by_hand("/r", "/r/build/x/work/scratch/test-001", NULL, "LAB_BIN=../../../bin", argv);
	cr_expect_str_eq(c, "cd build/x/work/scratch/test-001 && LAB_BIN=../../../bin "
			 "../../../official-tests '--filter=tee/empty input'");
	free(c);
}

Test(by_hand, starts_from_a_fresh_directory, .description = "a by-hand command first makes its directory again, as the graded run found it, so it can be run twice")
{
	char *argv[] = {"../../../official-tests", "--filter=save/creates_new_file", NULL};
	char *c = by_hand("/r", "/r/build/x/work/scratch/test-002", UNIT_DIR, NULL, argv);
	char *want = "rm -rf build/x/work/scratch/test-002 && cp -R " UNIT_DIR
		     " build/x/work/scratch/test-002 && cd build/x/work/scratch/test-002 && "
		     "../../../official-tests --filter=save/creates_new_file";
	cr_expect_str_eq(c, want);
	free(c);
	c = by_hand("/r", "/r/s/t", "/r/no/such/data", NULL, argv);
	cr_expect_str_eq(c, "rm -rf s/t && mkdir -p s/t && cd s/t && ../../../official-tests "
			 "--filter=save/creates_new_file");
	free(c);
}

Test(by_hand, path_inside_the_directory, .description = "a path under the directory needs no ..")
{
	char *p = path_from("/r/build", "/r/build/bin/x");
	cr_expect_str_eq(p, "bin/x");
	free(p);
}
