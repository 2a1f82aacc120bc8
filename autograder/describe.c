/* describe.c - grade describe: a lab's contract as JSON, for every other reader
 *
 * The book's grading tables (book/scripts/labmeta.py) and the handout scripts
 * (scripts/handout/lib.sh) need what the grader knows of a lab: its files,
 * its packages, the points of each check, every official test with its
 * description and hint, every scenario.  Rather than read lab.json and the
 * tests again, each with its own rules, they read this: lab.c's reading,
 * printed.  Nothing is built.
 *
 *   {"name": "pipes", "title": ..., "chapter": "pipes",
 *    "student_files": [...], "student_tests": "my_tests.c", "given_sources": [...],
 *    "cflags": [...], "packages": [...], "coverage_threshold": 80,
 *    "race_tool": "repeat", "race_repeats": 10,
 *    "points": {"build": 5, "behaviour": 71, ...}, "max": 106,
 *    "tests": [{"suite", "name", "id": "suite/name", "file": "tests/x.c", "points",
 *               "description", "text", "hint": "chapter#anchor" or null}, ...],
 *    "scenarios": [{"check": "leaks", "name", "program", "args", "same_as_sh",
 *                   "hint", "requires"}, ...]}
 */
#define _GNU_SOURCE
#include "describe.h"
#include "lab.h"
#include "util.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(void)
{
	fprintf(stderr, "usage: grade describe --lab NAME [--root DIR] [--packages]\n"
		"Prints the lab's contract (lab.json and its official tests) as JSON;\n"
		"--packages prints only the Debian packages the lab needs, on one line.\n");
	exit(2);
}

static cJSON *strings(char **v)
{
	cJSON *a = cJSON_CreateArray();
	for (; v && *v; v++)
		cJSON_AddItemToArray(a, cJSON_CreateString(*v));
	return a;
}

/* A string, or null. */
static cJSON *maybe(const char *s)
{
	return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

/* The points of each check, in the order the report shows them. */
static cJSON *points(const struct lab *lab)
{
	cJSON *o = cJSON_CreateObject();
	for (int c = 0; lab_checks[c]; c++) {
		if (!strcmp(lab_checks[c], "behaviour")) {
			cJSON_AddNumberToObject(o, "behaviour", lab->behaviour_points);
			continue;
		}
		for (int i = 0; i < lab->npoints; i++)
			if (!strcmp(lab->points[i].test, lab_checks[c]))
				cJSON_AddNumberToObject(o, lab_checks[c], lab->points[i].points);
	}
	return o;
}

static cJSON *tests(const struct lab *lab)
{
	cJSON *a = cJSON_CreateArray();
	for (int i = 0; lab->tests[i]; i++) {
		const char *id = lab->tests[i], *description = lab->test_sources[i].description;
		cJSON *t = cJSON_CreateObject();
		char *suite = strndup(id, strcspn(id, "/")), *text;
		char *hint = lab_split_hint(description, &text);
		cJSON_AddStringToObject(t, "suite", suite);
		cJSON_AddStringToObject(t, "name", strchr(id, '/') + 1);
		cJSON_AddStringToObject(t, "id", id);
		cJSON_AddStringToObject(t, "file", lab->test_sources[i].file);
		cJSON_AddNumberToObject(t, "points", lab_test_points(lab, id));
		cJSON_AddStringToObject(t, "description", description);
		cJSON_AddStringToObject(t, "text", text);
		cJSON_AddItemToObject(t, "hint", maybe(hint));
		cJSON_AddItemToArray(a, t);
		free(hint);
		free(text);
		free(suite);
	}
	return a;
}

/* Adds the scenarios of one check to the list a. */
static void add_scenarios(cJSON *a, const char *check, const struct scenario *s, int n)
{
	for (int i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "check", check);
		cJSON_AddStringToObject(o, "name", s[i].name);
		cJSON_AddStringToObject(o, "program", s[i].program);
		cJSON_AddItemToObject(o, "args", strings(s[i].args));
		cJSON_AddItemToObject(o, "same_as_sh", maybe(s[i].same_as_sh));
		cJSON_AddItemToObject(o, "hint", maybe(s[i].hint));
		cJSON_AddItemToObject(o, "requires", strings(s[i].requires));
		cJSON_AddItemToArray(a, o);
	}
}

