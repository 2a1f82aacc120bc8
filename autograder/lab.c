/* lab.c - read and check lab.json, the one source of a lab's points and limits
 *
 * lab.json is read strictly (labs/README.md, "lab.json"): a key the grader
 * does not know, a value of the wrong type, points that are not a whole
 * number, a weight or a "requires" that names no official test, a scenario
 * that names no program of the lab, a hint that is not chapter#anchor: each
 * stops the reading with a message naming the file and the key.  Read
 * loosely, a typo would silently change the points or drop a scenario.
 *
 * The official tests are read from the sources (scan_tests), so that the
 * points and the descriptions are known even when a submission breaks the
 * build.  `grade describe` prints what this file read, for the book and the
 * handout scripts: there is no other reader of the lab contract.
 */
#define _GNU_SOURCE
#include "lab.h"
#include "util.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <dirent.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *const lab_checks[] = {
	"build", "behaviour", "coverage", "leaks", "races", "faults", "performance", NULL,
};

/* One reading of a lab: where its errors go. */
struct reading {
	const char *root;     /* the course tree, as given */
	char *json;           /* labs/NAME/lab.json, as messages show it */
	char *why;            /* the first error found, malloc'd; NULL while none */
};

int strv_len(char **v)
{
	int n = 0;
	while (v && v[n])
		n++;
	return n;
}

/* path (relative to the course tree) as messages show it: as it is when
 * the tree is the current directory, else under the tree.  Malloc'd. */
static char *shown(const struct reading *r, const char *path)
{
	char *root = absolute(r->root), *cwd = getcwd(NULL, 0);
	char *s = cwd && !strcmp(root, cwd) ? xstrdup(path) : xprintf("%s/%s", r->root, path);
	free(root);
	free(cwd);
	return s;
}

/* Records "FILE: message" as the reading's error, unless it has one. */
static void bad_in(struct reading *r, const char *file, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void bad_in(struct reading *r, const char *file, const char *fmt, ...)
{
	if (r->why)
		return;
	va_list ap;
	va_start(ap, fmt);
	char *msg;
	if (vasprintf(&msg, fmt, ap) < 0)
		fatal("out of memory");
	va_end(ap);
	r->why = xprintf("%s: %s", file, msg);
	free(msg);
}

#define bad(r, ...) bad_in((r), (r)->json, __VA_ARGS__)

/* A JSON value as the message quotes it, cut short; malloc'd. */
static char *quoted(cJSON *v)
{
	char *text = cJSON_PrintUnformatted(v);
	char *q = xprintf("%.60s%s", text ? text : "?", text && strlen(text) > 60 ? "..." : "");
	free(text);
	return q;
}

/* Every key of obj is one of keys (NULL-terminated); where is obj's name in
 * messages, with its dot ("limits."; "" at the top level). */
static void known_keys(struct reading *r, cJSON *obj, const char *where, const char *const *keys)
{
	cJSON *e;
	if (!cJSON_IsObject(obj))
		return;
	cJSON_ArrayForEach(e, obj) {
		const char *const *k = keys;
		while (*k && strcmp(*k, e->string))
			k++;
		if (*k)
			continue;
		struct sbuf list;
		sbuf_init(&list);
		for (k = keys; *k; k++)
			sbuf_printf(&list, "%s%s", k == keys ? "" : ", ", *k);
		bad(r, "%s%s: unknown key (the keys here are: %s)", where, e->string, list.s);
		sbuf_free(&list);
	}
}

/* obj[key] if it is an object, NULL if absent; an error if it is not one. */
static cJSON *get_object(struct reading *r, cJSON *obj, const char *where, const char *key)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (v && !cJSON_IsObject(v)) {
		char *q = quoted(v);
		bad(r, "%s%s: must be an object, not %s", where, key, q);
		free(q);
		return NULL;
	}
	return v;
}

/* obj[key] if it is a list, NULL if absent; an error if it is not one. */
static cJSON *get_list(struct reading *r, cJSON *obj, const char *where, const char *key)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (v && !cJSON_IsArray(v)) {
		char *q = quoted(v);
		bad(r, "%s%s: must be a list, not %s", where, key, q);
		free(q);
		return NULL;
	}
	return v;
}

static char *get_string(struct reading *r, cJSON *obj, const char *where, const char *key,
			const char *fallback)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (cJSON_IsString(v))
		return xstrdup(v->valuestring);
	if (v) {
		char *q = quoted(v);
		bad(r, "%s%s: must be a string, not %s", where, key, q);
		free(q);
	}
	return fallback ? xstrdup(fallback) : NULL;
}

