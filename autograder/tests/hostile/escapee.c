/* Expect: exit=1 survivors=hostile-escapee */
/* Right answers, but a daemon left behind: setsid() leaves the process
 * group, so only the subreaper can still find it. */
#include "add.h"
#include <fcntl.h>
#include <sys/prctl.h>
#include <unistd.h>

int add(int a, int b)
{
	if (fork() == 0) {
		setsid();
		if (fork() == 0) {
			/* A daemon lets go of its output, so only its survival is at issue. */
			int null = open("/dev/null", O_RDWR);
			dup2(null, 0), dup2(null, 1), dup2(null, 2);
			prctl(PR_SET_NAME, "hostile-escapee");
			sleep(300);
		}
		_exit(0);
	}
	return a + b;
}
