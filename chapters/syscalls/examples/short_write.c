/* short_write.c - the kernel may write less than asked: go on from there
 *
 * A pipe shrunk to one page and put in non-blocking mode accepts only what
 * fits, so write() returns a short count instead of waiting.  A blocking
 * write can be cut short the same way when a signal arrives while it waits.
 * write_all() keeps going from the first byte the kernel did not take.
 * The sizes follow the pipe's real size (F_GETPIPE_SZ): one page is 4096
 * bytes on x86-64, as printed below, but 16 or 64 KiB on some arm64 systems.
 * F_SETPIPE_SZ and pipe2 are Linux calls, hence _GNU_SOURCE.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define LEN_PER_PAGE 10000  /* bytes to write per 4096 bytes of pipe */

/* Write all of buf to the non-blocking fd.  This program is also the
 * pipe's reader: after each write it drains the pipe from reader, adding
 * the bytes to *sunk, so that the next write finds room (a real writer
 * would wait with poll() for the reader to make it).  Returns the number
 * of write calls, or -1 on an error other than EAGAIN and EINTR. */
static int write_all(int fd, const char *buf, size_t len, int reader, size_t *sunk)
{
	static char sink[65536];
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
	static char data[16 * LEN_PER_PAGE];
	int p[2];
	size_t sunk = 0;

	memset(data, 'x', sizeof data);
	if (pipe2(p, O_NONBLOCK | O_CLOEXEC) < 0 || fcntl(p[1], F_SETPIPE_SZ, 4096) < 0) {
		perror("short_write: pipe");
		return 1;
	}
	int size = fcntl(p[1], F_GETPIPE_SZ);      /* at least a page */
	if (size < 0 || size > 16 * 4096)
		return 1;
	size_t len = (size_t)size / 4096 * LEN_PER_PAGE;
	ssize_t n = write(p[1], data, len);
	printf("asked to write %zu bytes, the kernel took %zd\n", len, n);
	ssize_t r = read(p[0], data, sizeof data);
	printf("the reader got %zd\n", r);

	int calls = write_all(p[1], data, len, p[0], &sunk);
	printf("write_all: %d calls for %zu bytes, the reader got %zu\n", calls, len, sunk);
	close(p[0]);
	close(p[1]);
	return 0;
}
