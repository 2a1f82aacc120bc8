/* progress.c - the progress line of a grading (progress.h) */
#define _GNU_SOURCE
#include "progress.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A grading shorter than this shows nothing on a terminal. */
#define QUIET_SECONDS 1.0
/* In a log, one line per this many seconds of a phase. */
#define LOG_EVERY 30.0

static struct {
	char *checks;
	double start;          /* of the grading */
	double phase_start;
	double last_log;
	int terminal;          /* stderr is a terminal */
	int drawn;             /* a line is on the screen */
	char *shown;           /* the line drawn last */
} p;

void progress_phase(const char *checks)
{
	if (p.start == 0) {
		p.start = now_seconds();
		const char *term = getenv("TERM");
		p.terminal = isatty(STDERR_FILENO) && term && strcmp(term, "dumb") != 0;
	}
	free(p.checks);
	p.checks = xstrdup(checks);
	p.phase_start = p.last_log = now_seconds();
}

void progress_tick(int finished, int queued)
{
	if (!p.checks)
		return;
	double now = now_seconds();
	if (p.terminal) {
		if (now - p.start < QUIET_SECONDS)
			return;
		char *line = xprintf("grading: %s: %d of %d runs finished, %.0f s", p.checks,
				     finished, queued, now - p.start);
		if (!p.drawn || strcmp(line, p.shown) != 0)
			fprintf(stderr, "\r\033[K%s", line);
		free(p.shown);
		p.shown = line;
		p.drawn = 1;
	} else if (now - p.last_log >= LOG_EVERY) {
		fprintf(stderr, "grade: still running %s: %d of %d runs finished after %.0f s\n",
			p.checks, finished, queued, now - p.phase_start);
		p.last_log = now;
	}
}

void progress_end(void)
{
	if (p.drawn)
		fprintf(stderr, "\r\033[K");
	p.drawn = 0;
	free(p.checks);
	p.checks = NULL;
}
