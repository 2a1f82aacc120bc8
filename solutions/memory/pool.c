/* pool.c - fixed-size objects from a free list, with a cache per thread
 *
 * Objects live in slabs mapped with mmap().  A free object holds the link
 * to the next free one in its own first bytes, so the free list costs no
 * memory.  Each thread keeps up to CACHE_MAX free objects of its own (found
 * with a pthread key), so that a get or a put usually takes no lock; the
 * cache trades objects with the shared list, under the pool's mutex, half a
 * cache at a time.  A thread's caches (one per pool it uses) are found
 * through a thread-local variable, which costs one instruction to read;
 * when the thread ends, the destructor of a pthread key gives their objects
 * back to the shared lists.
 *
 * Two things are set up lazily with pthread_once(), which runs a routine
 * exactly once however many threads call it together, and makes every
 * caller wait until it is done: the key (once per process) and each pool's
 * mutex and ballast (once per pool).  pthread_once() takes a routine without
 * arguments, so the pool to set up is passed in a thread-local variable:
 * the routine runs in the thread that called pthread_once().  A get or put
 * that finds this thread's cache of the pool skips both: the cache was made
 * after the set-up, in this thread.
 */
#include "pool.h"

#include <errno.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

/* Objects a thread keeps for itself. */
#define CACHE_MAX 64
/* Bytes of a slab made when the pool runs dry. */
#define SLAB_BYTES (64 * 1024)
/* The alignment of every object. */
#define POOL_ALIGN alignof(max_align_t)

/* A free object: its first bytes link it to the next. */
struct free_object {
	struct free_object *next;
};

/* The start of each slab. */
struct slab {
	struct slab *next;      /* the slab made before this one */
	size_t size;            /* bytes mapped, this header included */
};

#define SLAB_HEADER ((sizeof(struct slab) + POOL_ALIGN - 1) & ~(POOL_ALIGN - 1))

/* One thread's objects of one pool. */
struct cache {
	struct pool *pool;      /* the pool they belong to */
	struct cache *next;     /* this thread's cache of another pool */
	size_t n;               /* objects in objects[] */
	void *objects[CACHE_MAX];
};

/* This thread's caches, the one used last first. */
static __thread struct cache *caches;
/* The pool pthread_once() is setting up in this thread. */
static __thread struct pool *setting_up;
/* Its destructor drains a thread's caches when the thread ends. */
static pthread_key_t drain_key;
static pthread_once_t drain_key_once = PTHREAD_ONCE_INIT;
static int has_drain_key;

/* Push object on the shared list.  The caller holds p->lock. */
static void shared_push(struct pool *p, void *object)
{
	struct free_object *o = object;

	o->next = p->shared;
	p->shared = o;
	p->nshared++;
}

/* Pop an object from the shared list, or NULL.  The caller holds p->lock. */
static void *shared_pop(struct pool *p)
{
	struct free_object *o = p->shared;

	if (o) {
		p->shared = o->next;
		p->nshared--;
	}
	return o;
}

/* Map a slab of at least objects objects and put them all on the shared
 * list.  0, or -1 with errno ENOMEM.  The caller holds p->lock. */
static int grow(struct pool *p, size_t objects)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);

	if (objects > (SIZE_MAX - SLAB_HEADER - page) / p->stride) {
		errno = ENOMEM;
		return -1;
	}
	size_t bytes = (SLAB_HEADER + objects * p->stride + page - 1) & ~(page - 1);
	if (bytes < SLAB_BYTES)
		bytes = SLAB_BYTES;
	struct slab *s = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
			      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (s == MAP_FAILED) {
		errno = ENOMEM;
		return -1;
	}
	s->size = bytes;
	s->next = p->slabs;
	p->slabs = s;
	// Pushed from the end, so that gets hand them out in address order.
	size_t n = (bytes - SLAB_HEADER) / p->stride;
	for (size_t i = n; i-- > 0;)
		shared_push(p, (char *)s + SLAB_HEADER + i * p->stride);
	return 0;
}

/* Give every object of cache c back to its pool's shared list. */
static void cache_drain(struct cache *c)
{
	struct pool *p = c->pool;

	pthread_mutex_lock(&p->lock);
	while (c->n)
		shared_push(p, c->objects[--c->n]);
	pthread_mutex_unlock(&p->lock);
}

