/* valgrind.h - what a Valgrind log says, in words a student can act on */
#ifndef VALGRIND_H
#define VALGRIND_H

/* The first problem in the text of one Valgrind log (memcheck, helgrind or
 * DRD), or NULL when it is clean.  A problem is the first error block, with
 * what belongs to it (for a race, both conflicting accesses and the locks
 * held at each; never helgrind's thread announcements), or, when check_fds
 * is set, the first descriptor above 2 left open at exit that the process
 * did not inherit.  Returns malloc'd text.  Pure: reads only text. */
char *valgrind_first_problem(const char *text, int check_fds);

/* The kind of a problem valgrind_first_problem() returned: "races" (a data
 * race, a lock misused), "descriptors" (a descriptor left open at exit),
 * "memory" (anything else memcheck reports: an invalid access, a leak,
 * uninitialised data, a bad free), or NULL for NULL.  Pure. */
const char *valgrind_problem_kind(const char *problem);

/* The places "(FILE:LINE)" in text whose FILE is one of files, each once,
 * in order of appearance, as "FILE:LINE" strings (NULL-terminated, malloc'd,
 * at most max of them). */
char **valgrind_places(const char *text, char *const *files, int max);

#endif
