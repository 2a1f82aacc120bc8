/* Expect: exit=1 score=0 text="code that runs before main" */
/* A constructor runs in the test runner before main, where the harness
 * trusts every line; it could rewrite the harness.  Refused at build. */
#include "add.h"
#include <stdlib.h>

__attribute__((constructor)) static void early(void)
{
	exit(0);
}

int add(int a, int b)
{
	return a + b;
}
