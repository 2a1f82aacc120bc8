/* tee_faults.c - the tee command line on a known input, for the faults check
 *
 *     tee_faults
 *
 * The faults check runs this under strace and makes one write(2) of tee
 * fail at a time (ENOSPC, EIO) or be interrupted (EINTR).  Run as a plain
 * program its standard input would be /dev/null and tee would write
 * nothing, so this wrapper makes input.txt (tee_input.h), moves it onto
 * standard input and out0.txt onto standard output, and then runs the lab's
 * own command line (tee_main.c's main, renamed) as "tee out1.txt
 * out2.txt".  It exits with tee's status; 3 when it could not set up.
 *
 * It writes input.txt with pwrite(2), never write(2), so that every
 * write(2) strace counts is one of tee's.  The descriptors it opens are
 * moved onto 0 and 1, so any descriptor above 2 still open at the end was
 * left by tee.  tee_verify checks the outputs afterwards.
 */
#define _GNU_SOURCE
#define main tee_main
#include "tee_main.c"
#undef main

#include "tee_input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int setup_failed(const char *what)
{
	fprintf(stderr, "tee_faults: cannot %s: %s\n", what, strerror(errno));
	return 3;
}

/* Write the whole input into path with pwrite(2).  Returns 0 or -1. */
static int make_input(const char *path)
{
	char block[4096];
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	for (long off = 0; off < TEE_INPUT_BYTES; off += (long)sizeof block) {
		long n = TEE_INPUT_BYTES - off < (long)sizeof block ? TEE_INPUT_BYTES - off
								   : (long)sizeof block;
		for (long i = 0; i < n; i++)
			block[i] = tee_input_byte(off + i);
		if (pwrite(fd, block, (size_t)n, off) != n) {
			close(fd);
			return -1;
		}
	}
	return close(fd);
}

/* Open path with flags and make it descriptor target.  Returns 0 or -1. */
static int open_onto(const char *path, int flags, int target)
{
	int fd = open(path, flags, 0644);
	if (fd < 0)
		return -1;
	if (fd != target && dup2(fd, target) < 0) {
		close(fd);
		return -1;
	}
	if (fd != target)
		close(fd);
	return 0;
}

int main(void)
{
	if (make_input("input.txt") < 0)
		return setup_failed("write input.txt");
	if (open_onto("input.txt", O_RDONLY, STDIN_FILENO) < 0)
		return setup_failed("open input.txt");
	if (open_onto(tee_outputs[0], O_WRONLY | O_CREAT | O_TRUNC, STDOUT_FILENO) < 0)
		return setup_failed("open out0.txt");
	char *argv[] = {"tee", (char *)tee_outputs[1], (char *)tee_outputs[2], NULL};
	return tee_main(3, argv);
}
