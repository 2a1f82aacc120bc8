/* arena_tests.c - official tests of the arena (arena.h)
 *
 * Every call into the arena is made by graded_isolate(), in a child of the
 * test process: the child runs a whole little program against the arena and
 * reports what it saw (pointers, counts of bad bytes, bytes mapped), and the
 * test asserts on the report.  What the arena obtained from the system is
 * measured from outside it, in /proc/self/maps (tests/maps.h).  The last
 * tests run tests/arena_misuse under memcheck.
 */
#include "graded.h"
#include "arena.h"
#include "maps.h"

#include <errno.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#define CALL_SECONDS 10
#define ALIGN alignof(max_align_t)

/* What a child saw. */
struct seen {
	int made;               /* 1 when arena_create() returned an arena */
	long calls;             /* allocations made */
	long nulls;             /* allocations that returned NULL */
	long misaligned;        /* pointers not aligned as asked */
	long bad;               /* bytes that did not hold what was written */
	long same;              /* pointers equal to those expected */
	int err;                /* errno after a call that had to fail */
	void *first;            /* a pointer, to compare */
	void *second;
	long before, during, after;   /* anonymous bytes mapped at three moments */
	long faults;            /* page faults taken */
	double ratio;           /* a utilisation */
};

/* A fixed sequence of sizes from 1 to max. */
static size_t size_at(long i, size_t max)
{
	return 1 + (size_t)((i * 2654435761u) >> 7) % max;
}

static struct seen isolate(void (*fn)(void *, void *), void *arg, const char *what)
{
	struct graded_call call;
	struct seen *s = graded_isolate(fn, arg, sizeof *s, CALL_SECONDS, &call);

	cr_assert(call.returned, "%s: the child that called the arena %s", what, call.how);
	cr_assert(s->made, "%s: arena_create() returned NULL", what);
	return *s;
}

/* n allocations of size_at(i, max) bytes, each filled with its own byte
 * and all checked at the end. */
static void fill_and_check(struct seen *s, struct arena *a, long n, size_t max)
{
	unsigned char **p = calloc((size_t)n, sizeof *p);

	for (long i = 0; p && i < n; i++) {
		s->calls++;
		if (!(p[i] = arena_alloc(a, size_at(i, max)))) {
			s->nulls++;
			continue;
		}
		s->misaligned += (uintptr_t)p[i] % ALIGN != 0;
		memset(p[i], (int)(i % 251), size_at(i, max));
	}
	for (long i = 0; p && i < n; i++)
		for (size_t j = 0; p[i] && j < size_at(i, max); j++)
			s->bad += p[i][j] != (unsigned char)(i % 251);
	free(p);
}

static void small_alloc(void *result, void *arg)
{
	struct seen *s = result;
	struct arena *a = arena_create(0);

	(void)arg;
	if (!(s->made = a != NULL))
		return;
	char *p = arena_alloc(a, 100);
	s->calls = 1;
	s->nulls = !p;
	if (p) {
		memset(p, 'x', 100);
		for (int i = 0; i < 100; i++)
			s->bad += p[i] != 'x';
	}
	arena_destroy(a);
}

GRADED(arena, alloc_gives_usable_memory,
       .description = "arena_alloc(a, 100) returns 100 bytes that can be written and read "
		      "back [memory#arenas]")
{
	struct seen s = isolate(small_alloc, NULL, "arena_alloc(a, 100)");
	cr_expect(s.nulls == 0, "arena_alloc(a, 100) returned NULL");
	cr_expect(s.bad == 0, "%ld of the 100 bytes did not read back what was written", s.bad);
}

static void odd_sizes(void *result, void *arg)
{
	struct seen *s = result;
	struct arena *a = arena_create(0);

	(void)arg;
	if (!(s->made = a != NULL))
		return;
	for (size_t size = 1; size < 200; size += 2) {
		char *p = arena_alloc(a, size);
		s->calls++;
		s->nulls += !p;
		s->misaligned += (uintptr_t)p % ALIGN != 0;
	}
	arena_destroy(a);
}

