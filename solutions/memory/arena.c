/* arena.c - a region allocator: bump allocation in chunks mapped with mmap()
 *
 * Each chunk starts with a small header that links it to the next; the
 * arena allocates from one chunk at a time by moving `next` forward, and
 * maps a new chunk only when the current one is full.  A reset moves back
 * to the first chunk and reuses the chunks in the order they were made.
 *
 * Memcheck cannot see inside memory that came from mmap(): to it a chunk is
 * one region that is either all usable or not.  The client requests of
 * valgrind/memcheck.h tell it more: the arena is a "mempool", each
 * allocation a block of it, a fresh chunk is NOACCESS until allocated from,
 * and a reset frees every block at once.  Outside Valgrind each request is a
 * handful of instructions that do nothing.
 */
#include "arena.h"

#include <errno.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
#include <valgrind/memcheck.h>

/* The alignment every allocation gets. */
#define ARENA_ALIGN alignof(max_align_t)

/* The start of each chunk. */
struct chunk {
	struct chunk *next;     /* the chunk made after this one, or NULL */
	size_t size;            /* bytes mapped, this header included */
};

struct arena {
	struct chunk *first;    /* every chunk, oldest first */
	struct chunk *last;     /* the newest chunk, where a new one is linked */
	struct chunk *current;  /* the chunk allocations come from, or NULL */
	uintptr_t next;         /* the first free byte of current */
	uintptr_t end;          /* one past the last byte of current */
	size_t chunk_size;      /* bytes of a new chunk, unless one allocation needs more */
};

/* Bytes at the start of a chunk taken by its header. */
#define HEADER_SIZE ((sizeof(struct chunk) + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1))

/* n rounded up to a multiple of to (a power of two); 0 when that overflows. */
static size_t round_up(size_t n, size_t to)
{
	if (n > SIZE_MAX - (to - 1))
		return 0;
	return (n + to - 1) & ~(to - 1);
}

struct arena *arena_create(size_t chunk_size)
{
	struct arena *a = calloc(1, sizeof *a);

	if (!a)
		return NULL;
	a->chunk_size = round_up(chunk_size ? chunk_size : ARENA_DEFAULT_CHUNK,
				 (size_t)sysconf(_SC_PAGESIZE));
	if (!a->chunk_size) {
		free(a);
		errno = ENOMEM;
		return NULL;
	}
	VALGRIND_CREATE_MEMPOOL(a, 0, 0);
	return a;
}

/* Allocate from chunk c from now on. */
static void use_chunk(struct arena *a, struct chunk *c)
{
	a->current = c;
	a->next = (uintptr_t)c + HEADER_SIZE;
	a->end = (uintptr_t)c + c->size;
}

/* Does chunk c hold size bytes at align? */
static int chunk_fits(const struct chunk *c, size_t size, size_t align)
{
	uintptr_t start = (uintptr_t)c + HEADER_SIZE;
	uintptr_t p = (start + align - 1) & ~(uintptr_t)(align - 1);
	return p - (uintptr_t)c <= c->size && size <= c->size - (p - (uintptr_t)c);
}

/* Map a chunk with room for size bytes at align and link it last.
 * Returns it, or NULL with errno ENOMEM (the arena is unchanged). */
static struct chunk *chunk_map(struct arena *a, size_t size, size_t align)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t need = HEADER_SIZE + align;

	need = size > SIZE_MAX - need ? 0 : round_up(need + size, page);
	if (!need) {
		errno = ENOMEM;
		return NULL;
	}
	size_t bytes = need > a->chunk_size ? need : a->chunk_size;
	struct chunk *c = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (c == MAP_FAILED) {
		errno = ENOMEM;
		return NULL;
	}
	c->next = NULL;
	c->size = bytes;
	// Nothing in it is allocated yet: memcheck must refuse every access.
	VALGRIND_MAKE_MEM_NOACCESS((char *)c + HEADER_SIZE, bytes - HEADER_SIZE);
	if (a->last)
		a->last->next = c;
	else
		a->first = c;
	a->last = c;
	return c;
}

/* Move to a chunk that holds size bytes at align: the next kept one that
 * fits, or a new one.  0, or -1 with errno ENOMEM. */
static int grow(struct arena *a, size_t size, size_t align)
{
	struct chunk *c = a->current ? a->current->next : a->first;

	while (c && !chunk_fits(c, size, align))
		c = c->next;
	if (!c && !(c = chunk_map(a, size, align)))
		return -1;
	use_chunk(a, c);
	return 0;
}

void *arena_alloc_aligned(struct arena *a, size_t size, size_t align)
{
	if (!align || (align & (align - 1))) {
		errno = EINVAL;
		return NULL;
	}
	if (align < ARENA_ALIGN)
		align = ARENA_ALIGN;
	if (!size)
		size = 1;
	uintptr_t p = (a->next + align - 1) & ~(uintptr_t)(align - 1);
	if (!a->current || p < a->next || p > a->end || size > a->end - p) {
		if (grow(a, size, align) < 0)
			return NULL;
		p = (a->next + align - 1) & ~(uintptr_t)(align - 1);
	}
	a->next = p + size;
	VALGRIND_MEMPOOL_ALLOC(a, p, size);
	return (void *)p;
}

void *arena_alloc(struct arena *a, size_t size)
{
	return arena_alloc_aligned(a, size, ARENA_ALIGN);
}

void arena_reset(struct arena *a)
{
	// Every block is freed at once: memcheck forgets them and marks them
	// NOACCESS, so a pointer kept from before the reset is reported.
	VALGRIND_MEMPOOL_TRIM(a, NULL, 0);
	a->current = NULL;
	a->next = a->end = 0;
}

void arena_destroy(struct arena *a)
{
	if (!a)
		return;
	VALGRIND_DESTROY_MEMPOOL(a);
	struct chunk *c = a->first;
	while (c) {
		struct chunk *next = c->next;
		munmap(c, c->size);
		c = next;
	}
	free(a);
}
