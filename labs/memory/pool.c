/* pool.c - fixed-size objects from a free list, with a cache per thread
 *
 * YOUR TASK: write pool_get(), pool_put() and pool_destroy() (pool.h).
 *
 * Set the pool up on first use with pthread_once(&p->once, ...): the mutex,
 * the object stride (object_size rounded up to alignof(max_align_t), and
 * never smaller than a pointer) and the ballast.  Map slabs with mmap() and
 * thread their objects on the shared free list (each free object holds the
 * link to the next in its own first bytes).  In front of it, give each
 * thread a small cache of free objects (a __thread variable), which gets
 * and puts use without a lock; trade objects with the shared list under the
 * mutex when the cache is empty or full.  A pthread key whose destructor
 * gives a thread's cached objects back runs when the thread ends.
 *
 * Official tests: tests/pool_tests.c; the races check runs
 * scenarios/pool_threads.c under DRD, the performance check
 * scenarios/alloc_trace.c under callgrind.
 * Read: chapters/memory/index.md, "Pools and free lists" and after.
 */
#include "pool.h"

#include <errno.h>

void *pool_get(struct pool *p)
{
	(void)p;
	errno = ENOSYS;
	return NULL;
}

void pool_put(struct pool *p, void *object)
{
	(void)p;
	(void)object;
}

void pool_destroy(struct pool *p)
{
	(void)p;
}
