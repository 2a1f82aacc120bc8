/* main.c - grade: build a lab submission, run every check, report
 *
 *   grade --lab NAME [--impl solution|DIR] [--root DIR] [--out DIR] [--jobs N]
 *         [--test GLOB] [--checks build,leaks,...] [--first-loss]
 *   grade classroom-result RESULTS_JSON [--max N]
 *   grade describe --lab NAME [--root DIR] [--packages]
 *
 * The grading walks the table of checks (check.h): stage, build, then the
 * checks phase by phase, each phase's jobs in parallel; then score.c derives
 * the points from the items, and report.c prints them and writes results.json.
 *
 * Exit status: 0 full marks, 1 points lost, 2 could not grade.
 */
#define _GNU_SOURCE
#include "build.h"
#include "classroom.h"
#include "describe.h"
#include "progress.h"
#include "report.h"
#include "score.h"
#include "stagemake.h"
#include "util.h"

#include <errno.h>
#include <fnmatch.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

static void usage(FILE *f)
{
	fprintf(f, "usage: grade --lab NAME [--impl solution|DIR] [--root DIR] [--out DIR] [--jobs N]\n"
		   "             [--test GLOB] [--checks CHECK,...] [--table-last] [--first-loss]\n"
		   "       grade classroom-result RESULTS_JSON [--max N]\n"
		   "       grade describe --lab NAME [--root DIR] [--packages]\n"
		   "Grades the student files of a lab (from labs/NAME, or from DIR) and writes\n"
		   "OUT/results.json (OUT is build/NAME by default).\n"
		   "--test GLOB grades the build and the official tests that match (suite/name);\n"
		   "--checks grades only the checks named (and the build); both say the total is partial.\n"
		   "--table-last prints what to fix first and the table of points after it.\n"
		   "--first-loss stops at the first point lost (a quick verdict for mutation sweeps):\n"
		   "  exit 1 then means some point was lost, and the total is partial.\n"
		   "Exit status: 0 full marks, 1 points lost, 2 could not grade.\n");
}

struct options {
	char *lab, *impl, *root, *out, *test, *checks;
	int jobs;
	int table_last;
	int first_loss;
};

static struct options parse(int argc, char **argv)
{
	struct options o = {NULL, NULL, ".", NULL, NULL, NULL, 0, 0, 0};
	static const struct option longopts[] = {
		{"lab", required_argument, 0, 'l'}, {"impl", required_argument, 0, 'i'},
		{"root", required_argument, 0, 'r'}, {"out", required_argument, 0, 'o'},
		{"jobs", required_argument, 0, 'j'}, {"help", no_argument, 0, 'h'},
		{"test", required_argument, 0, 't'}, {"checks", required_argument, 0, 'c'},
		{"table-last", no_argument, 0, 'T'}, {"first-loss", no_argument, 0, 'f'},
		{0, 0, 0, 0},
	};
	int c;
	while ((c = getopt_long(argc, argv, "l:i:r:o:j:ht:c:", longopts, NULL)) != -1) {
		switch (c) {
		case 'l': o.lab = optarg; break;
		case 'i': o.impl = optarg; break;
		case 'r': o.root = optarg; break;
		case 'o': o.out = optarg; break;
		case 'j': o.jobs = atoi(optarg); break;
		case 't': o.test = optarg[0] ? optarg : NULL; break;
		case 'c': o.checks = optarg[0] ? optarg : NULL; break;
		case 'T': o.table_last = 1; break;
		case 'f': o.first_loss = 1; break;
		case 'h': usage(stdout); exit(0);
		default: usage(stderr); exit(2);
		}
	}
	if (optind < argc) {
		fprintf(stderr, "grade: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		exit(2);
	}
	return o;
}

static int cpu_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n;
}

/* Tools grading cannot do without, and the packages that bring them. */
static void need_tools(void)
{
	static const char *const tools[][2] = {
		{"gcc", "gcc"}, {"valgrind", "valgrind"}, {"gcovr", "gcovr"},
		{"/usr/include/criterion/criterion.h", "libcriterion-dev"},
		{"/usr/include/cjson/cJSON.h", "libcjson-dev"},
	};
	struct sbuf missing;
	sbuf_init(&missing);
	for (size_t i = 0; i < sizeof tools / sizeof *tools; i++) {
		const char *t = tools[i][0];
		int found = t[0] == '/' ? file_exists(t) : 0;
		if (t[0] != '/') {
			char *cmd = xprintf("command -v %s >/dev/null 2>&1", t);
			found = system(cmd) == 0;
			free(cmd);
		}
		if (!found)
			sbuf_printf(&missing, " %s", tools[i][1]);
	}
	if (missing.len)
		fatal("cannot grade: missing packages:%s\nrun: sudo apt-get install -y%s",
		      missing.s, missing.s);
	sbuf_free(&missing);
}

