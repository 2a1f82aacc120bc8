/* free_list.c - a free list of fixed-size objects threaded through the
 * objects themselves
 *
 * A free object's first bytes hold the link to the next free one, so the
 * list costs no memory of its own.  get pops the head, put pushes on it:
 * both O(1), and the object put back last is the next one handed out.
 */
#include <stddef.h>
#include <stdio.h>

#define OBJECTS 4

union object {
	union object *next;                 /* while free: the next free object */
	char data[32];                      /* while in use: the caller's bytes */
	max_align_t align;                  /* never used: aligns every object like malloc */
};

static union object slab[OBJECTS];
static union object *free_list;

static void list_init(void)
{
	for (int i = OBJECTS - 1; i >= 0; i--) {
		slab[i].next = free_list;
		free_list = &slab[i];
	}
}

/* An object, or NULL when all are in use. */
static union object *get(void)
{
	union object *o = free_list;
	if (o)
		free_list = o->next;
	return o;
}

static void put(union object *o)
{
	o->next = free_list;
	free_list = o;
}

int main(void)
{
	list_init();
	union object *a = get(), *b = get(), *c = get();
	printf("got objects %td, %td, %td\n", a - slab, b - slab, c - slab);
	put(b);
	printf("put %td back; the next get returns %td\n", b - slab, get() - slab);
	union object *d = get(), *e = get();
	printf("then %td, then %s\n", d - slab, e ? "another" : "NULL: all four in use");
	return 0;
}
