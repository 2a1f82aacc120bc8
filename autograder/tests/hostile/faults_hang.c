/* Expect: exit=1 zero=faults text="did not finish in 4 s" */
/* Right sums, but when a read fails add_file() waits for the disk to come
 * back, retrying once a second without end: the faults check must report
 * the hang as a time-out within the lab's limit. */
#include "add.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int add(int a, int b)
{
	return a + b;
}

int add_file(const char *path, int *sum)
{
	char buf[64];
	int a, b;
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf, sizeof buf - 1)) < 0)
		sleep(1);
	close(fd);
	buf[n] = '\0';
	if (sscanf(buf, "%d %d", &a, &b) != 2) {
		errno = EINVAL;
		return -1;
	}
	*sum = add(a, b);
	return 0;
}
