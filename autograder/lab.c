/* lab.c - read and check lab.json, the one source of a lab's points and limits */
#define _GNU_SOURCE
#include "lab.h"
#include "util.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int strv_len(char **v)
{
	int n = 0;
	while (v && v[n])
		n++;
	return n;
}

static char *get_string(cJSON *obj, const char *key, const char *fallback)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (cJSON_IsString(v))
		return xstrdup(v->valuestring);
	return fallback ? xstrdup(fallback) : NULL;
}

static int get_int(cJSON *obj, const char *key, int fallback)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsNumber(v) ? v->valueint : fallback;
}

static char **get_strings(cJSON *obj, const char *key)
{
	char **v = xcalloc(1, sizeof *v);
	cJSON *arr = cJSON_GetObjectItemCaseSensitive(obj, key), *e;
	cJSON_ArrayForEach(e, arr)
		if (cJSON_IsString(e))
			strv_push(&v, e->valuestring);
	return v;
}

static struct scenario *get_scenarios(cJSON *arr, int *n)
{
	*n = cJSON_GetArraySize(arr);
	struct scenario *s = xcalloc(*n, sizeof *s);
	int i = 0;
	cJSON *e;
	cJSON_ArrayForEach(e, arr) {
		s[i].name = get_string(e, "name", "scenario");
		s[i].program = get_string(e, "program", "");
		s[i].args = get_strings(e, "args");
		s[i].same_as_sh = get_string(e, "same_as_sh", NULL);
		s[i].hint = get_string(e, "hint", NULL);
		s[i].requires = get_strings(e, "requires");
		i++;
	}
	return s;
}

/* Cases of one enumeration at most: each is a run of the program under
 * strace and one of the verifier, about 50 ms on 2 cores. */
#define ENUMERATE_MAX_CASES 200
#define ENUMERATE_DEFAULT_PER_CALL 8

static const char *const expect_names[] = {"fails", "retried", "killed", NULL};

/* lab.json "enumerate": {...}, or NULL when e is not an object. */
static struct enumeration *get_enumeration(cJSON *e)
{
	if (!cJSON_IsObject(e))
		return NULL;
	struct enumeration *en = xcalloc(1, sizeof *en);
	en->calls = get_strings(e, "calls");
	en->sequence = get_strings(e, "sequence");
	en->commit = get_string(e, "commit", NULL);
	en->verifier = get_string(e, "verifier", "");
	en->max_per_call = get_int(e, "max_per_call", ENUMERATE_DEFAULT_PER_CALL);
	cJSON *arr = cJSON_GetObjectItemCaseSensitive(e, "inject"), *i;
	en->inject = xcalloc(cJSON_GetArraySize(arr) + 1, sizeof *en->inject);
	cJSON_ArrayForEach(i, arr) {
		struct fault_injection *fi = &en->inject[en->ninject++];
		fi->spec = get_string(i, "spec", "");
		char *expect = get_string(i, "expect", "");
		fi->expect = -1;
		for (int k = 0; expect_names[k]; k++)
			if (!strcmp(expect, expect_names[k]))
				fi->expect = k;
		free(expect);
		fi->status = get_int(i, "status", -1);
		fi->message = get_string(i, "stderr", NULL);
	}
	return en;
}

/* Why an enumeration cannot be run as written, or NULL. */
static const char *check_enumeration(const struct lab *lab, const struct fault *f)
{
	const struct enumeration *en = f->enumerate;
	if (strv_len(f->inject))
		return "a faults scenario has both inject and enumerate";
	if (!strv_len(en->calls) || !en->ninject)
		return "an enumerating faults scenario names no calls or no injections";
	int known = 0;
	for (int i = 0; i < lab->nprograms; i++)
		known |= !strcmp(lab->programs[i].name, en->verifier);
	if (!known)
		return "an enumerating faults scenario's verifier is not one of programs";
	if (en->max_per_call < 1 ||
	    strv_len(en->calls) * en->max_per_call * en->ninject > ENUMERATE_MAX_CASES)
		return "an enumeration may have at most 200 cases (calls x max_per_call x "
		       "injections)";
	if (f->status < 0)
		return "an enumerating faults scenario needs the status of an untouched run";
	for (int i = 0; i < en->ninject; i++) {
		const struct fault_injection *fi = &en->inject[i];
		if (!fi->spec[0] || strstr(fi->spec, "when="))
			return "an enumerated injection needs a spec without when= (\"error=EIO\")";
		if ((int)fi->expect < 0)
			return "an enumerated injection's expect must be fails, retried or killed";
		if (fi->expect == EXPECT_FAILS && (fi->status < 0 || fi->status > 255))
			return "an enumerated injection that fails needs a status of 0 to 255";
		if (fi->expect == EXPECT_KILLED && !strstr(fi->spec, "signal="))
			return "an enumerated injection that kills needs signal= in its spec";
	}
	return NULL;
}

