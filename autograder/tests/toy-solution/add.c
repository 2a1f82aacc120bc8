/* add.c - the fixture's reference solution */
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
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	int err = errno;
	close(fd);
	if (n < 0) {
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
