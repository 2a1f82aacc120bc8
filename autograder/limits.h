/* limits.h - how long a run of student code may take */
#ifndef LIMITS_H
#define LIMITS_H

#include "grade.h"
#include "sandbox.h"

#define TEST_FLOOR_SECONDS 2       /* an official test or a scenario */
#define COVERAGE_FLOOR_SECONDS 15  /* the student's own tests, which may do more */

/* Gives job the wall-clock limit for the run called key ("suite/name",
 * "leaks/NAME"): ten times the reference solution's time for it
 * (labs/NAME/timing.json), at least floor seconds, at most ceiling; ceiling
 * itself when the run was never timed.  Once HANGS_BEFORE_SHORT runs of this
 * grading have hung, later runs get the short limit instead (see limits.c). */
void limits_apply(struct grade *g, struct job *job, const char *key, int floor, int ceiling);
/* Gives job, which runs every run named in keys, parallel at a time, three
 * times their summed solution times over parallel, at least 10 s, at most
 * ceiling; ceiling when any of them was never timed. */
void limits_apply_batch(struct grade *g, struct job *job, char **keys, int parallel,
			int ceiling);
/* Counts job as hung when it ran out of time. */
void limits_note_end(const struct job *job);

#endif
