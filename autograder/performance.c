/* performance.c - the performance check: instructions that Valgrind's
 * callgrind counts in the functions a workload names, within the lab's budget
 *
 * A workload (lab.json "performance") is a scenario program and the
 * functions whose cost it measures ("collect": names or globs).  The count is
 * every instruction executed while one of those functions is running, what
 * they call included: the sum, over the calls made into the collected set
 * from outside it, of what each call cost.  Callgrind records that cost of
 * each call exactly, so the count does not depend on the machine's load, and
 * nothing outside the collected calls (start-up, the loader, the harness)
 * is in it.  The budget is a number of instructions, or a ratio to a
 * baseline program (glibc's malloc, say) measured the same way in the same
 * grading.
 *
 * Why not callgrind's --toggle-collect: it flips counting on the entry of
 * each collected function, so a collected function that calls another one
 * (arena_alloc calling arena_grow, both matching "arena_*") switches
 * counting off for the inner one, and its work would not be counted.  The
 * whole run is collected instead and the calls into the set are read from
 * the call graph.  --dump-before=fork writes a process's costs before it
 * forks, so that a child does not report its parent's costs again.
 *
 * A count the program could change is no count: a run in which the program
 * made one of callgrind's client requests (toggle or zero the counts, stop
 * instrumenting, a monitor command) earns nothing.  Valgrind logs every
 * client request at -v -v.  Like the leaks and races checks, a workload
 * earns points only when its run is witnessed: the program exits 0 and its
 * observer prints "scenario complete NONCE" (labs/common/scenario.h).
 */
#define _GNU_SOURCE
#include "build.h"
#include "jobs.h"
#include "observed.h"
#include "limits.h"
#include "util.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Valgrind runs programs tens of times slower (as in scenarios.c). */
#define VALGRIND_SLOWDOWN 3
/* An item's weight: what it earns is a percentage. */
#define FULL 100

/* One run under callgrind: a workload's, or a baseline's (shared by the
 * workloads that name the same one). */
struct measurement {
	struct grade *g;
	const struct measured *spec;
	char *dir;            /* callgrind's files and Valgrind's logs */
	long long count;      /* instructions in the collected calls */
	char *hot;            /* where they went: "add 99.0%, helper 1.0%" */
	char *failure;        /* why there is no count, in words, or NULL */
	char *key;            /* its limit in timing.json: "performance/" and the first
				 workload that uses it, whose time is the longer of its
				 two runs */
	double seconds;       /* how long the run took */
	int ran;
};

struct perf_item {
	struct item *item;
	const struct workload *w;
	struct measurement *run, *base;  /* base is NULL for an absolute budget */
};

static struct perf_item *pitems;
static int npitems;
static struct measurement **measurements;
static int nmeasurements;

