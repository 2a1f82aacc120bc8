/* big_map.c - ask for 256 MiB with mmap() and with malloc(), touching none
 * of it
 *
 * Under Linux's default overcommit both succeed on any machine with that
 * much memory and swap.  limits.sh runs it under ulimit -v and ulimit -d
 * too, where both fail with ENOMEM: the easy way to test a program's
 * allocation failures.  MAP_ANONYMOUS is Linux's and the BSDs' (POSIX only
 * since 2024), hence _GNU_SOURCE.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#define SIZE ((size_t)256 << 20)

/* "ok", "ENOMEM" or "another error", from a call's success and errno. */
static const char *outcome(int ok)
{
	return ok ? "ok" : errno == ENOMEM ? "ENOMEM" : "another error";
}

int main(void)
{
	errno = 0;
	void *m = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("mmap(256 MiB):   %s\n", outcome(m != MAP_FAILED));
	if (m != MAP_FAILED)
		munmap(m, SIZE);
	errno = 0;
	void *p = malloc(SIZE);
	printf("malloc(256 MiB): %s\n", outcome(p != NULL));
	free(p);
	return 0;
}
