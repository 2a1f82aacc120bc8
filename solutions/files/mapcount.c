/* mapcount.c - count lines, words and bytes of a file, as wc does, through mmap
 *
 * The file is mapped read-only and walked like an array.  Three cases need
 * care: an empty file (mmap() refuses a length of 0, so it is counted
 * without a mapping), a file that is not regular (nothing of fixed length
 * to map), and a file that another process truncates while it is mapped:
 * touching a page past its new end raises SIGBUS, which is caught here for
 * the time of the count and turned into EIO.
 */
#define _GNU_SOURCE
#include "mapcount.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stddef.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Where SIGBUS jumps to while a count runs. */
static sigjmp_buf bus_jump;

static void on_sigbus(int sig)
{
	(void)sig;
	siglongjmp(bus_jump, 1);
}

static int is_space(unsigned char b)
{
	return b == ' ' || (b >= '\t' && b <= '\r');
}

/* Count len bytes at p into *c, as wc does in the C locale. */
static void count_bytes(const unsigned char *p, size_t len, struct counts *c)
{
	int in_word = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char b = p[i];
		if (b == '\n')
			c->lines++;
		if (is_space(b)) {
			in_word = 0;
		} else if (b > ' ' && b <= '~' && !in_word) {
			in_word = 1;
			c->words++;
		}
	}
	c->bytes = (long long)len;
}

/* Count the mapping of len bytes at p; 0, or -1 with EIO if the file
 * shrank under it. */
static int count_guarded(const unsigned char *p, size_t len, struct counts *c)
{
	struct sigaction sa = {.sa_handler = on_sigbus}, old;
	int rc = 0;

	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGBUS, &sa, &old) < 0)
		return -1;
	if (sigsetjmp(bus_jump, 1) == 0)
		count_bytes(p, len, c);
	else
		rc = -1;
	sigaction(SIGBUS, &old, NULL);
	if (rc < 0)
		errno = EIO;
	return rc;
}

/* Count the open file fd, whose status is st; 0 or -1 with errno set. */
static int count_fd(int fd, const struct stat *st, struct counts *c)
{
	if (S_ISDIR(st->st_mode) || !S_ISREG(st->st_mode)) {
		errno = S_ISDIR(st->st_mode) ? EISDIR : EINVAL;
		return -1;
	}
	if (st->st_size == 0)
		return 0;
	size_t len = (size_t)st->st_size;
	void *p = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		return -1;
	int rc = count_guarded(p, len, c);
	int err = errno;
	munmap(p, len);
	errno = err;
	return rc;
}

int mapcount(const char *path, struct counts *c)
{
	struct stat st;

	c->lines = c->words = c->bytes = 0;
	// O_NONBLOCK: opening a FIFO must not wait for a writer to come.
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fstat(fd, &st) < 0 ? -1 : count_fd(fd, &st, c);
	int err = errno;
	close(fd);
	errno = err;
	return rc;
}
