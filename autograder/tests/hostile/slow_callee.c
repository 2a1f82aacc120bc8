/* Expect: exit=1 zero=performance text="where they went: count_up" */
/* The slow work hidden in a function outside the collected set ("add",
 * "add_*"): what add() calls is counted too. */
#include "add.h"

int count_up(int from, int steps);

int count_up(int from, int steps)
{
	for (int i = 0; i < steps; i++)
		from++;
	for (int i = 0; i > steps; i--)
		from--;
	return from;
}

int add(int a, int b)
{
	return count_up(a, b);
}
