/* Expect: exit=1 score=0 text="replaces the one of the C library" */
/* A global exit() would replace the C library's inside the test runner
 * and the scenario observers.  Refused at build. */
#include "add.h"

void exit(int status)
{
	(void)status;
	for (;;)
		;
}

int add(int a, int b)
{
	return a + b;
}
