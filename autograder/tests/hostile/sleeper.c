/* Expect: exit=1 score=0 text="did not finish" seconds=90 */
/* Blocks without using CPU, so only the wall clock can stop it. */
#include "add.h"
#include <unistd.h>

int add(int a, int b)
{
	for (;;)
		pause();
	return a + b;
}
