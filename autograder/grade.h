/* grade.h - one grading of one lab: its checks, their items, their points */
#ifndef GRADE_H
#define GRADE_H

#include "lab.h"
#include "util.h"

#include <stdio.h>

enum check { CHECK_BUILD, CHECK_BEHAVIOUR, CHECK_COVERAGE, CHECK_LEAKS, CHECK_RACES, NCHECKS };

extern const char *const check_names[NCHECKS];

enum verdict { PASSED, FAILED, NOT_GRADED };

/* A failure without words is a grader bug; the self-test looks for this. */
#define GRADER_LOST_DETAILS "(the grader recorded no details for this failure: a grader bug, please report it)"

/* One graded thing: an official test, or a whole quality check. */
struct item {
	enum check check;
	char *name;           /* "pipeline/two_commands", or the check's name */
	char *description;    /* what it checks */
	enum verdict verdict;
	int score, max;
	char *output;         /* for a failure: what was expected, what happened */
	char *hint;           /* chapter#anchor, or NULL */
};

struct check_result {
	int max;              /* points possible */
	int raw;              /* points before scaling by behaviour */
	int score;            /* points earned */
	char *summary;        /* one line for the table */
	char *skipped;        /* why it did not run, or NULL */
	int passed, total;    /* e.g. tests passed of tests run */
};

struct grade {
	struct lab *lab;
	char *root;           /* the course tree, absolute */
	char *impl_dir;       /* where the student files came from, absolute */
	char *impl_label;     /* how to name it in the report */
	char *out;            /* build/NAME, absolute */
	char *src;            /* the staged lab */
	char *bin;            /* built programs */
	char *work;           /* scratch directories and logs */
	int jobs;             /* runs at once */
	char **cflags;        /* compiler flags for the lab */
	struct item **items;  /* each allocated alone: running jobs keep pointers */
	int nitems;
	struct check_result checks[NCHECKS];
	char *build_errors;   /* compiler output when the build failed */
	char *warnings;       /* compiler warnings, if any */
	char *coverage_report;/* path of gcovr's HTML, if written */
	double seconds;
	int fatal_error;      /* the grader could not grade */
};

struct item *grade_add_item(struct grade *g, enum check check, const char *name);

/* A fresh scratch directory under work/ holding a copy of the lab's data/. */
char *grade_scratch(struct grade *g, const char *label);
/* The environment every run of lab code gets. */
char **grade_env(struct grade *g, const char *scratch);
/* A job with the lab's limits, output files in dir, running in scratch. */
struct job *grade_job(struct grade *g, char **argv, const char *scratch, const char *logdir);
void job_free(struct job *j);
/* A trusted job (compiler, gcovr) in the staged lab, its output in log. */
struct job *tool_job(struct grade *g, char **argv, const char *log, int seconds);
/* The hint in "text [chapter#anchor]", malloc'd, or NULL. */
char *hint_of(const char *description);

/* The checks, in the order they run. */
int build_stage(struct grade *g);          /* 0 when the student files compiled */
/* Problems with the compiled objects (code before main, replaced library
 * functions), one per line, or NULL when there are none. */
char *inspect_objects(struct grade *g, char **objects, const char *log);
void build_link(struct grade *g);          /* queues links and everything after them */
void behaviour_items(struct grade *g);     /* every official test, failing until run */
void behaviour_fail_all(struct grade *g, const char *why);
void behaviour_queue(struct grade *g, const char *runner);
void coverage_queue(struct grade *g, const char *runner);
void scenarios_queue(struct grade *g);     /* leaks and races, once programs exist */
void scenarios_score(struct grade *g);
int behaviour_earned(struct grade *g);     /* points of the tests passed so far */
void grade_score(struct grade *g);
void report_print(struct grade *g, FILE *f);
int report_write_json(struct grade *g, const char *path);

#endif
