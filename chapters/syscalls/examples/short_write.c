/* short_write.c - the kernel may write less than asked: go on from there
 *
 * A pipe shrunk to one page (4096 bytes) and put in non-blocking mode
 * accepts only what fits, so write() returns a short count instead of
 * waiting.  A blocking write can be cut short the same way when a signal
 * arrives while it waits.  write_all() keeps going from the first byte the
 * kernel did not take.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define LEN 10000

/* Write all of buf, waiting with poll() when the pipe is full; the reader
 * end is drained into sink as we go.  Returns the number of write calls. */
static int write_all(int fd, const char *buf, size_t len, int reader, size_t *sunk)
{
	char sink[LEN];
	int calls = 0;

	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		calls++;
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			return -1;
		if (n > 0) {
			buf += n;
			len -= (size_t)n;
		}
		// Play the reader's part: empty the pipe so the next write fits.
		ssize_t r = read(reader, sink, sizeof sink);
		if (r > 0)
			*sunk += (size_t)r;
	}
	return calls;
}

int main(void)
{
	static char data[LEN];
	int p[2];
	size_t sunk = 0;

	memset(data, 'x', sizeof data);
	if (pipe2(p, O_NONBLOCK | O_CLOEXEC) < 0 || fcntl(p[1], F_SETPIPE_SZ, 4096) < 0)
		return 1;
	ssize_t n = write(p[1], data, LEN);
	printf("asked to write %d bytes, the kernel took %zd\n", LEN, n);
	ssize_t r = read(p[0], data, sizeof data);
	printf("the reader got %zd\n", r);

	int calls = write_all(p[1], data, LEN, p[0], &sunk);
	printf("write_all: %d calls for %d bytes, the reader got %zu\n", calls, LEN, sunk);
	close(p[0]);
	close(p[1]);
	return 0;
}