/* A whole number from min to max; v names the value in messages. */
static int whole(struct reading *r, cJSON *v, const char *where, const char *key, int min, int max)
{
	double d = cJSON_IsNumber(v) ? v->valuedouble : -1.0 - (double)INT_MAX;
	if (d >= min && d <= max && d == (double)(long)d)
		return (int)d;
	char *q = quoted(v);
	if (min == 0 && max == INT_MAX)
		bad(r, "%s%s: must be a non-negative integer, not %s", where, key, q);
	else if (max == INT_MAX)
		bad(r, "%s%s: must be an integer of at least %d, not %s", where, key, min, q);
	else
		bad(r, "%s%s: must be an integer from %d to %d, not %s", where, key, min, max, q);
	free(q);
	return min;
}

static int get_int(struct reading *r, cJSON *obj, const char *where, const char *key,
		   int fallback, int min, int max)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return v ? whole(r, v, where, key, min, max) : fallback;
}

static char **get_strings(struct reading *r, cJSON *obj, const char *where, const char *key)
{
	char **v = xcalloc(1, sizeof *v);
	cJSON *e;
	cJSON_ArrayForEach(e, get_list(r, obj, where, key)) {
		if (!cJSON_IsString(e)) {
			char *q = quoted(e);
			bad(r, "%s%s: must be a list of strings, and %s is not one", where, key, q);
			free(q);
			continue;
		}
		strv_push(&v, e->valuestring);
	}
	return v;
}

