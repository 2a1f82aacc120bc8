/* arena.c - a region allocator: bump allocation in chunks mapped with mmap()
 *
 * YOUR TASK: write every function of arena.h, and define struct arena.
 *
 * Map chunks with mmap(); allocate from the current chunk by moving a
 * pointer forward, rounding it up to the alignment first; map a new chunk
 * (large enough for the allocation) when the current one is full.  Keep
 * every chunk in a list: arena_reset() goes back to the first one and reuses
 * them, arena_destroy() unmaps them all.  When mmap() fails, return NULL
 * with errno ENOMEM and leave the arena as it was.
 *
 * Tell memcheck what the arena does (#include <valgrind/memcheck.h>):
 * VALGRIND_CREATE_MEMPOOL when the arena is made, VALGRIND_MAKE_MEM_NOACCESS
 * on a new chunk, VALGRIND_MEMPOOL_ALLOC for each allocation (its exact
 * size), VALGRIND_MEMPOOL_TRIM or _DESTROY_MEMPOOL on a reset and on destroy.
 *
 * Official tests: tests/arena_tests.c; the leaks check runs
 * scenarios/arena_trace.c under memcheck, the faults check
 * scenarios/arena_faults.c under strace, the performance check
 * scenarios/alloc_trace.c under callgrind.
 * Read: chapters/memory/index.md, "Arenas" and after.
 */
#include "arena.h"

#include <errno.h>

struct arena *arena_create(size_t chunk_size)
{
	(void)chunk_size;
	errno = ENOSYS;
	return NULL;
}

void *arena_alloc_aligned(struct arena *a, size_t size, size_t align)
{
	(void)a;
	(void)size;
	(void)align;
	errno = ENOSYS;
	return NULL;
}

void *arena_alloc(struct arena *a, size_t size)
{
	(void)a;
	(void)size;
	errno = ENOSYS;
	return NULL;
}

void arena_reset(struct arena *a)
{
	(void)a;
}

void arena_destroy(struct arena *a)
{
	(void)a;
}
