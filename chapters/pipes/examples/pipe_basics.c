/* pipe_basics.c - a pipe is a kernel buffer with a write end and a read end
 *
 * One process writes into a pipe and reads the bytes back: not useful on
 * its own, but it shows the two descriptors, the FIFO order of the bytes,
 * and the two sizes that matter: PIPE_BUF and the pipe's capacity.
 *
 * F_GETPIPE_SZ is Linux's, hence _GNU_SOURCE.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	int fd[2];             /* fd[0] is the read end, fd[1] the write end */
	char buf[64];

	if (pipe(fd) < 0) {
		perror("pipe_basics: pipe");
		return 1;
	}
	const char *msg = "first line\nsecond line\n";
	ssize_t w = write(fd[1], msg, strlen(msg));
	ssize_t r = read(fd[0], buf, sizeof buf - 1);
	if (w < 0 || r < 0) {
		perror("pipe_basics: write or read");
		return 1;
	}
	buf[r] = '\0';
	printf("wrote %zd bytes, read %zd bytes:\n%s", w, r, buf);
	printf("PIPE_BUF (atomic write limit): %d bytes\n", PIPE_BUF);
	printf("capacity of this pipe: %d bytes\n", fcntl(fd[1], F_GETPIPE_SZ));
	close(fd[0]);
	close(fd[1]);
	return 0;
}
