/* lab.h - a lab's metadata, read from labs/NAME/lab.json (see labs/README.md) */
#ifndef LAB_H
#define LAB_H

#include "sandbox.h"

struct program {
	char *name;           /* built as bin/NAME */
	char **sources;       /* relative to the lab directory */
};

struct scenario {
	char *name;           /* shown in the report */
	char *program;        /* a key of programs */
	char **args;          /* its arguments */
	char *same_as_sh;     /* if set: stdout and status must match sh -c this */
	char *hint;           /* chapter#anchor */
	char **requires;      /* official tests that must pass before it runs */
};

/* What a program must do when one enumerated injection hits it. */
enum fault_expect {
	EXPECT_FAILS,         /* it gives up: the promised status and message */
	EXPECT_RETRIED,       /* it tries the call again and succeeds */
	EXPECT_KILLED,        /* the signal kills it */
};

/* One injection of an enumeration: lab.json "enumerate" "inject" [...]. */
struct fault_injection {
	char *spec;           /* strace's inject= options without the call and when=:
			       * "error=EIO", "signal=KILL" */
	enum fault_expect expect;
	int status;           /* EXPECT_FAILS: the exit status promised */
	char *message;        /* EXPECT_FAILS: text stderr must contain, or NULL */
};

/* The enumerating form of a fault scenario: one case per invocation of each
 * call (counted in one untouched run) and per injection. */
struct enumeration {
	char **calls;         /* system calls whose invocations are enumerated */
	char **sequence;      /* calls the untouched run makes in this order, or empty */
	char *commit;         /* the call whose first success makes the new state, or NULL */
	char *verifier;       /* a program of the lab run in the scratch after every run */
	int max_per_call;     /* invocations tried per call: the first max - 1 and the last */
	struct fault_injection *inject;
	int ninject;
};

/* A fault scenario: the program run under strace, which injects faults. */
struct fault {
	char *name;           /* shown in the report */
	char *program;        /* a key of programs */
	char **args;          /* its arguments */
	char **inject;        /* strace -e inject= specs, "pipe,pipe2:error=EMFILE:when=2" */
	int status;           /* the exit status promised (of an untouched run, when
			       * enumerated); -1: a scenario program, which must exit 0
			       * with its observer's line */
	char *message;        /* lab.json "stderr": text stderr must contain, or NULL */
	char *hint;           /* chapter#anchor */
	struct enumeration *enumerate; /* NULL: one run with inject */
};

/* One program run the performance check measures: the instructions spent in
 * the functions named by collect and everything they call. */
struct measured {
	char *program;        /* a key of programs: a scenario program */
	char **args;          /* its arguments */
	char **collect;       /* function names or globs ("arena_*") */
};

/* lab.json "performance": a workload and its budget. */
struct workload {
	char *name;           /* shown in the report */
	struct measured run;  /* the student's code at work */
	struct measured baseline; /* program NULL unless the budget is a ratio */
	double budget;        /* at most this many times the baseline's count, or 0 */
	long long budget_instructions; /* or at most this many instructions, or 0 */
	char *hint;           /* chapter#anchor */
};

struct weight {
	char *test;           /* "suite/name" */
	int points;
};

/* Where an official test is written, and what it says. */
struct test_source {
	char *file;           /* tests/FILE.c, relative to the lab directory */
	char *description;    /* its .description, escapes decoded, hint included */
};

struct timing {
	char *key;            /* "suite/name", "leaks/NAME", "races/NAME" */
	double seconds;       /* the reference solution's wall time for that run */
};

/* lab.json "hints": where to read about a kind of problem Valgrind found,
 * overriding the scenario's own hint (each chapter#anchor, or NULL). */
struct kind_hints {
	char *memory;         /* an invalid read or write, a leak, uninitialised data */
	char *descriptors;    /* a descriptor left open at exit */
	char *races;          /* a data race or a lock misused */
};

struct lab {
	char *name;
	char *title;
	char *chapter;
	char *dir;            /* labs/NAME, absolute */
	char **student_files;
	char **given_sources;
	char *student_tests;
	char **cflags;
	char **ldlibs;
	struct program *programs;
	int nprograms;
	struct weight *points; /* lab.json "points": a check's name and its points */
	int npoints;
	int default_test_points;
	struct weight *weights;
	int nweights;
	int coverage_threshold;
	struct limits limits;
	struct scenario *leaks;
	int nleaks;
	char *race_tool;      /* "repeat", "helgrind" or "drd" */
	int race_repeats;
	struct scenario *races;
	int nraces;
	struct fault *faults;
	int nfaults;
	struct timing *timings;  /* the solution's wall time per run (timing.json) */
	int ntimings;
	struct workload *performance;
	int nperformance;
	char **tests;         /* "suite/name" of every GRADED() in tests/, in order */
	struct test_source *test_sources; /* test_sources[i] is about tests[i] */
	int behaviour_points; /* their sum */
	char **packages;      /* Debian packages the lab needs beyond the grader's */
	struct kind_hints hints; /* by kind of Valgrind problem */
};

/* The checks that can have points, in the order they are reported; every
 * one but behaviour is a key of lab.json "points".  NULL-terminated. */
extern const char *const lab_checks[];

/* Read root/labs/name/lab.json, strictly (labs/README.md), and the
 * GRADED() tests of root/labs/name/tests/ *.c.  On error, NULL and in *why a
 * message that names the file and the key or test. */
struct lab *lab_load(const char *root, const char *name, char **why);
/* Points of a check other than behaviour (lab.json "points"), 0 if none. */
int lab_points(const struct lab *lab, const char *check);
/* The solution's wall time for the run called key, or 0 when unknown. */
double lab_timing(const struct lab *lab, const char *key);
/* Points of one official test ("suite/name"). */
int lab_test_points(const struct lab *lab, const char *test);
/* The lab's maximum: its official tests' points and every other check's. */
int lab_max(const struct lab *lab);
/* The lab's hint for a kind of problem ("memory", "descriptors", "races",
 * as valgrind_problem_kind() names them), or NULL when it has none. */
const char *lab_kind_hint(const struct lab *lab, const char *kind);
/* Is s of the form chapter#anchor? */
int lab_is_hint(const char *s);
/* The hint a test description ends with, "text [chapter#anchor]": returns
 * "chapter#anchor", or NULL when it ends with none; *text is set to the
 * description without it, trimmed.  Both malloc'd. */
char *lab_split_hint(const char *description, char **text);
/* The lab names under root/labs, space-separated (for error messages). */
char *lab_list(const char *root);
int strv_len(char **v);

#endif
