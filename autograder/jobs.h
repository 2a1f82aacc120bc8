/* jobs.h - the jobs of one grading: student code under the lab's limits,
 * trusted tools in the staged lab, each in a scratch directory of its own */
#ifndef JOBS_H
#define JOBS_H

#include "grade.h"
#include "sandbox.h"

/* A fresh scratch directory under work/ holding a copy of the lab's data/;
 * malloc'd path. */
char *jobs_scratch(struct grade *g, const char *label);
/* A job running student code (argv, taken over) in scratch under the lab's
 * limits, its stdout and stderr in logdir. */
struct job *jobs_student(struct grade *g, char **argv, const char *scratch, const char *logdir);
/* A trusted job (compiler, make, gcovr) in the staged lab, its output in log. */
struct job *jobs_tool(struct grade *g, char **argv, const char *log, int seconds);
/* Frees a job made by either. */
void jobs_free(struct job *j);
/* Sets NAME=VALUE in a job's environment. */
void jobs_setenv(struct job *j, const char *name, const char *value);

#endif
