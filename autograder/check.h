/* check.h - one row of the table of checks (DESIGN.md, "Checks")
 *
 * main.c walks the table: every check the lab declares plans its items, then
 * phase by phase the checks that can run queue their jobs, the sandbox runs
 * them in parallel, and each check settles its items.  A check that cannot
 * run (its build failed, no test passes yet) has every item skipped with the
 * reason.  score.c then derives every total from the items alone.
 *
 * Adding a check is one file that defines its row and one line in checks.c.
 */
#ifndef CHECK_H
#define CHECK_H

struct grade;

struct check {
	const char *name;     /* its key in lab.json "points" and its row in the report */
	const char *unit;     /* what its items are, for "3 of 5 scenarios clean" */
	const char *passed;   /* what a passing item is: "passed", "clean" */
	int phase;            /* runs once every check of an earlier phase has finished */
	int scaled;           /* its points follow the share of behaviour points earned */
	/* Creates the check's items, each failing with "not run" until settled. */
	void (*plan)(struct grade *g);
	/* NULL when the check can run now; else why not, malloc'd. */
	char *(*blocked)(struct grade *g);
	/* Adds the check's jobs to the sandbox queue. */
	void (*queue)(struct grade *g);
	/* After the queue ran: settles the check's items.  May be NULL. */
	void (*finish)(struct grade *g);
};

/* Every check, in the order they are reported; NULL-terminated. */
extern const struct check *const checks[];

/* The row called name, or NULL. */
const struct check *check_named(const char *name);

extern const struct check check_build, check_behaviour, check_coverage, check_leaks,
	check_races, check_faults, check_performance;

#endif
