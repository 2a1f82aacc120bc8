/* Expect: exit=1 score=0 */
/* Writes a passing report line and a completion marker of its own. */
#include "add.h"
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int add(int a, int b)
{
	const char *report = getenv("GRADED_REPORT"), *marker = getenv("GRADED_MARKER");
	FILE *f;
	if (report && (f = fopen(report, "a"))) {
		fprintf(f, "{\"suite\":\"add\",\"name\":\"small_numbers\",\"status\":\"passed\"}\n");
		fprintf(f, "{\"suite\":\"add\",\"name\":\"negative\",\"status\":\"passed\"}\n");
		fclose(f);
	}
	if (marker && (f = fopen(marker, "a"))) {
		fprintf(f, "x end add/small_numbers \nx end add/negative \n");
		fclose(f);
	}
	(void)a, (void)b;
	_exit(0);
}
