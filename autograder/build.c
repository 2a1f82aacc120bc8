/* build.c - stage the submission under build/ and compile it
 *
 * The lab is copied to build/NAME/src and the student files are laid over
 * it, so grading never touches the source tree and the official tests are
 * always the course's own.  The student files are compiled first, alone,
 * for the build check; then the programs, the official test runner and the
 * coverage runner are linked in parallel.
 */
#define _GNU_SOURCE
#include "build.h"
#include "jobs.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COMPILE_SECONDS 120

static char **compiler(struct grade *g)
{
	char **argv = strv_new("gcc", "-std=gnu11", "-g", "-O0", "-Wall", "-Wextra",
			       "-I.", NULL);
	char *common = xprintf("-I%s/labs/common", g->root);
	strv_push(&argv, common);
	free(common);
	for (char **f = g->lab->cflags; *f; f++)
		strv_push(&argv, *f);
	return argv;
}

static void add_libs(struct grade *g, char ***argv)
{
	for (char **f = g->lab->ldlibs; *f; f++)
		strv_push(argv, *f);
}

static int copy_student_files(struct grade *g)
{
	for (char **f = g->lab->student_files; *f; f++) {
		char *from = xprintf("%s/%s", g->impl_dir, *f);
		char *to = xprintf("%s/%s", g->src, *f);
		if (!file_exists(from)) {
			fprintf(stderr, "grade: %s has no %s: give the directory that holds "
				"your %s files\n", g->impl_label, *f, g->lab->name);
			free(from);
			free(to);
			return -1;
		}
		if (copy_file(from, to) < 0)
			fatal("cannot copy %s to %s", from, to);
		free(from);
		free(to);
	}
	/* The student's own tests travel with the submission when present. */
	char *tests = xprintf("%s/%s", g->impl_dir, g->lab->student_tests);
	if (file_exists(tests)) {
		char *to = xprintf("%s/%s", g->src, g->lab->student_tests);
		copy_file(tests, to);
		free(to);
	}
	free(tests);
	return 0;
}

int build_stage(struct grade *g)
{
	remove_tree(g->src);
	if (copy_tree(g->lab->dir, g->src) < 0)
		fatal("cannot copy %s to %s", g->lab->dir, g->src);
	return copy_student_files(g);
}

static void build_plan(struct grade *g)
{
	struct item *it = grade_add_item(g, &check_build, "build", 2);
	it->description = xstrdup("your files compile with gcc -Wall -Wextra, without warnings");
}

/* The compiler jobs of this grading, one per student file. */
static struct job **compile_jobs;
static char **objects;

static void build_queue(struct grade *g)
{
	char *objdir = xprintf("%s/obj", g->work);
	make_dirs(objdir, 0755);
	int n = strv_len(g->lab->student_files);
	compile_jobs = xcalloc(n + 1, sizeof *compile_jobs);
	objects = xcalloc(n + 1, sizeof *objects);
	for (int i = 0; i < n; i++) {
		const char *f = g->lab->student_files[i];
		char **argv = compiler(g);
		char *obj = xprintf("%s/%s.o", objdir, f);
		objects[i] = xstrdup(obj);
		char *log = xprintf("%s/%s.log", objdir, f);
		strv_push(&argv, "-c");
		strv_push(&argv, f);
		strv_push(&argv, "-o");
		strv_push(&argv, obj);
		compile_jobs[i] = jobs_tool(g, argv, log, COMPILE_SECONDS);
		sandbox_add(compile_jobs[i]);
		free(obj);
		free(log);
	}
	free(objdir);
}

/* Settles the build item from the compiler's output: errors, then code the
 * grader refuses to run, then warnings.  Returns 1 when the code may run. */
