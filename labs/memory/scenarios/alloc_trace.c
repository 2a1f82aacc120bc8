/* alloc_trace.c - the performance workloads: one fixed allocation trace,
 * served by the arena, the pool or glibc's malloc()
 *
 *     alloc_trace arena          the trace through arena_alloc() (4 KiB chunks), a reset per round
 *     alloc_trace arena-malloc   the same trace through malloc() and free()
 *     alloc_trace pool           gets and puts of 64-byte objects through the pool
 *     alloc_trace pool-malloc    the same through malloc() and free()
 *
 * The performance check counts, under callgrind, the instructions executed
 * in arena_* or pool_* (what they call included) and compares them with
 * those in trace_malloc() and trace_free(), which call malloc() and free()
 * and nothing else.  Everything is fixed by the program: the sizes come
 * from a generator with a fixed seed, so the count is the same on every run.
 * malloc() is warmed up before the trace (its first call sets up the heap),
 * so the baseline counts only what each call costs.
 *
 * The worker fills every block with bytes of its own and, at the end of
 * each round, writes a checksum of them to alloc_trace.sums; the
 * observer computes what the checksums must be and compares.  Blocks that
 * overlapped, or memory handed out twice, change the sums.
 */
#include "arena.h"
#include "pool.h"
#include "scenario.h"

#include <stdint.h>

#define ROUNDS 10
#define ARENA_BLOCKS 2000      /* allocations per arena round */
#define ARENA_CHUNK 4096       /* bytes per chunk: a round takes about 64 */
#define POOL_OBJECT 64         /* bytes of a pool object */
#define POOL_LIVE_MAX 64         /* most objects held at once */
#define POOL_BURSTS 100        /* bursts of gets then puts per round */
#define SUMS "alloc_trace.sums"

static struct pool objects = POOL_INITIALIZER(POOL_OBJECT, 0);

/* The baseline: what the trace costs through the C library's allocator. */
__attribute__((noinline)) void *trace_malloc(size_t size)
{
	return malloc(size);
}

__attribute__((noinline)) void trace_free(void *p)
{
	free(p);
}

/* The trace's fixed sequence of numbers. */
static uint32_t next_random(uint32_t *state)
{
	*state = *state * 1103515245u + 12345u;
	return *state >> 8;
}

/* Size of block i of an arena round: 1 to 256 bytes, odd ones included. */
static size_t block_size(uint32_t *state)
{
	return 1 + next_random(state) % 256;
}

/* Fill block i of a round with its own byte. */
static unsigned char block_byte(int round, long i)
{
	return (unsigned char)(round * 31 + i * 7 + 1);
}

/* A checksum of n blocks: the first and last byte of each, weighted by the
 * block's number (a block that overlaps the next loses its last byte; the
 * whole of every block is written, so overlaps show at one end or the
 * other; reading every byte would cost the run more than the allocations). */
static uint64_t blocks_sum(unsigned char **blocks, const size_t *sizes, long n)
{
	uint64_t sum = 0;

	for (long i = 0; i < n; i++)
		sum += ((uint64_t)blocks[i][0] + blocks[i][sizes[i] - 1]) * (uint64_t)(i + 1);
	return sum;
}

/* What blocks_sum() must give when every block holds its own bytes. */
static uint64_t expected_sum(int round, const size_t *sizes, long n)
{
	uint64_t sum = 0;

	for (long i = 0; i < n; i++)
		sum += (uint64_t)block_byte(round, i) * 2 * (uint64_t)(i + 1);
	return sum;
}

/* The sizes of one round, the same in every mode; n set to their number. */
static void round_sizes(int mode_pool, int round, size_t *sizes, long *n)
{
	uint32_t state = 2026u + (uint32_t)round;

	if (!mode_pool) {
		for (long i = 0; i < ARENA_BLOCKS; i++)
			sizes[i] = block_size(&state);
		*n = ARENA_BLOCKS;
		return;
	}
	*n = 0;
	for (int b = 0; b < POOL_BURSTS; b++) {
		long burst = 1 + next_random(&state) % POOL_LIVE_MAX;
		for (long i = 0; i < burst; i++)
			sizes[(*n)++] = POOL_OBJECT;
		sizes[(*n)++] = 0;    /* a 0 ends a burst: everything goes back */
	}
}

static int mode_of(int argc, char *argv[])
{
	const char *modes[] = {"arena", "arena-malloc", "pool", "pool-malloc"};

	for (int m = 0; argc > 1 && m < 4; m++)
		if (!strcmp(argv[1], modes[m]))
			return m;
	return -1;
}

/* Warm malloc() up: its first calls set up the heap, which is not what a
 * call costs.  Called directly, not through trace_malloc(). */
static void warm_up(void)
{
	void *p[POOL_LIVE_MAX];

	for (int i = 0; i < POOL_LIVE_MAX; i++)
		p[i] = malloc(1 + (size_t)i);
	for (int i = 0; i < POOL_LIVE_MAX; i++)
		free(p[i]);
}

