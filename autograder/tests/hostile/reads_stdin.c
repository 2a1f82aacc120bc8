/* Expect: exit=1 score=0 text="did not finish" seconds=90 */
/* Reads stdin inside a test: Criterion gives the test process a pipe that
 * never ends, so the test must fail on its limit, not hang the grader. */
#include "add.h"
#include <unistd.h>

int add(int a, int b)
{
	char c;
	while (read(0, &c, 1) > 0)
		;
	return a + b;
}
