/* graded.h - what official tests use to run programs and report honestly
 *
 * Every official test is written with GRADED() instead of Criterion's Test().
 * GRADED() records that the test body ran to its last line: the grader counts
 * a test as passed only when Criterion says so, the runner exited cleanly and
 * that completion marker, with a nonce the code under test never sees, is
 * present.
 *
 * The test process never calls the code under test itself: a test calls it
 * through graded_isolate(), which runs it in a child, or runs a lab program
 * with graded_run().  Assertions are made in the test process on what the
 * child computed, so code that exits, forges or scans memory in the child
 * cannot turn a failure into a pass (see labs/README.md, "Threat model").
 *
 * The helpers run a program (a lab binary, or /bin/sh as the oracle) with
 * its stdin fed from memory, capture stdout and stderr, and never wait more
 * than GRADED_RUN_SECONDS for it.
 */
#ifndef GRADED_H
#define GRADED_H

#include <stddef.h>
#include <sys/types.h>
#include <criterion/criterion.h>

/* Seconds a single graded_run() may take before its process group is killed. */
#define GRADED_RUN_SECONDS 5
/* Bytes of stdout or stderr kept; the rest is read and dropped. */
#define GRADED_CAPTURE_MAX (64u << 20)

#define GRADED(suite, name, ...)                                      \
	static void graded_body_##suite##_##name(void);               \
	Test(suite, name, __VA_ARGS__)                                \
	{                                                             \
		graded_begin(#suite, #name);                          \
		graded_body_##suite##_##name();                       \
		graded_end(#suite, #name);                            \
	}                                                             \
	static void graded_body_##suite##_##name(void)

/* What happened to one program run. */
struct graded_result {
	int ran;               /* 1 if the program was started */
	int exited;            /* 1 if it exited normally */
	int exit_code;         /* its exit status, when exited */
	int signal;            /* the signal that killed it, or 0 */
	int timed_out;         /* 1 if it was killed for taking too long */
	char *out;             /* captured stdout, NUL-terminated */
	size_t out_len;        /* bytes in out */
	char *err;             /* captured stderr, NUL-terminated */
	size_t err_len;        /* bytes in err */
};

/* Options of one run; zero means the default. */
struct graded_opts {
	const char *input;     /* bytes for stdin; NULL gives /dev/null */
	size_t input_len;      /* length of input */
	int seconds;           /* wall-clock limit; 0 means GRADED_RUN_SECONDS */
	const char *cwd;       /* directory to run in; NULL means the current one */
};

/* How a call made by graded_isolate() ended. */
struct graded_call {
	int returned;          /* 1 if the function returned normally */
	int exit_code;         /* otherwise: the child's exit status, or -1 */
	int signal;            /* ... or the signal that killed it */
	int timed_out;         /* ... or 1 if it ran out of time */
	char how[160];         /* "returned", "never returned: ... exited with status 0" */
};

/* Run fn(result, arg) in a child process, wait for it at most seconds (0:
 * GRADED_RUN_SECONDS), then kill whatever it left running.  result is size
 * zeroed bytes shared with the child, for fn to fill with what it computed;
 * graded_isolate() returns it, valid until the test ends.  fn must not use
 * cr_assert() or cr_expect(): the test checks the result after the call. */
void *graded_isolate(void (*fn)(void *result, void *arg), void *arg, size_t size,
		     int seconds, struct graded_call *call);

void graded_begin(const char *suite, const char *name);
void graded_end(const char *suite, const char *name);

/* Path of a lab program built by the grader (e.g. "pipeline").  Never NULL;
 * the string stays valid for the next seven calls. */
const char *graded_program(const char *name);

/* Run argv (argv[0] is a path or a name looked up in PATH).  Returns 0 when
 * the program ran (whatever its status), -1 when it could not be started.
 * The result must be released with graded_result_free(). */
int graded_run(struct graded_result *r, char *const argv[],
	       const struct graded_opts *opts);
/* Run a script with /bin/sh -c, the same way. */
int graded_sh(struct graded_result *r, const char *script,
	      const struct graded_opts *opts);
void graded_result_free(struct graded_result *r);

/* "exited with status 3", "killed by signal 13 (Broken pipe)", "did not finish in 5 s". */
const char *graded_describe(const struct graded_result *r);

/* A wait-status style code as sh reports it: exit code, or 128+signal. */
int graded_shell_status(const struct graded_result *r);

/* A unified diff of two texts (expected first), for failure messages.
 * Returns a malloc'd string, "" when equal. */
char *graded_diff(const char *expected, size_t elen, const char *actual, size_t alen);

/* Expect got to match want: same stdout and the same shell status.  what
 * names the run in the message ("cat words.txt | wc -l"). */
void graded_expect_same(const struct graded_result *got,
			const struct graded_result *want, const char *what);

/* Number of open descriptors of process pid (from /proc/PID/fd), or -1. */
int graded_open_descriptors(pid_t pid);

/* Mark the current test as not graded (a tool it needs is unavailable here):
 * the grader reports it as "not graded: why", never as passed.  Does not return. */
void graded_not_graded(const char *why);

/* Read a whole file into memory (NUL-terminated); NULL on error. */
char *graded_read_file(const char *path, size_t *len);
/* Write len bytes to path (created 0644, truncated); 0 or -1. */
int graded_write_file(const char *path, const void *data, size_t len);

#endif
