/* pool_tests.c - official tests of the pool (pool.h)
 *
 * Every call into the pool is made by graded_isolate(), in a child of the
 * test process, which reports what it saw; the test asserts on that.  Each
 * child declares its own pool with POOL_INITIALIZER, as a program would.
 * What the pool obtained from the system is measured from outside it, in
 * /proc/self/maps (tests/maps.h).
 */
#include "graded.h"
#include "pool.h"
#include "maps.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CALL_SECONDS 15
#define ALIGN alignof(max_align_t)

struct seen {
	long calls;             /* gets made */
	long nulls;             /* gets that returned NULL */
	long misaligned;        /* objects not aligned for any type */
	long bad;               /* bytes that did not hold what was written */
	long found;             /* objects found again */
	void *first, *second;
	long before, during, after;   /* anonymous bytes mapped at three moments */
	double ratio;
};

static struct seen isolate(void (*fn)(void *, void *), const char *what)
{
	struct graded_call call;
	struct seen *s = graded_isolate(fn, NULL, sizeof *s, CALL_SECONDS, &call);

	cr_assert(call.returned, "%s: the child that called the pool %s", what, call.how);
	return *s;
}

static void one_object(void *result, void *arg)
{
	static struct pool p = POOL_INITIALIZER(100, 0);
	struct seen *s = result;
	char *o = pool_get(&p);

	(void)arg;
	s->nulls = !o;
	if (!o)
		return;
	s->misaligned = (uintptr_t)o % ALIGN != 0;
	memset(o, 'y', 100);
	for (int i = 0; i < 100; i++)
		s->bad += o[i] != 'y';
}

GRADED(pool, get_gives_usable_object,
       .description = "pool_get() on a pool declared with POOL_INITIALIZER(100, 0) returns "
		      "100 writable bytes aligned for any type: the first use sets the pool up "
		      "[memory#lazy-initialisation]")
{
	struct seen s = isolate(one_object, "pool_get()");
	cr_assert(s.nulls == 0, "pool_get() returned NULL");
	cr_expect(s.misaligned == 0, "the object is not aligned to %zu", ALIGN);
	cr_expect(s.bad == 0, "%ld bytes did not read back what was written", s.bad);
}

static void put_then_get(void *result, void *arg)
{
	static struct pool p = POOL_INITIALIZER(64, 0);
	struct seen *s = result;

	(void)arg;
	void *a = pool_get(&p), *b = pool_get(&p);
	pool_put(&p, a);
	s->first = a;
	s->second = pool_get(&p);
	s->nulls = !a || !b;
}

GRADED(pool, put_then_get_same_object,
       .description = "a pool_get() right after pool_put(o) in the same thread returns o "
		      "again: the free list is last in, first out [memory#pools]")
{
	struct seen s = isolate(put_then_get, "pool_put(o) then pool_get()");
	cr_assert(s.nulls == 0, "pool_get() returned NULL");
	cr_expect(s.first == s.second, "pool_put(%p) then pool_get() returned %p", s.first,
		  s.second);
}

static void many_objects(void *result, void *arg)
{
	static struct pool p = POOL_INITIALIZER(40, 0);
	struct seen *s = result;
	static unsigned char *o[3000];

	(void)arg;
	for (int i = 0; i < 3000; i++) {
		s->calls++;
		if (!(o[i] = pool_get(&p))) {
			s->nulls++;
			continue;
		}
		s->misaligned += (uintptr_t)o[i] % ALIGN != 0;
		memset(o[i], i % 251, 40);
	}
	for (int i = 0; i < 3000; i++)
		for (int j = 0; o[i] && j < 40; j++)
			s->bad += o[i][j] != i % 251;
}

GRADED(pool, objects_do_not_overlap,
       .description = "3000 objects of 40 bytes held at once, each filled with its own byte, "
		      "all still hold their bytes: the pool grows and no two overlap "
		      "[memory#pools]")
{
	struct seen s = isolate(many_objects, "3000 pool_get() calls");
	cr_expect(s.nulls == 0, "%ld of 3000 gets returned NULL", s.nulls);
	cr_expect(s.misaligned == 0, "%ld objects were not aligned to %zu", s.misaligned, ALIGN);
	cr_expect(s.bad == 0, "%ld bytes were overwritten: objects overlap", s.bad);
}

