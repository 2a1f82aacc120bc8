/* build.h - stage a submission under build/ and build it: the build check */
#ifndef BUILD_H
#define BUILD_H

#include "grade.h"

/* What the build produced, for the checks after it. */
struct built {
	int compiled;            /* the student files compiled and may be run */
	char *runner;            /* the official test runner, or NULL */
	char *runner_failure;    /* why it is missing */
	char *coverage_runner;   /* the student's tests built with --coverage, or NULL */
	char *coverage_objects;  /* where its .gcno and .gcda files are */
	char *coverage_failure;  /* why it is missing */
	int programs_ok;         /* every program of lab.json was built */
	char *programs_failure;  /* why not */
};

/* Copies the lab to g->src and lays the student files over it.  Returns 0,
 * or -1 when a student file is missing (said on stderr). */
int build_stage(struct grade *g);

/* Problems with the compiled objects (code before main, replaced library
 * functions), one per line, or NULL when there are none (inspect.c). */
char *inspect_objects(struct grade *g, char **objects, const char *log);

#endif
