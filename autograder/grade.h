/* grade.h - one grading of one lab: where it happens and what it found
 *
 * Every check records what it found as items: one per official test, one per
 * scenario, one for the build.  Items hold only what was observed; score.c
 * derives every point from them.
 */
#ifndef GRADE_H
#define GRADE_H

#include "check.h"
#include "lab.h"

enum verdict {
	FAILED,               /* ran, and did not do what was asked (the default) */
	PASSED,               /* ran to its end and did what was asked */
	NOT_GRADED,           /* a tool it needs cannot run on this machine */
	SKIPPED,              /* not run, for the reason in note */
};

/* A failure without words is a grader bug; the self-test looks for this. */
#define GRADER_LOST_DETAILS "(the grader recorded no details for this failure: a grader bug, please report it)"

/* One graded thing: an official test, a scenario, the build. */
struct item {
	const struct check *check;
	char *name;           /* "pipeline/two_commands", a scenario's name, "build" */
	char *description;    /* what it checks */
	enum verdict verdict;
	int weight;           /* its share of the check: a test's points, 1 for a scenario */
	int earned;           /* of weight, set by the check (build with warnings: half) */
	char *note;           /* one line for the check's row, or why it was skipped */
	char *output;         /* for a failure: what was expected, what happened */
	char *hint;           /* chapter#anchor, or NULL */
	char *reproduce;      /* the command that shows the failure by hand, or NULL */
	double seconds;       /* wall time of the longest run behind it */
	int settled;          /* its check has decided it (item_settle) */
	int score, max;       /* points in the total: set by score.c only */
};

struct built;

struct grade {
	struct lab *lab;
	char *root;           /* the course tree, absolute */
	char *impl_dir;       /* where the student files came from, absolute */
	char *impl_label;     /* how to name it in the report */
	char *out;            /* build/NAME, absolute */
	char *src;            /* the staged lab */
	char *bin;            /* built programs */
	char *work;           /* scratch directories and logs */
	int jobs;             /* runs at once */
	char *test_glob;      /* grade only the official tests that match, or NULL */
	char **only;          /* the checks asked for (--checks), or NULL for all */
	int partial;          /* not every check or test is graded: the total is not a grade */
	int table_last;       /* the report prints what to fix before the table (make watch) */
	int first_loss;       /* --first-loss: stop grading at the first point lost */
	struct built *built;  /* what the build produced (build.h) */
	struct item **items;  /* each allocated alone: running jobs keep pointers */
	int nitems;
	char *coverage_report;/* path of gcovr's HTML, if written */
	double seconds;
};

/* A new item of check, failing with "not run" until its check settles it. */
struct item *grade_add_item(struct grade *g, const struct check *check, const char *name,
			    int weight);
/* The item of check called name, or NULL. */
struct item *grade_item(struct grade *g, const struct check *check, const char *name);
/* Settle an item: verdict, earned points (weight when passed), and output
 * (taken over; NULL for a pass). */
void item_settle(struct item *it, enum verdict v, char *output);
/* Marks it skipped, for why: the first line is its note, all of it the output. */
void item_skip(struct item *it, const char *why);
/* Marks every item of check that did not pass skipped, for why: its first
 * line is the note, all of it the output. */
void grade_skip(struct grade *g, const struct check *check, const char *why);
/* Has any item been settled with fewer points than its weight? */
int grade_lost_points(const struct grade *g);
/* Points of the official tests passed so far. */
int grade_behaviour_earned(struct grade *g);
/* Did the official test "suite/name" pass? */
int grade_test_passed(struct grade *g, const char *test);

/* Is check one this grading was asked to run? */
int grade_selected(struct grade *g, const struct check *check);

/* The hint in "text [chapter#anchor]", malloc'd, or NULL. */
char *hint_of(const char *description);

#endif