static void setup_paths(struct grade *g, struct options *o)
{
	if (!is_dir(o->root))
		fatal("no course tree at %s", o->root);
	g->root = absolute(o->root);
	char *why = NULL;
	g->lab = lab_load(g->root, o->lab, &why);
	if (!g->lab) {
		char *labs = lab_list(g->root);
		fprintf(stderr, "grade: %s\nthe labs are: %s\nusage: make check lab=NAME\n", why,
			labs[0] ? labs : "(none)");
		exit(2);
	}
	if (!o->impl || !strcmp(o->impl, "") ) {
		g->impl_dir = xstrdup(g->lab->dir);
		g->impl_label = xprintf("labs/%s (your files)", g->lab->name);
	} else if (!strcmp(o->impl, "solution")) {
		char *d = xprintf("%s/solutions/%s", g->root, g->lab->name);
		if (!is_dir(d))
			fatal("there is no solution here (%s): the solutions are not handed out", d);
		g->impl_dir = absolute(d);
		g->impl_label = xprintf("solutions/%s (the reference solution)", g->lab->name);
		free(d);
	} else {
		if (!is_dir(o->impl))
			fatal("impl=%s is not a directory", o->impl);
		g->impl_dir = absolute(o->impl);
		g->impl_label = xprintf("%s", o->impl);
	}
	char *out = o->out ? xstrdup(o->out) : xprintf("%s/build/%s", g->root, g->lab->name);
	if (make_dirs(out, 0755) < 0)
		fatal("cannot create %s: %s", out, strerror(errno));
	g->out = absolute(out);
	free(out);
	g->src = xprintf("%s/src", g->out);
	g->bin = xprintf("%s/bin", g->out);
	g->work = xprintf("%s/work", g->out);
}

/* As root, student code runs under an unprivileged uid, which must be able
 * to reach the output directory through every directory above it. */
static void check_reachable(struct grade *g)
{
	if (geteuid() != 0)
		return;
	char *path = xstrdup(g->out);
	for (char *slash = strrchr(path, '/'); slash && slash != path; slash = strrchr(path, '/')) {
		*slash = '\0';
		struct stat st;
		if (stat(path, &st) == 0 && !(st.st_mode & S_IXOTH)) {
			fprintf(stderr, "grade: note: %s is closed to other users, so student code "
				"runs as root here, limited by the process watch only "
				"(chmod o+x %s to give it a uid of its own)\n", path, path);
			sandbox_own_uids(0);
			break;
		}
	}
	free(path);
}

/* One grading at a time per output directory: a second waits. */
static void lock_out(struct grade *g)
{
	char *path = xprintf("%s/.lock", g->out);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		fatal("cannot open %s: %s", path, strerror(errno));
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		fprintf(stderr, "grade: another grading of %s is using %s; waiting for it\n",
			g->lab->name, g->out);
		flock(fd, LOCK_EX);
	}
	free(path);
}

/* --checks build,leaks: each name must be a check of the table. */
static char **parse_checks(const char *list)
{
	char **names = strv_new(NULL);
	char *copy = xstrdup(list), *save = NULL;
	for (char *n = strtok_r(copy, ",", &save); n; n = strtok_r(NULL, ",", &save)) {
		if (!check_named(n)) {
			fprintf(stderr, "grade: --checks: there is no check '%s'; the checks are:", n);
			for (int i = 0; checks[i]; i++)
				fprintf(stderr, " %s", checks[i]->name);
			fprintf(stderr, "\n");
			exit(2);
		}
		strv_push(&names, n);
	}
	free(copy);
	return names;
}

/* Does the lab have anything for this check to grade? */
static int declared(struct grade *g, const struct check *c)
{
	return c == &check_behaviour || lab_points(g->lab, c->name) > 0;
}

static int table_size(void)
{
	int n = 0;
	while (checks[n])
		n++;
	return n;
}

/* For sandbox_stop_when(): has a --first-loss grading lost a point yet? */
static int lost_a_point(void *g)
{
	return grade_lost_points(g);
}

/* --first-loss, once a point is lost: the checks of later phases are not
 * run, and say so. */
static void skip_later_phases(struct grade *g, int phase)
{
	for (int i = 0; checks[i]; i++)
		if (checks[i]->phase > phase && declared(g, checks[i]) && grade_selected(g, checks[i]))
			grade_skip(g, checks[i], "not graded: --first-loss stopped at the first lost point");
}

/* Walks the table: plans the items of every declared check asked for,
 * then runs the checks phase by phase; a check that cannot run has its items
 * skipped with the reason.  A check not asked for has no items at all, so
 * that nothing is scaled by a behaviour that was not graded. */
