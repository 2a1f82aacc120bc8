/* pool.h - a thread-safe pool of fixed-size objects
 *
 * A pool keeps objects that were given back so that the next pool_get()
 * costs a few instructions instead of a trip through malloc() or the
 * kernel: C's counterpart of a free list, or of Go's sync.Pool.  Each
 * thread has a small cache of its own in front of a shared list that a
 * mutex guards, so most gets and puts take no lock at all.
 *
 * A pool needs no set-up call: declare it with POOL_INITIALIZER and its
 * first use sets it up, exactly once even when many threads use it first at
 * the same time (pthread_once()).  The set-up can make "ballast" objects
 * in advance, so that the first gets never ask the system for memory.
 *
 *     static struct pool buffers = POOL_INITIALIZER(256, 1000);
 *     char *b = pool_get(&buffers);      ... pool_put(&buffers, b);
 *
 * Objects live in slabs that pool.c maps with mmap() and unmaps in
 * pool_destroy().  You write every function in pool.c.
 *
 * struct pool is fixed: you may not edit it (POOL_INITIALIZER, the tests
 * and the scenarios are compiled against it).  pool.c sets up the fields
 * after "ballast" on first use, and keeps everything else outside the
 * struct, shared by every pool: the pthread key whose destructor gives a
 * thread's caches back when it ends (a global of pool.c, created once for
 * the process, with a pthread_once() of its own), and each thread's
 * caches, one per pool it uses (found through a __thread variable; each
 * cache says which pool it belongs to).
 *
 * Unlike the arena, the pool need not tell memcheck about its objects: the
 * mempool client requests (VALGRIND_MEMPOOL_ALLOC on a get, _FREE on a
 * put) are optional here, and no check grades them.  The leaks check does
 * run scenarios/pool_threads.c under memcheck, so any request the pool
 * makes must be right: a free object holds the free list's link in its
 * first bytes, which the pool then reads and writes itself.
 */
#ifndef POOL_H
#define POOL_H

#include <pthread.h>
#include <stddef.h>

struct pool {
	pthread_once_t once;      /* runs the set-up on first use */
	size_t object_size;       /* bytes a caller may use in each object */
	size_t ballast;           /* objects made by the set-up, before any get */
	/* Set up on first use by pool.c: */
	size_t stride;            /* bytes from one object to the next in a slab */
	pthread_mutex_t lock;     /* guards shared, nshared and slabs */
	void *shared;             /* the shared free list: its first object */
	size_t nshared;           /* objects in the shared list */
	void *slabs;              /* every slab obtained, for pool_destroy() */
};

/* A pool of objects of size bytes, with ballast objects made on first use. */
#define POOL_INITIALIZER(size, nballast) \
	{ .once = PTHREAD_ONCE_INIT, .object_size = (size), .ballast = (nballast) }

/* An object of p->object_size bytes (at least 1), aligned for any type,
 * not initialised.  Its memory is the pool's until pool_put() gives it
 * back.  The first gets after set-up come from the ballast, without asking
 * the system for memory.  Returns NULL with errno ENOMEM when there is no
 * memory.  Safe to call from any number of threads at once. */
void *pool_get(struct pool *p);

/* Give back an object that pool_get(p) returned; the next pool_get(p) in
 * the same thread returns it again.  Objects left in a thread's cache go back
 * to the shared list when the thread ends.  Safe from any thread. */
void pool_put(struct pool *p, void *object);

/* Return every slab to the system.  Call it once, when no other thread uses
 * p any more (the threads that did have ended); p cannot be used again. */
void pool_destroy(struct pool *p);

#endif
