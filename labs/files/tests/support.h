/* support.h - what the files lab's official tests share
 *
 * Runs of the lab's programs next to the coreutils that are their oracles
 * (ls, wc), with the output of both made comparable, and strace runs.
 */
#ifndef SUPPORT_H
#define SUPPORT_H

#include <stddef.h>

#include "graded.h"

/* Seconds one program run may take. */
#define RUN_SECONDS 5

/* Run the lab program name with args (NULL-terminated) into *r. */
void run_lab(struct graded_result *r, const char *name, const char *const args[]);

/* Expect `lab program args` to print what the shell line oracle prints and
 * exit with its status; what names the comparison in messages. */
void expect_same_as(const char *name, const char *const args[], const char *oracle,
		    const char *what);

/* A shell-quoted copy of s, in one of four static buffers. */
const char *shq(const char *s);

/* Write len bytes to path (created with mode 0644 less the umask). */
void put_file(const char *path, const void *data, size_t len);

/* Mark the test not graded when strace cannot trace on this machine. */
void need_strace(void);

/* Names in directory dir but "." and "..", joined by " " into a static
 * buffer ("" when empty, "(cannot open)" when it cannot be read). */
const char *dir_names(const char *dir);

#endif
