/* verdict.c - the one place that decides whether an official test passed
 *
 * Three witnesses must agree for a pass (labs/README.md, "Threat model"):
 * the runner's exit status, Criterion's report, written by a hook in the
 * runner where student code never runs, and the end marker GRADED() writes
 * after the test's last line, with a nonce student code never sees.  Every
 * other combination is a failure, said in words.
 */
#define _GNU_SOURCE
#include "verdict.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static char *failed_asserts(const cJSON *report)
{
	struct sbuf b;
	sbuf_init(&b);
	const cJSON *a;
	cJSON_ArrayForEach(a, cJSON_GetObjectItem(report, "asserts")) {
		const cJSON *m = cJSON_GetObjectItem(a, "message");
		sbuf_printf(&b, "%s\n", cJSON_IsString(m) && m->valuestring[0] ? m->valuestring
			    : "an assertion failed");
	}
	return b.s;
}

/* Why a test that Criterion did not call passed failed. */
static char *failure(const struct test_evidence *e)
{
	const cJSON *r = e->report;
	int sig = (int)cJSON_GetNumberValue(cJSON_GetObjectItem(r, "signal"));
	int code = (int)cJSON_GetNumberValue(cJSON_GetObjectItem(r, "exit_code"));
	if (cJSON_IsTrue(cJSON_GetObjectItem(r, "timed_out")))
		return xprintf("did not finish within the test's limit of %g s "
			       "(a read that never sees end-of-file? a wait that never returns?)",
			       e->timeout);
	if (cJSON_IsTrue(cJSON_GetObjectItem(r, "crashed")))
		return sig ? xprintf("crashed: %s (signal %d)\n%s", strsignal(sig), sig, e->tail)
			   : xprintf("the test process stopped before the end of the test "
				     "(exit or _exit called from your code?)\n%s", e->tail);
	if (!cJSON_GetArraySize(cJSON_GetObjectItem(r, "asserts")) && code != 0)
		return xprintf("the test process exited with status %d before the end of the "
			       "test (exit or _exit called from your code?)", code);
	char *msgs = failed_asserts(r);
	if (msgs[0])
		return msgs;
	free(msgs);
	const char *m = cJSON_GetStringValue(cJSON_GetObjectItem(r, "message"));
	return xstrdup(m ? m : "the test failed");
}

enum verdict verdict_of_test(const struct test_evidence *e, char **output)
{
	const char *status = cJSON_GetStringValue(cJSON_GetObjectItem(e->report, "status"));
	*output = NULL;
	if (e->end != JOB_EXITED) {
		*output = xprintf("the test %s\n%s", e->how, e->tail);
		return FAILED;
	}
	if (e->not_graded && status && !strcmp(status, "skipped")) {
		*output = xprintf("not graded on this machine: %s", e->not_graded);
		return NOT_GRADED;
	}
	if (!e->report || !status) {
		*output = xprintf("the test runner %s without reporting a result "
				  "(did your code exit or kill the test process?)", e->how);
		return FAILED;
	}
	if (strcmp(status, "passed")) {
		*output = failure(e);
		return FAILED;
	}
	if (!e->ended) {
		*output = xstrdup("the test stopped before its last line without failing an "
				  "assertion: your code ended the test process early (exit() or "
				  "_exit() in the process under test?)");
		return FAILED;
	}
	if (e->exit_code != 0) {
		*output = xprintf("the test runner %s although the test reported a pass", e->how);
		return FAILED;
	}
	return PASSED;
}
