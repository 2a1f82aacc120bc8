/* pool_threads.c - many threads get and put objects of one pool at once
 *
 *     pool_threads THREADS ROUNDS
 *
 * The pool is declared with POOL_INITIALIZER and nothing touches it before
 * the threads start: they all wait at a barrier and make their first
 * pool_get() together, so its lazy set-up is raced for, as in a server whose
 * first requests arrive at once.  Each round, a thread takes a burst of
 * objects, writes its own bytes into each, checks them all once the burst
 * is complete (an object handed to two threads at once would hold the other
 * thread's bytes), and puts them back, more than a thread's cache can
 * hold, so that objects travel through the shared list.  Threads then end,
 * and their caches must go back to the pool.
 *
 * The races check runs this under DRD (valgrind --tool=drd), which reports
 * any access to shared memory that no lock or pthread_once() orders.  Each
 * thread also writes a checksum of what its objects held to pool_threads.N;
 * the observer computes what those must be and compares.
 */
#include "pool.h"
#include "scenario.h"

#include <sched.h>
#include <stdint.h>

#define OBJECT_SIZE 48
#define BALLAST 256
#define BURST_MAX 100         /* more than a thread cache holds: objects go through the shared list */

static struct pool objects = POOL_INITIALIZER(OBJECT_SIZE, BALLAST);
static pthread_barrier_t start;

struct worker {
	pthread_t thread;
	int id;
	long rounds;
	long bad;               /* objects found holding other bytes */
	uint64_t sum;
};

static long arg_of(int argc, char *argv[], int i, long fallback)
{
	return argc > i ? atol(argv[i]) : fallback;
}

static int burst_of(int id, long round)
{
	return 1 + (int)((round * 7 + id * 13) % BURST_MAX);
}

static unsigned char byte_of(int id, long round, int k)
{
	return (unsigned char)(id * 61 + round * 3 + k + 1);
}

/* What a thread's sum must be. */
static uint64_t expected_sum(int id, long rounds)
{
	uint64_t sum = 0;

	for (long r = 0; r < rounds; r++)
		for (int k = 0; k < burst_of(id, r); k++)
			sum += (uint64_t)byte_of(id, r, k) * OBJECT_SIZE * (uint64_t)(k + 1);
	return sum;
}

static void *work(void *arg)
{
	struct worker *w = arg;
	unsigned char *held[BURST_MAX];

	pthread_barrier_wait(&start);
	for (long r = 0; r < w->rounds; r++) {
		int n = burst_of(w->id, r);
		for (int k = 0; k < n; k++) {
			if (!(held[k] = pool_get(&objects))) {
				w->bad++;
				return NULL;
			}
			memset(held[k], byte_of(w->id, r, k), OBJECT_SIZE);
		}
		for (int k = 0; k < n; k++)
			for (int j = 0; j < OBJECT_SIZE; j++) {
				w->bad += held[k][j] != byte_of(w->id, r, k);
				w->sum += (uint64_t)held[k][j] * (uint64_t)(k + 1);
			}
		for (int k = n; k-- > 0;)
			pool_put(&objects, held[k]);
		// Let another thread run now: under Valgrind, which runs one
		// thread at a time, this is what makes them take turns often.
		sched_yield();
	}
	return NULL;
}

static int scenario_run(int argc, char *argv[], struct scenario_account *a)
{
	int threads = (int)arg_of(argc, argv, 1, 8);
	long rounds = arg_of(argc, argv, 2, 100);
	struct worker *w = calloc((size_t)threads, sizeof *w);

	if (!w || threads < 1 || pthread_barrier_init(&start, NULL, (unsigned)threads) != 0) {
		fprintf(stderr, "pool_threads: cannot set up the threads\n");
		free(w);
		return 2;
	}
	for (int t = 0; t < threads; t++) {
		w[t].id = t;
		w[t].rounds = rounds;
		if (pthread_create(&w[t].thread, NULL, work, &w[t]) != 0) {
			fprintf(stderr, "pool_threads: cannot start thread %d\n", t);
			return 2;
		}
	}
	for (int t = 0; t < threads; t++) {
		pthread_join(w[t].thread, NULL);
		a->failures += w[t].bad;
		char path[64];
		snprintf(path, sizeof path, "pool_threads.%d", t);
		FILE *f = fopen(path, "we");
		if (f) {
			fprintf(f, "%llu\n", (unsigned long long)w[t].sum);
			fclose(f);
		}
		a->rounds += w[t].rounds;
	}
	if (a->failures)
		fprintf(stderr, "pool_threads: %ld objects held bytes of another thread: an "
			"object was handed out twice\n", a->failures);
	pthread_barrier_destroy(&start);
	pool_destroy(&objects);
	free(w);
	return a->failures ? 1 : 0;
}

static void scenario_verify(int argc, char *argv[], struct scenario_link *l,
			    struct scenario_account *seen)
{
	int threads = (int)arg_of(argc, argv, 1, 8);
	long rounds = arg_of(argc, argv, 2, 100);

	scenario_end(l);
	for (int t = 0; t < threads; t++) {
		char path[64], line[64];
		snprintf(path, sizeof path, "pool_threads.%d", t);
		FILE *f = fopen(path, "re");
		unsigned long long got = 0;
		int ok = f && fgets(line, sizeof line, f) && sscanf(line, "%llu", &got) == 1 &&
			 got == expected_sum(t, rounds);
		if (f)
			fclose(f);
		unlink(path);
		if (ok)
			seen->verified++;
		else
			scenario_wrong(l, "thread %d's objects did not hold what it wrote in them", t);
	}
}

static void scenario_expect(int argc, char *argv[], struct scenario_account *a)
{
	int threads = (int)arg_of(argc, argv, 1, 8);
	long rounds = arg_of(argc, argv, 2, 100);

	a->rounds = threads * rounds;
	a->verified = threads;
}

SCENARIO_MAIN