GRADED(arena, aligned_after_odd_sizes,
       .description = "every pointer arena_alloc() returns is aligned to "
		      "alignof(max_align_t), also after odd sizes (1, 3, 5 ... bytes) "
		      "[memory#alignment]")
{
	struct seen s = isolate(odd_sizes, NULL, "arena_alloc() of odd sizes");
	cr_expect(s.nulls == 0, "%ld of %ld allocations returned NULL", s.nulls, s.calls);
	cr_expect(s.misaligned == 0, "%ld of %ld pointers were not multiples of %zu (sizes 1, "
		  "3, 5 ... 199 in turn): round every size up to the alignment", s.misaligned,
		  s.calls, ALIGN);
}

static void aligned_requests(void *result, void *arg)
{
	struct seen *s = result;
	struct arena *a = arena_create(0);
	size_t aligns[] = {1, 8, 32, 64, 256, 4096, 64, 16};

	(void)arg;
	if (!(s->made = a != NULL))
		return;
	for (size_t i = 0; i < sizeof aligns / sizeof *aligns; i++) {
		if (!arena_alloc(a, 3))
			s->nulls++;
		char *p = arena_alloc_aligned(a, 100, aligns[i]);
		s->calls++;
		s->nulls += !p;
		s->misaligned += p && ((uintptr_t)p % aligns[i] || (uintptr_t)p % ALIGN);
		if (p)
			memset(p, 1, 100);
	}
	arena_destroy(a);
}

GRADED(arena, aligned_as_asked,
       .description = "arena_alloc_aligned() returns pointers aligned to 32, 64, 256, 4096 "
		      "bytes as asked (and never less than alignof(max_align_t)) "
		      "[memory#alignment]")
{
	struct seen s = isolate(aligned_requests, NULL, "arena_alloc_aligned()");
	cr_expect(s.nulls == 0, "%ld allocations returned NULL", s.nulls);
	cr_expect(s.misaligned == 0, "%ld of %ld pointers were not aligned as asked",
		  s.misaligned, s.calls);
}

static void bad_alignment(void *result, void *arg)
{
	struct seen *s = result;
	struct arena *a = arena_create(0);

	(void)arg;
	if (!(s->made = a != NULL))
		return;
	errno = 0;
	s->first = arena_alloc_aligned(a, 10, 24);
	s->err = errno;
	errno = 0;
	s->second = arena_alloc_aligned(a, 10, 0);
	s->calls = errno;
	arena_destroy(a);
}

GRADED(arena, bad_alignment_refused,
       .description = "arena_alloc_aligned() with an alignment that is not a power of two "
		      "(24, 0) returns NULL with errno EINVAL [memory#alignment]")
{
	struct seen s = isolate(bad_alignment, NULL, "arena_alloc_aligned(a, 10, 24)");
	cr_expect(s.first == NULL && s.err == EINVAL, "arena_alloc_aligned(a, 10, 24) returned "
		  "%p with errno %d, expected NULL and EINVAL (%d)", s.first, s.err, EINVAL);
	cr_expect(s.second == NULL && s.calls == EINVAL, "arena_alloc_aligned(a, 10, 0) "
		  "returned %p with errno %ld, expected NULL and EINVAL", s.second, s.calls);
}

static void many_blocks(void *result, void *arg)
{
	struct seen *s = result;
	struct arena *a = arena_create(0);

	(void)arg;
	if (!(s->made = a != NULL))
		return;
	fill_and_check(s, a, 5000, 300);
	arena_destroy(a);
}

GRADED(arena, blocks_do_not_overlap,
       .description = "5000 allocations of 1 to 300 bytes, each filled with its own byte, "
		      "all still hold their bytes at the end: no two overlap [memory#arenas]")
{
	struct seen s = isolate(many_blocks, NULL, "5000 arena_alloc() calls");
	cr_expect(s.nulls == 0, "%ld of %ld allocations returned NULL", s.nulls, s.calls);
	cr_expect(s.bad == 0, "%ld bytes were overwritten by a later allocation: blocks "
		  "overlap (is a size rounded down?)", s.bad);
}

