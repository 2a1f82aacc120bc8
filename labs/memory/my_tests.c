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
