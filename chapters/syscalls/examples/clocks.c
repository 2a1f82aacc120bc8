/* clocks.c - three clocks, and which of them cost a system call
 *
 * clock_gettime() is answered in user space, by the vDSO (a small library
 * the kernel maps into every process), for the clocks it can read there:
 * CLOCK_REALTIME and CLOCK_MONOTONIC.  For a process's CPU time it has to
 * ask the kernel.  Run it under strace (clocks.sh does) to see only the
 * last one.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <time.h>

int main(void)
{
	static const struct {
		clockid_t id;           /* the clock */
		const char *name;       /* its name, as strace prints it */
	} clocks[] = {
		{CLOCK_REALTIME, "CLOCK_REALTIME"},
		{CLOCK_MONOTONIC, "CLOCK_MONOTONIC"},
		{CLOCK_PROCESS_CPUTIME_ID, "CLOCK_PROCESS_CPUTIME_ID"},
	};
	for (size_t i = 0; i < sizeof clocks / sizeof clocks[0]; i++) {
		struct timespec t;
		if (clock_gettime(clocks[i].id, &t) < 0) {
			perror("clocks: clock_gettime");
			return 1;
		}
		printf("read %s\n", clocks[i].name);
	}
	return 0;
}
