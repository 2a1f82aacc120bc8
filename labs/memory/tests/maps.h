/* maps.h - how much memory a process has mapped, for the official tests
 *
 * The tests measure what an allocator obtained from the system from the
 * outside: the anonymous mappings listed in /proc/self/maps (lines with no
 * file name; the brk heap "[heap]", the stack and the vdso are not counted).
 * The code under test cannot make these numbers lie without unmapping
 * memory it uses.
 */
#ifndef MAPS_H
#define MAPS_H

#include <stdio.h>
#include <string.h>

/* Bytes of anonymous mappings of this process, or -1. */
static inline long maps_anonymous_bytes(void)
{
	FILE *f = fopen("/proc/self/maps", "re");
	char line[512];
	long total = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof line, f)) {
		unsigned long start, end, inode;
		int name = 0;
		if (sscanf(line, "%lx-%lx %*s %*s %*s %lu %n", &start, &end, &inode, &name) < 3)
			continue;
		if (inode == 0 && (name == 0 || line[name] == '\n' || line[name] == '\0'))
			total += (long)(end - start);
	}
	fclose(f);
	return total;
}

#endif
