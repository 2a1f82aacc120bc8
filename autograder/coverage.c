/* coverage.c - how much of the student's code the student's own tests run
 *
 * my_tests.c is linked with the student files, built with --coverage, and
 * run under the same limits as any student code.  gcovr then measures line
 * coverage of the student files only, writes its HTML report under build/,
 * and the check passes at the lab's threshold.  Whether it passes or not,
 * the item says which of the student's tests failed: a failing test still
 * counts the lines it ran, unless it was killed (a time-out), which writes
 * no counts at all.
 */
#define _GNU_SOURCE
#include "build.h"
#include "coverage.h"
#include "jobs.h"
#include "limits.h"
#include "util.h"

#include <cjson/cJSON.h>
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct coverage_run {
	struct grade *g;
	char *objects;        /* where the .gcno and .gcda files are */
	char *dir;            /* logs and reports */
	char *prefix;         /* GCOV_PREFIX: where the tests write their counts */
	char *run_how;        /* how the student's tests ended */
	char *failed;         /* "suite/name, ..." of the tests that failed, or NULL */
	char *output;         /* where their whole output is kept when some failed */
	int timed_out;        /* how many of them were killed for time */
	int killed;           /* the whole run was killed (time, signal) */
};

char *coverage_failed_tests(const char *log, int *timed_out)
{
	struct sbuf b;
	sbuf_init(&b);
	int n = 0;
	*timed_out = 0;
	for (const char *p = log; p && (p = strstr(p, "[FAIL] ")); p++) {
		const char *name = p + strlen("[FAIL] ");
		const char *colons = strstr(name, "::");
		const char *end = strstr(name, ": ");
		const char *eol = name + strcspn(name, "\n");
		if (!colons || !end || colons > eol || end > eol)
			continue;
		sbuf_printf(&b, "%s%.*s/%.*s", n++ ? ", " : "", (int)(colons - name), name,
			    (int)(end - colons - 2), colons + 2);
		if (!strncmp(end + 2, "Timed out", 9))
			(*timed_out)++;
	}
	if (!n) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

/* Why the coverage may be lower than the tests would reach, for the item's
 * output and its note; NULL when every test passed. */
static char *why_lower(const struct coverage_run *c)
{
	if (c->killed)
		return xprintf("Your tests %s: a run that is killed records no coverage at all "
			       "(gcov writes its counts when the process exits).", c->run_how);
	if (!c->failed)
		return NULL;
	return xprintf("Some of your own tests failed: %s.%s Their output, with each failed "
		       "assertion: %s", c->failed,
		       c->timed_out ? " A test that is killed (it timed out) records no coverage: "
				      "the lines it ran are counted as not run." : "",
		       c->output);
}

static void gcovr_done(struct job *j)
{
	struct coverage_run *c = j->ctx;
	struct grade *g = c->g;
	struct item *it = grade_item(g, &check_coverage, "coverage");
	char *json_path = xprintf("%s/summary.json", c->dir);
	char *text = read_file(json_path, NULL, 0);
	cJSON *summary = cJSON_Parse(text ? text : "");
	if (j->end != JOB_EXITED || j->exit_code != 0 || !cJSON_IsObject(summary)) {
		char *log = read_file(j->out_path, NULL, 8192);
		item_settle(it, FAILED, xprintf("gcovr could not measure coverage:\n%s", log ? log : ""));
		it->note = xstrdup("could not be measured");
		free(log);
	} else {
		int covered = 0, total = 0;
		cJSON *f;
		cJSON_ArrayForEach(f, cJSON_GetObjectItem(summary, "files")) {
			covered += (int)cJSON_GetNumberValue(cJSON_GetObjectItem(f, "line_covered"));
			total += (int)cJSON_GetNumberValue(cJSON_GetObjectItem(f, "line_total"));
		}
		double pct = total ? 100.0 * covered / total : 0;
		char *txt_path = xprintf("%s/coverage.txt", c->dir);
		char *txt = read_file(txt_path, NULL, 16384);
		g->coverage_report = xprintf("%s/index.html", c->dir);
		it->note = xprintf("%.1f%% of lines (%d of %d), threshold %d%%", pct, covered,
				   total, g->lab->coverage_threshold);
		char *why = why_lower(c);
		if (why && c->failed) {
			char *note = xprintf("%s; your tests that failed: %s%s (why: %s)", it->note,
					     c->failed, c->timed_out ? ", a test killed for time records "
								       "no coverage" : "", c->output);
			free(it->note);
			it->note = note;
		}
		if (total > 0 && pct >= g->lab->coverage_threshold) {
			item_settle(it, PASSED, why ? xstrdup(why) : NULL);
		} else {
			item_settle(it, FAILED, xprintf("your tests ran %d of %d lines (%.1f%%); %d%% is needed.\n"
					     "Your tests %s.\n%s%sUncovered lines (Missing column):\n%s"
					     "Line by line: %s", covered, total, pct,
					     g->lab->coverage_threshold, c->run_how,
					     why && !c->killed ? why : "", why && !c->killed ? "\n" : "",
					     txt ? txt : "", g->coverage_report));
		}
		free(why);
		free(txt);
		free(txt_path);
	}
	cJSON_Delete(summary);
	free(text);
	free(json_path);
	jobs_free(j);
	free(c->objects);
	free(c->prefix);
	free(c->dir);
	free(c->run_how);
	free(c->failed);
	free(c->output);
	free(c);
}

/* Where collect_counts() copies files to, and which it takes. */
static const char *collect_from, *collect_to, *collect_suffix;

static int collect_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)ftw;
	size_t n = strlen(path), k = strlen(collect_suffix);
	if (type != FTW_F || !S_ISREG(st->st_mode) || n < k || strcmp(path + n - k, collect_suffix))
		return 0;
	char *to = xprintf("%s%s", collect_to, path + strlen(collect_from));
	char *dir = xstrdup(to);
	*strrchr(dir, '/') = '\0';
	make_dirs(dir, 0755);
	/* Never through a link the code under test may have left. */
	int in = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	char *data = NULL;
	if (in >= 0) {
		data = xmalloc(st->st_size + 1);
		ssize_t got = read(in, data, st->st_size);
		int out = got == st->st_size ? open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644) : -1;
		if (out >= 0 && write(out, data, got) != got)
			unlink(to);
		if (out >= 0)
			close(out);
		close(in);
	}
	free(data);
	free(dir);
	free(to);
	return 0;
}

