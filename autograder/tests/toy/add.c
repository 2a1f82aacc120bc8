/* add.c - skeleton: return the sum of a and b; read two numbers from a file */
#include "add.h"

#include <errno.h>

int add(int a, int b)
{
	(void)a;
	(void)b;
	return 0;
}

int add_file(const char *path, int *sum)
{
	(void)path;
	(void)sum;
	errno = ENOSYS;
	return -1;
}