/* A fault scenario or a workload, in the shape of a scenario. */
static void add_named(cJSON *a, const char *check, const char *name, const char *program,
		      char **args, const char *hint)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "check", check);
	cJSON_AddStringToObject(o, "name", name);
	cJSON_AddStringToObject(o, "program", program);
	cJSON_AddItemToObject(o, "args", strings(args));
	cJSON_AddItemToObject(o, "same_as_sh", maybe(NULL));
	cJSON_AddItemToObject(o, "hint", maybe(hint));
	cJSON_AddItemToObject(o, "requires", cJSON_CreateArray());
	cJSON_AddItemToArray(a, o);
}

static cJSON *describe(const struct lab *lab)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "name", lab->name);
	cJSON_AddStringToObject(o, "title", lab->title);
	cJSON_AddStringToObject(o, "chapter", lab->chapter);
	cJSON_AddItemToObject(o, "student_files", strings(lab->student_files));
	cJSON_AddStringToObject(o, "student_tests", lab->student_tests);
	cJSON_AddItemToObject(o, "given_sources", strings(lab->given_sources));
	cJSON_AddItemToObject(o, "cflags", strings(lab->cflags));
	cJSON_AddItemToObject(o, "packages", strings(lab->packages));
	cJSON_AddNumberToObject(o, "coverage_threshold", lab->coverage_threshold);
	cJSON_AddStringToObject(o, "race_tool", lab->race_tool);
	cJSON_AddNumberToObject(o, "race_repeats", lab->race_repeats);
	cJSON_AddItemToObject(o, "points", points(lab));
	cJSON_AddNumberToObject(o, "max", lab_max(lab));
	cJSON_AddItemToObject(o, "tests", tests(lab));
	/* Every list of scenarios the lab declares, one row per check. */
	cJSON *scenarios = cJSON_AddArrayToObject(o, "scenarios");
	add_scenarios(scenarios, "leaks", lab->leaks, lab->nleaks);
	add_scenarios(scenarios, "races", lab->races, lab->nraces);
	for (int i = 0; i < lab->nfaults; i++)
		add_named(scenarios, "faults", lab->faults[i].name, lab->faults[i].program,
			  lab->faults[i].args, lab->faults[i].hint);
	for (int i = 0; i < lab->nperformance; i++)
		add_named(scenarios, "performance", lab->performance[i].name,
			  lab->performance[i].run.program, lab->performance[i].run.args,
			  lab->performance[i].hint);
	return o;
}

int describe_main(int argc, char **argv)
{
	const char *name = NULL, *root = ".";
	int only_packages = 0;
	static const struct option longopts[] = {
		{"lab", required_argument, 0, 'l'}, {"root", required_argument, 0, 'r'},
		{"packages", no_argument, 0, 'p'}, {0, 0, 0, 0},
	};
	int c;
	while ((c = getopt_long(argc, argv, "l:r:p", longopts, NULL)) != -1) {
		switch (c) {
		case 'l': name = optarg; break;
		case 'r': root = optarg; break;
		case 'p': only_packages = 1; break;
		default: usage();
		}
	}
	if (optind < argc || !name)
		usage();
	char *why = NULL;
	struct lab *lab = lab_load(root, name, &why);
	if (!lab) {
		fprintf(stderr, "grade: %s\n", why);
		return 2;
	}
	if (only_packages) {
		for (char **p = lab->packages; *p; p++)
			printf("%s%s", p == lab->packages ? "" : " ", *p);
		printf("\n");
		return 0;
	}
	cJSON *o = describe(lab);
	char *text = cJSON_Print(o);
	if (!text)
		fatal("out of memory");
	printf("%s\n", text);
	free(text);
	cJSON_Delete(o);
	return 0;
}
