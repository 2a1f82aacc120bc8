/* observed.h - what the checks that run lab programs as scenarios share
 * (leaks, races, faults): the observer's witness and the rule that their
 * points wait for behaviour points */
#ifndef OBSERVED_H
#define OBSERVED_H

#include "grade.h"
#include "sandbox.h"

/* Gives a run of a scenario program (labs/common/scenario.h) a nonce of its
 * own in $GRADED_NONCE, for its observer's "scenario complete" line. */
void observed_arm(struct job *j);
/* The observer's line for this run, "scenario complete NONCE: ", in the
 * program's stdout: NULL if it is there, else why it is missing, malloc'd. */
char *observed_missing_witness(struct job *j);
/* NULL when a scenario check can run now; else why not, malloc'd.  Their
 * points follow behaviour points: with none earned there is nothing to win,
 * and a program that hangs would only make the student wait. */
char *observed_blocked(struct grade *g);

#endif
