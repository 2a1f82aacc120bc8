/* Expect: exit=1 score=0 text="exited with status 3" */
#include "add.h"
#include <unistd.h>

int add(int a, int b)
{
	(void)a, (void)b;
	_exit(3);
}
