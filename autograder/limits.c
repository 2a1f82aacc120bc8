/* limits.c - wall-clock limits from the solution's own times
 *
 * A student whose code loops forever should hear so within a minute, not
 * after every test has waited out one generous limit (49 tests at 20 s is
 * eight minutes).  `make calibrate lab=NAME` records in labs/NAME/timing.json
 * how long the reference solution takes for each test and scenario; a run of
 * student code may take ten times that, and never less than 2 s, so a correct
 * submission on a busy machine still finishes (the student's own tests, which
 * may do more than the solution's, get at least 15 s).  Once three runs have hung,
 * the code under test hangs as a rule, and the runs not yet started get the
 * short limit: twice the solution's time, at least 1 s.  A run that hangs
 * is reported as "did not finish in N s" either way.
 */
#define _GNU_SOURCE
#include "limits.h"

#define FACTOR 10
#define HANGS_BEFORE_SHORT 3
#define BATCH_FLOOR_SECONDS 10
#define SHORT_FACTOR 2
#define SHORT_FLOOR_SECONDS 1

static int hangs;

/* The short limit, when it applies, replaces the job's limit as it starts. */
static void prepare(struct job *j)
{
	if (hangs < HANGS_BEFORE_SHORT || !j->short_seconds)
		return;
	if (j->short_seconds < j->limits.wall_seconds)
		j->limits.wall_seconds = j->short_seconds;
}

static int ceil_seconds(double s)
{
	int n = (int)s;
	return n < s ? n + 1 : n;
}

void limits_apply(struct grade *g, struct job *job, const char *key, int floor, int ceiling)
{
	double t = lab_timing(g->lab, key);
	int wall = ceiling, quick = ceiling;
	if (t > 0) {
		wall = ceil_seconds(t * FACTOR);
		wall = wall < floor ? floor : wall;
		quick = ceil_seconds(t * SHORT_FACTOR);
		quick = quick < SHORT_FLOOR_SECONDS ? SHORT_FLOOR_SECONDS : quick;
	}
	job->limits.wall_seconds = wall < ceiling ? wall : ceiling;
	job->short_seconds = quick < ceiling ? quick : ceiling;
	job->prepare = prepare;
}

void limits_note_end(const struct job *job)
{
	if (job->end == JOB_TIMED_OUT)
		hangs++;
}

void limits_apply_batch(struct grade *g, struct job *job, char **keys, int parallel,
			int ceiling)
{
	double sum = 0;
	for (char **k = keys; *k; k++) {
		double t = lab_timing(g->lab, *k);
		if (t <= 0) {
			job->limits.wall_seconds = ceiling;
			return;
		}
		sum += t;
	}
	int wall = ceil_seconds(3 * sum / (parallel > 0 ? parallel : 1));
	wall = wall < BATCH_FLOOR_SECONDS ? BATCH_FLOOR_SECONDS : wall;
	job->limits.wall_seconds = wall < ceiling ? wall : ceiling;
}
