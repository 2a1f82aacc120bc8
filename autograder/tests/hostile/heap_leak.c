/* Expect: exit=1 text="definitely lost" also="hint: read chapters/pipes/index.md#pitfalls" */
/* Right answers, but every call loses a block: the leaks check quotes
 * Valgrind's first error and the line of add.c behind it. */
#include "add.h"
#include <stdlib.h>
#include <string.h>

int add(int a, int b)
{
	char *scratch = malloc(64);
	memset(scratch, 0, 64);
	return a + b + scratch[0];
}
