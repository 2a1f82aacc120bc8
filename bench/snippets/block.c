
#include <unistd.h>

/* A call that never returns, like a read no writer will ever end. */
static void hostile_snippet(void)
{
	for (;;)
		pause();
}
