/* partial_write.c - write() on a socket may take only part of the buffer
 *
 * A non-blocking write of 4 MiB into a connected socket takes what fits in
 * the kernel's buffers and returns that count.  write_all() is the loop
 * every sender needs: write, advance by what was taken, wait with poll()
 * until the socket can take more, repeat.  A forked reader counts the bytes.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define TOTAL (4 << 20)

/* Write all len bytes of p to the non-blocking fd.  Returns 0, or -1 on error. */
static int write_all(int fd, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n > 0) {
			p += n;
			len -= n;
		} else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
			struct pollfd w = {fd, POLLOUT, 0};
			poll(&w, 1, -1);
		} else {
			return -1;
		}
	}
	return 0;
}

int main(void)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0) {
		perror("socketpair");
		return 1;
	}
	char *data = malloc(TOTAL);
	memset(data, 'x', TOTAL);
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	ssize_t first = write(sv[0], data, TOTAL);   /* nobody reads yet */
	printf("one write() of %d bytes took fewer: %s\n", TOTAL,
	       first > 0 && first < TOTAL ? "yes" : "no");
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		close(sv[0]);
		long got = 0;
		ssize_t n;
		char buf[65536];
		while ((n = read(sv[1], buf, sizeof buf)) > 0)
			got += n;
		printf("reader: %ld bytes arrived\n", got);
		return 0;
	}
	close(sv[1]);
	int rc = write_all(sv[0], data + first, TOTAL - first);
	close(sv[0]);                   /* end of file for the reader */
	waitpid(pid, NULL, 0);
	printf("write_all: %s\n", rc == 0 ? "every byte sent" : "failed");
	free(data);
	return 0;
}