int lab_is_hint(const char *s)
{
	size_t chapter = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");
	if (chapter == 0 || s[chapter] != '#')
		return 0;
	const char *anchor = s + chapter + 1;
	size_t n = strspn(anchor, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.:-");
	return n > 0 && anchor[n] == '\0';
}

/* s without the blanks at either end, malloc'd. */
static char *trimmed(const char *s, size_t len)
{
	while (len && isspace((unsigned char)*s))
		s++, len--;
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	return strndup(s, len);
}

char *lab_split_hint(const char *description, char **text)
{
	size_t len = strlen(description);
	while (len && isspace((unsigned char)description[len - 1]))
		len--;
	const char *close = description + len - 1;
	const char *open = len ? memrchr(description, '[', len) : NULL;
	char *hint = open && *close == ']' ? strndup(open + 1, close - open - 1) : NULL;
	if (hint && !lab_is_hint(hint)) {
		free(hint);
		hint = NULL;
	}
	*text = trimmed(description, hint ? (size_t)(open - description) : strlen(description));
	return hint;
}

/* The scenarios of a list; where is the list's name ("leaks"). */
static struct scenario *get_scenarios(struct reading *r, struct lab *lab, cJSON *arr,
				      const char *where, int *n)
{
	static const char *const keys[] = {
		"name", "program", "args", "same_as_sh", "hint", "requires", NULL,
	};
	*n = cJSON_GetArraySize(arr);
	struct scenario *s = xcalloc(*n + 1, sizeof *s);
	int i = 0;
	cJSON *e;
	cJSON_ArrayForEach(e, arr) {
		if (!cJSON_IsObject(e)) {
			bad(r, "%s[%d]: must be an object (a scenario)", where, i++);
			continue;
		}
		char *at = xprintf("%s[%d].", where, i);
		known_keys(r, e, at, keys);
		s[i].name = get_string(r, e, at, "name", "scenario");
		s[i].program = get_string(r, e, at, "program", "");
		s[i].args = get_strings(r, e, at, "args");
		s[i].same_as_sh = get_string(r, e, at, "same_as_sh", NULL);
		s[i].hint = get_string(r, e, at, "hint", NULL);
		s[i].requires = get_strings(r, e, at, "requires");
		int p = 0;
		while (p < lab->nprograms && strcmp(lab->programs[p].name, s[i].program))
			p++;
		if (!s[i].program[0])
			bad(r, "%sprogram: a scenario must name the program it runs", at);
		else if (p == lab->nprograms)
			bad(r, "%sprogram: \"%s\" is not one of the lab's programs", at, s[i].program);
		if (s[i].hint && !lab_is_hint(s[i].hint))
			bad(r, "%shint: \"%s\" is not of the form chapter#anchor", at, s[i].hint);
		free(at);
		i++;
	}
	return s;
}

static void get_programs(struct reading *r, struct lab *lab, cJSON *j)
{
	cJSON *progs = get_object(r, j, "", "programs"), *p;
	lab->nprograms = cJSON_GetArraySize(progs);
	lab->programs = xcalloc(lab->nprograms + 1, sizeof *lab->programs);
	int i = 0;
	cJSON_ArrayForEach(p, progs) {
		lab->programs[i].name = xstrdup(p->string);
		lab->programs[i].sources = get_strings(r, progs, "programs.", p->string);
		i++;
	}
}

/* "points": the checks other than behaviour, each a whole number. */
static void get_points(struct reading *r, struct lab *lab, cJSON *j)
{
	const char *keys[sizeof lab_checks / sizeof *lab_checks];
	int n = 0;
	for (int k = 0; lab_checks[k]; k++)
		if (strcmp(lab_checks[k], "behaviour"))
			keys[n++] = lab_checks[k];
	keys[n] = NULL;
	cJSON *points = get_object(r, j, "", "points"), *w;
	known_keys(r, points, "points.", keys);
	lab->npoints = cJSON_GetArraySize(points);
	lab->points = xcalloc(lab->npoints + 1, sizeof *lab->points);
	int i = 0;
	cJSON_ArrayForEach(w, points) {
		lab->points[i].test = xstrdup(w->string);
		lab->points[i].points = whole(r, w, "points.", w->string, 0, INT_MAX);
		i++;
	}
}

/* "behaviour": default_points and the weights of single tests. */
static void get_behaviour(struct reading *r, struct lab *lab, cJSON *j)
{
	static const char *const keys[] = {"default_points", "weights", NULL};
	cJSON *beh = get_object(r, j, "", "behaviour"), *w;
	known_keys(r, beh, "behaviour.", keys);
	lab->default_test_points = get_int(r, beh, "behaviour.", "default_points", 1, 0, INT_MAX);
	cJSON *weights = get_object(r, beh, "behaviour.", "weights");
	lab->nweights = cJSON_GetArraySize(weights);
	lab->weights = xcalloc(lab->nweights + 1, sizeof *lab->weights);
	int i = 0;
	cJSON_ArrayForEach(w, weights) {
		lab->weights[i].test = xstrdup(w->string);
		lab->weights[i].points = whole(r, w, "behaviour.weights.", w->string, 0, INT_MAX);
		i++;
	}
}

static void get_limits(struct reading *r, struct lab *lab, cJSON *j)
{
	static const char *const keys[] = {
		"test_seconds", "cpu_seconds", "memory_mb", "processes", "file_size_mb",
		"open_files", NULL,
	};
	cJSON *lim = get_object(r, j, "", "limits");
	known_keys(r, lim, "limits.", keys);
	lab->limits.wall_seconds = get_int(r, lim, "limits.", "test_seconds", 20, 1, INT_MAX);
	lab->limits.cpu_seconds = get_int(r, lim, "limits.", "cpu_seconds", 20, 1, INT_MAX);
	lab->limits.memory_mb = get_int(r, lim, "limits.", "memory_mb", 1024, 1, INT_MAX);
	lab->limits.processes = get_int(r, lim, "limits.", "processes", 128, 1, INT_MAX);
	lab->limits.file_size_mb = get_int(r, lim, "limits.", "file_size_mb", 128, 1, INT_MAX);
	lab->limits.open_files = get_int(r, lim, "limits.", "open_files", 256, 1, INT_MAX);
}

static void get_races(struct reading *r, struct lab *lab, cJSON *j)
{
	static const char *const keys[] = {"tool", "repeats", "scenarios", NULL};
	cJSON *races = get_object(r, j, "", "races");
	known_keys(r, races, "races.", keys);
	lab->race_tool = get_string(r, races, "races.", "tool", "repeat");
	if (strcmp(lab->race_tool, "repeat") && strcmp(lab->race_tool, "helgrind") &&
	    strcmp(lab->race_tool, "drd"))
		bad(r, "races.tool: must be repeat, helgrind or drd, not \"%s\"", lab->race_tool);
	lab->race_repeats = get_int(r, races, "races.", "repeats", 10, 1, INT_MAX);
	lab->races = get_scenarios(r, lab, get_list(r, races, "races.", "scenarios"),
				   "races.scenarios", &lab->nraces);
}

/* Debian package names (Debian policy 5.6.1): they also go into shell
 * commands of the handouts, so nothing else may pass. */
static void get_packages(struct reading *r, struct lab *lab, cJSON *j)
{
	lab->packages = get_strings(r, j, "", "packages");
	for (char **p = lab->packages; *p; p++) {
		size_t n = strspn(*p, "abcdefghijklmnopqrstuvwxyz0123456789+-.");
		if (strlen(*p) < 2 || (*p)[n] || !isalnum((unsigned char)**p))
			bad(r, "packages: \"%s\" is not a Debian package name", *p);
	}
}

/* The faults check runs every scenario under strace, so a lab with fault
 * scenarios needs it whether or not its lab.json says so: added here, the
 * handouts' dev container and Classroom workflow install it too. */
static void add_strace_for_faults(struct lab *lab)
{
	if (lab->nfaults == 0)
		return;
	int n = strv_len(lab->packages);
	for (int i = 0; i < n; i++)
		if (strcmp(lab->packages[i], "strace") == 0)
			return;
	lab->packages = xrealloc(lab->packages, (n + 2) * sizeof *lab->packages);
	lab->packages[n] = xstrdup("strace");
	lab->packages[n + 1] = NULL;
}

/* Complains unless program names one of the lab's programs. */
static void known_program(struct reading *r, struct lab *lab, const char *at, const char *program)
{
	int p = 0;
	while (p < lab->nprograms && strcmp(lab->programs[p].name, program))
		p++;
	if (!program[0])
		bad(r, "%sprogram: it must name the program it runs", at);
	else if (p == lab->nprograms)
		bad(r, "%sprogram: \"%s\" is not one of the lab's programs", at, program);
}

static void check_hint(struct reading *r, const char *at, const char *hint)
{
	if (hint && !lab_is_hint(hint))
		bad(r, "%shint: \"%s\" is not of the form chapter#anchor", at, hint);
}

/* Cases of one enumeration at most: each is a run of the program under
 * strace and one of the verifier, about 50 ms on 2 cores. */
#define ENUMERATE_MAX_CASES 200
#define ENUMERATE_DEFAULT_PER_CALL 8

/* One injection of an enumeration: {"spec", "expect", "status", "stderr"}. */
static void get_injection(struct reading *r, cJSON *e, const char *at, struct fault_injection *fi)
{
	static const char *const keys[] = {"spec", "expect", "status", "stderr", NULL};
	static const char *const expects[] = {"fails", "retried", "killed", NULL};
	known_keys(r, e, at, keys);
	fi->spec = get_string(r, e, at, "spec", "");
	char *expect = get_string(r, e, at, "expect", "");
	fi->expect = EXPECT_FAILS;
	int k = 0;
	while (expects[k] && strcmp(expect, expects[k]))
		k++;
	if (expects[k])
		fi->expect = (enum fault_expect)k;
	else
		bad(r, "%sexpect: must be fails, retried or killed, not \"%s\"", at, expect);
	free(expect);
	fi->status = get_int(r, e, at, "status", -1, 0, 255);
	fi->message = get_string(r, e, at, "stderr", NULL);
	if (!fi->spec[0] || strstr(fi->spec, "when="))
		bad(r, "%sspec: an enumerated injection needs a spec without when= (\"error=EIO\")", at);
	if (fi->expect == EXPECT_FAILS && fi->status < 0)
		bad(r, "%sstatus: an injection the program fails on needs the status it promises", at);
	if (fi->expect == EXPECT_KILLED && !strstr(fi->spec, "signal="))
		bad(r, "%sspec: an injection that kills needs signal= in its spec", at);
}

/* "enumerate": one case per invocation of each call and each injection. */
static struct enumeration *get_enumeration(struct reading *r, struct lab *lab, cJSON *e,
					   const char *at)
{
	static const char *const keys[] = {
		"calls", "sequence", "commit", "verifier", "max_per_call", "inject", NULL,
	};
	known_keys(r, e, at, keys);
	struct enumeration *en = xcalloc(1, sizeof *en);
	en->calls = get_strings(r, e, at, "calls");
	en->sequence = get_strings(r, e, at, "sequence");
	en->commit = get_string(r, e, at, "commit", NULL);
	en->verifier = get_string(r, e, at, "verifier", "");
	en->max_per_call = get_int(r, e, at, "max_per_call", ENUMERATE_DEFAULT_PER_CALL, 1, INT_MAX);
	cJSON *arr = get_list(r, e, at, "inject"), *i;
	en->inject = xcalloc(cJSON_GetArraySize(arr) + 1, sizeof *en->inject);
	cJSON_ArrayForEach(i, arr) {
		char *iat = xprintf("%sinject[%d].", at, en->ninject);
		get_injection(r, i, iat, &en->inject[en->ninject++]);
		free(iat);
	}
	int known = 0;
	for (int p = 0; p < lab->nprograms; p++)
		known |= !strcmp(lab->programs[p].name, en->verifier);
	if (!known)
		bad(r, "%sverifier: \"%s\" is not one of the lab's programs", at, en->verifier);
	if (!en->calls[0] || !en->ninject)
		bad(r, "%s: an enumeration names calls and injections", at);
	if ((long)strv_len(en->calls) * en->max_per_call * en->ninject > ENUMERATE_MAX_CASES)
		bad(r, "%s: at most %d cases (calls x max_per_call x injections)", at,
		    ENUMERATE_MAX_CASES);
	return en;
}

/* "faults": programs run under strace fault injection (faults.c). */
static void get_faults(struct reading *r, struct lab *lab, cJSON *j)
{
	static const char *const keys[] = {
		"name", "program", "args", "inject", "status", "stderr", "hint", "enumerate", NULL,
	};
	cJSON *arr = get_list(r, j, "", "faults"), *e;
	lab->nfaults = cJSON_GetArraySize(arr);
	lab->faults = xcalloc(lab->nfaults + 1, sizeof *lab->faults);
	int i = 0;
	cJSON_ArrayForEach(e, arr) {
		char *at = xprintf("faults[%d].", i);
		struct fault *f = &lab->faults[i++];
		if (!cJSON_IsObject(e)) {
			bad(r, "faults[%d]: must be an object (a fault scenario)", i - 1);
			f->name = xstrdup("fault");
			f->program = xstrdup("");
			f->args = f->inject = strv_new(NULL);
			free(at);
			continue;
		}
		known_keys(r, e, at, keys);
		f->name = get_string(r, e, at, "name", "fault");
		f->program = get_string(r, e, at, "program", "");
		f->args = get_strings(r, e, at, "args");
		f->inject = get_strings(r, e, at, "inject");
		f->status = get_int(r, e, at, "status", -1, 0, 255);
		f->message = get_string(r, e, at, "stderr", NULL);
		f->hint = get_string(r, e, at, "hint", NULL);
		known_program(r, lab, at, f->program);
		check_hint(r, at, f->hint);
		cJSON *en = get_object(r, e, at, "enumerate");
		if (en) {
			char *eat = xprintf("%senumerate.", at);
			f->enumerate = get_enumeration(r, lab, en, eat);
			free(eat);
			if (f->inject[0])
				bad(r, "%s: a fault scenario has inject or enumerate, not both", at);
			if (f->status < 0)
				bad(r, "%sstatus: an enumeration needs the status of an untouched run", at);
		} else if (!f->inject[0]) {
			bad(r, "%sinject: it injects nothing (\"inject\": [\"SYSCALLS:error=E:when=N\"])",
			    at);
		}
		free(at);
	}
}

/* One measured run: a program, its arguments and the functions counted. */
static void get_measured(struct reading *r, struct lab *lab, cJSON *obj, const char *at,
			 struct measured *m)
{
	static const char *const keys[] = {"program", "args", "collect", NULL};
	known_keys(r, obj, at, keys);
	m->program = get_string(r, obj, at, "program", "");
	m->args = get_strings(r, obj, at, "args");
	m->collect = get_strings(r, obj, at, "collect");
	known_program(r, lab, at, m->program);
	if (!m->collect[0])
		bad(r, "%scollect: it must name the functions whose instructions count", at);
}

/* A budget from 0 (exclusive) up; 0 when absent. */
static double get_budget(struct reading *r, cJSON *obj, const char *at, const char *key)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!v)
		return 0;
	if (!cJSON_IsNumber(v) || v->valuedouble <= 0) {
		char *q = quoted(v);
		bad(r, "%s%s: must be a number above 0, not %s", at, key, q);
		free(q);
		return 0;
	}
	return v->valuedouble;
}

