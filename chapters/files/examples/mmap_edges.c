/* mmap_edges.c - what mmap() refuses, and what a mapping does when its
 * file shrinks: the rest of the last page reads as zeros, the pages after
 * it raise SIGBUS
 *
 * Makes the files "empty" and "shrinks" in the current directory (run it in
 * an empty one).  Offsets are printed relative to the page size, so the
 * output is the same with 4 KiB, 16 KiB or 64 KiB pages.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static sigjmp_buf jump;

static void on_sigbus(int sig)
{
	(void)sig;
	siglongjmp(jump, 1);
}

/* Reads byte off of map under a SIGBUS guard and prints what happened.
 * sigsetjmp(jump, 1) saves the signal mask, so that siglongjmp out of the
 * handler unblocks SIGBUS again and a second fault is caught as well. */
static void touch(const char *map, long off, const char *label)
{
	if (sigsetjmp(jump, 1) == 0)
		printf("  %-14s %d\n", label, map[off]);
	else
		printf("  %-14s SIGBUS\n", label);
}

/* Prints how mmap(len, prot, flags, fd, off) went: "mapped" or the errno. */
static void try_map(const char *what, size_t len, int prot, int fd, off_t off)
{
	void *p = mmap(NULL, len, prot, MAP_SHARED, fd, off);

	if (p == MAP_FAILED)
		printf("%-44s %s\n", what, errno == EINVAL ? "EINVAL" : errno == EACCES ? "EACCES" : strerror(errno));
	else {
		printf("%-44s mapped\n", what);
		munmap(p, len);
	}
}

/* Creates path holding size bytes 'x'.  Returns 0, or -1 with errno set. */
static int make_file(const char *path, long size)
{
	char block[4096];
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0)
		return -1;
	memset(block, 'x', sizeof block);
	for (long left = size; left > 0;) {
		ssize_t n = write(fd, block, left < (long)sizeof block ? (size_t)left : sizeof block);
		if (n < 0) {
			close(fd);
			return -1;
		}
		left -= n;
	}
	return close(fd);
}

int main(void)
{
	long page = sysconf(_SC_PAGESIZE);
	struct sigaction sa = {.sa_handler = on_sigbus}, old;
	int empty, fd;
	char *map;

	if (make_file("empty", 0) < 0 || make_file("shrinks", 2 * page) < 0 ||
	    (empty = open("empty", O_RDONLY | O_CLOEXEC)) < 0 ||
	    (fd = open("shrinks", O_RDONLY | O_CLOEXEC)) < 0) {
		perror("mmap_edges: cannot make the files");
		return 1;
	}
	try_map("mmap of 0 bytes:", 0, PROT_READ, empty, 0);
	try_map("offset 100, not a page multiple:", 100, PROT_READ, fd, 100);
	try_map("PROT_WRITE, MAP_SHARED, O_RDONLY descriptor:", 100, PROT_READ | PROT_WRITE, fd, 0);
	close(empty);
	map = mmap(NULL, 2 * page, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);          /* the mapping keeps the file */
	sigemptyset(&sa.sa_mask);
	if (map == MAP_FAILED || sigaction(SIGBUS, &sa, &old) < 0) {
		perror("mmap_edges");
		return 1;
	}
	printf("a mapping of 2 pages over a 2-page file:\n");
	touch(map, 10, "byte 10");
	if (truncate("shrinks", 100) < 0) {    /* another process could do this at any time */
		perror("mmap_edges: truncate");
		return 1;
	}
	printf("after truncate to 100 bytes:\n");
	touch(map, 10, "byte 10");
	touch(map, 100, "byte 100");
	touch(map, page - 1, "byte page-1");
	touch(map, page, "byte page");
	touch(map, 2 * page - 1, "byte 2*page-1");
	munmap(map, 2 * page);
	if (sigaction(SIGBUS, &old, NULL) < 0) {
		perror("mmap_edges: sigaction");
		return 1;
	}
	return 0;
}
