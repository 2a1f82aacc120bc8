/* arena_faults.c - the arena when mmap() fails: NULL and ENOMEM, then on
 *
 *     strace -f -e inject=mmap:error=ENOMEM:when=N arena_faults
 *
 * The faults check runs this with one mmap() made to fail.  strace counts
 * the calls of each process from its first instruction, and the observer's
 * dynamic loader makes eight mmap() calls on Debian 12 before main(); the
 * worker is a fork, whose count starts again at 0.  So that the fault lands
 * in the arena and never in a loader, the worker first makes PADDING calls
 * of its own (a page mapped and unmapped), and lab.json injects at
 * PADDING + 1, + 2 ...: the arena's first, second ... mapping fails.
 *
 * The trace: an arena of 64 KiB chunks and BLOCKS allocations of 40000
 * bytes, each of which needs a chunk of its own.  The allocation (or the
 * arena_create()) whose mmap() fails must return NULL with errno ENOMEM;
 * the worker then tries it again, which must work, and goes on.  At the
 * end every block must still hold its bytes, and after a reset the arena
 * serves the trace again from its chunks.  The worker writes what it saw
 * to arena_faults.out; the observer checks it.
 */
#include "arena.h"
#include "scenario.h"

#define PADDING 16
#define BLOCKS 8
#define BLOCK_SIZE 40000
#define OUT "arena_faults.out"

/* PADDING mmap() calls that are not the arena's; 0, or -1 if one failed. */
static int pad(void)
{
	for (int i = 0; i < PADDING; i++) {
		void *m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (m == MAP_FAILED)
			return -1;
		munmap(m, 4096);
	}
	return 0;
}

struct outcome {
	long failed;            /* calls that returned NULL */
	long enomem;            /* ... with errno ENOMEM */
	long refused_twice;     /* calls that failed again when tried again */
	long bad;               /* bytes that did not hold what was written */
};

/* Call it again once if it failed, counting. */
static void *again(struct outcome *o, void *got, struct arena *a, size_t size)
{
	if (got)
		return got;
	o->failed++;
	o->enomem += errno == ENOMEM;
	if (!(got = arena_alloc(a, size)))
		o->refused_twice++;
	return got;
}

static struct arena *create(struct outcome *o)
{
	errno = 0;
	struct arena *a = arena_create(64 * 1024);
	if (a)
		return a;
	o->failed++;
	o->enomem += errno == ENOMEM;
	if (!(a = arena_create(64 * 1024)))
		o->refused_twice++;
	return a;
}

/* BLOCKS allocations, filled and then checked. */
static void trace(struct outcome *o, struct arena *a, int round)
{
	unsigned char *p[BLOCKS];

	for (int i = 0; i < BLOCKS; i++) {
		errno = 0;
		p[i] = again(o, arena_alloc(a, BLOCK_SIZE), a, BLOCK_SIZE);
		if (p[i])
			memset(p[i], round * 16 + i + 1, BLOCK_SIZE);
	}
	for (int i = 0; i < BLOCKS; i++)
		for (int j = 0; p[i] && j < BLOCK_SIZE; j++)
			o->bad += p[i][j] != round * 16 + i + 1;
	for (int i = 0; i < BLOCKS; i++)
		o->bad += !p[i] * BLOCK_SIZE;
}

static int scenario_run(int argc, char *argv[], struct scenario_account *acc)
{
	struct outcome o = {0};

	(void)argc;
	(void)argv;
	if (pad() < 0) {
		fprintf(stderr, "arena_faults: an mmap() before the arena's failed: the fault "
			"was injected too early (see PADDING)\n");
		return 2;
	}
	struct arena *a = create(&o);
	if (!a) {
		fprintf(stderr, "arena_faults: arena_create() failed twice\n");
		return 1;
	}
	for (int round = 0; round < 2; round++) {
		trace(&o, a, round);
		arena_reset(a);
		acc->rounds++;
	}
	arena_destroy(a);
	FILE *f = fopen(OUT, "we");
	if (!f)
		return 2;
	fprintf(f, "%ld failed, %ld ENOMEM, %ld failed again, %ld bad\n", o.failed, o.enomem,
		o.refused_twice, o.bad);
	fclose(f);
	return 0;
}

static void scenario_verify(int argc, char *argv[], struct scenario_link *l,
			    struct scenario_account *seen)
{
	char line[200];
	struct outcome o;

	(void)argc;
	(void)argv;
	scenario_end(l);
	FILE *f = fopen(OUT, "re");
	int ok = f && fgets(line, sizeof line, f) &&
		 sscanf(line, "%ld failed, %ld ENOMEM, %ld failed again, %ld bad", &o.failed,
			&o.enomem, &o.refused_twice, &o.bad) == 4;
	if (f)
		fclose(f);
	unlink(OUT);
	if (!ok) {
		scenario_wrong(l, "%s is missing: the trace did not reach its end", OUT);
		return;
	}
	if (o.failed != 1)
		scenario_wrong(l, "%ld calls returned NULL, where one mmap() failed", o.failed);
	else if (o.enomem != 1)
		scenario_wrong(l, "the call whose mmap() failed returned NULL without errno ENOMEM");
	else if (o.refused_twice)
		scenario_wrong(l, "after one failed mmap(), the arena refused the same allocation "
			       "again: it must stay usable");
	else if (o.bad)
		scenario_wrong(l, "%ld bytes of the blocks did not hold what was written", o.bad);
	else
		seen->verified++;
}

static void scenario_expect(int argc, char *argv[], struct scenario_account *a)
{
	(void)argc;
	(void)argv;
	a->rounds = 2;
	a->verified = 1;
}

SCENARIO_MAIN
