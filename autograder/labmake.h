/* labmake.h - the make run that builds a staged lab, and where its files go
 *
 * autograder/lab.mk compiles every source once per flag set and links the
 * lab's programs, the official test runner and the coverage runner; this
 * module turns a struct lab into its command line and names its outputs,
 * so that no other module needs to know lab.mk's layout.
 *
 * After a run, an output is usable exactly when its file exists, provided
 * labmake_forget_links() ran before: an object that exists was compiled
 * from the current sources and flags, and a failed one is deleted.
 */
#ifndef LABMAKE_H
#define LABMAKE_H

#include "lab.h"

/* The flag sets of lab.mk, one object directory each. */
#define LABMAKE_STD "std"     /* the normal flags: programs, runner, build check */
#define LABMAKE_COV "cov"     /* the same with --coverage: the coverage runner */

/* The argv of "make -C src -f mk -k -r -jJOBS -Otarget VAR=... target",
 * NULL-terminated, for strv_free().  target is one of lab.mk's targets
 * ("objects", "programs", "runner", "coverage", "all"; NULL means "all");
 * more can be strv_push()ed.  mk, src, out, bin and common (labs/common)
 * must be absolute, and src already staged (stage_lab()): the official
 * tests are the .c files of its tests/.  Paths, flags and file names must
 * hold no space and no '$'.  Run it as a trusted job; it exits 0 when every
 * target was built, 2 otherwise (with -k it still builds all it can).  This
 * function can't fail. */
char **labmake_argv(const struct lab *lab, const char *mk, const char *src, const char *out,
		    const char *bin, const char *common, const char *target, int jobs);

/* Remove what the last run linked (each program in bin, both runners) and
 * their logs, so that after the next run a linked file exists only if it
 * was linked by that run, and its log only if that link ran.  Call it before
 * each run.  Returns 0, or -1 with errno set when something could not go. */
int labmake_forget_links(const struct lab *lab, const char *out, const char *bin);

/* Paths of lab.mk's outputs, malloc'd; none of these can fail. */
/* The official test runner, OUT/official-tests. */
char *labmake_runner(const char *out);
/* The coverage runner, OUT/my-tests. */
char *labmake_coverage_runner(const char *out);
/* Where the coverage objects and their .gcno (and, after a run, .gcda)
 * files are, for gcovr --object-directory: OUT/obj/cov.  "make coverage"
 * deletes the .gcda files, so that each run counts alone. */
char *labmake_coverage_dir(const char *out);
/* The object of a lab source (relative to the staged lab, e.g. "pipeline.c"
 * or "tests/x.c") in a flag set: OUT/obj/SET/lab/pipeline.o. */
char *labmake_object(const char *out, const char *set, const char *source);
/* The compiler's output (errors and warnings, "" when silent) for an object,
 * a program or a runner: PATH.log beside it.  For an object that exists,
 * the log is that of the compile that made it, however old; for an object
 * that is missing, of this run's failed compile (no log: it was not tried,
 * e.g. make stopped).  For a linked file, see labmake_forget_links(). */
char *labmake_log(const char *path);

#endif
