/* collector.c - send and receive whole records through a pipe or FIFO
 *
 * A record is sent as its bytes plus '\n' in one write(): at most PIPE_BUF
 * bytes, so the kernel never mixes them with another writer's bytes.  The
 * reader cannot rely on read() boundaries, though: one read() may return
 * several records and end in the middle of one, so it keeps the unfinished
 * tail and completes it with the next read().
 */
#include "collector.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

int collector_write_record(int fd, const char *rec, size_t len)
{
	char buf[PIPE_BUF];
	ssize_t n;

	if (len > COLLECTOR_RECORD_MAX || memchr(rec, '\n', len)) {
		errno = EINVAL;
		return -1;
	}
	memcpy(buf, rec, len);
	buf[len] = '\n';
	do
		n = write(fd, buf, len + 1);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	if ((size_t)n != len + 1) {
		errno = EIO;
		return -1;
	}
	return 0;
}

/* Deliver every whole record in buf[0..len).  Returns the bytes used. */
static size_t deliver(const char *buf, size_t len, collector_fn *fn, void *arg,
		      long *count)
{
	size_t used = 0;
	const char *nl;

	while ((nl = memchr(buf + used, '\n', len - used))) {
		fn(buf + used, nl - (buf + used), arg);
		(*count)++;
		used = nl + 1 - buf;
	}
	return used;
}

long collector_read(int fd, collector_fn *fn, void *arg)
{
	char buf[2 * PIPE_BUF];
	size_t have = 0;
	long count = 0;

	for (;;) {
		ssize_t n = read(fd, buf + have, sizeof buf - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		have += n;
		size_t used = deliver(buf, have, fn, arg, &count);
		memmove(buf, buf + used, have - used);
		have -= used;
		if (have > COLLECTOR_RECORD_MAX) {
			errno = EMSGSIZE;
			return -1;
		}
	}
	if (have > 0) {
		errno = EPROTO;
		return -1;
	}
	return count;
}
