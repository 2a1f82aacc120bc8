/* Expect: exit=1 score=0 text="never returned: the process that called it exited with status 0" */
/* Criterion alone reports a test that calls exit(0) as passed. */
#include "add.h"
#include <stdlib.h>

int add(int a, int b)
{
	(void)a, (void)b;
	exit(0);
}
