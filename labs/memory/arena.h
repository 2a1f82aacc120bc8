/* arena.h - a region allocator: many allocations, one release
 *
 * An arena hands out memory by moving a pointer forward through large
 * chunks it maps with mmap().  Nothing is freed one allocation at a time:
 * arena_reset() releases every allocation at once and keeps the chunks for
 * the next round, and arena_destroy() returns the chunks to the system.
 * A server that builds everything one request needs in an arena frees all
 * of it in one call when the request is done.
 *
 * The arena tells Valgrind what it does (a "mempool", valgrind/memcheck.h),
 * so that memcheck sees each allocation as a block of its own: it reports a
 * write past the end of one, and any use after a reset.
 *
 * You write every function in arena.c; struct arena is yours to define.
 */
#ifndef ARENA_H
#define ARENA_H

#include <stddef.h>

/* Bytes mapped per chunk when arena_create() is given 0. */
#define ARENA_DEFAULT_CHUNK (64 * 1024)

struct arena;

/* A new, empty arena whose chunks are chunk_size bytes (0: the default),
 * rounded up to whole pages; a chunk may be larger when one allocation needs
 * it.  No chunk is mapped yet.  Returns NULL with errno ENOMEM when there is
 * no memory for the arena itself. */
struct arena *arena_create(size_t chunk_size);

/* size bytes, aligned for any type (alignof(max_align_t)), valid until the
 * next arena_reset() or arena_destroy().  The bytes are not initialised.  A
 * size of 0 is taken as 1, so every call returns memory of its own.
 * Returns NULL with errno ENOMEM when no chunk can be mapped; the arena and
 * everything allocated before stay usable. */
void *arena_alloc(struct arena *a, size_t size);

/* As arena_alloc(), aligned to align bytes (or more), which must be a power
 * of two: otherwise NULL with errno EINVAL. */
void *arena_alloc_aligned(struct arena *a, size_t size, size_t align);

/* Release every allocation at once.  The chunks stay mapped and the next
 * allocations reuse them, in the same order.  Memory allocated before is no
 * longer valid (memcheck reports its use). */
void arena_reset(struct arena *a);

/* Unmap every chunk and free the arena.  a may be NULL. */
void arena_destroy(struct arena *a);

#endif
