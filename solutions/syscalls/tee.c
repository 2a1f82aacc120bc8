/* tee.c - copy standard input to standard output and to files, with system calls only
 *
 * Every byte goes through read(2) and write(2) on raw descriptors: no FILE,
 * no stdio buffer between the kernel and the outputs, so what is read is
 * written at once, and every failure is seen where it happens.  The kernel
 * may write less than it was asked (a short write) or give up on a call
 * because a signal arrived (EINTR); both are normal, and both are handled in
 * tee_read() and tee_write_all() so that the rest of the file never sees them.
 *
 * The reference solution (solutions/syscalls/tee.c).
 */
#include "tee.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Big enough that a 1 GiB copy costs 8192 reads, not 262144. */
#define TEE_BUFSIZE (128 * 1024)

/* One place the data goes. */
struct output {
	int fd;                /* its descriptor, or -1 once it has failed */
	const char *name;      /* the file name, or NULL for standard output */
};

ssize_t tee_read(int fd, void *buf, size_t len)
{
	for (;;) {
		ssize_t n = read(fd, buf, len);
		if (n >= 0 || errno != EINTR)
			return n;
	}
}

int tee_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		// A short write: go on from the first byte the kernel did not take.
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int tee_open(const char *path, int append)
{
	int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC);

	return open(path, flags, 0666);
}

/* Say on stderr that what failed on the output called name (NULL: stdout). */
static void report(const char *what, const char *name, int err)
{
	if (name)
		fprintf(stderr, "tee: %s '%s': %s\n", what, name, strerror(err));
	else
		fprintf(stderr, "tee: %s standard output: %s\n", what, strerror(err));
}

/* Fill outs[] with out and every file that opens; report the others.
 * Returns the number of outputs; sets *failed when a file did not open. */
static int open_outputs(struct output *outs, int out, char *const paths[],
			int npaths, int append, int *failed)
{
	int n = 0;

	outs[n++] = (struct output){out, NULL};
	for (int i = 0; i < npaths; i++) {
		int fd = tee_open(paths[i], append);
		if (fd < 0) {
			report("cannot open", paths[i], errno);
			*failed = 1;
			continue;
		}
		outs[n++] = (struct output){fd, paths[i]};
	}
	return n;
}

/* Write one chunk to every output still working.  An output whose write
 * fails is reported and written no more.  Returns how many still work. */
static int write_outputs(struct output *outs, int n, const char *buf, size_t len,
			 int *failed)
{
	int working = 0;

	for (int i = 0; i < n; i++) {
		if (outs[i].fd < 0)
			continue;
		if (tee_write_all(outs[i].fd, buf, len) < 0) {
			report("cannot write", outs[i].name, errno);
			*failed = 1;
			if (outs[i].name)
				close(outs[i].fd);
			outs[i].fd = -1;
			continue;
		}
		working++;
	}
	return working;
}

/* Copy in to the outputs until end of file, a read error, or until no
 * output is left.  Sets *failed on a read or write error. */
static void copy(int in, struct output *outs, int n, int *failed)
{
	static char buf[TEE_BUFSIZE];

	for (;;) {
		ssize_t got = tee_read(in, buf, sizeof buf);
		if (got == 0)
			return;
		if (got < 0) {
			fprintf(stderr, "tee: cannot read standard input: %s\n",
				strerror(errno));
			*failed = 1;
			return;
		}
		if (write_outputs(outs, n, buf, (size_t)got, failed) == 0)
			return;
	}
}

/* Close every file still open (never out); report a failed close. */
static void close_outputs(struct output *outs, int n, int *failed)
{
	for (int i = 0; i < n; i++) {
		if (!outs[i].name || outs[i].fd < 0)
			continue;
		if (close(outs[i].fd) < 0) {
			report("cannot close", outs[i].name, errno);
			*failed = 1;
		}
		outs[i].fd = -1;
	}
}

int tee_run(int in, int out, char *const paths[], int npaths, int append)
{
	int failed = 0;
	struct output *outs = malloc(((size_t)npaths + 1) * sizeof *outs);

	if (!outs) {
		fprintf(stderr, "tee: cannot allocate memory\n");
		return 1;
	}
	int n = open_outputs(outs, out, paths, npaths, append, &failed);
	copy(in, outs, n, &failed);
	close_outputs(outs, n, &failed);
	free(outs);
	return failed;
}
