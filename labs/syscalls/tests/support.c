/* support.c - test data, file comparisons and strace logs for the official tests */
#define _GNU_SOURCE
#include "support.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *tee_program(void)
{
	return graded_program("tee");
}

/* xorshift32: fast, and the same on every machine. */
static unsigned next(unsigned *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

char *make_bytes(size_t len, unsigned seed, int nul)
{
	char *p = malloc(len ? len : 1);
	unsigned s = seed ? seed : 1;

	cr_assert(p, "test: out of memory");
	for (size_t i = 0; i < len; i++)
		p[i] = nul && i % 7 == 0 ? '\0' : (char)next(&s);
	return p;
}

void make_file(const char *path, size_t len, unsigned seed, int nul)
{
	size_t chunk = 1 << 20;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	cr_assert(fd >= 0, "test: cannot create %s", path);
	for (size_t done = 0; done < len; done += chunk) {
		size_t n = len - done < chunk ? len - done : chunk;
		char *p = make_bytes(n, seed + (unsigned)(done / chunk), nul);
		cr_assert(write(fd, p, n) == (ssize_t)n, "test: cannot write %s", path);
		free(p);
	}
	close(fd);
}

const char *abs_path(const char *name)
{
	static char path[4096];
	char dir[3800];

	cr_assert(getcwd(dir, sizeof dir), "test: getcwd failed");
	snprintf(path, sizeof path, "%s/%s", dir, name);
	return path;
}

const char *shq(const char *s)
{
	static char q[4096];
	size_t j = 0;

	q[j++] = '\'';
	for (; *s && j < sizeof q - 6; s++) {
		if (*s == '\'') {
			memcpy(q + j, "'\\''", 4);
			j += 4;
		} else {
			q[j++] = *s;
		}
	}
	q[j++] = '\'';
	q[j] = '\0';
	return q;
}

void expect_same_file(const char *expected, const char *actual, const char *what)
{
	char script[512];
	struct graded_result r;

	snprintf(script, sizeof script, "cmp -- %s", shq(expected));
	snprintf(script + strlen(script), sizeof script - strlen(script), " %s 2>&1",
		 shq(actual));
	graded_sh(&r, script, NULL);
	cr_expect(r.exited && r.exit_code == 0,
		  "%s: expected %s to hold the same bytes as %s; cmp says: %s", what,
		  actual, expected, r.out[0] ? r.out : graded_describe(&r));
	graded_result_free(&r);
}

void expect_file_is(const char *path, const char *data, size_t len, const char *what)
{
	size_t got_len = 0;
	char *got = graded_read_file(path, &got_len);

	cr_expect(got, "%s: expected the file %s to exist; it does not", what, path);
	if (!got)
		return;
	size_t same = 0;
	while (same < len && same < got_len && got[same] == data[same])
		same++;
	cr_expect(got_len == len && same == len,
		  "%s: expected %s to hold the %zu bytes that were written to tee; "
		  "it holds %zu bytes, the first difference is at byte %zu",
		  what, path, len, got_len, same);
	free(got);
}

int count_lines_with_prefix(const char *text, const char *prefix)
{
	int n = 0;
	size_t plen = strlen(prefix);

	for (const char *p = text; p && *p; ) {
		if (strncmp(p, prefix, plen) == 0)
			n++;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return n;
}

void need_strace(void)
{
	struct graded_result r;

	if (graded_sh(&r, "strace -o /dev/null true", NULL) < 0 || !r.exited ||
	    r.exit_code != 0) {
		graded_result_free(&r);
		graded_not_graded("strace cannot trace here (is strace installed? "
				  "is ptrace permitted?)");
	}
	graded_result_free(&r);
}

/* Parse one log line; returns 0 when it is a call. */
static int parse_call(const char *line, struct call *c)
{
	const char *open = strchr(line, '(');
	const char *close = NULL, *value = NULL;

	memset(c, 0, sizeof *c);
	if (!open || open - line >= (long)sizeof c->name || line[0] == '-' || line[0] == '+')
		return -1;
	// The return value follows the last " = " that comes after a ')'
	// (strace pads the space between them); data strings come before it.
	for (const char *p = line; (p = strstr(p, " = ")); p++) {
		const char *q = p;
		while (q > line && *q == ' ')
			q--;
		if (*q == ')') {
			close = q;
			value = p + 3;
		}
	}
	if (!value)
		return -1;
	memcpy(c->name, line, (size_t)(open - line));
	c->fd = strtol(open + 1, NULL, 10);
	c->ret = strtol(value, NULL, 10);
	const char *comma = NULL;
	for (const char *p = open; p < close; p++)
		if (p[0] == ',' && p[1] == ' ')
			comma = p;
	c->count = comma ? strtol(comma + 2, NULL, 10) : 0;
	c->injected = strstr(value, "(INJECTED)") != NULL;
	return 0;
}

struct call *strace_calls(const char *path, size_t *n)
{
	size_t len = 0, cap = 64;
	char *text = graded_read_file(path, &len);
	struct call *calls = malloc(cap * sizeof *calls);

	cr_assert(text, "test: strace wrote no log to %s", path);
	cr_assert(calls, "test: out of memory");
	*n = 0;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		if (*n == cap) {
			cap *= 2;
			calls = realloc(calls, cap * sizeof *calls);
			cr_assert(calls, "test: out of memory");
		}
		if (parse_call(line, &calls[*n]) == 0)
			(*n)++;
	}
	free(text);
	return calls;
}

int run_strace(struct graded_result *r, const char *const args[],
	       const char *input, size_t input_len, int seconds)
{
	const char *argv[64];
	size_t i = 0;

	argv[i++] = "strace";
	for (; args[i - 1] && i < 63; i++)
		argv[i] = args[i - 1];
	argv[i] = NULL;
	struct graded_opts o = {.input = input, .input_len = input_len, .seconds = seconds};
	return graded_run(r, (char *const *)argv, &o);
}
