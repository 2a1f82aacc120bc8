/* memory-alloc.c - the driver of bench/memory-alloc: the memory lab's two
 * allocation traces through the reference arena and pool, or through
 * whatever malloc() the process has (glibc's, or jemalloc's or mimalloc's
 * when preloaded)
 *
 *     memory-alloc arena|arena-malloc|pool|pool-malloc ROUNDS
 *
 * The traces are those of labs/memory/scenarios/alloc_trace.c: rounds of
 * 2000 blocks of 1 to 256 bytes (arena: a reset per round; malloc: a free
 * of each), and rounds of 100 bursts of 1 to 64 objects of 64 bytes got and
 * put back (pool, or malloc and free).  Each block's first byte is written.
 * Prints the nanoseconds per allocation (an allocation and its release)
 * of the fastest of five runs of ROUNDS rounds, and the number of
 * allocations made in all five.  The calls go through
 * trace_alloc()/trace_release(), so that callgrind can count them the way
 * the lab's performance check does.
 */
#include "arena.h"
#include "pool.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ARENA_BLOCKS 2000
#define POOL_BURSTS 100
#define POOL_LIVE_MAX 64
#define POOL_OBJECT 64

enum mode { ARENA, ARENA_MALLOC, POOL, POOL_MALLOC };

static enum mode mode;
static struct arena *arena;
static struct pool objects = POOL_INITIALIZER(POOL_OBJECT, 0);

__attribute__((noinline)) void *trace_alloc(size_t size)
{
	switch (mode) {
	case ARENA: return arena_alloc(arena, size);
	case POOL: return pool_get(&objects);
	default: return malloc(size);
	}
}

__attribute__((noinline)) void trace_release(void *p)
{
	if (mode == POOL)
		pool_put(&objects, p);
	else if (mode != ARENA)
		free(p);
}

__attribute__((noinline)) void trace_reset(void)
{
	if (mode == ARENA)
		arena_reset(arena);
}

static uint32_t next_random(uint32_t *state)
{
	*state = *state * 1103515245u + 12345u;
	return *state >> 8;
}

static unsigned char *blocks[ARENA_BLOCKS];

/* One round; the number of allocations. */
static long arena_round(int round)
{
	uint32_t state = 2026u + (uint32_t)round;

	for (long i = 0; i < ARENA_BLOCKS; i++) {
		blocks[i] = trace_alloc(1 + next_random(&state) % 256);
		blocks[i][0] = (unsigned char)i;
	}
	for (long i = 0; i < ARENA_BLOCKS; i++)
		trace_release(blocks[i]);
	trace_reset();
	return ARENA_BLOCKS;
}

static long pool_round(int round)
{
	uint32_t state = 2026u + (uint32_t)round;
	long n = 0;

	for (int b = 0; b < POOL_BURSTS; b++) {
		long burst = 1 + next_random(&state) % POOL_LIVE_MAX;
		for (long i = 0; i < burst; i++) {
			blocks[i] = trace_alloc(POOL_OBJECT);
			blocks[i][0] = (unsigned char)i;
		}
		n += burst;
		while (burst > 0)
			trace_release(blocks[--burst]);
	}
	return n;
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char *argv[])
{
	const char *modes[] = {"arena", "arena-malloc", "pool", "pool-malloc"};
	int rounds = argc > 2 ? atoi(argv[2]) : 10;
	double best = 0;
	long total = 0;

	for (mode = 0; argc < 2 || strcmp(argv[1], modes[mode]); mode++)
		if (mode == POOL_MALLOC) {
			fprintf(stderr, "usage: memory-alloc arena|arena-malloc|pool|pool-malloc ROUNDS\n");
			return 2;
		}
	if (mode == ARENA && !(arena = arena_create(4096)))
		return 1;
	free(malloc(1));
	for (int run = 0; run < 5; run++) {
		long allocations = 0;
		double start = now();
		for (int r = 0; r < rounds; r++)
			allocations += mode <= ARENA_MALLOC ? arena_round(r) : pool_round(r);
		double ns = (now() - start) * 1e9 / (double)(allocations ? allocations : 1);
		total += allocations;
		if (run == 0 || ns < best)
			best = ns;
	}
	printf("%.1f %ld\n", best, total);
	return 0;
}
