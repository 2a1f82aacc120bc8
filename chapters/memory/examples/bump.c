/* bump.c - the idea of an arena: a buffer and an offset
 *
 * Allocation rounds the offset up to the alignment asked for and moves it
 * forward; there is no free(), only a reset of the offset.  A real arena
 * maps more buffers ("chunks") when one is full; this one just says no.
 */
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct bump {
	alignas(64) unsigned char buf[256];
	size_t used;                        /* bytes handed out, padding included */
};

/* size bytes aligned to align, or NULL when full or when align is not a
 * power of two. */
static void *bump_alloc(struct bump *b, size_t size, size_t align)
{
	if (align == 0 || (align & (align - 1)))
		return NULL;
	size_t start = (b->used + align - 1) & ~(align - 1);
	if (start > sizeof b->buf || size > sizeof b->buf - start)
		return NULL;
	b->used = start + size;
	return b->buf + start;
}

static void bump_reset(struct bump *b)
{
	b->used = 0;
}

int main(void)
{
	static struct bump b;
	struct { size_t size, align; } asks[] = {
		{3, alignof(max_align_t)}, {8, alignof(max_align_t)}, {1, alignof(max_align_t)},
		{100, 64},                  /* a cache line: the offset must move to 64 */
		{200, alignof(max_align_t)},
	};

	for (int round = 0; round < 2; round++) {
		for (size_t i = 0; i < sizeof asks / sizeof *asks; i++) {
			unsigned char *p = bump_alloc(&b, asks[i].size, asks[i].align);
			if (p)
				printf("%3zu bytes aligned to %2zu at offset %3td\n", asks[i].size,
				       asks[i].align, p - b.buf);
			else
				printf("%3zu bytes aligned to %2zu: full (%zu of %zu used)\n",
				       asks[i].size, asks[i].align, b.used, sizeof b.buf);
		}
		bump_reset(&b);
		printf("reset\n");
	}
	return 0;
}
