/* scenario.h - what the leaks and races scenario programs share
 *
 * Scenario programs (labs/NAME/scenarios/) have a main of their own and are
 * not linked with Criterion, so their helpers live here, header-only.
 */
#ifndef SCENARIO_H
#define SCENARIO_H

#include <dirent.h>

/* Descriptors open in this process, the one that reads /proc/self/fd not
 * counted; -1 if /proc cannot be read. */
static inline int scenario_open_descriptors(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;
	struct dirent *e;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n - 1;
}

#endif