static struct fault *get_faults(cJSON *arr, int *n)
{
	*n = cJSON_GetArraySize(arr);
	struct fault *f = xcalloc(*n, sizeof *f);
	int i = 0;
	cJSON *e;
	cJSON_ArrayForEach(e, arr) {
		f[i].name = get_string(e, "name", "fault");
		f[i].program = get_string(e, "program", "");
		f[i].args = get_strings(e, "args");
		f[i].inject = get_strings(e, "inject");
		f[i].status = get_int(e, "status", -1);
		f[i].message = get_string(e, "stderr", NULL);
		f[i].hint = get_string(e, "hint", NULL);
		f[i].enumerate = get_enumeration(cJSON_GetObjectItemCaseSensitive(e, "enumerate"));
		i++;
	}
	return f;
}

static void get_measured(cJSON *obj, struct measured *m)
{
	m->program = get_string(obj, "program", cJSON_IsObject(obj) ? "" : NULL);
	m->args = get_strings(obj, "args");
	m->collect = get_strings(obj, "collect");
}

static struct workload *get_workloads(cJSON *arr, int *n)
{
	*n = cJSON_GetArraySize(arr);
	struct workload *w = xcalloc(*n, sizeof *w);
	int i = 0;
	cJSON *e;
	cJSON_ArrayForEach(e, arr) {
		w[i].name = get_string(e, "name", "workload");
		get_measured(e, &w[i].run);
		get_measured(cJSON_GetObjectItemCaseSensitive(e, "baseline"), &w[i].baseline);
		cJSON *b = cJSON_GetObjectItemCaseSensitive(e, "budget");
		w[i].budget = cJSON_IsNumber(b) ? b->valuedouble : 0;
		b = cJSON_GetObjectItemCaseSensitive(e, "budget_instructions");
		w[i].budget_instructions = cJSON_IsNumber(b) ? (long long)b->valuedouble : 0;
		w[i].hint = get_string(e, "hint", NULL);
		i++;
	}
	return w;
}

/* Why a performance workload cannot be measured as written, or NULL. */
static const char *check_workload(const struct workload *w)
{
	if (!w->run.program[0] || !w->run.collect[0])
		return "a performance workload names no program or no functions to collect";
	if ((w->budget > 0) == (w->budget_instructions > 0))
		return "a performance workload needs one budget above 0: budget (a ratio to its "
		       "baseline) or budget_instructions";
	if ((w->budget > 0) != (w->baseline.program != NULL))
		return "a performance workload has a baseline exactly when its budget is a ratio";
	if (w->baseline.program && (!w->baseline.program[0] || !w->baseline.collect[0]))
		return "a performance baseline names no program or no functions to collect";
	return NULL;
}

/* The official tests are the GRADED(suite, name, ...) in tests/ *.c: reading
 * the sources gives the behaviour maximum even when a submission breaks the
 * build, and it is the same rule the book uses for its grading table. */
static void scan_tests(struct lab *lab)
{
	char *dir = xprintf("%s/tests", lab->dir);
	char **files = list_files(dir, ".c");
	lab->tests = xcalloc(1, sizeof *lab->tests);
	for (char **f = files; *f; f++) {
		char *path = xprintf("%s/%s", dir, *f);
		char *text = read_file(path, NULL, 0);
		for (char *p = text; p && (p = strstr(p, "GRADED(")); p++) {
			char suite[128], name[128];
			int line_start = p == text || p[-1] == '\n';
			if (line_start && sscanf(p, "GRADED(%127[A-Za-z0-9_] , %127[A-Za-z0-9_]",
						 suite, name) == 2) {
				char *t = xprintf("%s/%s", suite, name);
				strv_push(&lab->tests, t);
				lab->behaviour_points += lab_test_points(lab, t);
				free(t);
			}
		}
		free(text);
		free(path);
	}
	strv_free(files);
	free(dir);
}