/* "1,234,567" */
static char *group(long long n)
{
	char digits[32], out[48];
	int len = snprintf(digits, sizeof digits, "%lld", n < 0 ? -n : n), o = 0;
	if (n < 0)
		out[o++] = '-';
	for (int i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
	return xstrdup(out);
}

/* "add, add_*" */
static char *joined(char **v, const char *sep)
{
	struct sbuf b;
	sbuf_init(&b);
	for (char **p = v; *p; p++)
		sbuf_printf(&b, "%s%s", p == v ? "" : sep, *p);
	return b.s;
}

/* "add_many 2000 add" */
static char *command_of(const struct measured *m)
{
	char *args = joined(m->args, " ");
	char *c = xprintf("%s%s%s", m->program, args[0] ? " " : "", args);
	free(args);
	return c;
}

static int same_strings(char **a, char **b)
{
	for (; *a && *b; a++, b++)
		if (strcmp(*a, *b))
			return 0;
	return !*a && !*b;
}

/* The measurement of spec, made once per grading; workload names the
 * first workload that uses it. */
static struct measurement *measurement_of(struct grade *g, const struct measured *spec,
					  const struct workload *workload)
{
	for (int i = 0; i < nmeasurements; i++) {
		const struct measured *m = measurements[i]->spec;
		if (!strcmp(m->program, spec->program) && same_strings(m->args, spec->args) &&
		    same_strings(m->collect, spec->collect))
			return measurements[i];
	}
	struct measurement *m = xcalloc(1, sizeof *m);
	m->g = g;
	m->spec = spec;
	m->key = xprintf("performance/%s", workload->name);
	measurements = xrealloc(measurements, (nmeasurements + 1) * sizeof *measurements);
	measurements[nmeasurements++] = m;
	return m;
}

/* Is the function callgrind calls name one of the collected?  Callgrind
 * names a recursive call "name'2": the suffix is not part of the name. */
static int collected(const struct measured *spec, const char *name)
{
	char *base = xstrdup(name);
	char *quote = strchr(base, '\'');
	if (quote)
		*quote = '\0';
	int found = 0;
	for (char **p = spec->collect; *p && !found; p++)
		found = fnmatch(*p, base, 0) == 0;
	free(base);
	return found;
}

/* Costs by function, for the breakdown. */
struct costs {
	char **names;
	long long *ir;
	int n;
};

static void costs_add(struct costs *c, const char *name, long long ir)
{
	char *base = strndup(name, strcspn(name, "'"));
	for (int i = 0; i < c->n; i++)
		if (!strcmp(c->names[i], base)) {
			c->ir[i] += ir;
			free(base);
			return;
		}
	c->names = xrealloc(c->names, (c->n + 1) * sizeof *c->names);
	c->ir = xrealloc(c->ir, (c->n + 1) * sizeof *c->ir);
	c->names[c->n] = base;
	c->ir[c->n++] = ir;
}

/* The second number of a cost line "POSITION IR". */
static long long cost_of(const char *line)
{
	long long pos, ir;
	return sscanf(line, "%lld %lld", &pos, &ir) == 2 ? ir : 0;
}

/* Reads one callgrind file (--compress-strings=no --compress-pos=no): adds
 * the cost of each call into the collected set from outside it to *count,
 * and to *hot the cost of the collected functions themselves and of the
 * calls they make out of the set, by function. */
static void read_callgrind(const struct measured *spec, const char *path, long long *count,
			   struct costs *hot)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	char line[4096], fn[4096] = "", cfn[4096] = "";
	int in_set = 0, call = 0;
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, "fn=", 3)) {
			snprintf(fn, sizeof fn, "%s", line + 3);
			in_set = collected(spec, fn);
		} else if (!strncmp(line, "cfn=", 4)) {
			snprintf(cfn, sizeof cfn, "%s", line + 4);
		} else if (!strncmp(line, "calls=", 6)) {
			call = 1;
		} else if (line[0] >= '0' && line[0] <= '9') {
			long long ir = cost_of(line);
			if (!call && in_set) {
				costs_add(hot, fn, ir);
			} else if (call) {
				int callee_in = collected(spec, cfn);
				if (!in_set && callee_in)
					*count += ir;
				else if (in_set && !callee_in)
					costs_add(hot, cfn, ir);
			}
			call = 0;
		}
	}
	fclose(f);
}

/* "add 99.0%, helper 1.0%": the three largest parts of count. */
static char *hottest(struct costs *c, long long count)
{
	struct sbuf b;
	sbuf_init(&b);
	for (int k = 0; k < 3; k++) {
		int best = -1;
		for (int i = 0; i < c->n; i++)
			if (c->ir[i] > 0 && (best < 0 || c->ir[i] > c->ir[best]))
				best = i;
		if (best < 0)
			break;
		sbuf_printf(&b, "%s%s %.1f%%", k ? ", " : "", c->names[best],
			    count ? 100.0 * c->ir[best] / count : 0.0);
		c->ir[best] = 0;
	}
	return b.s;
}

/* A callgrind client request in the Valgrind logs of dir, in words, or NULL.
 * At -v -v Valgrind logs "client request: code 43540002, ...". */
static char *client_request(const char *dir)
{
	char **logs = list_files(dir, ".vglog");
	char *why = NULL;
	for (char **l = logs; *l && !why; l++) {
		char *path = xprintf("%s/%s", dir, *l);
		FILE *f = fopen(path, "r");
		char line[512];
		while (f && !why && fgets(line, sizeof line, f)) {
			unsigned long code;
			const char *p = strstr(line, "client request: code ");
			if (!p || sscanf(p, "client request: code %lx", &code) != 1)
				continue;
			/* ('C','T') is callgrind's; 0x1202 a monitor command, 0x1203 an option change */
			if (code >> 16 == 0x4354 || code == 0x1202 || code == 0x1203)
				why = xprintf("the program made a Valgrind client request to the "
					      "instruction counter (code %#lx: callgrind's "
					      "CALLGRIND_... macros or a monitor command), which can "
					      "switch the count off; a count the program can change "
					      "earns nothing", code);
		}
		if (f)
			fclose(f);
		free(path);
	}
	strv_free(logs);
	return why;
}

