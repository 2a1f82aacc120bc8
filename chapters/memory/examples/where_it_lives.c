/* where_it_lives.c - which region of the address space holds each variable
 *
 * Reads /proc/self/maps (Linux) and says, for a local, a static, a
 * malloc()ed block and a large malloc()ed block, which mapping holds it.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int counter;                 /* static storage: lives as long as the program */

/* The name of the mapping that holds p: "[stack]", "[heap]", "the
 * program" (its executable file), "anonymous" for a mapping without a
 * name, or "nowhere".  The name is written to name, which is returned. */
static const char *region_of(const void *p, char *name, size_t cap)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512], exe[256] = "";
	unsigned long start, end, a = (unsigned long)p;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);

	snprintf(name, cap, "%s", f ? "nowhere" : "unknown (no /proc/self/maps)");
	while (f && fgets(line, sizeof line, f)) {
		if (sscanf(line, "%lx-%lx", &start, &end) != 2 || a < start || a >= end)
			continue;
		line[strcspn(line, "\n")] = '\0';
		// The name, when there is one, is the last field: a path or [name].
		const char *path = strpbrk(line, "/[");
		if (!path)
			path = "anonymous";
		else if (n > 0 && !strcmp(path, exe))
			path = "the program";
		snprintf(name, cap, "%s", path);
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

	if (!small || !large) {
		perror("where_it_lives: malloc");
		return 1;
	}
	printf("local  int       : %s\n", region_of(&local, name, sizeof name));
	printf("static int       : %s\n", region_of(&counter, name, sizeof name));
	printf("malloc(100)      : %s\n", region_of(small, name, sizeof name));
	printf("malloc(1 MiB)    : %s\n", region_of(large, name, sizeof name));
	free(small);
	free(large);
	return 0;
}
