/* scenarios.c - the leaks and races checks: the lab's scenarios under
 * Valgrind (memcheck, helgrind or DRD) or repeated under stress
 *
 * A scenario earns points only when it also behaves, witnessed by a process
 * that runs no student code: a lab program run as a scenario must match
 * /bin/sh (the grader compares its output and status); a scenario program
 * (labs/common/scenario.h) must print "scenario complete NONCE: ..." with the
 * nonce of this run, which its observer prints only after the worker that
 * ran student code returned from the scenario, with the expected account,
 * and is gone.  A program that does nothing, or exits half-way with status 0,
 * therefore cannot collect leak or race points.
 */
#define _GNU_SOURCE
#include "build.h"
#include "jobs.h"
#include "limits.h"
#include "observed.h"
#include "valgrind.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Valgrind runs programs tens of times slower. */
#define VALGRIND_SLOWDOWN 3

struct scenario_run {
	struct grade *g;
	const struct check *check;
	struct item *item;
	struct scenario *s;
	char *dir;            /* logs */
	int pending;          /* jobs still to finish */
	int cancel;           /* set on the first failure of a repeat */
	int runs, failures;
	char *failure;        /* the first failure, in words */
	const char *failure_kind; /* valgrind_problem_kind() of it, or NULL */
	char *oracle_out;     /* /bin/sh's stdout, for same_as_sh */
	int oracle_status;
	int tool;             /* 1 when run under Valgrind */
	int skipped;          /* not run: a test it needs failed */
};

/* Every scenario of this grading, leaks and races alike. */
static struct scenario_run **runs;
static int nruns;

/* The source lines behind the student's places in a Valgrind block:
 * "table.c:42: value = e->value;" for each, at most four. */
static char *quote_sources(struct grade *g, const char *block)
{
	char **places = valgrind_places(block, g->lab->student_files, 4);
	struct sbuf b;
	sbuf_init(&b);
	for (char **p = places; *p; p++) {
		char *file = strndup(*p, strcspn(*p, ":"));
		int line = atoi(*p + strlen(file) + 1);
		char *path = xprintf("%s/%s", g->src, file);
		char *src = read_file(path, NULL, 0);
		const char *q = src;
		for (int i = 1; q && i < line; i++)
			if ((q = strchr(q, '\n')))
				q++;
		if (q)
			sbuf_printf(&b, "%s: %.*s\n", *p, (int)strcspn(q, "\n"), q);
		free(src);
		free(path);
		free(file);
	}
	strv_free(places);
	return b.s;
}

/* Errors, and descriptors the program opened and left open, in one log.
 * Returns a description of the first problem, or NULL when clean. */
static char *read_valgrind_log(struct grade *g, const char *path, int check_fds)
{
	char *text = read_file(path, NULL, 4 << 20);
	if (!text)
		return NULL;
	char *problem = valgrind_first_problem(text, check_fds);
	free(text);
	if (!problem)
		return NULL;
	char *src = quote_sources(g, problem);
	char *r = xprintf("%s%s", problem, src);
	free(src);
	free(problem);
	return r;
}

/* The pid whose child wrote the log at path, or 0. */
static int log_parent(const char *path)
{
	char *text = read_file(path, NULL, 4096);
	const char *pp = text ? strstr(text, "Parent PID: ") : NULL;
	int parent = pp ? atoi(pp + 12) : 0;
	free(text);
	return parent;
}

/* How many logged ancestors the process of log l has. */
static int log_depth(struct scenario_run *r, char **logs, const char *l)
{
	int depth = 0;
	char *name = xstrdup(l);
	for (int guard = 0; guard < 64; guard++) {
		char *path = xprintf("%s/%s", r->dir, name);
		char *parent = xprintf("vg.%d.vglog", log_parent(path));
		free(path);
		int found = 0;
		for (char **m = logs; *m; m++)
			if (!strcmp(*m, parent))
				found = 1;
		free(name);
		name = parent;
		if (!found)
			break;
		depth++;
	}
	free(name);
	return depth;
}

/* Descriptors are checked in the process that ran the student code to its
 * end: the program itself (depth 0) for a lab program, the worker (depth 1,
 * the observer's child) for a scenario program. */
