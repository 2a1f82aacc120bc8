/* classroom.h - turn the grader's results.json into a GitHub Classroom result
 *
 * GitHub Classroom's reporter (classroom-resources/autograding-grading-reporter)
 * reads, for every grading step, an output named `result`: the base64 of a small
 * JSON document with the step's tests and their scores.  Its own command grader
 * gives all or nothing per command; this converter gives each test its own
 * integer score, so the reporter adds up the partial credit the grader gave.
 */
#ifndef CLASSROOM_H
#define CLASSROOM_H

/* `grade classroom-result RESULTS_JSON [--max N]` (argv[0] is "classroom-result").
 *
 * Prints on one line the base64 (no line wraps) of the Classroom runner JSON
 * built from RESULTS_JSON.  When that file is missing or unreadable it still
 * prints a valid result, with status "error", score 0 and max_score N (0 when
 * --max is not given), and returns 0: the grading step must never fail, or the
 * job stops before the reporter runs.  Returns 2 only for bad arguments. */
int classroom_result_main(int argc, char **argv);

#include <stddef.h>
#include <cjson/cJSON.h>

/* The Classroom runner result (version, status, max_score, tests with
 * integer scores adding up to the total) for the results.json at path; an
 * error result when it cannot be read or parsed.  NULL only when out of
 * memory.  The caller frees it with cJSON_Delete(). */
cJSON *classroom_runner_result(const char *path, long max_hint);
/* data in base64, without line breaks, malloc'd; NULL when out of memory. */
char *classroom_base64(const char *data, size_t len);

#endif