static void tiny_objects(void *result, void *arg)
{
	static struct pool p = POOL_INITIALIZER(1, 0);
	struct seen *s = result;
	static unsigned char *o[1000];

	(void)arg;
	for (int i = 0; i < 1000; i++) {
		if (!(o[i] = pool_get(&p))) {
			s->nulls++;
			continue;
		}
		*o[i] = (unsigned char)i;
	}
	for (int i = 0; i < 1000; i++)
		s->bad += o[i] && *o[i] != (unsigned char)i;
	for (int i = 0; i < 1000; i++)
		if (o[i])
			pool_put(&p, o[i]);
	for (int i = 0; i < 1000; i++)
		s->nulls += !pool_get(&p);
}

GRADED(pool, one_byte_objects,
       .description = "a pool of 1-byte objects still works: a free object must hold the "
		      "free list's link, so objects are never smaller than a pointer "
		      "[memory#free-lists]")
{
	struct seen s = isolate(tiny_objects, "a pool of 1-byte objects");
	cr_expect(s.nulls == 0, "%ld gets returned NULL", s.nulls);
	cr_expect(s.bad == 0, "%ld of 1000 objects lost their byte", s.bad);
}

static void ballast(void *result, void *arg)
{
	static struct pool p = POOL_INITIALIZER(64, 5000);
	struct seen *s = result;

	(void)arg;
	s->before = maps_anonymous_bytes();
	s->nulls = !pool_get(&p);
	s->during = maps_anonymous_bytes();
	for (int i = 1; i < 5000; i++)
		s->nulls += !pool_get(&p);
	s->after = maps_anonymous_bytes();
}

GRADED(pool, ballast_made_up_front,
       .description = "with POOL_INITIALIZER(64, 5000), the first get makes room for 5000 "
		      "objects and the next 4999 gets map nothing more [memory#preallocation]")
{
	struct seen s = isolate(ballast, "5000 gets from a pool with 5000 of ballast");
	cr_expect(s.nulls == 0, "%ld gets returned NULL", s.nulls);
	cr_expect(s.during - s.before >= 5000 * 64, "the first get mapped %ld bytes, less than "
		  "5000 objects of 64 bytes", s.during - s.before);
	cr_expect(s.after == s.during, "gets 2 to 5000 mapped %ld bytes more: the ballast was "
		  "not made at set-up", s.after - s.during);
}

static void utilisation(void *result, void *arg)
{
	static struct pool p = POOL_INITIALIZER(48, 0);
	struct seen *s = result;

	(void)arg;
	s->before = maps_anonymous_bytes();
	for (int i = 0; i < 20000; i++)
		s->nulls += !pool_get(&p);
	s->during = maps_anonymous_bytes();
	s->ratio = 20000.0 * 48 / (double)(s->during - s->before);
}

GRADED(pool, utilisation,
       .description = "20000 objects of 48 bytes: the bytes asked for are at least 85% of "
		      "the bytes the pool mapped [memory#fragmentation]")
{
	struct seen s = isolate(utilisation, "20000 gets of 48-byte objects");
	cr_expect(s.nulls == 0, "%ld gets returned NULL", s.nulls);
	cr_expect(s.ratio >= 0.85, "utilisation %.1f%%: %ld bytes mapped for 960000 asked for",
		  100 * s.ratio, s.during - s.before);
}

/* ---- threads ---- */

#define THREADS 8
#define HELD 100

static struct pool shared = POOL_INITIALIZER(64, 0);
static pthread_barrier_t together;

struct thread_seen {
	long bad, nulls;
	void *held[HELD];
};

static void *churn(void *arg)
{
	struct thread_seen *t = arg;
	unsigned char *o[HELD];

	pthread_barrier_wait(&together);
	for (int round = 0; round < 300; round++) {
		int n = 1 + (round * 7) % HELD;
		for (int k = 0; k < n; k++) {
			if (!(o[k] = pool_get(&shared))) {
				t->nulls++;
				return NULL;
			}
			memset(o[k], (int)((uintptr_t)t + (uintptr_t)k) & 0xff, 64);
		}
		for (int k = 0; k < n; k++)
			for (int j = 0; j < 64; j++)
				t->bad += o[k][j] != (unsigned char)(((uintptr_t)t + (uintptr_t)k) & 0xff);
		for (int k = 0; k < n; k++)
			pool_put(&shared, o[k]);
	}
	return NULL;
}

