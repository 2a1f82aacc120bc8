/* arena_misuse.c - mistakes that memcheck must see inside an arena
 *
 *     arena_misuse clean        allocations used correctly: no error
 *     arena_misuse overflow     the same, then one byte written past a
 *                               20-byte allocation: exactly one error
 *     arena_misuse after-reset  the same, then an allocation read after
 *                               arena_reset(): exactly one error
 *
 * The official tests run it under valgrind: memcheck reports the two
 * mistakes only if the arena told it where each allocation starts and ends
 * (VALGRIND_MEMPOOL_ALLOC) and that a reset frees them all.  To memcheck a
 * chunk from mmap() is otherwise one block, all of it usable.  It prints
 * "done" when it reached its end.
 */
#include "arena.h"

#include <stdio.h>
#include <string.h>

static int clean(struct arena *a)
{
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 300; i++) {
			size_t size = 1 + (size_t)(i * 37) % 700;
			char *p = arena_alloc(a, size);
			if (!p)
				return 1;
			memset(p, i, size);
			if (p[size - 1] != (char)i)
				return 1;
		}
		char *big = arena_alloc_aligned(a, 100000, 64);
		if (!big)
			return 1;
		memset(big, 1, 100000);
		arena_reset(a);
	}
	return 0;
}

int main(int argc, char *argv[])
{
	const char *what = argc > 1 ? argv[1] : "";
	struct arena *a = arena_create(4096);
	volatile char *p;
	int rc = 0;

	if (!a) {
		fprintf(stderr, "arena_misuse: arena_create() returned NULL\n");
		return 1;
	}
	// The correct part first: an arena that makes memcheck report
	// everything would otherwise pass.
	if (clean(a))
		return 1;
	if (!strcmp(what, "clean")) {
		rc = 0;
	} else if (!strcmp(what, "overflow")) {
		if (!(p = arena_alloc(a, 20)))
			return 1;
		memset((char *)p, 1, 20);
		p[20] = 2;         /* one byte past the end */
	} else if (!strcmp(what, "after-reset")) {
		if (!(p = arena_alloc(a, 64)))
			return 1;
		memset((char *)p, 1, 64);
		arena_reset(a);
		rc = p[10] == 7;   /* a read of memory the reset released */
	} else {
		fprintf(stderr, "arena_misuse: usage: arena_misuse clean|overflow|after-reset\n");
		return 2;
	}
	arena_destroy(a);
	printf("done\n");
	return rc;
}