static void run_checks(struct grade *g)
{
	int last_phase = 0;
	for (int i = 0; checks[i]; i++) {
		if (!declared(g, checks[i]) || !grade_selected(g, checks[i]))
			continue;
		checks[i]->plan(g);
		if (checks[i]->phase > last_phase)
			last_phase = checks[i]->phase;
	}
	for (int phase = 0; phase <= last_phase; phase++) {
		int *ran = xcalloc(table_size() + 1, sizeof *ran);
		char *names = xstrdup("");
		for (int i = 0; checks[i]; i++) {
			const struct check *c = checks[i];
			if (c->phase != phase || !declared(g, c) || !grade_selected(g, c))
				continue;
			char *why = c->blocked ? c->blocked(g) : NULL;
			if (why) {
				grade_skip(g, c, why);
				free(why);
				continue;
			}
			c->queue(g);
			ran[i] = 1;
			char *more = xprintf("%s%s%s", names, names[0] ? ", " : "", c->name);
			free(names);
			names = more;
		}
		progress_phase(names);
		free(names);
		sandbox_run_queue(g->jobs);
		for (int i = 0; checks[i]; i++)
			if (ran[i] && checks[i]->finish)
				checks[i]->finish(g);
		free(ran);
		if (g->first_loss && grade_lost_points(g)) {
			skip_later_phases(g, phase);
			g->partial = 1;
			break;
		}
	}
	progress_end();
}

/* Does test=GLOB pick any official test?  If not, says so before any
 * grading, with the names it could pick, and points at checks= when the glob
 * names a check ("leaks*"). */
static int any_test_matches(const struct lab *lab, const char *glob)
{
	for (char **t = lab->tests; *t; t++)
		if (fnmatch(glob, *t, 0) == 0)
			return 1;
	fprintf(stderr, "grade: test=%s matches none of the official tests of %s; test= picks "
		"them by suite/name, such as '%s' or '%.*s/*'\n", glob, lab->name,
		lab->tests[0] ? lab->tests[0] : "suite/name",
		lab->tests[0] ? (int)strcspn(lab->tests[0], "/") : 5,
		lab->tests[0] ? lab->tests[0] : "suite");
	for (int i = 0; checks[i]; i++)
		if (fnmatch(glob, checks[i]->name, 0) == 0)
			fprintf(stderr, "grade: to grade the %s check alone, say checks=%s\n",
				checks[i]->name, checks[i]->name);
	fprintf(stderr, "grade: the official tests:");
	for (char **t = lab->tests; *t; t++)
		fprintf(stderr, " %s", *t);
	fprintf(stderr, "\n");
	return 0;
}

/* lab.json's points for every row of the table, in table order. */
static int *table_points(struct grade *g)
{
	int n = table_size();
	int *points = xcalloc(n + 1, sizeof *points);
	for (int i = 0; i < n; i++)
		points[i] = lab_points(g->lab, checks[i]->name);
	return points;
}

int main(int argc, char **argv)
{
	/* The grader holds every test's nonce: no process of this uid, student
	 * code included, may read its memory (/proc/PID/mem, ptrace). */
	prctl(PR_SET_DUMPABLE, 0);
	if (argc > 1 && !strcmp(argv[1], "classroom-result"))
		return classroom_result_main(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "stage-and-make"))
		return stagemake_main(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "describe"))
		return describe_main(argc - 1, argv + 1);
	struct options o = parse(argc, argv);
	if (!o.lab || !o.lab[0]) {
		char *labs = lab_list(o.root);
		fprintf(stderr, "grade: which lab? the labs are: %s\nusage: make check lab=NAME\n",
			labs[0] ? labs : "(none)");
		return 2;
	}
	struct grade g = {0};
	g.only = o.checks ? parse_checks(o.checks) : NULL;
	g.test_glob = o.test;
	g.partial = o.checks || o.test;
	g.table_last = o.table_last;
	g.first_loss = o.first_loss;
	if (g.first_loss)
		sandbox_stop_when(lost_a_point, &g);
	need_tools();
	double start = now_seconds();
	setup_paths(&g, &o);
	if (o.test && !any_test_matches(g.lab, o.test))
		return 2;       /* said why */
	lock_out(&g);
	check_reachable(&g);
	g.jobs = o.jobs > 0 ? o.jobs : cpu_count();
	remove_tree(g.work);
	remove_tree(g.bin);
	make_dirs(g.work, 0755);
	if (build_stage(&g) < 0)
		return 2;       /* a student file was missing: said already */
	run_checks(&g);
	for (int i = 0; i < g.nitems; i++)
		if (g.items[i]->verdict == FAILED && !g.items[i]->output)
			g.items[i]->output = xstrdup(GRADER_LOST_DETAILS);
	struct score s;
	int *points = table_points(&g);
	score_items(g.items, g.nitems, checks, points, &s);
	free(points);
	g.seconds = now_seconds() - start;
	char *json = xprintf("%s/results.json", g.out);
	if (report_write_json(&g, &s, json) < 0)
		fatal("cannot write %s", json);
	char *timings = xprintf("%s/timings.json", g.out);
	report_write_timings(&g, timings);
	free(timings);
	report_print(&g, &s, stdout);
	printf("(report: %s)\n", json);
	free(json);
	int full = s.total == s.max && !g.partial;
	score_free(&s);
	if (sandbox_confinement_failures()) {
		/* Jobs that could not be confined did not run: no grade. */
		fprintf(stderr, "grade: cannot grade: %s\n", sandbox_confinement_failure());
		return 2;
	}
	return full ? 0 : 1;
}