static char *check_logs(struct scenario_run *r)
{
	char **logs = list_files(r->dir, ".vglog");
	char *problem = NULL;
	int fd_depth = r->s->same_as_sh ? 0 : 1;
	for (char **l = logs; *l && !problem; l++) {
		char *path = xprintf("%s/%s", r->dir, *l);
		int fds = r->check == &check_leaks && log_depth(r, logs, *l) == fd_depth;
		problem = read_valgrind_log(r->g, path, fds);
		free(path);
	}
	strv_free(logs);
	return problem;
}

static char *shorten(const char *s)
{
	size_t n = strlen(s);
	return n > 600 ? xprintf("%.600s... (%zu bytes in all)", s, n) : xstrdup(s);
}

/* Did the run behave?  NULL if so. */
static char *misbehaviour(struct scenario_run *r, struct job *j)
{
	if (j->end != JOB_EXITED) {
		char *how = job_describe(j);
		char *tail = file_tail(j->err_path, 6);
		char *t = xprintf("the program %s\n%s", how, tail);
		free(how);
		free(tail);
		return t;
	}
	if (r->s->same_as_sh) {
		char *out = read_file(j->out_path, NULL, 1 << 20);
		char *t = NULL;
		if (!out || strcmp(out, r->oracle_out ? r->oracle_out : "") ||
		    j->exit_code != r->oracle_status) {
			char *want = shorten(r->oracle_out ? r->oracle_out : "");
			char *got = shorten(out ? out : "");
			t = xprintf("it did not do what sh -c '%s' does:\nexpected status %d and "
				    "output:\n%s\ngot status %d and output:\n%s", r->s->same_as_sh,
				    r->oracle_status, want, j->exit_code, got);
			free(want);
			free(got);
		}
		free(out);
		return t;
	}
	if (j->exit_code != 0) {
		char *tail = file_tail(j->err_path, 10);
		char *t = xprintf("the scenario program exited with status %d (0 means all was "
				  "right); it said:\n%s", j->exit_code, tail);
		free(tail);
		return t;
	}
	return observed_missing_witness(j);
}

static void run_done(struct job *j)
{
	struct scenario_run *r = j->ctx;
	r->pending--;
	limits_note_end(j);
	if (!j->skipped) {
		r->runs++;
		if (j->seconds > r->item->seconds)
			r->item->seconds = j->seconds;
		const char *kind = NULL;
		char *bad = misbehaviour(r, j);
		if (!bad && r->tool) {
			bad = check_logs(r);
			kind = valgrind_problem_kind(bad);
		}
		if (bad) {
			r->failures++;
			r->cancel = 1;
			if (!r->failure) {
				r->failure = bad;
				r->failure_kind = kind;
			} else {
				free(bad);
			}
		}
	}
	jobs_free(j);
}

static char *program_path(struct grade *g, struct scenario *s)
{
	return xprintf("%s/%s", g->bin, s->program);
}

/* The run as a student types it, from its scratch directory: Valgrind
 * without its log file (the report comes to the terminal), the program by
 * its path from there. */
static char *reproduce(struct grade *g, const char *scratch, char **argv)
{
	char **shown = strv_new(NULL);
	for (char **a = argv; *a; a++) {
		if (!strncmp(*a, "--log-file=", 11) || !strcmp(*a, "--trace-children=no") ||
		    !strcmp(*a, "--read-inline-info=no"))
			continue;
		if (!strncmp(*a, g->bin, strlen(g->bin))) {
			char *rel = path_from(scratch, *a);
			strv_push(&shown, rel);
			free(rel);
		} else {
			strv_push(&shown, *a);
		}
	}
	char *data = xprintf("%s/data", g->src);
	char *cmd = by_hand(g->root, scratch, data, NULL, shown);
	free(data);
	strv_free(shown);
	return cmd;
}

