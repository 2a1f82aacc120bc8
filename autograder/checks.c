/* checks.c - the table of checks, in the order they are reported */
#include "check.h"

#include <string.h>

const struct check *const checks[] = {
	&check_build,
	&check_behaviour,
	&check_coverage,
	&check_leaks,
	&check_races,
	&check_faults,
	&check_performance,
	NULL,
};

const struct check *check_named(const char *name)
{
	for (int i = 0; checks[i]; i++)
		if (!strcmp(checks[i]->name, name))
			return checks[i];
	return NULL;
}