/* Did the run behave?  NULL if so. */
static char *misbehaviour(struct job *j)
{
	if (j->end != JOB_EXITED || j->exit_code != 0) {
		char *how = job_describe(j);
		char *tail = file_tail(j->err_path, 8);
		char *t = xprintf("the program %s%s; it said:\n%s", how,
				  j->end == JOB_EXITED ? " (0 means all was right)" : "", tail);
		free(how);
		free(tail);
		return t;
	}
	return observed_missing_witness(j);
}

/* The count of a run that behaved, or why there is none. */
static void read_count(struct measurement *m)
{
	char **files = list_files(m->dir, "");
	struct costs hot = {0};
	for (char **f = files; *f; f++)
		if (!strncmp(*f, "callgrind.out.", 14)) {
			char *path = xprintf("%s/%s", m->dir, *f);
			read_callgrind(m->spec, path, &m->count, &hot);
			free(path);
		}
	strv_free(files);
	m->hot = hottest(&hot, m->count);
	for (int i = 0; i < hot.n; i++)
		free(hot.names[i]);
	free(hot.names);
	free(hot.ir);
	if (m->count == 0) {
		char *names = joined(m->spec->collect, ", ");
		m->failure = xprintf("no instruction was counted: %s never ran", names);
		free(names);
	}
}

static void measure_done(struct job *j)
{
	struct measurement *m = j->ctx;
	limits_note_end(j);
	m->ran = 1;
	m->seconds = j->seconds;
	m->failure = misbehaviour(j);
	if (!m->failure)
		m->failure = client_request(m->dir);
	if (!m->failure)
		read_count(m);
	jobs_free(j);
}

static void queue_measurement(struct grade *g, struct measurement *m, int index)
{
	m->dir = xprintf("%s/performance/%d", g->work, index);
	remove_tree(m->dir);
	make_dirs(m->dir, 0755);
	open_tree(m->dir);
	char *label = xprintf("performance-%d", index);
	char *scratch = jobs_scratch(g, label);
	char *log = xprintf("--log-file=%s/vg.%%p.vglog", m->dir);
	char *out = xprintf("--callgrind-out-file=%s/callgrind.out.%%p", m->dir);
	char *prog = xprintf("%s/%s", g->bin, m->spec->program);
	/* -v -v logs client requests; positions and names uncompressed are
	 * simpler to read; fork: see the top of the file. */
	char **argv = strv_new("valgrind", "--tool=callgrind", "-v", "-v", log, out,
			       "--compress-strings=no", "--compress-pos=no",
			       "--dump-before=fork", "--trace-children=no", prog, NULL);
	for (char **a = m->spec->args; *a; a++)
		strv_push(&argv, *a);
	struct job *j = jobs_student(g, argv, scratch, m->dir);
	/* Lazy binding would count the loader's first lookup of each library
	 * function in the collected calls; bind everything before main. */
	jobs_setenv(j, "LD_BIND_NOW", "1");
	observed_arm(j);
	j->limits.wall_seconds *= VALGRIND_SLOWDOWN;
	j->limits.cpu_seconds *= VALGRIND_SLOWDOWN;
	j->limits.memory_mb = 0;
	limits_apply(g, j, m->key, TEST_FLOOR_SECONDS, j->limits.wall_seconds);
	j->done = measure_done;
	j->ctx = m;
	sandbox_add(j);
	free(prog);
	free(out);
	free(log);
	free(scratch);
	free(label);
}

static char *budget_words(const struct workload *w)
{
	if (w->budget_instructions) {
		char *n = group(w->budget_instructions);
		char *r = xprintf("%s instructions", n);
		free(n);
		return r;
	}
	return xprintf("%g times the baseline", w->budget);
}

static void perf_plan(struct grade *g)
{
	for (int i = 0; i < g->lab->nperformance; i++) {
		const struct workload *w = &g->lab->performance[i];
		pitems = xrealloc(pitems, (npitems + 1) * sizeof *pitems);
		struct perf_item *p = &pitems[npitems++];
		p->w = w;
		p->run = measurement_of(g, &w->run, w);
		p->base = w->baseline.program ? measurement_of(g, &w->baseline, w) : NULL;
		p->item = grade_add_item(g, &check_performance, w->name, FULL);
		char *cmd = command_of(&w->run), *names = joined(w->run.collect, ", ");
		char *budget = budget_words(w);
		p->item->description = xprintf("%s spends at most %s in %s and what it calls",
					       cmd, budget, names);
		p->item->hint = w->hint ? xstrdup(w->hint) : NULL;
		p->item->reproduce = xprintf("valgrind --tool=callgrind %s/%s; callgrind_annotate "
					     "--inclusive=yes callgrind.out.PID (the worker's)",
					     g->bin, cmd);
		free(budget);
		free(names);
		free(cmd);
	}
}

