/* where_it_lives.c - which region of the address space holds each variable
 *
 * Reads /proc/self/maps and says, for a local, a static, a malloc()ed block
 * and a large malloc()ed block, which mapping holds it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int counter;                 /* static storage: lives as long as the program */

/* The name of the mapping that holds p: "[stack]", "[heap]", "the
 * program" (its executable file), or "anonymous" for a mapping without a
 * name. */
static const char *region_of(const void *p, char *name, size_t cap)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512], exe[256] = "";
	unsigned long start, end, a = (unsigned long)p;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);

	snprintf(name, cap, "nowhere");
	while (f && fgets(line, sizeof line, f)) {
		int at = 0;
		if (sscanf(line, "%lx-%lx %*s %*s %*s %*s %n", &start, &end, &at) < 2 ||
		    a < start || a >= end)
			continue;
		line[strcspn(line, "\n")] = '\0';
		const char *path = at ? line + at : "";
		if (n > 0 && !strcmp(path, exe))
			path = "the program";
		snprintf(name, cap, "%s", *path ? path : "anonymous");
	}
	if (f)
		fclose(f);
	return name;
}

int main(void)
{
	int local = 1;                      /* automatic: gone when main returns */
	char *small = malloc(100);          /* heap: lives until free() */
	char *large = malloc(1 << 20);      /* heap too, but see mmap_threshold.c */
	char name[256];

	printf("local  int       : %s\n", region_of(&local, name, sizeof name));
	printf("static int       : %s\n", region_of(&counter, name, sizeof name));
	printf("malloc(100)      : %s\n", region_of(small, name, sizeof name));
	printf("malloc(1 MiB)    : %s\n", region_of(large, name, sizeof name));
	free(small);
	free(large);
	return 0;
}
