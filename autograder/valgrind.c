/* valgrind.c - read a Valgrind log: its first error, or a descriptor left open
 *
 * Valgrind writes one block per error, then its summaries.  A student needs
 * the first error whole: for memcheck the kind, the stack and what the
 * address was; for helgrind the two conflicting accesses and the locks held
 * at each, not the "Thread #3 was created" announcements that come before.
 * Everything here works on the log's text, so the self-test feeds it
 * recorded logs.
 */
#define _GNU_SOURCE
#include "valgrind.h"
#include "sandbox.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK_LINES 30

/* The error kinds that start a block. */
static const char *const error_starts[] = {
	"Invalid ", "Conditional jump", "Use of uninitialised", "Syscall param",
	"Mismatched free", "are definitely lost", "are indirectly lost",
	"Source and destination overlap", "Possible data race", "Argument 'size'",
	"Conflicting ", "Thread #", "Lock ", "Attempt to ", "Process terminating",
	"Jump to the invalid", NULL,
};

/* Lines that continue a block after a blank line: the other side of a race. */
static const char *const continuations[] = {
	"This conflicts with", "Other segment", "Address 0x", NULL,
};

static int starts_with_any(const char *line, const char *const *list, int anywhere)
{
	for (int i = 0; list[i]; i++)
		if (anywhere ? strstr(line, list[i]) != NULL : !strncmp(line, list[i], strlen(list[i])))
			return 1;
	return 0;
}

/* An announcement is not an error: "Thread #3 was created", "... root
 * thread", "Lock at 0x... was first observed". */
static int is_announcement(const char *line)
{
	return (!strncmp(line, "Thread #", 8) &&
		(strstr(line, " was created") || strstr(line, "root thread"))) ||
	       strstr(line, " was first observed");
}

/* The line without Valgrind's "==PID== " prefix. */
static const char *body_of(const char *line)
{
	const char *b;
	if (line[0] == '=' && line[1] == '=' && (b = strstr(line + 2, "== ")))
		return b + 3;
	if (line[0] == '=' && line[1] == '=' && (b = strstr(line + 2, "==")) && !b[2])
		return b + 2;
	return line;
}

/* The first error block of lines (already split), or "" when none. */
static char *first_block(char **lines, int n)
{
	struct sbuf b;
	sbuf_init(&b);
	int start = -1;
	for (int i = 0; i < n && start < 0; i++) {
		const char *body = body_of(lines[i]);
		if (!is_announcement(body) && starts_with_any(body, error_starts, 1))
			start = i;
	}
	for (int i = start, kept = 0; start >= 0 && i < n && kept < BLOCK_LINES; i++) {
		const char *body = body_of(lines[i]);
		if (!strncmp(body, "----", 4))
			break;
		if (!body[0]) {
			/* A blank line ends the block, unless the race's other side follows. */
			const char *next = i + 1 < n ? body_of(lines[i + 1]) : "";
			if (!starts_with_any(next, continuations, 0))
				break;
		}
		sbuf_printf(&b, "  %s\n", body);
		kept++;
	}
	return b.s;
}

/* The first descriptor above 2 open at exit that was not inherited, as
 * Valgrind names it ("file descriptor 4: /tmp/x"), or NULL. */
static char *first_open_fd(char **lines, int n)
{
	for (int i = 0; i < n; i++) {
		const char *body = body_of(lines[i]);
		int fd;
		/* "Open file descriptor 4: /etc/passwd", "Open AF_INET socket 5: ..." */
		int opened = sscanf(body, "Open file descriptor %d", &fd) == 1 ||
			     sscanf(body, "Open AF_%*[A-Z0-9] socket %d", &fd) == 1;
		if (!opened || fd <= 2)
			continue;
		const char *next = i + 1 < n ? body_of(lines[i + 1]) : "";
		if (!strstr(next, "<inherited from parent>"))
			return xstrdup(body + strlen("Open "));
	}
	return NULL;
}

/* The lines of text, split in place (text is modified); *n set. */
static char **split_lines(char *text, int *n)
{
	char **lines = NULL;
	*n = 0;
	for (char *p = text; p && *p;) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		lines = xrealloc(lines, (*n + 1) * sizeof *lines);
		lines[(*n)++] = p;
		p = nl ? nl + 1 : NULL;
	}
	return lines;
}

char *valgrind_first_problem(const char *log, int check_fds)
{
	char *text = xstrdup(log);
	int n, errors = 0;
	char **lines = split_lines(text, &n);
	const char *sum = strstr(log, "ERROR SUMMARY: ");
	if (sum)
		errors = atoi(sum + strlen("ERROR SUMMARY: "));
	char *r = NULL;
	if (errors) {
		char *block = first_block(lines, n);
		r = xprintf("Valgrind reported %d error%s; the first:\n%s", errors,
			    errors == 1 ? "" : "s", block[0] ? block : "  (no error block found)\n");
		free(block);
	} else if (check_fds) {
		char *fd = first_open_fd(lines, n);
		if (fd)
			r = xprintf("%s was still open when the program exited (every descriptor "
				    "the program opens must be closed)", fd);
		free(fd);
	}
	free(lines);
	free(text);
	return r;
}

/* The first lines of the blocks that helgrind and DRD report. */
static const char *const race_starts[] = {
	"Possible data race", "Conflicting ", "Thread #", "Lock ", "Attempt to ", NULL,
};

const char *valgrind_problem_kind(const char *problem)
{
	if (!problem)
		return NULL;
	if (strstr(problem, " was still open when the program exited"))
		return "descriptors";
	/* The block's first line follows "the first:\n  ". */
	const char *first = strstr(problem, "the first:\n  ");
	if (first && starts_with_any(first + strlen("the first:\n  "), race_starts, 0))
		return "races";
	return "memory";
}

char **valgrind_places(const char *text, char *const *files, int max)
{
	char **places = strv_new(NULL);
	int found = 0;
	for (const char *p = strchr(text, '('); p && found < max; p = strchr(p + 1, '(')) {
		for (char *const *f = files; *f; f++) {
			size_t len = strlen(*f);
			int line;
			if (strncmp(p + 1, *f, len) || p[1 + len] != ':' ||
			    sscanf(p + 2 + len, "%d)", &line) != 1)
				continue;
			char *place = xprintf("%s:%d", *f, line);
			int seen = 0;
			for (char **q = places; *q; q++)
				seen |= !strcmp(*q, place);
			if (!seen) {
				strv_push(&places, place);
				found++;
			}
			free(place);
		}
	}
	return places;
}