/* Copies the files ending in suffix under from to the same places under to. */
static void collect_counts(const char *from, const char *to, const char *suffix)
{
	collect_from = from;
	collect_to = to;
	collect_suffix = suffix;
	nftw(from, collect_one, 16, FTW_PHYS);
}

/* The student's tests wrote their counts (.gcda) into their own scratch
 * directory, under GCOV_PREFIX; gcovr reads them beside the compiler's
 * notes (.gcno) in a directory only the grader writes, so that nothing the
 * code under test left (a link, a makefile fragment) reaches a trusted tool. */
static char *gather_counts(struct coverage_run *c)
{
	char *dir = xprintf("%s/coverage-counts", c->g->work);
	remove_tree(dir);
	make_dirs(dir, 0755);
	collect_counts(c->objects, dir, ".gcno");
	char *written = xprintf("%s%s", c->prefix, c->objects);
	collect_counts(written, dir, ".gcda");
	free(written);
	return dir;
}

static void tests_done(struct job *j)
{
	struct coverage_run *c = j->ctx;
	struct grade *g = c->g;
	limits_note_end(j);
	grade_item(g, &check_coverage, "coverage")->seconds = j->seconds;
	if (j->end == JOB_EXITED && j->exit_code == 0) {
		c->run_how = xstrdup("ran and passed");
	} else {
		/* Criterion names each failing test on stderr: show the student which. */
		char *tail = file_tail(j->err_path, 12);
		char *log = read_file(j->err_path, NULL, 1 << 20);
		c->failed = coverage_failed_tests(log ? log : "", &c->timed_out);
		c->killed = j->end != JOB_EXITED;
		/* The whole output stays where the student can read why a test
		 * failed, even when the coverage passes and nothing else is said. */
		c->output = xprintf("%s/my-tests-output.txt", c->dir);
		copy_file(j->err_path, c->output);
		free(log);
		char *how = j->end == JOB_EXITED ? xstrdup("ran, and some of them failed")
						 : job_describe(j);
		c->run_how = xprintf("%s; the end of their output:\n%s", how, tail);
		free(how);
		free(tail);
	}
	jobs_free(j);
	char *counts = gather_counts(c);
	char **argv = strv_new("gcovr", "--root", g->src, "--object-directory", counts, NULL);
	free(counts);
	for (char **f = g->lab->student_files; *f; f++) {
		char *re = xprintf("%s/%s", g->src, *f);
		strv_push(&argv, "--filter");
		strv_push(&argv, re);
		free(re);
	}
	char *json = xprintf("%s/summary.json", c->dir);
	char *html = xprintf("%s/index.html", c->dir);
	char *txt = xprintf("%s/coverage.txt", c->dir);
	char **more = strv_new("--json-summary", json, "--html-details", html, "--txt", txt, NULL);
	for (char **m = more; *m; m++)
		strv_push(&argv, *m);
	strv_free(more);
	char *log = xprintf("%s/gcovr.log", c->dir);
	struct job *gj = jobs_tool(g, argv, log, 120);
	free(log);
	gj->done = gcovr_done;
	gj->ctx = c;
	sandbox_add(gj);
	free(json);
	free(html);
	free(txt);
}

static void coverage_plan(struct grade *g)
{
	struct item *it = grade_add_item(g, &check_coverage, "coverage", 1);
	it->description = xprintf("your tests (%s) run at least %d%% of the lines of your code",
				  g->lab->student_tests, g->lab->coverage_threshold);
}

static char *coverage_blocked(struct grade *g)
{
	struct built *b = g->built;
	if (!b || !b->compiled)
		return xstrdup("no build");
	if (!b->coverage_runner)
		return xprintf("your tests did not build\n%s", b->coverage_failure);
	return NULL;
}

static void coverage_queue(struct grade *g)
{
	const char *runner = g->built->coverage_runner;
	struct coverage_run *c = xcalloc(1, sizeof *c);
	c->g = g;
	c->objects = xstrdup(g->built->coverage_objects);
	c->dir = xprintf("%s/coverage", g->out);
	remove_tree(c->dir);
	make_dirs(c->dir, 0755);
	char *scratch = jobs_scratch(g, "coverage");
	c->prefix = xprintf("%s/gcda", scratch);
	struct job *j = jobs_student(g, strv_new(runner, "--jobs=1", NULL), scratch, c->dir);
	jobs_setenv(j, "GCOV_PREFIX", c->prefix);
	jobs_setenv(j, "GCOV_PREFIX_STRIP", "0");
	limits_apply(g, j, "coverage", COVERAGE_FLOOR_SECONDS, 3 * j->limits.wall_seconds);
	j->done = tests_done;
	j->ctx = c;
	sandbox_add(j);
	free(scratch);
}

const struct check check_coverage = {
	.name = "coverage", .unit = "measures", .passed = "met", .phase = 1, .scaled = 1,
	.plan = coverage_plan, .blocked = coverage_blocked, .queue = coverage_queue,
};