/* "performance": workloads counted by callgrind (performance.c). */
static void get_performance(struct reading *r, struct lab *lab, cJSON *j)
{
	static const char *const keys[] = {
		"name", "program", "args", "collect", "baseline", "budget", "budget_instructions",
		"hint", NULL,
	};
	cJSON *arr = get_list(r, j, "", "performance"), *e;
	lab->nperformance = cJSON_GetArraySize(arr);
	lab->performance = xcalloc(lab->nperformance + 1, sizeof *lab->performance);
	int i = 0;
	cJSON_ArrayForEach(e, arr) {
		char *at = xprintf("performance[%d].", i);
		struct workload *w = &lab->performance[i++];
		w->name = xstrdup("workload");
		if (!cJSON_IsObject(e)) {
			bad(r, "performance[%d]: must be an object (a workload)", i - 1);
			free(at);
			continue;
		}
		known_keys(r, e, at, keys);
		free(w->name);
		w->name = get_string(r, e, at, "name", "workload");
		w->run.program = get_string(r, e, at, "program", "");
		w->run.args = get_strings(r, e, at, "args");
		w->run.collect = get_strings(r, e, at, "collect");
		known_program(r, lab, at, w->run.program);
		if (!w->run.collect[0])
			bad(r, "%scollect: it must name the functions whose instructions count", at);
		cJSON *base = get_object(r, e, at, "baseline");
		if (base) {
			char *bat = xprintf("%sbaseline.", at);
			get_measured(r, lab, base, bat, &w->baseline);
			free(bat);
		}
		w->budget = get_budget(r, e, at, "budget");
		w->budget_instructions = (long long)get_budget(r, e, at, "budget_instructions");
		w->hint = get_string(r, e, at, "hint", NULL);
		check_hint(r, at, w->hint);
		if ((w->budget > 0) == (w->budget_instructions > 0))
			bad(r, "%s: it needs one budget: budget (a ratio to its baseline) or "
			    "budget_instructions", at);
		else if ((w->budget > 0) != (base != NULL))
			bad(r, "%s: a workload has a baseline exactly when its budget is a ratio", at);
		free(at);
	}
	int points = lab_points(lab, "performance");
	if (points > 0 && lab->nperformance == 0)
		bad(r, "points.performance: the lab gives performance points but lists no "
		    "performance workload");
}

