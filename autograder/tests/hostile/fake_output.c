/* Expect: exit=1 score=0 */
/* Prints what a passing Criterion run prints, then leaves with status 0. */
#include "add.h"
#include <stdio.h>
#include <unistd.h>

int add(int a, int b)
{
	(void)a, (void)b;
	printf("[====] Synthesis: Tested: 3 | Passing: 3 | Failing: 0 | Crashing: 0\n");
	fprintf(stderr, "[PASS] add::small_numbers: Passed\ntoy: 16/16\n");
	fflush(NULL);
	_exit(0);
}
