/* Expect: exit=1 score=0 text="defines nn_socket()" */
/* Criterion talks to its runner through nanomsg: a global nn_socket() in
 * student code replaces the library's in the runner itself, which never
 * wipes its environment.  Refused at build, like a replaced exit(). */
#include "add.h"
#include <stdlib.h>

int nn_socket(int domain, int protocol)
{
	(void)domain;
	(void)protocol;
	exit(0);
}

int add(int a, int b)
{
	return a + b;
}