/* "hints": a chapter#anchor for each kind of Valgrind problem. */
static void get_hints(struct reading *r, struct lab *lab, cJSON *j)
{
	static const char *const keys[] = {"memory", "descriptors", "races", NULL};
	cJSON *hints = get_object(r, j, "", "hints");
	known_keys(r, hints, "hints.", keys);
	char **slot[] = {&lab->hints.memory, &lab->hints.descriptors, &lab->hints.races};
	for (int i = 0; keys[i]; i++) {
		*slot[i] = get_string(r, hints, "hints.", keys[i], NULL);
		if (*slot[i] && !lab_is_hint(*slot[i]))
			bad(r, "hints.%s: \"%s\" is not of the form chapter#anchor", keys[i], *slot[i]);
	}
}

const char *lab_kind_hint(const struct lab *lab, const char *kind)
{
	if (!kind)
		return NULL;
	if (!strcmp(kind, "memory"))
		return lab->hints.memory;
	if (!strcmp(kind, "descriptors"))
		return lab->hints.descriptors;
	if (!strcmp(kind, "races"))
		return lab->hints.races;
	return NULL;
}

/* The top level of lab.json, everything but the official tests. */
static void read_json(struct reading *r, struct lab *lab, cJSON *j)
{
	static const char *const keys[] = {
		"name", "title", "chapter", "student_files", "given_sources", "student_tests",
		"cflags", "ldlibs", "packages", "programs", "points", "behaviour",
		"coverage_threshold", "limits", "leaks", "races", "faults", "performance", "hints",
		NULL,
	};
	known_keys(r, j, "", keys);
	char *name = get_string(r, j, "", "name", lab->name);
	if (strcmp(name, lab->name))
		bad(r, "name: \"%s\" is not the lab's directory name, \"%s\"", name, lab->name);
	free(name);
	lab->title = get_string(r, j, "", "title", lab->name);
	lab->chapter = get_string(r, j, "", "chapter", lab->name);
	lab->student_files = get_strings(r, j, "", "student_files");
	if (strv_len(lab->student_files) == 0)
		bad(r, "student_files: the lab must name the files a student edits");
	lab->given_sources = get_strings(r, j, "", "given_sources");
	lab->student_tests = get_string(r, j, "", "student_tests", "my_tests.c");
	lab->cflags = get_strings(r, j, "", "cflags");
	lab->ldlibs = get_strings(r, j, "", "ldlibs");
	get_packages(r, lab, j);
	get_programs(r, lab, j);
	get_points(r, lab, j);
	get_behaviour(r, lab, j);
	lab->coverage_threshold = get_int(r, j, "", "coverage_threshold", 80, 0, 100);
	get_limits(r, lab, j);
	lab->leaks = get_scenarios(r, lab, get_list(r, j, "", "leaks"), "leaks", &lab->nleaks);
	get_races(r, lab, j);
	get_faults(r, lab, j);
	add_strace_for_faults(lab);
	get_performance(r, lab, j);
	get_hints(r, lab, j);
}

