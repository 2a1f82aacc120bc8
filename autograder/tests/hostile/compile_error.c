/* Expect: exit=1 score=0 text="did not compile" */
#include "add.h"

int add(int a, int b)
{
	return a + b
}