static void small_chunks(void *result, void *arg)
{
	struct seen *s = result;
	(void)arg;
	s->before = maps_anonymous_bytes();
	struct arena *a = arena_create(4096);
	if (!(s->made = a != NULL))
		return;
	fill_and_check(s, a, 400, 1000);
	s->during = maps_anonymous_bytes();
	arena_destroy(a);
}

GRADED(arena, grows_across_chunks,
       .description = "with 4096-byte chunks, 400 allocations of up to 1000 bytes all "
		      "succeed and stay intact: the arena maps chunk after chunk "
		      "[memory#arenas]")
{
	struct seen s = isolate(small_chunks, NULL, "arena_create(4096) and 400 allocations");
	cr_expect(s.nulls == 0, "%ld of %ld allocations returned NULL", s.nulls, s.calls);
	cr_expect(s.bad == 0, "%ld bytes were overwritten by a later allocation", s.bad);
	cr_expect(s.during - s.before >= 150000, "only %ld bytes were mapped for about 200000 "
		  "bytes of allocations", s.during - s.before);
}

static void big_block(void *result, void *arg)
{
	struct seen *s = result;
	struct arena *a = arena_create(4096);

	(void)arg;
	if (!(s->made = a != NULL))
		return;
	char *big = arena_alloc(a, 100000);
	s->nulls = !big;
	if (big) {
		memset(big, 7, 100000);
		fill_and_check(s, a, 50, 500);
		for (int i = 0; i < 100000; i++)
			s->bad += big[i] != 7;
	}
	arena_destroy(a);
}

GRADED(arena, larger_than_a_chunk,
       .description = "an allocation of 100000 bytes from an arena of 4096-byte chunks gets "
		      "a chunk big enough, and small ones still work after it [memory#arenas]")
{
	struct seen s = isolate(big_block, NULL, "arena_alloc(a, 100000) with 4096-byte chunks");
	cr_expect(s.nulls == 0, "an allocation returned NULL");
	cr_expect(s.bad == 0, "%ld bytes did not hold what was written", s.bad);
}

static void reset_round(void *result, void *arg)
{
	struct seen *s = result;
	struct arena *a = arena_create(4096);
	void *p[100];

	(void)arg;
	if (!(s->made = a != NULL))
		return;
	// The first round writes every byte it gets: its pages are in memory.
	for (int i = 0; i < 100; i++)
		if ((p[i] = arena_alloc(a, 900)))
			memset(p[i], 255 - i, 900);
	s->before = maps_anonymous_bytes();
	// A page of a kept chunk is still in memory: writing it again costs no
	// page fault.  A page the kernel maps afresh (even at the same address)
	// faults on its first write, in the reset or after it.  Nothing else
	// from here to the second getrusage() touches a new page, so the faults
	// taken are the arena's.
	struct rusage r0, r1;
	getrusage(RUSAGE_SELF, &r0);
	arena_reset(a);
	for (int i = 0; i < 100; i++) {
		char *q = arena_alloc(a, 900);
		s->calls++;
		s->nulls += !q;
		s->same += q == p[i];
		if (q)
			memset(q, i, 900);
	}
	getrusage(RUSAGE_SELF, &r1);
	s->faults = (r1.ru_minflt - r0.ru_minflt) + (r1.ru_majflt - r0.ru_majflt);
	s->after = maps_anonymous_bytes();
	arena_destroy(a);
}

