/* Expect: exit=1 score=0 seconds=90 */
/* Writes without end to stdout and stderr. */
#include "add.h"
#include <string.h>
#include <unistd.h>

int add(int a, int b)
{
	char line[4096];
	memset(line, 'y', sizeof line);
	for (;;)
		if (write(1, line, sizeof line) < 0 || write(2, line, sizeof line) < 0)
			break;
	return a + b;
}