/* The key's destructor: a thread ends, its cached objects go back.  The
 * key's value is one of the caches; the list starts at `caches`, which is
 * still this thread's while the destructors run. */
static void caches_drain(void *arg)
{
	struct cache *c = caches;

	(void)arg;
	while (c) {
		struct cache *next = c->next;
		cache_drain(c);
		free(c);
		c = next;
	}
	caches = NULL;
}

static void make_drain_key(void)
{
	has_drain_key = pthread_key_create(&drain_key, caches_drain) == 0;
}

/* The once routine of a pool: set up the pool named by setting_up. */
static void set_up(void)
{
	struct pool *p = setting_up;
	size_t size = p->object_size > sizeof(struct free_object) ? p->object_size
								  : sizeof(struct free_object);

	p->stride = (size + POOL_ALIGN - 1) & ~(POOL_ALIGN - 1);
	pthread_mutex_init(&p->lock, NULL);
	p->shared = NULL;
	p->nshared = 0;
	p->slabs = NULL;
	// Without ballast now, the first get makes a slab; an error then is its own.
	if (p->ballast)
		grow(p, p->ballast);
}

static void ready(struct pool *p)
{
	setting_up = p;
	pthread_once(&p->once, set_up);
}

/* This thread's cache of p, moved to the front of its list; NULL if none. */
static struct cache *cache_find(struct pool *p)
{
	struct cache **link = &caches, *c;

	while ((c = *link) && c->pool != p)
		link = &c->next;
	if (c && link != &caches) {
		*link = c->next;
		c->next = caches;
		caches = c;
	}
	return c;
}

/* This thread's cache of p, made on first use (the pool is set up then);
 * NULL when there can be none (no key, or no memory). */
static struct cache *cache_of(struct pool *p)
{
	struct cache *c = cache_find(p);

	if (c)
		return c;
	ready(p);
	pthread_once(&drain_key_once, make_drain_key);
	if (!has_drain_key || !(c = malloc(sizeof *c)))
		return NULL;
	c->pool = p;
	c->n = 0;
	c->next = caches;
	if (pthread_setspecific(drain_key, c) != 0) {
		free(c);
		return NULL;
	}
	caches = c;
	return c;
}

/* A get that the cache cannot serve: refill it from the shared list, which
 * grows when empty.  The object, or NULL with errno ENOMEM. */
static void *get_slow(struct pool *p)
{
	struct cache *c = cache_of(p);
	void *object;

	pthread_mutex_lock(&p->lock);
	if (!p->shared && grow(p, 1) < 0) {
		pthread_mutex_unlock(&p->lock);
		return NULL;
	}
	object = shared_pop(p);
	while (c && c->n < CACHE_MAX / 2 && p->shared)
		c->objects[c->n++] = shared_pop(p);
	pthread_mutex_unlock(&p->lock);
	return object;
}

void *pool_get(struct pool *p)
{
	struct cache *c = caches;

	if (c && c->pool == p && c->n)
		return c->objects[--c->n];
	return get_slow(p);
}

/* A put the cache cannot take: half a full cache goes back to the shared
 * list first; with no cache at all, the object goes there. */
static void put_slow(struct pool *p, void *object)
{
	struct cache *c = cache_of(p);

	pthread_mutex_lock(&p->lock);
	if (!c) {
		shared_push(p, object);
		pthread_mutex_unlock(&p->lock);
		return;
	}
	while (c->n > CACHE_MAX / 2)
		shared_push(p, c->objects[--c->n]);
	pthread_mutex_unlock(&p->lock);
	c->objects[c->n++] = object;
}

void pool_put(struct pool *p, void *object)
{
	struct cache *c = caches;

	if (c && c->pool == p && c->n < CACHE_MAX) {
		c->objects[c->n++] = object;
		return;
	}
	put_slow(p, object);
}

void pool_destroy(struct pool *p)
{
	ready(p);
	struct cache **link = &caches, *c;
	while ((c = *link) && c->pool != p)
		link = &c->next;
	if (c) {
		*link = c->next;
		free(c);
		// The destructor runs only for a thread whose value is not NULL.
		if (has_drain_key)
			pthread_setspecific(drain_key, caches);
	}
	struct slab *s = p->slabs;
	while (s) {
		struct slab *next = s->next;
		munmap(s, s->size);
		s = next;
	}
	p->slabs = NULL;
	p->shared = NULL;
	p->nshared = 0;
	pthread_mutex_destroy(&p->lock);
}
