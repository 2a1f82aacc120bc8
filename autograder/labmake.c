/* labmake.c - the command line of lab.mk for a lab, and the paths it writes
 *
 * lab.mk takes everything on its command line (see its first lines), so the
 * same makefile builds every lab and make's own cache decides what to redo.
 */
#define _GNU_SOURCE
#include "labmake.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Push "NAME=a b c" for a NULL-terminated list. */
static void push_list(char ***argv, const char *name, char **items)
{
	struct sbuf b;
	sbuf_init(&b);
	sbuf_printf(&b, "%s=", name);
	for (char **i = items; i && *i; i++)
		sbuf_printf(&b, "%s%s", i == items ? "" : " ", *i);
	strv_push(argv, b.s);
	sbuf_free(&b);
}

static void push_var(char ***argv, const char *name, const char *value)
{
	char *s = xprintf("%s=%s", name, value ? value : "");
	strv_push(argv, s);
	free(s);
}

/* TESTS=tests/a.c tests/b.c: the staged lab's official tests, in name order. */
static void push_tests(char ***argv, const char *src)
{
	char *dir = xprintf("%s/tests", src);
	char **names = list_files(dir, ".c");
	char **paths = strv_new(NULL);
	for (char **n = names; *n; n++) {
		char *rel = xprintf("tests/%s", *n);
		strv_push(&paths, rel);
		free(rel);
	}
	push_list(argv, "TESTS", paths);
	strv_free(paths);
	strv_free(names);
	free(dir);
}

static void push_programs(char ***argv, const struct lab *lab)
{
	char **names = strv_new(NULL);
	for (int i = 0; i < lab->nprograms; i++) {
		struct program *p = &lab->programs[i];
		char *var = xprintf("%s_SOURCES", p->name);
		push_list(argv, var, p->sources);
		strv_push(&names, p->name);
		free(var);
	}
	push_list(argv, "PROGRAMS", names);
	strv_free(names);
}

char **labmake_argv(const struct lab *lab, const char *mk, const char *src, const char *out,
		    const char *bin, const char *common, const char *target, int jobs)
{
	char *j = xprintf("-j%d", jobs > 0 ? jobs : 1);
	char **argv = strv_new("make", "--no-print-directory", "-C", src, "-f", mk, "-k", "-r",
			       j, "-Otarget", NULL);
	free(j);
	push_var(&argv, "OUT", out);
	push_var(&argv, "BIN", bin);
	push_var(&argv, "COMMON", common);
	push_list(&argv, "LAB_CFLAGS", lab->cflags);
	push_list(&argv, "LAB_LDLIBS", lab->ldlibs);
	push_list(&argv, "STUDENT_FILES", lab->student_files);
	push_list(&argv, "GIVEN_SOURCES", lab->given_sources);
	push_var(&argv, "STUDENT_TESTS", lab->student_tests);
	push_tests(&argv, src);
	push_programs(&argv, lab);
	strv_push(&argv, target ? target : "all");
	return argv;
}

/* Remove path and path.log; 0, or -1 with errno set. */
static int forget(const char *path)
{
	char *log = labmake_log(path);
	int rc = 0, err = 0;
	if (unlink(path) < 0 && errno != ENOENT) {
		rc = -1;
		err = errno;
	}
	if (unlink(log) < 0 && errno != ENOENT) {
		rc = -1;
		err = errno;
	}
	free(log);
	if (rc < 0)
		errno = err;
	return rc;
}

int labmake_forget_links(const struct lab *lab, const char *out, const char *bin)
{
	int rc = 0, err = 0;
	char *paths[] = {labmake_runner(out), labmake_coverage_runner(out)};
	for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
		if (forget(paths[i]) < 0) {
			rc = -1;
			err = errno;
		}
		free(paths[i]);
	}
	for (int i = 0; i < lab->nprograms; i++) {
		char *p = xprintf("%s/%s", bin, lab->programs[i].name);
		if (forget(p) < 0) {
			rc = -1;
			err = errno;
		}
		free(p);
	}
	if (rc < 0)
		errno = err;
	return rc;
}

char *labmake_runner(const char *out)
{
	return xprintf("%s/official-tests", out);
}

char *labmake_coverage_runner(const char *out)
{
	return xprintf("%s/my-tests", out);
}

char *labmake_coverage_dir(const char *out)
{
	return xprintf("%s/obj/%s", out, LABMAKE_COV);
}

char *labmake_object(const char *out, const char *set, const char *source)
{
	size_t n = strlen(source);
	if (n > 2 && !strcmp(source + n - 2, ".c"))
		n -= 2;
	return xprintf("%s/obj/%s/lab/%.*s.o", out, set, (int)n, source);
}

char *labmake_log(const char *path)
{
	return xprintf("%s.log", path);
}