static void many_threads(void *result, void *arg)
{
	struct seen *s = result;
	static struct thread_seen t[THREADS];
	pthread_t th[THREADS];

	(void)arg;
	pthread_barrier_init(&together, NULL, THREADS);
	for (int i = 0; i < THREADS; i++)
		pthread_create(&th[i], NULL, churn, &t[i]);
	for (int i = 0; i < THREADS; i++) {
		pthread_join(th[i], NULL);
		s->bad += t[i].bad;
		s->nulls += t[i].nulls;
	}
}

GRADED(pool, many_threads,
       .description = "8 threads getting and putting up to 100 objects each, 300 times: no "
		      "object is handed to two threads at once [memory#pool-threads]",
       .timeout = 30)
{
	struct seen s = isolate(many_threads, "8 threads using one pool");
	cr_expect(s.nulls == 0, "%ld gets returned NULL", s.nulls);
	cr_expect(s.bad == 0, "%ld bytes held another thread's data: an object was handed out "
		  "twice (is the shared list used without the lock?)", s.bad);
}

static struct pool drained = POOL_INITIALIZER(64, 512);

static void *hold_and_give_back(void *arg)
{
	struct thread_seen *t = arg;

	pthread_barrier_wait(&together);
	for (int k = 0; k < HELD; k++)
		t->nulls += !(t->held[k] = pool_get(&drained));
	pthread_barrier_wait(&together);
	for (int k = 0; k < HELD; k++)
		if (t->held[k])
			pool_put(&drained, t->held[k]);
	return NULL;
}

/* 1 if o is one of the objects the threads held. */
static int held_by_threads(struct thread_seen *t, int threads, void *o, char *found)
{
	for (int i = 0; i < threads; i++)
		for (int k = 0; k < HELD; k++)
			if (t[i].held[k] == o) {
				found[i * HELD + k] = 1;
				return 1;
			}
	return 0;
}

static void threads_end(void *result, void *arg)
{
	struct seen *s = result;
	static struct thread_seen t[4];
	static char found[4 * HELD];
	pthread_t th[4];

	(void)arg;
	pthread_barrier_init(&together, NULL, 4);
	for (int i = 0; i < 4; i++)
		pthread_create(&th[i], NULL, hold_and_give_back, &t[i]);
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		s->nulls += t[i].nulls;
	}
	for (int got = 0; got < 4096 && s->found < 4 * HELD; got++) {
		void *o = pool_get(&drained);
		s->nulls += !o;
		s->found += o && held_by_threads(t, 4, o, found);
	}
}

GRADED(pool, caches_drained_at_thread_exit,
       .description = "when threads end, the objects in their caches go back to the shared "
		      "list: every one of the 400 objects four ended threads had put back can be "
		      "got again (a pthread key with a destructor) [memory#pool-threads]",
       .timeout = 20)
{
	struct seen s = isolate(threads_end, "objects of ended threads");
	cr_expect(s.nulls == 0, "%ld gets returned NULL", s.nulls);
	cr_expect(s.found == 4 * HELD, "only %ld of the 400 objects that four threads put back "
		  "before they ended came out of 4096 gets: the rest stayed in the caches of "
		  "threads that no longer exist", s.found);
}

static void destroy(void *result, void *arg)
{
	static struct pool p = POOL_INITIALIZER(200, 1000);
	struct seen *s = result;

	(void)arg;
	s->before = maps_anonymous_bytes();
	for (int i = 0; i < 3000; i++)
		s->nulls += !pool_get(&p);
	s->during = maps_anonymous_bytes();
	pool_destroy(&p);
	s->after = maps_anonymous_bytes();
}

GRADED(pool, destroy_returns_slabs,
       .description = "pool_destroy() unmaps every slab the pool mapped [memory#pools]")
{
	struct seen s = isolate(destroy, "pool_destroy()");
	cr_expect(s.nulls == 0, "%ld gets returned NULL", s.nulls);
	cr_expect(s.during > s.before, "nothing was mapped for 3000 objects of 200 bytes");
	cr_expect(s.after == s.before, "%ld bytes were still mapped after pool_destroy()",
		  s.after - s.before);
}
