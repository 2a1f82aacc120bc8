/* build.c - stage the submission under build/ and build it with make
 *
 * The lab is synced to build/NAME/src and the student files are laid over
 * it (stage.c), so grading never touches the source tree and the official
 * tests are always the course's own.  One run of make (lab.mk, a trusted
 * job) then compiles every source once per flag set and links the lab's
 * programs, the official test runner and the coverage runner; make's own
 * dependency tracking (-MD) decides what a regrading must recompile.
 *
 * The build check reads each student object's compiler log: errors, then
 * code the grader refuses to run (inspect.c), then warnings.  What was
 * linked is recorded in g->built for the checks after this one.
 */
#define _GNU_SOURCE
#include "build.h"
#include "jobs.h"
#include "labmake.h"
#include "stage.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAKE_SECONDS 180

static struct job *make_job;

int build_stage(struct grade *g)
{
	char *why = NULL;
	if (stage_lab(g->lab, g->impl_dir, g->src, &why) == 0)
		return 0;
	fprintf(stderr, "grade: %s: give the directory that holds your %s files\n", why,
		g->lab->name);
	free(why);
	return -1;
}

static void build_plan(struct grade *g)
{
	struct item *it = grade_add_item(g, &check_build, "build", 2);
	it->description = xstrdup("your files compile with gcc -Wall -Wextra, without warnings");
}

static void build_queue(struct grade *g)
{
	if (labmake_forget_links(g->lab, g->out, g->bin) < 0)
		fatal("cannot remove the last build's programs from %s", g->out);
	make_dirs(g->bin, 0755);
	char *mk = xprintf("%s/autograder/lab.mk", g->root);
	char *common = xprintf("%s/labs/common", g->root);
	char *log = xprintf("%s/make.log", g->work);
	char **argv = labmake_argv(g->lab, mk, g->src, g->out, g->bin, common, "all", g->jobs);
	make_job = jobs_tool(g, argv, log, MAKE_SECONDS);
	sandbox_add(make_job);
	free(mk);
	free(common);
	free(log);
}

/* The student objects, and their compiler output: errors (objects that are
 * missing) and warnings (objects whose log is not empty). */
static char **student_objects(struct grade *g, struct sbuf *errors, struct sbuf *warnings)
{
	char **objects = strv_new(NULL);
	for (char **f = g->lab->student_files; *f; f++) {
		char *obj = labmake_object(g->out, LABMAKE_STD, *f);
		char *log = labmake_log(obj);
		char *text = read_file(log, NULL, 64 * 1024);
		if (!file_exists(obj))
			sbuf_printf(errors, "%s", text && text[0] ? text
				    : "(the compiler printed nothing: see the make log)\n");
		else if (text && text[0])
			sbuf_printf(warnings, "%s", text);
		strv_push(&objects, obj);
		free(text);
		free(log);
		free(obj);
	}
	return objects;
}

/* Settles the build item: errors, then code the grader refuses to run, then
 * warnings.  Returns 1 when the code may run. */
static int judge_compile(struct grade *g, struct item *it)
{
	struct sbuf errors, warnings;
	sbuf_init(&errors);
	sbuf_init(&warnings);
	char **objects = student_objects(g, &errors, &warnings);
	if (make_job->end != JOB_EXITED) {
		/* make never ran, or was stopped: what the objects say is not the news. */
		char *how = job_describe(make_job);
		errors.len = 0;
		errors.s[0] = '\0';
		sbuf_printf(&errors, "the build (make) %s\n", how);
		free(how);
	}
	char *forbidden = NULL;
	if (!errors.len) {
		char *log = xprintf("%s/inspect.log", g->work);
		forbidden = inspect_objects(g, objects, log);
		free(log);
	}
	strv_free(objects);
	int ok = 0;
	if (errors.len && make_job->end != JOB_EXITED) {
		item_settle(it, FAILED, xstrdup(errors.s));
		it->note = xstrdup("could not be built");
	} else if (errors.len) {
		item_settle(it, FAILED, xprintf("gcc could not compile your code:\n%s", errors.s));
		it->note = xstrdup("did not compile");
	} else if (forbidden) {
		/* The official tests cannot be trusted to run such code: nothing runs. */
		item_settle(it, FAILED, xprintf("your code compiled, but it cannot be graded as "
						"it is:\n%s", forbidden));
		it->note = xstrdup("compiled, but runs code nobody called (see below)");
	} else if (warnings.len) {
		item_settle(it, FAILED, xprintf("gcc warned:\n%s", warnings.s));
		it->earned = it->weight / 2;
		it->note = xstrdup("compiled, with warnings (half the points)");
		ok = 1;
	} else {
		item_settle(it, PASSED, NULL);
		it->note = xstrdup("compiled without warnings");
		ok = 1;
	}
	free(forbidden);
	sbuf_free(&errors);
	sbuf_free(&warnings);
	return ok;
}

/* NULL when path was linked; else why not, in words (malloc'd). */
static char *link_failure(struct grade *g, const char *what, const char *path)
{
	if (file_exists(path))
		return NULL;
	char *log = labmake_log(path);
	char *text = read_file(log, NULL, 16 * 1024);
	char *r;
	if (text)
		r = xprintf("%s could not be built with your code:\n%s", what,
			    text[0] ? text : "(no linker output)\n");
	else {
		/* Never linked: one of its objects did not compile, or make stopped. */
		char *make_log = xprintf("%s/make.log", g->work);
		char *tail = file_tail(make_log, 20);
		r = xprintf("%s was not built: a source of it did not compile; the end of "
			    "make's output:\n%s", what, tail);
		free(tail);
		free(make_log);
	}
	free(text);
	free(log);
	return r;
}

/* Records what was linked, and why anything is missing. */
static void record_links(struct grade *g, struct built *b)
{
	struct sbuf why;
	sbuf_init(&why);
	for (int i = 0; i < g->lab->nprograms; i++) {
		char *path = xprintf("%s/%s", g->bin, g->lab->programs[i].name);
		char *what = xprintf("program %s", g->lab->programs[i].name);
		char *t = link_failure(g, what, path);
		if (t)
			sbuf_printf(&why, "%s", t);
		free(t);
		free(what);
		free(path);
	}
	b->programs_ok = why.len == 0;
	b->programs_failure = why.s;
	char *runner = labmake_runner(g->out);
	b->runner_failure = link_failure(g, "the official tests", runner);
	b->runner = b->runner_failure ? (free(runner), NULL) : runner;
	char *cov = labmake_coverage_runner(g->out);
	b->coverage_failure = link_failure(g, "your tests (my_tests.c) with --coverage", cov);
	b->coverage_runner = b->coverage_failure ? (free(cov), NULL) : cov;
	b->coverage_objects = labmake_coverage_dir(g->out);
}

static void build_finish(struct grade *g)
{
	struct built *b = xcalloc(1, sizeof *b);
	g->built = b;
	b->compiled = judge_compile(g, grade_item(g, &check_build, "build"));
	if (b->compiled)
		record_links(g, b);
	jobs_free(make_job);
	make_job = NULL;
}

const struct check check_build = {
	.name = "build", .unit = "builds", .passed = "clean", .phase = 0, .scaled = 1,
	.plan = build_plan, .queue = build_queue, .finish = build_finish,
};
