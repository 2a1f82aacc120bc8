/* observed.c - the witness of a scenario program, and when the checks that
 * run scenarios may start (observed.h) */
#define _GNU_SOURCE
#include "observed.h"
#include "build.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

void observed_arm(struct job *j)
{
	char *nonce = random_nonce();
	char *var = xprintf("GRADED_NONCE=%s", nonce);
	strv_push(&j->env, var);
	free(var);
	free(nonce);
}

char *observed_missing_witness(struct job *j)
{
	const char *nonce = NULL;
	for (char **e = j->env; *e; e++)
		if (!strncmp(*e, "GRADED_NONCE=", 13))
			nonce = *e + 13;
	char *out = read_file(j->out_path, NULL, 1 << 20);
	char *want = xprintf("scenario complete %s: ", nonce ? nonce : "?");
	char *t = NULL;
	if (!out || !strstr(out, want)) {
		char *tail = file_tail(j->err_path, 10);
		t = xprintf("the scenario program exited with status 0 but never said that the "
			    "scenario was complete, so it did not run to its end (exit() or _exit() "
			    "called in your code?); it said:\n%s", tail);
		free(tail);
	}
	free(want);
	free(out);
	return t;
}

char *observed_blocked(struct grade *g)
{
	struct built *b = g->built;
	if (!b || !b->compiled)
		return xstrdup("no build");
	if (!b->programs_ok)
		return xprintf("the lab's programs did not build\n%s", b->programs_failure);
	if (!grade_selected(g, &check_behaviour))
		return NULL;    /* behaviour was not asked for: nothing to wait for */
	if (grade_behaviour_earned(g) == 0)
		return xstrdup("no official test passes yet, and these points follow behaviour "
			       "points: make the tests pass first");
	return NULL;
}
