/* Expect: exit=1 text="did not finish" seconds=90 */
/* Reads stdin.  Inside a test, Criterion gives the test process a pipe that
 * never ends, so those tests must fail on their limit, not hang the grader;
 * the adder program, run with stdin /dev/null, still gets end-of-file and passes. */
#include "add.h"
#include <unistd.h>

int add(int a, int b)
{
	char c;
	while (read(0, &c, 1) > 0)
		;
	return a + b;
}