/* Past the comment that starts at p, or p itself when none does. */
static const char *skip_comment(const char *p)
{
	const char *end;
	if (p[0] == '/' && p[1] == '*')
		return (end = strstr(p + 2, "*/")) ? end + 2 : p + strlen(p);
	if (p[0] == '/' && p[1] == '/')
		return (end = strchr(p, '\n')) ? end : p + strlen(p);
	return p;
}

/* Past blanks and comments. */
static const char *skip_blanks(const char *p)
{
	for (;;) {
		while (isspace((unsigned char)*p))
			p++;
		const char *q = skip_comment(p);
		if (q == p)
			return p;
		p = q;
	}
}

/* Past the string or character literal that starts at p; NULL if it does
 * not end on its line. */
static const char *skip_literal(const char *p)
{
	char quote = *p++;
	for (; *p && *p != quote && *p != '\n'; p++)
		if (*p == '\\' && p[1])
			p++;
	return *p == quote ? p + 1 : NULL;
}

/* The ")" that closes the arguments starting at p (just after "GRADED("),
 * or NULL.  *value is set to what follows the first ".description =" among
 * them, NULL when there is none. */
static const char *graded_args(const char *p, const char **value)
{
	int depth = 1;
	*value = NULL;
	while (*p) {
		const char *q = skip_comment(p);
		if (q != p) {
			p = q;
		} else if (*p == '"' || *p == '\'') {
			if (!(p = skip_literal(p)))
				return NULL;
		} else if (*p == '(' || *p == ')') {
			depth += *p == '(' ? 1 : -1;
			if (depth == 0)
				return p;
			p++;
		} else if (!*value && depth == 1 && !strncmp(p, ".description", 12) &&
			   !isalnum((unsigned char)p[12]) && p[12] != '_') {
			p = skip_blanks(p + 12);
			if (*p == '=' && p[1] != '=')
				*value = ++p;
		} else {
			p++;
		}
	}
	return NULL;
}

