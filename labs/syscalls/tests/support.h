/* support.h - what the syscalls lab's official tests share
 *
 * Test data made on the spot (so the repository holds no 50 MiB file),
 * file comparisons done by cmp(1), strace runs and the parsing of their logs.
 */
#ifndef SUPPORT_H
#define SUPPORT_H

#include <stddef.h>
#include <sys/types.h>

#include "graded.h"

/* Path of the lab's tee program. */
const char *tee_program(void);

/* Fill a buffer (malloc'd) or a file with len pseudo-random bytes from seed;
 * nul != 0 makes every 7th byte a NUL.  The same seed gives the same bytes. */
char *make_bytes(size_t len, unsigned seed, int nul);
void make_file(const char *path, size_t len, unsigned seed, int nul);

/* Absolute path of name in the current directory (static buffer). */
const char *abs_path(const char *name);

/* Expect two files to have the same bytes (cmp(1) decides); what names the
 * comparison in the failure message. */
void expect_same_file(const char *expected, const char *actual, const char *what);

/* Expect file path to hold exactly len bytes equal to data. */
void expect_file_is(const char *path, const char *data, size_t len, const char *what);

/* A shell-quoted copy of s, in a static buffer. */
const char *shq(const char *s);

/* Number of lines of text that start with prefix. */
int count_lines_with_prefix(const char *text, const char *prefix);

/* Mark the test not graded when strace cannot trace on this machine. */
void need_strace(void);

/* One system call from an strace log line ("write(1, ""..., 8) = 8"). */
struct call {
	char name[16];         /* "read", "write", "close", ... */
	long fd;               /* the first argument */
	long count;            /* the last argument (read/write count) */
	long ret;              /* the return value (-1 on error) */
	int injected;          /* 1 if strace marked it (INJECTED) */
};

/* Parse every call of the log at path into a malloc'd array; *n gets the
 * count.  Lines that are not calls (signals, exit) are skipped. */
struct call *strace_calls(const char *path, size_t *n);

/* Run strace with the given arguments (NULL-terminated, not counting
 * "strace" itself) with stdin from memory as in graded_run. */
int run_strace(struct graded_result *r, const char *const args[],
	       const char *input, size_t input_len, int seconds);

#endif
