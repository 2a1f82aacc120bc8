/* partial_write.c - write() on a socket may take only part of the buffer
 *
 * A non-blocking write of 4 MiB into a loopback TCP connection takes what
 * fits in the kernel's buffers (the sender's, and the receiver's window)
 * and returns that count.  write_all() is the loop every sender needs:
 * write, advance by what was taken, wait with poll() until the socket can
 * take more, repeat.  A forked reader counts the bytes.
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
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
		} else if (n < 0 && errno == EINTR) {
			continue;
		} else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			struct pollfd w = {fd, POLLOUT, 0};
			if (poll(&w, 1, -1) < 0 && errno != EINTR)
				return -1;
		} else {
			return -1;
		}
	}
	return 0;
}

/* A connected pair over loopback TCP: sv[0] the client, sv[1] the
 * accepted end.  Returns 0, or -1 (errno set). */
static int tcp_pair(int sv[2])
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	socklen_t len = sizeof a;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (lfd < 0)
		return -1;
	if (bind(lfd, (struct sockaddr *)&a, sizeof a) < 0 || listen(lfd, 1) < 0 ||
	    getsockname(lfd, (struct sockaddr *)&a, &len) < 0 ||
	    (sv[0] = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0 ||
	    connect(sv[0], (struct sockaddr *)&a, sizeof a) < 0 ||
	    (sv[1] = accept(lfd, NULL, NULL)) < 0) {
		int err = errno;
		close(lfd);
		errno = err;
		return -1;
	}
	close(lfd);
	return 0;
}

int main(void)
{
	int sv[2];
	if (tcp_pair(sv) < 0) {
		perror("partial_write: connect");
		return 1;
	}
	char *data = malloc(TOTAL);
	if (!data) {
		perror("partial_write: malloc");
		return 1;
	}
	memset(data, 'x', TOTAL);
	int flags = fcntl(sv[0], F_GETFL);
	if (flags < 0 || fcntl(sv[0], F_SETFL, flags | O_NONBLOCK) < 0) {
		perror("partial_write: fcntl");
		return 1;
	}
	ssize_t first = write(sv[0], data, TOTAL);   /* nobody reads yet */
	if (first < 0) {
		perror("partial_write: write");
		return 1;
	}
	printf("one write() of %d bytes took fewer: %s\n", TOTAL,
	       first > 0 && first < TOTAL ? "yes" : "no");
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		perror("partial_write: fork");
		return 1;
	}
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
