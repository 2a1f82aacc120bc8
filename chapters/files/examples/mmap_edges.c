/* mmap_edges.c - an empty file cannot be mapped, and a mapping outlives the
 * end of a file that shrinks: the rest of its last page reads as zeros, the
 * pages after it raise SIGBUS
 */
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

/* Read byte off of map under a SIGBUS guard: prints what happened. */
static void touch(const char *map, long off)
{
	if (sigsetjmp(jump, 1) == 0)
		printf("byte %5ld: %d\n", off, map[off]);
	else
		printf("byte %5ld: SIGBUS\n", off);
}

int main(void)
{
	long page = sysconf(_SC_PAGESIZE);
	struct sigaction sa = {.sa_handler = on_sigbus};
	char block[8192];

	int empty = open("empty", O_RDWR | O_CREAT | O_TRUNC, 0644);
	void *p = mmap(NULL, 0, PROT_READ, MAP_PRIVATE, empty, 0);
	printf("mmap of 0 bytes: %s\n", p == MAP_FAILED && errno == EINVAL ? "EINVAL" : "mapped?");
	close(empty);

	int fd = open("shrinks", O_RDWR | O_CREAT | O_TRUNC, 0644);
	memset(block, 'x', sizeof block);
	if (fd < 0 || write(fd, block, 2 * page) != 2 * page)
		return 1;
	char *map = mmap(NULL, 2 * page, PROT_READ, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED)
		return 1;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, NULL);
	touch(map, 10);
	if (ftruncate(fd, 100) < 0)    /* another process could do this at any time */
		return 1;
	printf("after ftruncate to 100 bytes:\n");
	touch(map, 10);
	touch(map, 100);
	touch(map, page - 1);
	touch(map, page);
	munmap(map, 2 * page);
	close(fd);
	return 0;
}
