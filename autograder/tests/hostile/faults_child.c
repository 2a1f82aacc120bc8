/* Expect: exit=1 zero=faults text="still running when it exited" */
/* Right sums and the right message, but when a read fails add_file()
 * starts a child to try again later and never waits for it: the program
 * exits while its child still runs. */
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

	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	int err = errno;
	close(fd);
	if (n < 0) {
		if (fork() == 0) {
			sleep(2);
			_exit(0);
		}
		errno = err;
		return -1;
	}
	buf[n] = '\0';
	if (sscanf(buf, "%d %d", &a, &b) != 2) {
		errno = EINVAL;
		return -1;
	}
	*sum = add(a, b);
	return 0;
}
