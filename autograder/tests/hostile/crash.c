/* Expect: exit=1 score=0 text="crashed: killed by signal 11 (Segmentation fault)" */
#include "add.h"
#include <stddef.h>

int add(int a, int b)
{
	volatile int *p = NULL;
	return *p + a + b;
}
