/* add_many.c - add() many times in one process (the performance workload)
 *
 *     add_many SUMS add|reference
 *
 * The worker computes SUMS sums i + 1000 with add(), or with the fixture's
 * own reference_add() (the baseline), and tells the observer each one; the
 * observer checks them itself.  The performance check counts the
 * instructions spent in add() (or reference_add()) and what it calls.
 */
#include <stdlib.h>
#include <string.h>
#include "add.h"
#include "scenario.h"

#define SECOND 1000     /* large enough that adding by counting shows */

static long sums(int argc, char *argv[])
{
	return argc > 1 ? atol(argv[1]) : 2000;
}

static int use_reference(int argc, char *argv[])
{
	return argc > 2 && !strcmp(argv[2], "reference");
}

/* The baseline: what a plain a + b costs at the lab's -O0. */
static int reference_add(int a, int b)
{
	return a + b;
}

static int scenario_run(int argc, char *argv[], struct scenario_account *a)
{
	int reference = use_reference(argc, argv);

	for (long i = 0; i < sums(argc, argv); i++) {
		int sum = reference ? reference_add((int)i, SECOND) : add((int)i, SECOND);
		scenario_tell("%d", sum);
		if (sum == (int)i + SECOND)
			a->rounds++;
		else
			a->failures++;
	}
	return a->failures != 0;
}

/* The observer: the sums the worker told, checked again. */
static void scenario_verify(int argc, char *argv[], struct scenario_link *l,
			    struct scenario_account *seen)
{
	(void)argc;
	(void)argv;
	char line[32];

	for (long i = 0; scenario_hear(l, line, sizeof line) == 0; i++) {
		if (atol(line) == i + SECOND)
			seen->verified++;
		else
			scenario_wrong(l, "sum %ld was %s", i + SECOND, line);
	}
}

static void scenario_expect(int argc, char *argv[], struct scenario_account *a)
{
	a->rounds = sums(argc, argv);
	a->verified = a->rounds;
}

SCENARIO_MAIN