static int judge_compile(struct grade *g, struct item *it)
{
	struct sbuf errors, warnings;
	sbuf_init(&errors);
	sbuf_init(&warnings);
	int failed = 0;
	for (int i = 0; compile_jobs[i]; i++) {
		struct job *j = compile_jobs[i];
		char *text = read_file(j->out_path, NULL, 64 * 1024);
		if (j->end != JOB_EXITED || j->exit_code != 0) {
			failed = 1;
			char *how = job_describe(j);
			sbuf_printf(&errors, "%s", text && text[0] ? text : "(the compiler printed nothing)\n");
			if (j->end != JOB_EXITED)
				sbuf_printf(&errors, "the compiler %s\n", how);
			free(how);
		} else if (text && text[0]) {
			sbuf_add(&warnings, text, strlen(text));
		}
		free(text);
		jobs_free(j);
	}
	free(compile_jobs);
	compile_jobs = NULL;
	char *forbidden = NULL;
	if (!failed) {
		char *log = xprintf("%s/obj/inspect.log", g->work);
		forbidden = inspect_objects(g, objects, log);
		free(log);
	}
	strv_free(objects);
	objects = NULL;
	int ok = 0;
	if (failed) {
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

/* What a link left behind: the path of the program, or NULL and a reason. */
struct link {
	struct grade *g;
	char *what;           /* "the official tests", "program pipeline" ... */
	char *path;           /* the output file */
	char *log;            /* compiler output */
	int ok;
};

static struct link links[64];
static int nlinks;

static void link_done(struct job *j)
{
	struct link *l = j->ctx;
	l->ok = j->end == JOB_EXITED && j->exit_code == 0 && file_exists(l->path);
	jobs_free(j);
}

static struct link *queue_link(struct grade *g, const char *what, const char *path,
			       char **argv)
{
	if (nlinks == 64)
		fatal("too many programs in lab.json");
	struct link *l = &links[nlinks++];
	l->g = g;
	l->what = xstrdup(what);
	l->path = xstrdup(path);
	l->log = xprintf("%s/link-%d.log", g->work, nlinks);
	struct job *j = jobs_tool(g, argv, l->log, COMPILE_SECONDS);
	j->done = link_done;
	j->ctx = l;
	sandbox_add(j);
	return l;
}

static void add_sources(char ***argv, char **files)
{
	for (char **f = files; *f; f++)
		strv_push(argv, *f);
}

static void add_runner_support(struct grade *g, char ***argv)
{
	add_sources(argv, g->lab->student_files);
	add_sources(argv, g->lab->given_sources);
	char *graded = xprintf("%s/labs/common/graded.c", g->root);
	strv_push(argv, graded);
	free(graded);
}

/* The official tests: every .c file in tests/ of the staged lab, in name order. */
static void add_official_tests(struct grade *g, char ***argv)
{
	char *dir = xprintf("%s/tests", g->src);
	char **names = list_files(dir, ".c");
	for (char **n = names; *n; n++) {
		char *rel = xprintf("tests/%s", *n);
		strv_push(argv, rel);
		free(rel);
	}
	strv_free(names);
	free(dir);
}

static struct link *runner_link, *coverage_link;

/* Coverage needs one object per source, so gcov can pair .gcda with .gcno. */
static char **coverage_script(struct grade *g, const char *dir, const char *out)
{
	char **cc = compiler(g);
	struct sbuf cmd;
	sbuf_init(&cmd);
	sbuf_printf(&cmd, "set -e; mkdir -p %s; ", dir);
	char **srcs = strv_new(g->lab->student_tests, NULL);
	add_runner_support(g, &srcs);
	struct sbuf objs;
	sbuf_init(&objs);
	for (int i = 0; srcs[i]; i++) {
		for (char **a = cc; *a; a++)
			sbuf_printf(&cmd, "'%s' ", *a);
		sbuf_printf(&cmd, "--coverage -c '%s' -o %s/%d.o; ", srcs[i], dir, i);
		sbuf_printf(&objs, "%s/%d.o ", dir, i);
	}
	sbuf_printf(&cmd, "gcc --coverage -o %s %s -lcriterion -lcjson", out, objs.s);
	for (char **f = g->lab->ldlibs; *f; f++)
		sbuf_printf(&cmd, " '%s'", *f);
	char **argv = strv_new("/bin/sh", "-c", cmd.s, NULL);
	strv_free(cc);
	strv_free(srcs);
	sbuf_free(&cmd);
	sbuf_free(&objs);
	return argv;
}

/* What the official test objects depend on: if none of it changed, the
 * objects compiled last time are reused and only the link is redone. */
static char *tests_cache_key(struct grade *g)
{
	long newest = 0, t;
	char *paths[] = {
		xprintf("%s/tests", g->lab->dir),
		xprintf("%s/labs/common", g->root),
		xprintf("%s/lab.json", g->lab->dir),
	};
	for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
		if ((t = newest_mtime(paths[i])) > newest)
			newest = t;
		free(paths[i]);
	}
	char **headers = list_files(g->lab->dir, ".h");
	for (char **h = headers; *h; h++) {
		char *path = xprintf("%s/%s", g->lab->dir, *h);
		if ((t = newest_mtime(path)) > newest)
			newest = t;
		free(path);
	}
	strv_free(headers);
	struct sbuf key;
	sbuf_init(&key);
	sbuf_printf(&key, "%ld", newest);
	for (char **f = g->lab->cflags; *f; f++)
		sbuf_printf(&key, " %s", *f);
	return key.s;
}

static void quote_into(struct sbuf *b, char **argv)
{
	for (char **a = argv; *a; a++)
		sbuf_printf(b, "'%s' ", *a);
}

/* Compile the official tests into build/NAME/cache unless they are fresh,
 * then link them with the student's code. */
static char **runner_script(struct grade *g, const char *out)
{
	char *cache = xprintf("%s/cache", g->out);
	char *keyfile = xprintf("%s/key", cache);
	char *key = tests_cache_key(g);
	char *old = read_file(keyfile, NULL, 4096);
	int fresh = old && !strcmp(old, key);
	char **cc = compiler(g);
	char **tests = strv_new(NULL);
	add_official_tests(g, &tests);
	char *graded = xprintf("%s/labs/common/graded.c", g->root);
	strv_push(&tests, graded);
	struct sbuf cmd, objs;
	sbuf_init(&cmd);
	sbuf_init(&objs);
	sbuf_printf(&cmd, "set -e; ");
	if (!fresh)
		sbuf_printf(&cmd, "rm -rf '%s'; mkdir -p '%s'; ", cache, cache);
	for (int i = 0; tests[i]; i++) {
		char *obj = xprintf("%s/%d.o", cache, i);
		if (!fresh) {
			quote_into(&cmd, cc);
			sbuf_printf(&cmd, "-c '%s' -o '%s'; ", tests[i], obj);
		}
		sbuf_printf(&objs, "'%s' ", obj);
		free(obj);
	}
	if (!fresh)
		sbuf_printf(&cmd, "printf '%%s' '%s' > '%s'; ", key, keyfile);
	quote_into(&cmd, cc);
	sbuf_printf(&cmd, "-o '%s' %s", out, objs.s);
	char **rest = strv_new(NULL);
	add_sources(&rest, g->lab->student_files);
	add_sources(&rest, g->lab->given_sources);
	strv_push(&rest, "-lcriterion");
	strv_push(&rest, "-lcjson");
	add_libs(g, &rest);
	quote_into(&cmd, rest);
	char **argv = strv_new("/bin/sh", "-c", cmd.s, NULL);
	strv_free(rest);
	strv_free(cc);
	strv_free(tests);
	sbuf_free(&cmd);
	sbuf_free(&objs);
	free(graded);
	free(old);
	free(key);
	free(keyfile);
	free(cache);
	return argv;
}

static void link_everything(struct grade *g)
{
	nlinks = 0;
	make_dirs(g->bin, 0755);
	for (int i = 0; i < g->lab->nprograms; i++) {
		struct program *p = &g->lab->programs[i];
		char **argv = compiler(g);
		char *out = xprintf("%s/%s", g->bin, p->name);
		char *what = xprintf("program %s", p->name);
		strv_push(&argv, "-o");
		strv_push(&argv, out);
		add_sources(&argv, p->sources);
		add_libs(g, &argv);
		queue_link(g, what, out, argv);
		free(out);
		free(what);
	}
	char *runner = xprintf("%s/official-tests", g->work);
	runner_link = queue_link(g, "the official tests", runner, runner_script(g, runner));
	free(runner);

	char *covdir = xprintf("%s/coverage-objects", g->work);
	char *covrunner = xprintf("%s/my-tests", covdir);
	coverage_link = queue_link(g, "your tests (my_tests.c) with --coverage", covrunner,
				   coverage_script(g, covdir, covrunner));
	free(covdir);
	free(covrunner);
	sandbox_run_queue(g->jobs);
}

/* Why a link failed, for the report. */
static char *link_failure(struct link *l)
{
	char *log = read_file(l->log, NULL, 16 * 1024);
	char *text = xprintf("%s could not be built with your code:\n%s", l->what,
			     log && log[0] ? log : "(no compiler output)\n");
	free(log);
	return text;
}

/* Links the programs and both runners, and says what came of each. */
static void build_link(struct grade *g, struct built *b)
{
	link_everything(g);
	b->programs_ok = 1;
	struct sbuf why;
	sbuf_init(&why);
	for (int i = 0; i < nlinks; i++) {
		struct link *l = &links[i];
		if (l == runner_link || l == coverage_link || l->ok)
			continue;
		b->programs_ok = 0;
		char *t = link_failure(l);
		sbuf_printf(&why, "%s", t);
		free(t);
	}
	b->programs_failure = why.s;
	if (runner_link->ok)
		b->runner = xstrdup(runner_link->path);
	else
		b->runner_failure = link_failure(runner_link);
	b->coverage_objects = xprintf("%s/coverage-objects", g->work);
	if (coverage_link->ok)
		b->coverage_runner = xstrdup(coverage_link->path);
	else
		b->coverage_failure = link_failure(coverage_link);
}

static void build_finish(struct grade *g)
{
	struct built *b = xcalloc(1, sizeof *b);
	g->built = b;
	b->compiled = judge_compile(g, grade_item(g, &check_build, "build"));
	if (b->compiled)
		build_link(g, b);
}

const struct check check_build = {
	.name = "build", .unit = "builds", .passed = "clean", .phase = 0, .scaled = 1,
	.plan = build_plan, .queue = build_queue, .finish = build_finish,
};
