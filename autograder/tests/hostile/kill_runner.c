/* Expect: exit=1 score=0 */
/* Kills the Criterion runner that supervises the test. */
#include "add.h"
#include <signal.h>
#include <unistd.h>

int add(int a, int b)
{
	kill(getppid(), SIGKILL);
	return a + b;
}
