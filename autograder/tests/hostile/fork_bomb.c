/* Expect: exit=1 score=0 survivors=hostile-bomb seconds=120 */
#include "add.h"
#include <sys/prctl.h>
#include <unistd.h>

int add(int a, int b)
{
	prctl(PR_SET_NAME, "hostile-bomb");
	for (;;)
		fork();
	return a + b;
}
