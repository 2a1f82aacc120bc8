
/* exit_second.c - planted at the start of a student function: the first
 * call in a process works, the second calls exit(0) instead of returning,
 * a real mistake (exit in a helper instead of return) that one-call tests
 * never see. */
#include <stdlib.h>

static void hostile_snippet(void)
{
	static int calls;

	if (++calls == 2)
		exit(0);
}
