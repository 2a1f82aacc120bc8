/* Expect: exit=1 zero=performance text="could not be measured: the program exited with status" */
/* Right in the official tests, crashes on the performance workload's
 * second argument (1000): the workload earns nothing and says why. */
#include "add.h"
#include <signal.h>

int add(int a, int b)
{
	if (b == 1000)
		raise(SIGSEGV);
	return a + b;
}
