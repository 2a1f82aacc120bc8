/* verdict.h - one official test's verdict, from what its run left behind */
#ifndef VERDICT_H
#define VERDICT_H

#include "grade.h"
#include "sandbox.h"

#include <cjson/cJSON.h>

/* Everything the grader observed of one run of one test. */
struct test_evidence {
	enum job_end end;      /* how the runner ended */
	int exit_code;         /* its status, when it exited */
	const char *how;       /* the runner's end in words (job_describe) */
	const cJSON *report;   /* Criterion's report line for the test, or NULL */
	int ended;             /* GRADED()'s end marker, with this run's nonce, is there */
	const char *not_graded;/* the reason a "notgraded" marker gives, or NULL */
	double timeout;        /* the test's own limit in seconds, 0 if none */
	const char *tail;      /* the last lines of the test's output, "" if none */
};

/* PASSED only when the runner exited 0, the report says "passed" and the end
 * marker is there; NOT_GRADED when the test said a tool it needs cannot run
 * here; FAILED otherwise, with what happened in *output (malloc'd; NULL for
 * a pass).  Pure: reads only e. */
enum verdict verdict_of_test(const struct test_evidence *e, char **output);

#endif