GRADED(arena, reset_reuses_chunks,
       .description = "after arena_reset(), the same allocations get the same memory again, "
		      "in the same order, from the same chunks, still mapped: nothing is "
		      "unmapped or mapped anew [memory#arenas]")
{
	struct seen s = isolate(reset_round, NULL, "arena_reset() then the same allocations");
	// 100 allocations of 900 bytes cover about 22 pages: kept chunks fault
	// on none of them, fresh ones on every one; a few are left to chance.
	long pages = (100 * 900 + 4095) / 4096;

	cr_expect(s.nulls == 0, "%ld allocations after the reset returned NULL", s.nulls);
	cr_expect(s.same == 100, "only %ld of 100 allocations after the reset got the memory "
		  "they had before it", s.same);
	cr_expect(s.after == s.before, "%ld bytes more were mapped after the reset: the kept "
		  "chunks were not reused", s.after - s.before);
	cr_expect(s.faults < pages / 2, "the reset and the 100 allocations after it (90000 "
		  "bytes, about %ld pages) took %ld page faults: their pages were new memory from "
		  "the kernel (even if at the same addresses), so the reset gave its chunks back "
		  "(munmap() and mmap() again, or madvise()) instead of keeping them; keep every "
		  "chunk mapped and move back to the first", pages, s.faults);
}

static void destroy_all(void *result, void *arg)
{
	struct seen *s = result;
	(void)arg;
	s->before = maps_anonymous_bytes();
	struct arena *a = arena_create(8192);
	if (!(s->made = a != NULL))
		return;
	fill_and_check(s, a, 300, 2000);
	arena_alloc(a, 300000);
	s->during = maps_anonymous_bytes();
	arena_destroy(a);
	s->after = maps_anonymous_bytes();
}

GRADED(arena, destroy_returns_chunks,
       .description = "arena_destroy() unmaps every chunk it mapped, the large ones and the "
		      "last one included [memory#arenas]")
{
	struct seen s = isolate(destroy_all, NULL, "arena_destroy()");
	cr_expect(s.during > s.before, "nothing was mapped for 600 KB of allocations");
	cr_expect(s.after == s.before, "%ld bytes were still mapped after arena_destroy()",
		  s.after - s.before);
}

static void zero_size(void *result, void *arg)
{
	struct seen *s = result;
	struct arena *a = arena_create(0);

	(void)arg;
	if (!(s->made = a != NULL))
		return;
	s->first = arena_alloc(a, 0);
	s->second = arena_alloc(a, 0);
	arena_destroy(a);
}

GRADED(arena, size_zero_is_distinct,
       .description = "two arena_alloc(a, 0) calls return two different non-NULL pointers "
		      "[memory#arenas]")
{
	struct seen s = isolate(zero_size, NULL, "arena_alloc(a, 0) twice");
	cr_expect(s.first && s.second && s.first != s.second, "arena_alloc(a, 0) returned %p "
		  "then %p", s.first, s.second);
}

static void utilisation(void *result, void *arg)
{
	struct seen *s = result;
	double requested = 0;

	(void)arg;
	s->before = maps_anonymous_bytes();
	struct arena *a = arena_create(0);
	if (!(s->made = a != NULL))
		return;
	for (long i = 0; i < 20000; i++) {
		size_t size = 16 + size_at(i, 240);
		s->nulls += !arena_alloc(a, size);
		requested += (double)size;
	}
	s->during = maps_anonymous_bytes();
	s->ratio = requested / (double)(s->during - s->before);
	arena_destroy(a);
}

GRADED(arena, utilisation,
       .description = "20000 allocations of 17 to 256 bytes: the bytes asked for are at least "
		      "85% of the bytes the arena mapped [memory#fragmentation]")
{
	struct seen s = isolate(utilisation, NULL, "20000 allocations");
	cr_expect(s.nulls == 0, "%ld allocations returned NULL", s.nulls);
	cr_expect(s.ratio >= 0.85, "utilisation %.1f%%: %ld bytes mapped for %.0f asked for; "
		  "expected at least 85%%", 100 * s.ratio, s.during - s.before,
		  s.ratio * (double)(s.during - s.before));
}

/* ---- memcheck sees inside the arena ---- */

/* Run arena_misuse WHAT under memcheck; the result, with what it said. */
static void memcheck(struct graded_result *r, const char *what)
{
	char *argv[] = {"valgrind", "--error-exitcode=99", "--leak-check=no",
			(char *)graded_program("arena_misuse"), (char *)what, NULL};
	struct graded_opts o = {.seconds = 30};

	if (graded_run(r, argv, &o) < 0)
		graded_not_graded("valgrind cannot be started here");
}

