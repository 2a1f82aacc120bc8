/* behaviour.c - run the official tests and decide each verdict honestly
 *
 * A test passes only when three independent witnesses agree: the runner
 * exited by itself, Criterion's report (written by a hook in the runner
 * process, where student code never runs) says "passed", and the completion
 * marker that GRADED() writes after the test's last line carries this run's
 * nonce.  Student code runs only in children of the test process
 * (graded_isolate(), graded_run()), which never hold the nonce: see
 * labs/common/graded.c.
 *
 * All the tests first run together, in one runner (the batch): starting a
 * runner per test costs more than most tests.  Only passes are taken from
 * the batch.  Every test without a clean pass there runs again alone, with
 * its own nonce and its own limit, and its verdict comes from that run
 * (where the runner must also exit 0), so a hostile test that kills the
 * batch or spoils a neighbour's files cannot take another test's verdict
 * with it.
 */
#define _GNU_SOURCE
#include "build.h"
#include "jobs.h"
#include "limits.h"
#include "verdict.h"
#include "../labs/common/tag.h"
#include "util.h"

#include <fnmatch.h>

#include <cjson/cJSON.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct test_run {
	struct grade *g;
	struct item *item;
	char *dir;            /* logs: output, report, marker */
	char *nonce;
	char *suite, *name;
	double timeout;       /* Criterion's .timeout, 0 if none */
};

/* Criterion's report line for this test, or NULL.  Each line is "TAG JSON",
 * TAG the keyed tag of JSON under the run's nonce (labs/common/tag.h), made
 * by the runner; the file is writable by the code under test, so a line
 * whose tag does not hold was not written by the runner and is ignored.  Two
 * tagged lines of one event for the same test cannot come from one run: the
 * test then has no report. */
static cJSON *find_report(struct test_run *t)
{
	char *path = xprintf("%s/report.jsonl", t->dir);
	char *text = read_file(path, NULL, 4 << 20);
	free(path);
	cJSON *found = NULL;
	int post_tests = 0, crashes = 0;
	for (char *line = text ? strtok(text, "\n") : NULL; line; line = strtok(NULL, "\n")) {
		char *json = strchr(line, ' '), tag[17];
		if (!json)
			continue;
		*json++ = '\0';
		tag_of_bytes(t->nonce, json, strlen(json), tag);
		if (strcmp(tag, line))
			continue;
		cJSON *o = cJSON_Parse(json);
		cJSON *s = cJSON_GetObjectItem(o, "suite"), *n = cJSON_GetObjectItem(o, "name");
		const char *event = cJSON_GetStringValue(cJSON_GetObjectItem(o, "event"));
		if (cJSON_IsString(s) && cJSON_IsString(n) && !strcmp(s->valuestring, t->suite) &&
		    !strcmp(n->valuestring, t->name)) {
			post_tests += event && !strcmp(event, "post_test");
			crashes += event && !strcmp(event, "crash");
			cJSON_Delete(found);
			found = o;
		} else {
			cJSON_Delete(o);
		}
	}
	free(text);
	if (post_tests > 1 || crashes > 1) {
		cJSON_Delete(found);
		found = NULL;
	}
	return found;
}

/* Does the marker file hold "TAG what suite/name", TAG being the test's own
 * tag under this run's nonce (labs/common/tag.h)?  Returns the rest of the line. */
static char *find_marker(struct test_run *t, const char *what)
{
	char *path = xprintf("%s/marker", t->dir);
	char *text = read_file(path, NULL, 1 << 20);
	free(path);
	char tag[17], *test = xprintf("%s/%s", t->suite, t->name);
	tag_of(t->nonce, what, test, tag);
	char *want = xprintf("%s %s %s ", tag, what, test);
	free(test);
	char *hit = NULL;
	for (char *line = text ? strtok(text, "\n") : NULL; line && !hit; line = strtok(NULL, "\n"))
		if (!strncmp(line, want, strlen(want)))
			hit = xstrdup(line + strlen(want));
	free(want);
	free(text);
	return hit;
}

static char *output_tail(struct test_run *t)
{
	char *path = xprintf("%s/stderr", t->dir);
	char *tail = file_tail(path, 8);
	free(path);
	if (!tail[0])
		return tail;
	char *ind = indent(tail, "  | ");
	free(tail);
	char *r = xprintf("last lines of the test's output:\n%s", ind);
	free(ind);
	return r;
}

/* Gathers what the run left behind and settles the test's item. */
static void judge(struct test_run *t, struct job *j)
{
	cJSON *report = find_report(t);
	char *end = find_marker(t, "end");
	char *notgraded = find_marker(t, "notgraded");
	char *how = job_describe(j);
	char *tail = output_tail(t);
	struct test_evidence e = {
		.end = j->end, .exit_code = j->exit_code, .how = how, .report = report,
		.ended = end != NULL, .not_graded = notgraded, .timeout = t->timeout, .tail = tail,
	};
	char *output;
	enum verdict v = verdict_of_test(&e, &output);
	item_settle(t->item, v, output);
	free(tail);
	free(how);
	free(end);
	free(notgraded);
	cJSON_Delete(report);
}