/* timing.json, written by `make calibrate`: {"suite/name": seconds, ...}.
 * Without it every run gets the lab's limit. */
static void read_timings(struct lab *lab)
{
	char *path = xprintf("%s/timing.json", lab->dir);
	char *text = read_file(path, NULL, 0);
	cJSON *j = cJSON_Parse(text ? text : ""), *t;
	lab->ntimings = 0;
	lab->timings = xcalloc(cJSON_GetArraySize(j) + 1, sizeof *lab->timings);
	cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(j, "seconds")) {
		if (!cJSON_IsNumber(t))
			continue;
		lab->timings = xrealloc(lab->timings, (lab->ntimings + 1) * sizeof *lab->timings);
		lab->timings[lab->ntimings].key = xstrdup(t->string);
		lab->timings[lab->ntimings].seconds = t->valuedouble;
		lab->ntimings++;
	}
	cJSON_Delete(j);
	free(text);
	free(path);
}

double lab_timing(const struct lab *lab, const char *key)
{
	for (int i = 0; i < lab->ntimings; i++)
		if (!strcmp(lab->timings[i].key, key))
			return lab->timings[i].seconds;
	return 0;
}

static const char *check_lab(struct lab *lab)
{
	if (strv_len(lab->tests) == 0)
		return "no official test: no GRADED(suite, name, ...) at the start of a line in tests/*.c";
	if (strv_len(lab->student_files) == 0)
		return "it names no student_files";
	for (int i = 0; i < lab->nleaks; i++)
		if (!lab->leaks[i].program[0])
			return "a leaks scenario names no program";
	for (int i = 0; i < lab->nraces; i++)
		if (!lab->races[i].program[0])
			return "a races scenario names no program";
	for (int i = 0; i < lab->nfaults; i++) {
		if (!lab->faults[i].program[0])
			return "a faults scenario names no program";
		if (lab->faults[i].enumerate) {
			const char *bad = check_enumeration(lab, &lab->faults[i]);
			if (bad)
				return bad;
		} else if (!lab->faults[i].inject[0])
			return "a faults scenario injects nothing (\"inject\": [\"SYSCALLS:error=E:when=N\"])";
		if (lab->faults[i].status < -1 || lab->faults[i].status > 255)
			return "a faults scenario's status must be 0 to 255";
	}
	if (lab_points(lab, "performance") > 0 && lab->nperformance == 0)
		return "it gives performance points but lists no performance workload";
	for (int i = 0; i < lab->nperformance; i++)
		if (check_workload(&lab->performance[i]))
			return check_workload(&lab->performance[i]);
	if (strcmp(lab->race_tool, "repeat") && strcmp(lab->race_tool, "helgrind") &&
	    strcmp(lab->race_tool, "drd"))
		return "races.tool must be repeat, helgrind or drd";
	return NULL;
}

struct lab *lab_load(const char *root, const char *name, char **why)
{
	if (!name || !name[0] || strchr(name, '/') || name[0] == '.') {
		*why = xstrdup("no lab given");
		return NULL;
	}
	char *path = xprintf("%s/labs/%s/lab.json", root, name);
	char *text = read_file(path, NULL, 0);
	if (!text) {
		*why = xprintf("there is no lab '%s' (no %s)", name, path);
		free(path);
		return NULL;
	}
	cJSON *j = cJSON_Parse(text);
	free(text);
	if (!cJSON_IsObject(j)) {
		*why = xprintf("%s is not valid JSON (near: %.40s)", path, cJSON_GetErrorPtr() ? cJSON_GetErrorPtr() : "?");
		free(path);
		cJSON_Delete(j);
		return NULL;
	}
	struct lab *lab = xcalloc(1, sizeof *lab);
	lab->name = xstrdup(name);
	lab->title = get_string(j, "title", name);
	lab->chapter = get_string(j, "chapter", name);
	char *dir = xprintf("%s/labs/%s", root, name);
	lab->dir = absolute(dir);
	free(dir);
	lab->student_files = get_strings(j, "student_files");
	lab->given_sources = get_strings(j, "given_sources");
	lab->student_tests = get_string(j, "student_tests", "my_tests.c");
	lab->cflags = get_strings(j, "cflags");
	lab->ldlibs = get_strings(j, "ldlibs");

