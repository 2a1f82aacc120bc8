/* thread_mmaps.c - two mmap() calls in the main thread, then two in a
 * second thread; run under strace's fault injection, it shows that strace
 * counts the calls of each thread, not of the whole process
 *
 * MAP_ANONYMOUS is Linux's and the BSDs' (POSIX has it only since 2024),
 * hence _GNU_SOURCE.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

/* Map and unmap one page, twice, saying which call failed. */
static void two_maps(const char *who)
{
	for (int i = 1; i <= 2; i++) {
		void *m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		printf("%s mmap %d: %s\n", who, i, m == MAP_FAILED ? "failed" : "ok");
		if (m != MAP_FAILED)
			munmap(m, 4096);
	}
}

static void *worker(void *arg)
{
	(void)arg;
	two_maps("thread's");
	return NULL;
}

int main(void)
{
	pthread_t t;
	int err;

	two_maps("main's  ");
	if ((err = pthread_create(&t, NULL, worker, NULL)) != 0) {
		fprintf(stderr, "thread_mmaps: pthread_create: %s\n", strerror(err));
		return 1;
	}
	pthread_join(t, NULL);
	return 0;
}
