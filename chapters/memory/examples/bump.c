/* bump.c - the idea of an arena in thirty lines: a buffer and an offset
 *
 * Allocation rounds the offset up to the alignment and moves it forward;
 * there is no free(), only a reset of the offset.  A real arena maps more
 * buffers ("chunks") when one is full; this one just says no.
 */
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct bump {
	alignas(max_align_t) unsigned char buf[256];
	size_t used;                        /* bytes handed out, padding included */
};

/* size bytes aligned to align (a power of two), or NULL when full. */
static void *bump_alloc(struct bump *b, size_t size, size_t align)
{
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
	size_t sizes[] = {3, 8, 1, 100, 200};

	for (int round = 0; round < 2; round++) {
		for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
			unsigned char *p = bump_alloc(&b, sizes[i], alignof(max_align_t));
			if (p)
				printf("%3zu bytes at offset %3td\n", sizes[i], p - b.buf);
			else
				printf("%3zu bytes: full (%zu of %zu used)\n", sizes[i], b.used,
				       sizeof b.buf);
		}
		bump_reset(&b);
		printf("reset\n");
	}
	return 0;
}
