/* stage.c - the staged lab: the course's lab with the student's files over it
 *
 * Grading never builds in the source tree, and the official tests are always
 * the course's own: only the files lab.json names come from the submission.
 * Each file is written once, from where it finally comes from, so that an
 * unchanged file keeps its mtime (a skeleton written and then overwritten by
 * the student's copy would look new every time).
 */
#define _GNU_SOURCE
#include "stage.h"
#include "sync.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Copy one file of the submission into src; 0 or -1 and *why. */
static int stage_file(const char *impl_dir, const char *src, const char *name, char **why)
{
	char *from = xprintf("%s/%s", impl_dir, name);
	char *to = xprintf("%s/%s", src, name);
	int rc = 0;
	if (!file_exists(from)) {
		*why = xprintf("%s has no %s", impl_dir, name);
		rc = -1;
	} else if (sync_file(from, to) < 0) {
		*why = xprintf("cannot copy '%s' to '%s': %s", from, to, strerror(errno));
		rc = -1;
	}
	free(from);
	free(to);
	return rc;
}

int stage_lab(const struct lab *lab, const char *impl_dir, const char *src, char **why)
{
	char **theirs = strv_new(NULL);
	for (char **f = lab->student_files; *f; f++)
		strv_push(&theirs, *f);
	/* The student's own tests travel with the submission when present. */
	char *tests = xprintf("%s/%s", impl_dir, lab->student_tests);
	if (lab->student_tests && lab->student_tests[0] && file_exists(tests))
		strv_push(&theirs, lab->student_tests);
	free(tests);
	int rc = 0;
	if (sync_tree(lab->dir, src, theirs) < 0) {
		*why = xprintf("cannot copy '%s' to '%s': %s", lab->dir, src, strerror(errno));
		rc = -1;
	}
	for (char **f = theirs; rc == 0 && *f; f++)
		rc = stage_file(impl_dir, src, *f, why);
	strv_free(theirs);
	return rc;
}
