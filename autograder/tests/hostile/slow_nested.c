/* Expect: exit=1 zero=performance text="where they went: add_slowly" */
/* The slow work in a second collected function ("add_*") called by add():
 * callgrind's --toggle-collect would switch counting off inside it; the
 * count of the calls into the set from outside still includes it. */
#include "add.h"

int add_slowly(int from, int steps);

int add_slowly(int from, int steps)
{
	for (int i = 0; i < steps; i++)
		from++;
	for (int i = 0; i > steps; i--)
		from--;
	return from;
}

int add(int a, int b)
{
	return add_slowly(a, b);
}