static void queue_runs(struct scenario_run *r)
{
	struct grade *g = r->g;
	int times = r->check == &check_races && !r->tool ? g->lab->race_repeats : 1;
	for (int i = 0; i < times; i++) {
		char *label = xprintf("%s-%s-%d", r->check->name, r->s->name, i);
		for (char *p = label; *p; p++)
			if (*p == ' ' || *p == '/')
				*p = '_';
		char *scratch = jobs_scratch(g, label);
		char **argv = xcalloc(1, sizeof *argv);
		if (r->tool) {
			const char *tool = r->check == &check_leaks ? "memcheck" : g->lab->race_tool;
			char *toolarg = xprintf("--tool=%s", tool);
			char *log = xprintf("--log-file=%s/vg.%%p.vglog", r->dir);
			/* Inline information costs a quarter of a short run's start-up
			 * (reading libc's debug data) and shows nothing in student code
			 * built at -O0. */
			char **v = strv_new("valgrind", toolarg, log, "--trace-children=no",
					    "--read-inline-info=no", NULL);
			for (char **a = v; *a; a++)
				strv_push(&argv, *a);
			if (r->check == &check_leaks) {
				strv_push(&argv, "--leak-check=full");
				strv_push(&argv, "--show-leak-kinds=definite,indirect");
				strv_push(&argv, "--errors-for-leak-kinds=definite,indirect");
				strv_push(&argv, "--track-fds=yes");
			}
			strv_free(v);
			free(toolarg);
			free(log);
		}
		char *prog = program_path(g, r->s);
		strv_push(&argv, prog);
		for (char **a = r->s->args; *a; a++)
			strv_push(&argv, *a);
		if (i == 0)
			r->item->reproduce = reproduce(g, scratch, argv);
		char *logdir = xprintf("%s/run-%d", r->dir, i);
		make_dirs(logdir, 0755);
		struct job *j = jobs_student(g, argv, scratch, logdir);
		if (!r->s->same_as_sh)
			observed_arm(j);
		if (r->tool) {
			j->limits.wall_seconds *= VALGRIND_SLOWDOWN;
			j->limits.cpu_seconds *= VALGRIND_SLOWDOWN;
			j->limits.memory_mb = 0;
		}
		char *key = xprintf("%s/%s", r->check->name, r->s->name);
		limits_apply(g, j, key, TEST_FLOOR_SECONDS, j->limits.wall_seconds);
		free(key);
		j->done = run_done;
		j->ctx = r;
		j->cancel = &r->cancel;
		r->pending++;
		sandbox_add(j);
		free(prog);
		free(logdir);
		free(scratch);
		free(label);
	}
}

static void oracle_done(struct job *j)
{
	struct scenario_run *r = j->ctx;
	r->oracle_out = read_file(j->out_path, NULL, 1 << 20);
	r->oracle_status = j->end == JOB_EXITED ? j->exit_code : -1;
	jobs_free(j);
	queue_runs(r);
}

static void queue_scenario(struct grade *g, struct scenario_run *r, int index)
{
	struct scenario *s = r->s;
	r->tool = r->check == &check_leaks || strcmp(g->lab->race_tool, "repeat") != 0;
	r->dir = xprintf("%s/%s/%d", g->work, r->check->name, index);
	remove_tree(r->dir);
	make_dirs(r->dir, 0755);
	open_tree(r->dir);
	if (!s->same_as_sh) {
		queue_runs(r);
		return;
	}
	char *label = xprintf("oracle-%s-%d", r->check->name, index);
	char *scratch = jobs_scratch(g, label);
	struct job *j = jobs_student(g, strv_new("/bin/sh", "-c", s->same_as_sh, NULL), scratch, r->dir);
	j->untrusted = 0;
	j->done = oracle_done;
	j->ctx = r;
	sandbox_add(j);
	free(scratch);
	free(label);
}

/* What the check runs under, in words. */
static const char *tool_name(struct grade *g, const struct check *check)
{
	if (check == &check_leaks)
		return "memcheck";
	return strcmp(g->lab->race_tool, "repeat") ? g->lab->race_tool : "repeated runs";
}

