/* syscall_cost.c - the same bytes in 1-byte writes and in 4 KiB writes
 *
 * Each system call crosses into the kernel and back, which costs far more
 * than a function call.  Copying 64 KiB to /dev/null one byte at a time
 * makes 65536 calls; with a 4 KiB buffer it makes 16.  The counts go to
 * stdout, the times (which differ from run to run) to stderr.
 */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#define TOTAL (64 * 1024)
#define CHUNK (4 * 1024)

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Write TOTAL bytes to fd in chunks of size; returns the number of calls. */
static long copy(int fd, size_t size, double *seconds)
{
	static char buf[CHUNK];
	long calls = 0;
	double start = now();

	for (size_t done = 0; done < TOTAL; done += size) {
		if (write(fd, buf, size) != (ssize_t)size)
			return -1;
		calls++;
	}
	*seconds = now() - start;
	return calls;
}

int main(void)
{
	int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	double small, big;

	if (fd < 0)
		return 1;
	long a = copy(fd, 1, &small);
	long b = copy(fd, CHUNK, &big);
	close(fd);
	printf("1-byte writes: %ld calls\n", a);
	printf("4 KiB writes: %ld calls\n", b);
	printf("the big buffer was faster: %s\n", big < small ? "yes" : "no");
	fprintf(stderr, "1 byte: %.1f ms (%.0f ns a call); 4 KiB: %.3f ms\n",
		small * 1e3, small * 1e9 / a, big * 1e3);
	return 0;
}
