/* Expect: exit=1 text="was still open when the program exited" also="hint: read chapters/pipes/index.md#descriptor-leaks" */
/* Right answers, but every call leaves a socket open: memcheck's
 * --track-fds lists it as "Open AF_UNIX socket N", not as a file. */
#include "add.h"
#include <sys/socket.h>

int add(int a, int b)
{
	socket(AF_UNIX, SOCK_STREAM, 0);
	return a + b;
}
