/* once.c - lazy initialisation with pthread_once(): eight threads ask for
 * the table at the same moment, and it is built exactly once
 */
#include <pthread.h>
#include <stdio.h>

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

int main(void)
{
	pthread_t t[THREADS];
	long sums[THREADS];

	pthread_barrier_init(&start, NULL, THREADS);
	for (int i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, worker, &sums[i]);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	printf("%d threads each read squares()[12] = %ld\n", THREADS, sums[0]);
	printf("build_table() ran %d time%s\n", builds, builds == 1 ? "" : "s");
	pthread_barrier_destroy(&start);
	return 0;
}
