/* once.c - lazy initialisation with pthread_once(): eight threads ask for
 * the table at the same moment, and it is built exactly once
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THREADS 8

static pthread_once_t table_once = PTHREAD_ONCE_INIT;
static int table[256];
static int builds;                      /* how many times build_table() ran */
static pthread_barrier_t start;

static void build_table(void)
{
	for (int i = 0; i < 256; i++)
		table[i] = i * i;
	builds++;                       /* safe: pthread_once runs this once */
}

/* The table, built on first use. */
static const int *squares(void)
{
	pthread_once(&table_once, build_table);
	return table;
}

static void *worker(void *arg)
{
	long *sum = arg;

	pthread_barrier_wait(&start);   /* all first calls at the same moment */
	*sum = squares()[12];
	return NULL;
}

/* Exit with a message when a pthread call returned the error err. */
static void check(int err, const char *what)
{
	if (err) {
		// The other threads may wait at the barrier for ever: end them all.
		fprintf(stderr, "once: %s: %s\n", what, strerror(err));
		exit(1);
	}
}

int main(void)
{
	pthread_t t[THREADS];
	long sums[THREADS];
	int right = 0;

	check(pthread_barrier_init(&start, NULL, THREADS), "pthread_barrier_init");
	for (int i = 0; i < THREADS; i++)
		check(pthread_create(&t[i], NULL, worker, &sums[i]), "pthread_create");
	for (int i = 0; i < THREADS; i++) {
		check(pthread_join(t[i], NULL), "pthread_join");
		right += sums[i] == 144;
	}
	printf("%d of %d threads read squares()[12] = 144\n", right, THREADS);
	printf("build_table() ran %d time%s\n", builds, builds == 1 ? "" : "s");
	pthread_barrier_destroy(&start);
	return 0;
}