/* Does memcheck still hold blocks that a reset should have ended?  When it
 * does, it describes the bad address as inside a live "client-defined" block
 * (of an earlier round), and finds the mempool's blocks lying on each other:
 * each round's on the last's ("Mempool chunk N / M ... overlaps with its
 * successor"). */
static int stale_blocks(const char *err)
{
	const char *l = err;

	if (strstr(err, "overlaps with its successor"))
		return 1;
	while ((l = strstr(l, "inside a block of size"))) {
		const char *eol = strchr(l, '\n');
		const char *c = strstr(l, "client-defined");
		if (c && (!eol || c < eol))
			return 1;
		l++;
	}
	return 0;
}

#define STALE_BLOCKS "the allocations made before the reset are still live to memcheck: " \
	"the reset must end them, with VALGRIND_MEMPOOL_TRIM or one VALGRIND_MEMPOOL_FREE " \
	"each (marking the chunks NOACCESS is not enough: memcheck still counts their blocks " \
	"as allocated, each round's lying on the last's)"

/* Expect memcheck to have reported one error, of the kind named. */
static void expect_one_error(struct graded_result *r, const char *what, const char *kind)
{
	cr_assert(strstr(r->out, "done") != NULL, "arena_misuse %s did not reach its end: %s\n"
		  "%.2000s", what, graded_describe(r), r->err);
	cr_expect(strstr(r->err, "ERROR SUMMARY: 0 errors") == NULL && strstr(r->err, kind),
		  "memcheck reported no \"%s\" (%s): chunk memory must be NOACCESS until "
		  "allocated, each allocation announced with its own size, and a reset must "
		  "free them all", kind, graded_describe(r));
	cr_expect(strstr(r->err, "ERROR SUMMARY: 0 errors") || strstr(r->err, "ERROR SUMMARY: 1 "),
		  "memcheck reported more than the one mistake; the correct allocations before it "
		  "gave errors too:\n%.2000s", r->err);
	cr_expect(r->exited && r->exit_code == 99, "valgrind arena_misuse %s %s, expected exit "
		  "status 99 (memcheck found an error)", what, graded_describe(r));
}

GRADED(arena, memcheck_sees_overflow,
       .description = "under memcheck, correct use of the arena gives no error and a write one "
		      "byte past a 20-byte allocation gives one: the arena tells memcheck each "
		      "allocation's bounds (VALGRIND_MEMPOOL_ALLOC) [memory#client-requests]",
       .timeout = 40)
{
	struct graded_result r;

	memcheck(&r, "overflow");
	expect_one_error(&r, "overflow", "Invalid write");
	cr_expect(!stale_blocks(r.err), "memcheck still holds blocks of the arena from before "
		  "a reset (\"inside a block ... client-defined\", or \"overlaps with its "
		  "successor\"): " STALE_BLOCKS "; stale records from an earlier round can hide "
		  "an overflow, a write past one allocation that lands in a block memcheck "
		  "still counts as live");
	graded_result_free(&r);
}

GRADED(arena, memcheck_sees_use_after_reset,
       .description = "under memcheck, correct use of the arena gives no error and a read of "
		      "an allocation after arena_reset() gives one, on a freed block: the reset "
		      "tells memcheck that every allocation is gone (VALGRIND_MEMPOOL_TRIM) "
		      "[memory#client-requests]",
       .timeout = 40)
{
	struct graded_result r;

	memcheck(&r, "after-reset");
	expect_one_error(&r, "after-reset", "Invalid read");
	cr_expect(!stale_blocks(r.err), "memcheck described the read after the reset as inside "
		  "a live block (\"inside a block ... client-defined\"), not a freed one, or found "
		  "the arena's blocks lying on each other (\"overlaps with its successor\"): "
		  STALE_BLOCKS);
	graded_result_free(&r);
}
