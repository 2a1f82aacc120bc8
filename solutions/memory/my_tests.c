/* my_tests.c - your own tests of arena.c and pool.c
 *
 * The coverage check builds these tests with --coverage and measures which
 * lines of arena.c and pool.c they run: reach 80% of the lines.  One worked
 * example is below; add your own in the same shape, e.g. an allocation
 * larger than a chunk, an alignment of 4096, a bad alignment (EINVAL), a
 * reset followed by the same allocations, a pool_put() then pool_get(),
 * threads that end with objects in their caches.
 *
 * Run them with: make check lab=memory (the coverage line shows the figure
 * and where the HTML report with the uncovered lines is).
 */
#include "arena.h"
#include "pool.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdalign.h>
#include <stdint.h>
#include <string.h>

/* Worked example: two allocations do not overlap and are aligned. */
Test(my_arena, two_allocations, .timeout = 10)
{
	struct arena *a = arena_create(0);
	cr_assert(a, "arena_create(0) returned NULL");

	char *p = arena_alloc(a, 3);
	char *q = arena_alloc(a, 5);
	cr_assert(p && q, "arena_alloc() returned NULL");
	cr_expect((uintptr_t)q % alignof(max_align_t) == 0, "q = %p is not aligned", (void *)q);
	memcpy(p, "ab", 3);
	memcpy(q, "cdef", 5);
	cr_expect(strcmp(p, "ab") == 0, "p holds \"%s\", expected \"ab\"", p);
	arena_destroy(a);
}

Test(my_arena, chunks_reset_and_big_blocks, .timeout = 10)
{
	struct arena *a = arena_create(4096);
	void *first[50];

	cr_assert(a);
	for (int i = 0; i < 50; i++) {
		first[i] = arena_alloc(a, 500);
		cr_assert(first[i]);
		memset(first[i], i, 500);
	}
	char *big = arena_alloc(a, 20000);
	cr_assert(big);
	memset(big, 1, 20000);
	arena_reset(a);
	for (int i = 0; i < 50; i++)
		cr_expect(arena_alloc(a, 500) == first[i], "allocation %d moved after the reset", i);
	cr_expect(arena_alloc(a, 0) != arena_alloc(a, 0));
	arena_destroy(a);
	arena_destroy(NULL);
}

Test(my_arena, alignment, .timeout = 10)
{
	struct arena *a = arena_create(0);

	cr_assert(a);
	arena_alloc(a, 1);
	char *p = arena_alloc_aligned(a, 10, 4096);
	cr_expect(p && (uintptr_t)p % 4096 == 0);
	cr_expect(arena_alloc_aligned(a, 10, 24) == NULL && errno == EINVAL);
	cr_expect(arena_alloc_aligned(a, 10, 8) != NULL);
	arena_destroy(a);
}

static struct pool objects = POOL_INITIALIZER(24, 100);
static struct pool others = POOL_INITIALIZER(1, 0);

static void *use_pools(void *arg)
{
	void *held[200];

	(void)arg;
	for (int i = 0; i < 200; i++)
		held[i] = pool_get(i % 2 ? &objects : &others);
	for (int i = 0; i < 200; i++)
		pool_put(i % 2 ? &objects : &others, held[i]);
	return NULL;
}

Test(my_pool, get_put_threads_destroy, .timeout = 10)
{
	pthread_t t[3];

	void *o = pool_get(&objects);
	cr_assert(o);
	pool_put(&objects, o);
	cr_expect(pool_get(&objects) == o);
	pool_put(&objects, o);
	for (int i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, use_pools, NULL);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	use_pools(NULL);
	pool_destroy(&others);
	pool_destroy(&objects);
}
