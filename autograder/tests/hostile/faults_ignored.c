/* Expect: exit=1 zero=faults text="exited with status 0, expected 1" */
/* Right sums, but add_file() ignores a read that fails: it reports the sum
 * 0 + 0 as a success, so adder prints 0 and exits 0 when the file cannot
 * be read (strace injects EIO into the read). */
#include "add.h"

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
	int a = 0, b = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	sscanf(buf, "%d %d", &a, &b);
	*sum = add(a, b);
	return 0;
}