	cJSON *progs = cJSON_GetObjectItemCaseSensitive(j, "programs"), *p;
	lab->nprograms = cJSON_GetArraySize(progs);
	lab->programs = xcalloc(lab->nprograms, sizeof *lab->programs);
	int i = 0;
	cJSON_ArrayForEach(p, progs) {
		lab->programs[i].name = xstrdup(p->string);
		lab->programs[i].sources = xcalloc(1, sizeof(char *));
		cJSON *s;
		cJSON_ArrayForEach(s, p)
			if (cJSON_IsString(s))
				strv_push(&lab->programs[i].sources, s->valuestring);
		i++;
	}

	cJSON *points = cJSON_GetObjectItemCaseSensitive(j, "points"), *w;
	lab->npoints = cJSON_GetArraySize(points);
	lab->points = xcalloc(lab->npoints, sizeof *lab->points);
	i = 0;
	cJSON_ArrayForEach(w, points) {
		lab->points[i].test = xstrdup(w->string);
		lab->points[i].points = cJSON_IsNumber(w) ? w->valueint : 0;
		i++;
	}

	cJSON *beh = cJSON_GetObjectItemCaseSensitive(j, "behaviour");
	lab->default_test_points = get_int(beh, "default_points", 1);
	cJSON *weights = cJSON_GetObjectItemCaseSensitive(beh, "weights");
	lab->nweights = cJSON_GetArraySize(weights);
	lab->weights = xcalloc(lab->nweights, sizeof *lab->weights);
	i = 0;
	cJSON_ArrayForEach(w, weights) {
		lab->weights[i].test = xstrdup(w->string);
		lab->weights[i].points = cJSON_IsNumber(w) ? w->valueint : lab->default_test_points;
		i++;
	}
	lab->coverage_threshold = get_int(j, "coverage_threshold", 80);

	cJSON *lim = cJSON_GetObjectItemCaseSensitive(j, "limits");
	lab->limits.wall_seconds = get_int(lim, "test_seconds", 20);
	lab->limits.cpu_seconds = get_int(lim, "cpu_seconds", 20);
	lab->limits.memory_mb = get_int(lim, "memory_mb", 1024);
	lab->limits.processes = get_int(lim, "processes", 128);
	lab->limits.file_size_mb = get_int(lim, "file_size_mb", 128);
	lab->limits.open_files = get_int(lim, "open_files", 256);

	lab->leaks = get_scenarios(cJSON_GetObjectItemCaseSensitive(j, "leaks"), &lab->nleaks);
	cJSON *races = cJSON_GetObjectItemCaseSensitive(j, "races");
	lab->race_tool = get_string(races, "tool", "repeat");
	lab->race_repeats = get_int(races, "repeats", 10);
	lab->races = get_scenarios(cJSON_GetObjectItemCaseSensitive(races, "scenarios"), &lab->nraces);
	lab->faults = get_faults(cJSON_GetObjectItemCaseSensitive(j, "faults"), &lab->nfaults);
	lab->performance = get_workloads(cJSON_GetObjectItemCaseSensitive(j, "performance"),
					 &lab->nperformance);
	cJSON_Delete(j);

	scan_tests(lab);
	read_timings(lab);
	const char *bad = check_lab(lab);
	if (bad) {
		*why = xprintf("%s: %s", path, bad);
		free(path);
		return NULL;
	}
	free(path);
	return lab;
}

int lab_points(const struct lab *lab, const char *check)
{
	for (int i = 0; i < lab->npoints; i++)
		if (!strcmp(lab->points[i].test, check))
			return lab->points[i].points;
	return 0;
}

int lab_test_points(const struct lab *lab, const char *test)
{
	for (int i = 0; i < lab->nweights; i++)
		if (!strcmp(lab->weights[i].test, test))
			return lab->weights[i].points;
	return lab->default_test_points;
}

char *lab_list(const char *root)
{
	char *dir = xprintf("%s/labs", root);
	DIR *d = opendir(dir);
	struct sbuf b;
	sbuf_init(&b);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		char *meta = xprintf("%s/%s/lab.json", dir, e->d_name);
		if (e->d_name[0] != '.' && file_exists(meta))
			sbuf_printf(&b, "%s%s", b.len ? " " : "", e->d_name);
		free(meta);
	}
	if (d)
		closedir(d);
	free(dir);
	return b.s;
}
