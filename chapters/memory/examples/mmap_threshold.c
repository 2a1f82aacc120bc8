/* mmap_threshold.c - where glibc's malloc() gets memory from
 *
 * Small blocks come from the brk heap, which grows with brk(); a block of
 * at least the mmap threshold (128 KiB at start) gets a mapping of its own,
 * which free() unmaps.  Freeing such a block raises the threshold to its
 * size, so the same request afterwards is served from the heap.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where p is: in the brk heap ("[heap]" in /proc/self/maps) or not. */
static const char *source(const void *p)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	unsigned long start, end, a = (unsigned long)p;
	int in_heap = 0;

	while (f && fgets(line, sizeof line, f))
		if (strstr(line, "[heap]") && sscanf(line, "%lx-%lx", &start, &end) == 2)
			in_heap |= a >= start && a < end;
	if (f)
		fclose(f);
	return in_heap ? "brk heap" : "a mapping of its own";
}

int main(void)
{
	size_t sizes[] = {100, 4000, 100000, 200000, 1 << 20};

	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		void *p = malloc(sizes[i]);
		printf("malloc(%7zu): %s\n", sizes[i], source(p));
		free(p);
	}
	void *again = malloc(200000);
	printf("malloc( 200000) after freeing one: %s\n", source(again));
	free(again);
	return 0;
}
