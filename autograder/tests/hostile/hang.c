/* Expect: exit=1 score=0 text="did not finish" seconds=90 */
#include "add.h"

int add(int a, int b)
{
	for (volatile int spin = 1; spin;)
		;
	return a + b;
}
