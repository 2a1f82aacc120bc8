/* Expect: exit=1 zero=performance text="client request to the instruction counter" */
/* Switches callgrind's counting off around the slow work: a count the
 * program can change earns nothing. */
#include "add.h"
#include <valgrind/callgrind.h>

int add(int a, int b)
{
	int sum = a;

	CALLGRIND_TOGGLE_COLLECT;
	for (int i = 0; i < b; i++)
		sum++;
	for (int i = 0; i > b; i--)
		sum--;
	CALLGRIND_TOGGLE_COLLECT;
	return sum;
}
