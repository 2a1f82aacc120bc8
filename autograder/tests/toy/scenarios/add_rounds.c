/* add_rounds.c - add() again and again in one process (the races scenario)
 *
 *     add_rounds [ROUNDS]
 *
 * The worker calls add() ROUNDS times (default 3), counts the sums that
 * were right and tells the observer each sum; the observer checks the sums
 * itself and expects ROUNDS rounds, ROUNDS sums verified and no failure.
 */
#include <stdlib.h>
#include "add.h"
#include "scenario.h"

static long rounds(int argc, char *argv[])
{
	return argc > 1 ? atol(argv[1]) : 3;
}

static int scenario_run(int argc, char *argv[], struct scenario_account *a)
{
	for (long i = 0; i < rounds(argc, argv); i++) {
		int sum = add((int)i, 1);
		scenario_tell("%d", sum);
		if (sum == (int)i + 1)
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
		if (atol(line) == i + 1)
			seen->verified++;
		else
			scenario_wrong(l, "sum %ld was %s", i + 1, line);
	}
}

static void scenario_expect(int argc, char *argv[], struct scenario_account *a)
{
	a->rounds = rounds(argc, argv);
	a->verified = a->rounds;
}

SCENARIO_MAIN
