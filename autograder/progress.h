/* progress.h - what a grading is doing while it runs, for the person waiting
 *
 * On a terminal, one line on stderr redrawn as runs finish: the checks
 * running, the runs finished of those queued, the seconds so far; it appears
 * after a second and is gone before the report.  Elsewhere (a CI log), a
 * plain line every 30 seconds while a phase is still running, and nothing
 * for a grading that is quick. */
#ifndef PROGRESS_H
#define PROGRESS_H

/* A phase starts: the names of its checks, "behaviour, coverage". */
void progress_phase(const char *checks);
/* Runs finished so far of those queued; called often, draws when due. */
void progress_tick(int finished, int queued);
/* The grading is over: clear the line. */
void progress_end(void);

#endif
