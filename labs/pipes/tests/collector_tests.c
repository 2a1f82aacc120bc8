/* collector_tests.c - official tests of collector_write_record() and collector_read()
 *
 * The writer is checked on a real pipe, including the case that shows
 * whether a record goes out in one write(): a non-blocking pipe with too
 * little room must take all of the record or none of it.  The reader is
 * fed by a child process, so records can arrive in pieces.  The last test
 * runs the FIFO scenario with sixteen producers.
 */
#define _GNU_SOURCE
#include "graded.h"
#include "collector.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Bytes waiting in the pipe whose read end is fd. */
static int pending(int fd)
{
	int n = -1;

	cr_assert(ioctl(fd, FIONREAD, &n) == 0, "FIONREAD failed");
	return n;
}

static void make_pipe(int p[2])
{
	cr_assert(pipe(p) == 0, "the test cannot create a pipe");
}

GRADED(collector, write_adds_newline,
       .description = "collector_write_record() sends the record followed by '\\n' "
		      "[pipes#records]",
       .timeout = 10)
{
	int p[2];
	char buf[16] = "";

	make_pipe(p);
	int rc = collector_write_record(p[1], "hello", 5);
	cr_assert(rc == 0, "collector_write_record(fd, \"hello\", 5) returned %d, expected 0", rc);
	close(p[1]);
	ssize_t n = read(p[0], buf, sizeof buf - 1);
	cr_expect(n == 6 && memcmp(buf, "hello\n", 6) == 0,
		  "the pipe held %zd bytes \"%.15s\", expected 6 bytes \"hello\\n\"", n, buf);
	close(p[0]);
}

GRADED(collector, write_longest_record,
       .description = "a record of PIPE_BUF - 1 bytes (PIPE_BUF with its newline) is "
		      "accepted [pipes#pipe-buf]",
       .timeout = 10)
{
	static char rec[COLLECTOR_RECORD_MAX];
	int p[2];

	memset(rec, 'x', sizeof rec);
	make_pipe(p);
	int rc = collector_write_record(p[1], rec, sizeof rec);
	cr_assert(rc == 0, "collector_write_record() of %zu bytes returned %d, expected 0",
		  sizeof rec, rc);
	cr_expect(pending(p[0]) == PIPE_BUF, "the pipe holds %d bytes, expected %d",
		  pending(p[0]), PIPE_BUF);
	close(p[0]);
	close(p[1]);
}

GRADED(collector, write_is_one_write,
       .description = "the record and its newline go out in ONE write(): a full non-blocking "
		      "pipe takes all of it or none [pipes#pipe-buf]",
       .timeout = 10)
{
	int p[2];

	make_pipe(p);
	/* Shrink the pipe to one page and leave exactly 5 bytes free. */
	int size = fcntl(p[1], F_SETPIPE_SZ, PIPE_BUF);
	cr_assert(size >= PIPE_BUF, "F_SETPIPE_SZ failed");
	cr_assert(fcntl(p[1], F_SETFL, O_NONBLOCK) == 0);
	char *filler = malloc(size);
	cr_assert(filler);
	memset(filler, 'f', size);
	cr_assert(write(p[1], filler, size - 5) == size - 5, "cannot fill the pipe");
	free(filler);
	errno = 0;
	int rc = collector_write_record(p[1], "abcde", 5);
	int err = errno;
	int left = pending(p[0]) - (size - 5);
	cr_expect(rc == -1 && err == EAGAIN,
		  "with 5 bytes free, sending \"abcde\\n\" returned %d (errno %d), expected -1 "
		  "with EAGAIN", rc, err);
	cr_expect(left == 0,
		  "%d bytes of the record went into the pipe: it was sent in more than one "
		  "write(), so another producer could write between the parts", left);
	close(p[0]);
	close(p[1]);
}

GRADED(collector, write_rejects_too_long,
       .description = "a record longer than PIPE_BUF - 1 bytes is refused with EINVAL and "
		      "nothing is written [pipes#pipe-buf]",
       .timeout = 10)
{
	static char rec[PIPE_BUF];
	int p[2];

	memset(rec, 'x', sizeof rec);
	make_pipe(p);
	errno = 0;
	int rc = collector_write_record(p[1], rec, sizeof rec);
	int err = errno;
	cr_expect(rc == -1 && err == EINVAL,
		  "a %d-byte record returned %d (errno %d), expected -1 with EINVAL",
		  PIPE_BUF, rc, err);
	cr_expect(pending(p[0]) == 0, "%d bytes were written, expected none", pending(p[0]));
	close(p[0]);
	close(p[1]);
}

GRADED(collector, write_rejects_newline,
       .description = "a record holding a '\\n' is refused with EINVAL: it would arrive as "
		      "two records [pipes#records]",
       .timeout = 10)
{
	int p[2];

	make_pipe(p);
	errno = 0;
	int rc = collector_write_record(p[1], "two\nlines", 9);
	int err = errno;
	cr_expect(rc == -1 && err == EINVAL,
		  "\"two\\nlines\" returned %d (errno %d), expected -1 with EINVAL", rc, err);
	cr_expect(pending(p[0]) == 0, "%d bytes were written, expected none", pending(p[0]));
	close(p[0]);
	close(p[1]);
}

/* ---- the reader ---- */

/* What collect() has received. */
struct got {
	char text[1 << 16];    /* records joined with '|' */
	size_t len;            /* bytes in text */
	long calls;            /* records delivered */
};

static void collect(const char *rec, size_t len, void *arg)
{
	struct got *g = arg;

	if (g->len + len + 1 < sizeof g->text) {
		memcpy(g->text + g->len, rec, len);
		g->len += len;
		g->text[g->len++] = '|';
		g->text[g->len] = '\0';
	}
	g->calls++;
}

