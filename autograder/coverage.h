/* coverage.h - what the coverage check reads in the student's test run */
#ifndef COVERAGE_H
#define COVERAGE_H

/* The student tests that failed, from the text of the Criterion runner's
 * stderr ("[FAIL] suite::name: ..."): "suite/name, suite/other" in the
 * order they failed, or NULL when none did.  *timed_out is set to the
 * number of them that were killed for time ("Timed out").  Returns
 * malloc'd text.  Pure: reads only text. */
char *coverage_failed_tests(const char *log, int *timed_out);

#endif