static void perf_queue(struct grade *g)
{
	for (int i = 0; i < nmeasurements; i++)
		queue_measurement(g, measurements[i], i);
}

/* What a workload earns of FULL for using `used` of its budget (1 = all of
 * it): everything within the budget, then less in proportion, nothing from
 * twice the budget on. */
static int earned_for(double used)
{
	if (used <= 1)
		return FULL;
	if (used >= 2)
		return 0;
	return (int)(FULL * (2 - used));
}

/* Settles a workload that has no count: it fails, saying why.  Returns 1 if
 * so, 0 if both its runs were measured. */
static int unmeasured(struct perf_item *p)
{
	const struct measured *spec = &p->w->run;
	struct measurement *m = p->run;
	const char *note = "not measured: the workload did not run to its end";
	if (!m->failure && m->ran && p->base) {
		spec = &p->w->baseline;
		m = p->base;
		note = "not measured: the baseline did not run to its end";
	}
	if (!m->failure && m->ran)
		return 0;
	char *cmd = command_of(spec);
	item_settle(p->item, FAILED, xprintf("%s%s could not be measured: %s",
					     m == p->base ? "its baseline, " : "", cmd,
					     m->failure ? m->failure : "it did not run"));
	p->item->note = xstrdup(note);
	free(cmd);
	return 1;
}

/* The lines on the budget, and the row's note; returns the share of the
 * budget used (1 = all of it). */
static double budget_lines(struct perf_item *p, struct sbuf *out)
{
	const struct workload *w = p->w;
	char *count = group(p->run->count);
	double used;
	if (p->base) {
		double ratio = (double)p->run->count / p->base->count;
		used = ratio / w->budget;
		char *bcmd = command_of(&w->baseline), *bcount = group(p->base->count);
		sbuf_printf(out, "the baseline, %s, counted %s: %.2f times as many\n", bcmd, bcount,
			    ratio);
		sbuf_printf(out, "budget: %g times the baseline; this is %.2f of the budget\n",
			    w->budget, used);
		p->item->note = xprintf("%.2f times the baseline, budget %g (%.2f of it); "
					"hottest: %s", ratio, w->budget, used, p->run->hot);
		free(bcmd);
		free(bcount);
	} else {
		used = (double)p->run->count / w->budget_instructions;
		char *budget = group(w->budget_instructions);
		sbuf_printf(out, "budget: %s instructions; this is %.2f of the budget\n", budget,
			    used);
		p->item->note = xprintf("%s instructions, budget %s (%.2f of it); hottest: %s",
					count, budget, used, p->run->hot);
		free(budget);
	}
	free(count);
	return used;
}

/* Settles one workload from its measurements. */
static void settle(struct perf_item *p)
{
	// For make calibrate: the workload's time is that of its longer run.
	p->item->seconds = p->run->seconds;
	if (p->base && p->base->seconds > p->item->seconds)
		p->item->seconds = p->base->seconds;
	if (unmeasured(p))
		return;
	char *cmd = command_of(&p->w->run), *count = group(p->run->count);
	char *names = joined(p->w->run.collect, ", ");
	struct sbuf out;
	sbuf_init(&out);
	sbuf_printf(&out, "%s counted %s instructions in %s and what it calls\n", cmd, count,
		    names);
	double used = budget_lines(p, &out);
	int earned = earned_for(used);
	sbuf_printf(&out, "where they went: %s\n", p->run->hot);
	if (used > 1)
		sbuf_printf(&out, "over budget: this earns %d%% of the workload's points (all of "
			    "them within the budget, none from twice the budget on)\n", earned);
	item_settle(p->item, used <= 1 ? PASSED : FAILED, out.s);
	p->item->earned = earned * p->item->weight / FULL;
	free(names);
	free(count);
	free(cmd);
}

static void perf_finish(struct grade *g)
{
	(void)g;
	for (int i = 0; i < npitems; i++)
		settle(&pitems[i]);
}

const struct check check_performance = {
	.name = "performance", .unit = "workloads", .passed = "within budget", .phase = 2,
	.scaled = 1, .plan = perf_plan, .blocked = observed_blocked, .queue = perf_queue,
	.finish = perf_finish,
};
