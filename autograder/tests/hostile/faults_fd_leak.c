/* Expect: exit=1 zero=faults text="descriptor 3 was still open when the program exited" */
/* Right sums and the right message, but add_file() returns early when a
 * read fails and never closes the file: only the error path leaks it. */
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
	if (n < 0)
		return -1;
	close(fd);
	buf[n] = '\0';
	if (sscanf(buf, "%d %d", &a, &b) != 2) {
		errno = EINVAL;
		return -1;
	}
	*sum = add(a, b);
	return 0;
}