static void test_done(struct job *j)
{
	struct test_run *t = j->ctx;
	limits_note_end(j);
	judge(t, j);
	t->item->seconds = j->seconds;
	jobs_free(j);
	free(t->dir);
	free(t->nonce);
	free(t->suite);
	free(t->name);
	free(t);
}

/* Is "suite/name" one of the tests this grading asked for? */
static int wanted(struct grade *g, const char *test)
{
	return !g->test_glob || fnmatch(g->test_glob, test, 0) == 0;
}

/* One failing item per official test, so every test is in the report and
 * in results.json whatever happens later. */
static void behaviour_plan(struct grade *g)
{
	for (char **t = g->lab->tests; *t; t++)
		if (wanted(g, *t))
			grade_add_item(g, &check_behaviour, *t, lab_test_points(g->lab, *t));
}

static char *behaviour_blocked(struct grade *g)
{
	struct built *b = g->built;
	if (!b || !b->compiled)
		return xstrdup("your code could not be built (see the build check)");
	if (!b->programs_ok || !b->runner)
		return xprintf("the tests could not be built\n%s%s", b->programs_failure ?: "",
			       b->runner_failure ?: "");
	return NULL;
}

/* The item takes the test's description and the hint at its end. */
static void describe_item(struct item *it, cJSON *test)
{
	const char *desc = cJSON_GetStringValue(cJSON_GetObjectItem(test, "description"));
	free(it->description);
	it->description = xstrdup(desc ? desc : "");
	free(it->hint);
	it->hint = hint_of(desc ? desc : "");
}

/* The runner on this one test, from its scratch directory, as a student
 * types it: "cd build/LAB/work/scratch/test-003 && LAB_BIN=../../../bin
 * ../../../official-tests --filter=suite/name". */
static char *reproduce(struct grade *g, const char *scratch, const char *runner,
		       const char *filter)
{
	char *bin = path_from(scratch, g->bin);
	char *vars = xprintf("LAB_BIN=%s", bin);
	char *prog = path_from(scratch, runner);
	char *argv[] = {prog, (char *)filter, NULL};
	char *data = xprintf("%s/data", g->src);
	char *cmd = by_hand(g->root, scratch, data, vars, argv);
	free(data);
	free(prog);
	free(vars);
	free(bin);
	return cmd;
}

static void queue_test(struct grade *g, const char *runner, cJSON *test, int index)
{
	struct test_run *t = xcalloc(1, sizeof *t);
	t->g = g;
	t->suite = xstrdup(cJSON_GetStringValue(cJSON_GetObjectItem(test, "suite")));
	t->name = xstrdup(cJSON_GetStringValue(cJSON_GetObjectItem(test, "name")));
	t->timeout = cJSON_GetNumberValue(cJSON_GetObjectItem(test, "timeout"));
	char *full = xprintf("%s/%s", t->suite, t->name);
	t->item = grade_item(g, &check_behaviour, full);
	if (!t->item) {
		if (!wanted(g, full)) {
			free(full);
			free(t->suite);
			free(t->name);
			free(t);
			return;
		}
		fprintf(stderr, "grade: %s is not a GRADED() test; not graded\n", full);
		free(full);
		free(t->suite);
		free(t->name);
		free(t);
		return;
	}
	describe_item(t->item, test);
	free(t->item->output);
	t->item->output = NULL;
	t->dir = xprintf("%s/tests/%03d", g->work, index);
	remove_tree(t->dir);
	make_dirs(t->dir, 0755);
	open_tree(t->dir);
	t->nonce = random_nonce();

	char *label = xprintf("test-%03d", index);
	char *scratch = jobs_scratch(g, label);
	char *filter = xprintf("--filter=%s", full);
	char **argv = strv_new(runner, filter, "--jobs=1", NULL);
	t->item->reproduce = reproduce(g, scratch, runner, filter);
	struct job *j = jobs_student(g, argv, scratch, t->dir);
	char *vars[] = {
		xprintf("GRADED_MARKER=%s/marker", t->dir),
		xprintf("GRADED_REPORT=%s/report.jsonl", t->dir),
		xprintf("GRADED_NONCE=%s", t->nonce),
	};
	for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
		strv_push(&j->env, vars[i]);
		free(vars[i]);
	}
	int ceiling = j->limits.wall_seconds;
	if (t->timeout > 0 && t->timeout + 5 > ceiling)
		ceiling = (int)t->timeout + 5;
	limits_apply(g, j, full, TEST_FLOOR_SECONDS, ceiling);
	j->done = test_done;
	j->ctx = t;
	sandbox_add(j);
	free(label);
	free(scratch);
	free(filter);
	free(full);
}

/* One run of every wanted test in one runner. */
struct batch {
	struct grade *g;
	char *runner;
	cJSON *tests;         /* the runner's own list of its tests */
	char *dir;            /* its report and marker */
	char *nonce;
};