static void plan(struct grade *g, const struct check *check, struct scenario *list, int n)
{
	for (int i = 0; i < n; i++) {
		struct scenario_run *r = xcalloc(1, sizeof *r);
		r->g = g;
		r->check = check;
		r->s = &list[i];
		r->item = grade_add_item(g, check, list[i].name, 1);
		r->item->description = xprintf("the scenario runs %s%s%s%s clean under %s",
					       list[i].program, list[i].args[0] ? " " : "",
					       list[i].args[0] ? list[i].args[0] : "",
					       list[i].args[0] && list[i].args[1] ? " ..." : "",
					       tool_name(g, check));
		r->item->hint = list[i].hint ? xstrdup(list[i].hint) : NULL;
		runs = xrealloc(runs, (nruns + 1) * sizeof *runs);
		runs[nruns++] = r;
	}
}

static void leaks_plan(struct grade *g)
{
	plan(g, &check_leaks, g->lab->leaks, g->lab->nleaks);
}

static void races_plan(struct grade *g)
{
	plan(g, &check_races, g->lab->races, g->lab->nraces);
}

/* The first official test the scenario needs that did not pass, or NULL.
 * A server that fails its load test would only wait out its limit here. */
static const char *missing_test(struct grade *g, struct scenario *s)
{
	if (!grade_selected(g, &check_behaviour))
		return NULL;
	for (char **t = s->requires; *t; t++)
		if (!grade_test_passed(g, *t))
			return *t;
	return NULL;
}

static void queue_check(struct grade *g, const struct check *check)
{
	for (int i = 0, k = 0; i < nruns; i++) {
		if (runs[i]->check != check)
			continue;
		const char *test = missing_test(g, runs[i]->s);
		if (test) {
			char *why = xprintf("it needs the official test %s to pass first", test);
			item_skip(runs[i]->item, why);
			runs[i]->skipped = 1;
			free(why);
			continue;
		}
		queue_scenario(g, runs[i], k++);
	}
}

static void leaks_queue(struct grade *g)
{
	queue_check(g, &check_leaks);
}

static void races_queue(struct grade *g)
{
	queue_check(g, &check_races);
}

/* A Valgrind problem's hint follows its kind (lab.json "hints"): a leaked
 * descriptor points at descriptors, a memory error at memory, whatever the
 * scenario's own hint; a lab without a hint for the kind keeps that one.
 * A race found by the races check keeps the scenario's own hint when it has
 * one: that scenario was written for that race, and its hint names the
 * section on it (lazy initialisation rather than locking in general). */
static void set_kind_hint(const struct lab *lab, const struct check *check, struct item *it,
			  const char *kind)
{
	const char *hint = lab_kind_hint(lab, kind);
	if (!hint || (check == &check_races && kind && !strcmp(kind, "races") && it->hint))
		return;
	free(it->hint);
	it->hint = xstrdup(hint);
}

/* After the queue ran: each scenario clean, or what went wrong first. */
static void finish_check(struct grade *g, const struct check *check)
{
	for (int i = 0; i < nruns; i++) {
		struct scenario_run *r = runs[i];
		if (r->check != check || r->skipped)
			continue;
		if (r->failures == 0 && r->runs > 0) {
			item_settle(r->item, PASSED, NULL);
			continue;
		}
		struct sbuf out;
		sbuf_init(&out);
		if (r->runs > 1)
			sbuf_printf(&out, "failed %d of %d runs: ", r->failures, r->runs);
		sbuf_printf(&out, "%s", r->failure ? r->failure : "did not run");
		item_settle(r->item, FAILED, out.s);
		set_kind_hint(g->lab, check, r->item, r->failure_kind);
	}
}

static void leaks_finish(struct grade *g)
{
	finish_check(g, &check_leaks);
}

static void races_finish(struct grade *g)
{
	finish_check(g, &check_races);
}

const struct check check_leaks = {
	.name = "leaks", .unit = "scenarios", .passed = "clean", .phase = 2, .scaled = 1,
	.plan = leaks_plan, .blocked = observed_blocked, .queue = leaks_queue,
	.finish = leaks_finish,
};

const struct check check_races = {
	.name = "races", .unit = "scenarios", .passed = "clean", .phase = 2, .scaled = 1,
	.plan = races_plan, .blocked = observed_blocked, .queue = races_queue,
	.finish = races_finish,
};
