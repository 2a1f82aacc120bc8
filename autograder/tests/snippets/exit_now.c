
/* exit_now.c - planted at the start of a student function: exit(0) at
 * once, doing none of the work (Criterion alone calls that a pass). */
#include <stdlib.h>

static void hostile_snippet(void)
{
	exit(0);
}
