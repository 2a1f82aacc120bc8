/* add_rounds.c - add() again and again in one process (the races scenario)
 *
 *     add_rounds [ROUNDS]
 *
 * The worker calls add() ROUNDS times (default 3) and counts the sums that
 * were right; the observer expects ROUNDS rounds and no failure.
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
		if (add((int)i, 1) == (int)i + 1)
			a->rounds++;
		else
			a->failures++;
	}
	return a->failures != 0;
}

static void scenario_expect(int argc, char *argv[], struct scenario_account *a)
{
	a->rounds = rounds(argc, argv);
}

SCENARIO_MAIN