/* The value of the adjacent string literals at p ("a " "b" is "a b"), with
 * the escapes \n \t \" \' \\.  NULL, and in *why what is wrong, when p holds
 * anything else before the next argument. */
static char *c_string(const char *p, const char **why)
{
	struct sbuf b;
	sbuf_init(&b);
	p = skip_blanks(p);
	*why = "is not a string literal";
	if (*p != '"')
		goto out_free;
	for (; *p == '"'; p = skip_blanks(p + 1)) {
		for (p++; *p != '"'; p++) {
			char c = *p;
			*why = "has a string literal that does not end on its line";
			if (!c || c == '\n')
				goto out_free;
			if (c == '\\') {
				c = *++p;
				*why = "has an escape other than \\n \\t \\\" \\' \\\\";
				if (!c || !strchr("nt\"'\\", c))
					goto out_free;
				c = c == 'n' ? '\n' : c == 't' ? '\t' : c;
			}
			sbuf_add(&b, &c, 1);
		}
	}
	*why = "is not only string literals";
	if (*p != ',' && *p != ')')
		goto out_free;
	return b.s;
out_free:
	sbuf_free(&b);
	return NULL;
}

/* Adds the test "suite/name", written in tests/FILE.c (rel), which messages
 * show as file. */
static void add_test(struct reading *r, struct lab *lab, const char *file, const char *rel,
		     const char *suite, const char *name, char *description)
{
	char *test = xprintf("%s/%s", suite, name);
	int n = strv_len(lab->tests);
	for (int i = 0; i < n; i++)
		if (!strcmp(lab->tests[i], test))
			bad_in(r, file, "GRADED(%s, %s) is written twice (also in %s)", suite, name,
			       lab->test_sources[i].file);
	strv_push(&lab->tests, test);
	lab->test_sources = xrealloc(lab->test_sources, (n + 1) * sizeof *lab->test_sources);
	lab->test_sources[n].file = xstrdup(rel);
	lab->test_sources[n].description = description;
	free(test);
}

/* The GRADED(suite, name, ...) tests at the start of the lines of one file. */
static void scan_file(struct reading *r, struct lab *lab, const char *text, const char *file,
		      const char *rel)
{
	for (const char *p = text; (p = strstr(p, "GRADED(")); p++) {
		char suite[128], name[128];
		if ((p != text && p[-1] != '\n') ||
		    sscanf(p, "GRADED(%127[A-Za-z0-9_] , %127[A-Za-z0-9_]", suite, name) != 2)
			continue;
		const char *value, *end = graded_args(p + strlen("GRADED("), &value), *why;
		char *description = value ? c_string(value, &why) : NULL;
		if (!end)
			bad_in(r, file, "GRADED(%s, %s: its parentheses never close", suite, name);
		else if (!value)
			bad_in(r, file, "GRADED(%s, %s) has no .description (the sentence a student "
			       "sees, ending in its [chapter#anchor] hint)", suite, name);
		else if (!description)
			bad_in(r, file, "GRADED(%s, %s): its .description %s", suite, name, why);
		else
			add_test(r, lab, file, rel, suite, name, description);
		if (!end)
			return;
		p = end;
	}
}

