/* mmap_threshold.c - where glibc's malloc() gets memory from, in the main
 * thread
 *
 * Small blocks come from the brk heap, which grows with brk(); a block of
 * at least the mmap threshold (128 KiB at start) gets a mapping of its own,
 * which free() unmaps, unless a free chunk or the top of the heap can serve
 * it.  Freeing such a block raises the threshold to its size, so the same
 * request afterwards is served from the heap.  Other threads' blocks, and
 * other allocators' (jemalloc, mimalloc, Valgrind's, ASan's), are never in
 * "[heap]": this program describes glibc's main arena only.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where the address a is: in the brk heap ("[heap]" in /proc/self/maps)
 * or not; NULL when /proc/self/maps cannot be read. */
static const char *source(unsigned long a)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	unsigned long start, end;
	int in_heap = 0;

	if (!f)
		return NULL;
	while (fgets(line, sizeof line, f))
		if (strstr(line, "[heap]") && sscanf(line, "%lx-%lx", &start, &end) == 2)
			in_heap |= a >= start && a < end;
	fclose(f);
	return in_heap ? "brk heap" : "a mapping of its own";
}

/* malloc(size), print where the block is, free it: 0, or -1 on failure. */
static int show(size_t size, const char *label)
{
	void *p = malloc(size);
	if (!p) {
		perror("mmap_threshold: malloc");
		return -1;
	}
	const char *where = source((unsigned long)p);
	if (!where) {
		perror("mmap_threshold: cannot open '/proc/self/maps'");
		free(p);
		return -1;
	}
	printf("malloc(%7zu)%s: %s\n", size, label, where);
	free(p);
	return 0;
}

int main(void)
{
	size_t sizes[] = {100, 4000, 100000, 200000, 1 << 20};

	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++)
		if (show(sizes[i], "") < 0)
			return 1;
	return show(200000, " after freeing one") < 0;
}