static void pause_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* Fork a child that writes the parts to a pipe, pausing between them;
 * returns the read end.  *pid gets the child. */
static int feed(const char *const parts[], pid_t *pid)
{
	int p[2];

	make_pipe(p);
	*pid = fork();
	cr_assert(*pid >= 0, "the test cannot fork");
	if (*pid == 0) {
		close(p[0]);
		for (int i = 0; parts[i]; i++) {
			if (i > 0)
				pause_ms(150);
			if (write(p[1], parts[i], strlen(parts[i])) < 0)
				_exit(1);
		}
		_exit(0);
	}
	close(p[1]);
	return p[0];
}

/* Read everything from parts with collector_read(). */
static long read_parts(const char *const parts[], struct got *g, int *err)
{
	pid_t pid;
	int fd = feed(parts, &pid);

	memset(g, 0, sizeof *g);
	errno = 0;
	long n = collector_read(fd, collect, g);
	*err = errno;
	close(fd);
	waitpid(pid, NULL, 0);
	return n;
}

GRADED(collector, read_empty_stream,
       .description = "collector_read() of a stream that ends at once returns 0 records "
		      "[pipes#records]",
       .timeout = 10)
{
	static struct got g;
	const char *parts[] = {NULL};
	int err;
	long n = read_parts(parts, &g, &err);

	cr_expect(n == 0 && g.calls == 0, "returned %ld after %ld calls, expected 0 and none",
		  n, g.calls);
}

GRADED(collector, read_splits_records,
       .description = "collector_read() splits one read() holding several records at each "
		      "'\\n' [pipes#records]",
       .timeout = 10)
{
	static struct got g;
	const char *parts[] = {"a\nbb\n\nccc\n", NULL};
	int err;
	long n = read_parts(parts, &g, &err);

	cr_expect(n == 4, "returned %ld, expected 4 records", n);
	cr_expect(strcmp(g.text, "a|bb||ccc|") == 0,
		  "records (joined by |) were \"%s\", expected \"a|bb||ccc|\"", g.text);
}

GRADED(collector, read_joins_split_record,
       .description = "a record that arrives in two pieces is delivered once, whole "
		      "[pipes#records]",
       .timeout = 10)
{
	static struct got g;
	const char *parts[] = {"one\nab", "cd\nthree", "\n", NULL};
	int err;
	long n = read_parts(parts, &g, &err);

	cr_expect(n == 3, "returned %ld, expected 3 records", n);
	cr_expect(strcmp(g.text, "one|abcd|three|") == 0,
		  "records (joined by |) were \"%s\", expected \"one|abcd|three|\"", g.text);
}

GRADED(collector, read_reports_unfinished_record,
       .description = "data that ends without '\\n' is not a record: -1 with EPROTO, after "
		      "the whole records [pipes#records]",
       .timeout = 10)
{
	static struct got g;
	const char *parts[] = {"abc\nde", NULL};
	int err;
	long n = read_parts(parts, &g, &err);

	cr_expect(n == -1 && err == EPROTO, "returned %ld (errno %d), expected -1 with EPROTO",
		  n, err);
	cr_expect(strcmp(g.text, "abc|") == 0,
		  "records (joined by |) were \"%s\", expected \"abc|\"", g.text);
}

/* Check n records of lengths 1..COLLECTOR_RECORD_MAX in order. */
struct order {
	long next;             /* number of the record expected next */
	long bad;              /* records that were not the expected one */
};

static size_t big_len(long i)
{
	return 1 + (size_t)(i * 2713) % COLLECTOR_RECORD_MAX;
}

static void check_order(const char *rec, size_t len, void *arg)
{
	struct order *o = arg;
	char c = 'a' + o->next % 26;

	if (len != big_len(o->next) || rec[0] != c || rec[len - 1] != c)
		o->bad++;
	o->next++;
}

GRADED(collector, read_many_large_records,
       .description = "600 records of up to PIPE_BUF bytes, 1.2 MB in all, arrive in order and "
		      "whole [pipes#records]",
       .timeout = 10)
{
	static char rec[PIPE_BUF];
	struct order o = {0};
	int p[2];
	pid_t pid;

	make_pipe(p);
	pid = fork();
	cr_assert(pid >= 0, "the test cannot fork");
	if (pid == 0) {
		close(p[0]);
		for (long i = 0; i < 600; i++) {
			size_t len = big_len(i);
			memset(rec, 'a' + i % 26, len);
			rec[len] = '\n';
			if (write(p[1], rec, len + 1) != (ssize_t)len + 1)
				_exit(1);
		}
		_exit(0);
	}
	close(p[1]);
	long n = collector_read(p[0], check_order, &o);
	close(p[0]);
	waitpid(pid, NULL, 0);
	cr_expect(n == 600, "returned %ld, expected 600", n);
	cr_expect(o.bad == 0, "%ld of %ld records were torn or out of order", o.bad, o.next);
}

GRADED(collector, fifo_many_producers,
       .description = "16 producers write records to one FIFO at once; the collector gets each "
		      "exactly once and whole [pipes#fifos]",
       .timeout = 20)
{
	char *argv[] = {(char *)graded_program("fifo_stress"), "16", NULL};
	struct graded_opts o = {.seconds = 10};
	struct graded_result r;

	cr_assert(graded_run(&r, argv, &o) == 0, "could not start fifo_stress");
	cr_expect(!r.timed_out && r.exited && r.exit_code == 0,
		  "fifo_stress 16 %s, expected status 0; it said:\n%.600s", graded_describe(&r),
		  r.err);
	graded_result_free(&r);
}