static size_t sizes[ARENA_BLOCKS + POOL_BURSTS * (POOL_LIVE_MAX + 1)];
static unsigned char *blocks[ARENA_BLOCKS + POOL_LIVE_MAX];

/* One arena round, through the arena or malloc; the checksum, or 0 when an
 * allocation failed. */
static uint64_t trace_arena_round(int round, struct arena *a, int with_malloc)
{
	long n;

	round_sizes(0, round, sizes, &n);
	for (long i = 0; i < n; i++) {
		blocks[i] = with_malloc ? trace_malloc(sizes[i]) : arena_alloc(a, sizes[i]);
		if (!blocks[i])
			return 0;
		memset(blocks[i], block_byte(round, i), sizes[i]);
	}
	uint64_t sum = blocks_sum(blocks, sizes, n);
	if (with_malloc)
		for (long i = 0; i < n; i++)
			trace_free(blocks[i]);
	else
		arena_reset(a);
	return sum;
}

/* One pool round: bursts of gets, then the same objects put back.  The
 * checksum of every burst, added up, or 0 when a get failed. */
static uint64_t trace_pool_round(int round, int with_malloc)
{
	long n, live = 0, start = 0;
	uint64_t sum = 0;

	round_sizes(1, round, sizes, &n);
	for (long i = 0; i < n; i++) {
		if (sizes[i]) {
			blocks[live] = with_malloc ? trace_malloc(POOL_OBJECT) : pool_get(&objects);
			if (!blocks[live])
				return 0;
			memset(blocks[live], block_byte(round, i), POOL_OBJECT);
			live++;
			continue;
		}
		sum += blocks_sum(blocks, sizes + start, live);
		while (live > 0) {
			if (with_malloc)
				trace_free(blocks[--live]);
			else
				pool_put(&objects, blocks[--live]);
		}
		start = i + 1;
	}
	return sum;
}

/* The checksum one pool round must give. */
static uint64_t expected_pool_sum(int round)
{
	long n, start = 0;
	uint64_t sum = 0;

	round_sizes(1, round, sizes, &n);
	for (long i = 0; i < n; i++) {
		if (sizes[i])
			continue;
		for (long k = start; k < i; k++)
			sum += (uint64_t)block_byte(round, k) * 2 * (uint64_t)(k - start + 1);
		start = i + 1;
	}
	return sum;
}

static int scenario_run(int argc, char *argv[], struct scenario_account *acc)
{
	int mode = mode_of(argc, argv);
	struct arena *a = NULL;
	FILE *out = fopen(SUMS, "we");

	if (mode < 0 || !out) {
		fprintf(stderr, "alloc_trace: usage: alloc_trace arena|arena-malloc|pool|pool-malloc\n");
		if (out)
			fclose(out);
		return 2;
	}
	warm_up();
	if (mode == 0 && !(a = arena_create(ARENA_CHUNK))) {
		fprintf(stderr, "alloc_trace: arena_create() returned NULL\n");
		fclose(out);
		return 1;
	}
	for (int r = 0; r < ROUNDS; r++) {
		uint64_t sum = mode < 2 ? trace_arena_round(r, a, mode == 1) : trace_pool_round(r, mode == 3);
		if (!sum) {
			fprintf(stderr, "alloc_trace: an allocation of round %d returned NULL\n", r);
			acc->failures++;
			break;
		}
		fprintf(out, "%d %llu\n", r, (unsigned long long)sum);
		acc->rounds++;
	}
	fclose(out);
	if (mode == 0)
		arena_destroy(a);
	if (mode == 2)
		pool_destroy(&objects);
	return acc->failures ? 1 : 0;
}

static void scenario_verify(int argc, char *argv[], struct scenario_link *l,
			    struct scenario_account *seen)
{
	int mode = mode_of(argc, argv);
	char line[128];

	scenario_end(l);
	FILE *f = fopen(SUMS, "re");
	if (!f) {
		scenario_wrong(l, "%s is missing", SUMS);
		return;
	}
	for (int r = 0; r < ROUNDS && fgets(line, sizeof line, f); r++) {
		int round;
		unsigned long long got;
		long n;
		uint64_t want;
		if (mode < 2) {
			round_sizes(0, r, sizes, &n);
			want = expected_sum(r, sizes, n);
		} else {
			want = expected_pool_sum(r);
		}
		if (sscanf(line, "%d %llu", &round, &got) == 2 && round == r && got == want)
			seen->verified++;
		else
			scenario_wrong(l, "round %d: the blocks did not hold what was written in "
				       "them (overlapping blocks, or one handed out twice?)", r);
	}
	fclose(f);
	unlink(SUMS);
}

static void scenario_expect(int argc, char *argv[], struct scenario_account *a)
{
	(void)argc;
	(void)argv;
	a->rounds = ROUNDS;
	a->verified = ROUNDS;
}

SCENARIO_MAIN