/* The official tests are the GRADED(suite, name, ...) at the start of a
 * line of tests/ *.c, each with its .description: reading the sources gives
 * the behaviour maximum even when a submission breaks the build. */
static void scan_tests(struct reading *r, struct lab *lab)
{
	char *dir = xprintf("%s/tests", lab->dir);
	char **files = list_files(dir, ".c");
	lab->tests = xcalloc(1, sizeof *lab->tests);
	for (char **f = files; *f; f++) {
		char *path = xprintf("%s/%s", dir, *f);
		char *rel = xprintf("tests/%s", *f);
		char *in_tree = xprintf("labs/%s/%s", lab->name, rel);
		char *file = shown(r, in_tree);
		char *text = read_file(path, NULL, 0);
		if (!text)
			bad_in(r, file, "cannot be read");
		else
			scan_file(r, lab, text, file, rel);
		free(text);
		free(file);
		free(in_tree);
		free(rel);
		free(path);
	}
	strv_free(files);
	free(dir);
	if (strv_len(lab->tests) == 0)
		bad_in(r, r->json, "no official test: no GRADED(suite, name, ...) at the start of a "
		       "line in tests/*.c");
}

static int is_test(const struct lab *lab, const char *test)
{
	for (char **t = lab->tests; *t; t++)
		if (!strcmp(*t, test))
			return 1;
	return 0;
}

/* What lab.json says of the official tests: weights and "requires". */
static void check_test_names(struct reading *r, struct lab *lab)
{
	for (int i = 0; i < lab->nweights; i++)
		if (!is_test(lab, lab->weights[i].test))
			bad(r, "behaviour.weights: \"%s\" names no official test", lab->weights[i].test);
	struct { const char *where; struct scenario *s; int n; } lists[] = {
		{"leaks", lab->leaks, lab->nleaks},
		{"races.scenarios", lab->races, lab->nraces},
	};
	for (size_t l = 0; l < sizeof lists / sizeof *lists; l++)
		for (int i = 0; i < lists[l].n; i++)
			for (char **t = lists[l].s[i].requires; *t; t++)
				if (!is_test(lab, *t))
					bad(r, "%s[%d].requires: \"%s\" names no official test",
					    lists[l].where, i, *t);
	lab->behaviour_points = 0;
	for (char **t = lab->tests; *t; t++)
		lab->behaviour_points += lab_test_points(lab, *t);
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

struct lab *lab_load(const char *root, const char *name, char **why)
{
	if (!name || !name[0] || strchr(name, '/') || name[0] == '.') {
		*why = xstrdup("no lab given");
		return NULL;
	}
	struct reading r = {root, NULL, NULL};
	char *rel = xprintf("labs/%s/lab.json", name);
	r.json = shown(&r, rel);
	free(rel);
	char *path = xprintf("%s/labs/%s/lab.json", root, name);
	char *text = read_file(path, NULL, 0);
	free(path);
	if (!text) {
		*why = xprintf("there is no lab '%s' (no %s)", name, r.json);
		free(r.json);
		return NULL;
	}
	cJSON *j = cJSON_Parse(text);
	free(text);
	if (!cJSON_IsObject(j)) {
		*why = xprintf("%s is not valid JSON (near: %.40s)", r.json,
			       cJSON_GetErrorPtr() ? cJSON_GetErrorPtr() : "?");
		free(r.json);
		cJSON_Delete(j);
		return NULL;
	}
	struct lab *lab = xcalloc(1, sizeof *lab);
	lab->name = xstrdup(name);
	char *dir = xprintf("%s/labs/%s", root, name);
	lab->dir = absolute(dir);
	free(dir);
	read_json(&r, lab, j);
	cJSON_Delete(j);
	if (!r.why)
		scan_tests(&r, lab);
	if (!r.why)
		check_test_names(&r, lab);
	free(r.json);
	if (r.why) {
		*why = r.why;
		return NULL;    /* the half-read lab is not freed: the caller stops */
	}
	read_timings(lab);
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

int lab_max(const struct lab *lab)
{
	int max = lab->behaviour_points;
	for (int i = 0; i < lab->npoints; i++)
		max += lab->points[i].points;
	return max;
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
