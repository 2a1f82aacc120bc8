/* Expect: exit=1 score=0 needs=root */
/* Tries to replace the program and the test runner the grader built. */
#include "add.h"
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void overwrite(const char *path)
{
	FILE *f = fopen(path, "w");
	if (f) {
		fprintf(f, "#!/bin/sh\nexpr \"$1\" + \"$2\"\n");
		fclose(f);
	}
}

int add(int a, int b)
{
	char path[4096];
	const char *bin = getenv("LAB_BIN");
	if (bin) {
		snprintf(path, sizeof path, "%s/adder", bin);
		overwrite(path);
		snprintf(path, sizeof path, "%s/../work/official-tests", bin);
		overwrite(path);
	}
	(void)a, (void)b;
	return 0;
}
