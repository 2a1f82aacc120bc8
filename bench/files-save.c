/* files-save.c - the cost of a crash-safe save against a plain rewrite
 *
 *     files-save MODE ROUNDS
 *
 * MODE: atomic (atomic_save() of the solution), inplace (open with O_TRUNC,
 * write, close), inplace-fsync (the same with fsync before close).  Saves
 * a 4 KiB file ROUNDS times in the current directory and prints the
 * microseconds per save.  Built twice by bench/files-save: once as is, once
 * with fsync() wrapped into a call that does nothing (-Wl,--wrap=fsync).
 */
#define _GNU_SOURCE
#include "save.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int __real_fsync(int fd);

/* With -Wl,--wrap=fsync: the fsync that does nothing. */
int __wrap_fsync(int fd)
{
	(void)fd;
	return 0;
}

static int inplace(const char *path, const char *data, size_t len, int sync)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0 || write(fd, data, len) != (ssize_t)len || (sync && fsync(fd) < 0))
		return -1;
	return close(fd);
}

int main(int argc, char *argv[])
{
	char data[4096];
	struct timespec a, b;

	if (argc != 3)
		return 2;
	int rounds = atoi(argv[2]);
	memset(data, 'x', sizeof data);
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (int i = 0; i < rounds; i++) {
		data[0] = (char)('a' + i % 26);
		int rc = !strcmp(argv[1], "atomic") ? atomic_save("bench.txt", data, sizeof data) :
			 inplace("bench.txt", data, sizeof data, !strcmp(argv[1], "inplace-fsync"));
		if (rc < 0) {
			perror("files-save");
			return 1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	double us = ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / 1e3 / rounds;
	printf("%.1f\n", us);
	return 0;
}
