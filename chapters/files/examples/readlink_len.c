/* readlink_len.c - readlink() returns a length and writes no NUL */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	char buf[64];

	if (symlink("a/long/target/name", "long") < 0 || symlink("tiny", "short") < 0) {
		perror("readlink_len");
		return 1;
	}
	memset(buf, '#', sizeof buf);
	ssize_t n = readlink("long", buf, sizeof buf);
	printf("long -> %.*s (%zd bytes)\n", (int)n, buf, n);
	n = readlink("short", buf, sizeof buf);
	printf("short -> %.*s (%zd bytes)\n", (int)n, buf, n);
	printf("buf used as a C string: %.20s\n", buf);
	buf[n] = '\0';     /* the terminator is the caller's job */
	printf("after buf[n] = 0:       %s\n", buf);
	return 0;
}