/* Did the test pass in the batch: a clean report and the end marker? */
static int passed_in_batch(struct batch *b, struct job *j, const char *suite, const char *name,
			   double *elapsed)
{
	struct test_run probe = {.dir = b->dir, .nonce = b->nonce, .suite = (char *)suite,
				 .name = (char *)name};
	cJSON *report = find_report(&probe);
	char *end = find_marker(&probe, "end");
	const char *status = cJSON_GetStringValue(cJSON_GetObjectItem(report, "status"));
	int ok = j->end == JOB_EXITED && end && status && !strcmp(status, "passed");
	*elapsed = cJSON_GetNumberValue(cJSON_GetObjectItem(report, "elapsed"));
	free(end);
	cJSON_Delete(report);
	return ok;
}

static void batch_done(struct job *j)
{
	struct batch *b = j->ctx;
	limits_note_end(j);
	int i = 0;
	cJSON *t;
	cJSON_ArrayForEach(t, b->tests) {
		const char *suite = cJSON_GetStringValue(cJSON_GetObjectItem(t, "suite"));
		const char *name = cJSON_GetStringValue(cJSON_GetObjectItem(t, "name"));
		char *full = xprintf("%s/%s", suite, name);
		struct item *it = grade_item(b->g, &check_behaviour, full);
		double elapsed = 0;
		if (it && passed_in_batch(b, j, suite, name, &elapsed)) {
			describe_item(it, t);
			item_settle(it, PASSED, NULL);
			it->seconds = elapsed;
		} else {
			queue_test(b->g, b->runner, t, i);
		}
		free(full);
		i++;
	}
	jobs_free(j);
	cJSON_Delete(b->tests);
	free(b->runner);
	free(b->dir);
	free(b->nonce);
	free(b);
}

/* Queues the batch: the tests side by side (GRADED_OWN_DIR gives each a
 * directory of its own), the grader's cores at a time. */
static void queue_batch(struct grade *g, const char *runner, cJSON *tests)
{
	struct batch *b = xcalloc(1, sizeof *b);
	b->g = g;
	b->runner = xstrdup(runner);
	b->tests = cJSON_Duplicate(tests, 1);
	b->dir = xprintf("%s/tests/batch", g->work);
	remove_tree(b->dir);
	make_dirs(b->dir, 0755);
	open_tree(b->dir);
	b->nonce = random_nonce();
	char *scratch = jobs_scratch(g, "batch");
	char *jobs = xprintf("--jobs=%d", g->jobs);
	char **argv = strv_new(runner, jobs, NULL);
	if (g->test_glob) {
		char *filter = xprintf("--filter=%s", g->test_glob);
		strv_push(&argv, filter);
		free(filter);
	}
	struct job *j = jobs_student(g, argv, scratch, b->dir);
	char *marker = xprintf("%s/marker", b->dir), *report = xprintf("%s/report.jsonl", b->dir);
	jobs_setenv(j, "GRADED_MARKER", marker);
	jobs_setenv(j, "GRADED_REPORT", report);
	jobs_setenv(j, "GRADED_NONCE", b->nonce);
	jobs_setenv(j, "GRADED_OWN_DIR", "1");
	char **keys = strv_new(NULL);
	for (int i = 0; i < g->nitems; i++)
		if (g->items[i]->check == &check_behaviour)
			strv_push(&keys, g->items[i]->name);
	limits_apply_batch(g, j, keys, g->jobs, 2 * j->limits.wall_seconds);
	j->limits.processes *= g->jobs;
	j->done = batch_done;
	j->ctx = b;
	sandbox_add(j);
	strv_free(keys);
	free(marker);
	free(report);
	free(jobs);
	free(scratch);
}

/* List the tests (a report hook writes them as JSON), then queue each. */
static void behaviour_queue(struct grade *g)
{
	const char *runner = g->built->runner;
	char *dir = xprintf("%s/list", g->work);
	make_dirs(dir, 0777);
	open_tree(dir);
	char *list = xprintf("%s/tests.json", dir);
	unlink(list);
	char *scratch = jobs_scratch(g, "list");
	struct job *j = jobs_student(g, strv_new(runner, NULL), scratch, dir);
	char *var = xprintf("GRADED_LIST=%s", list);
	strv_push(&j->env, var);
	sandbox_run_one(j);
	char *text = read_file(list, NULL, 0);
	cJSON *tests = cJSON_Parse(text ? text : "");
	if (!cJSON_IsArray(tests) || cJSON_GetArraySize(tests) == 0) {
		char *how = job_describe(j);
		char *why = xprintf("the official test runner could not list its tests: "
				    "it %s (does your code run something before main?)", how);
		grade_skip(g, &check_behaviour, why);
		free(why);
		free(how);
	} else {
		queue_batch(g, runner, tests);
	}
	cJSON_Delete(tests);
	jobs_free(j);
	free(text);
	free(var);
	free(scratch);
	free(list);
	free(dir);
}

const struct check check_behaviour = {
	.name = "behaviour", .unit = "tests", .passed = "passed", .phase = 1,
	.plan = behaviour_plan, .blocked = behaviour_blocked, .queue = behaviour_queue,
};
