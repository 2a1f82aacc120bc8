/* Expect: exit=1 score=0 text="is an ifunc" */
/* A static ifunc: its resolver runs in the dynamic loader, before main,
 * in the runner and in every scenario observer, where it could read the
 * environment the harness has not yet wiped.  Local, so nm -g misses it. */
#include "add.h"
#include <stdlib.h>

typedef int add_fn(int, int);

static int plain_add(int a, int b)
{
	return a + b;
}

static add_fn *resolve_add(void)
{
	exit(0);
	return plain_add;
}

static int early_add(int, int) __attribute__((ifunc("resolve_add")));

int add(int a, int b)
{
	return early_add(a, b);
}
