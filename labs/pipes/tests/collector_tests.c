/* collector_tests.c - official tests of collector_write_record() and collector_read()
 *
 * The writer is checked on a real pipe, including the case that shows
 * whether a record goes out in one write(): a non-blocking pipe with too
 * little room must take all of the record or none of it.  The reader is
 * fed by a child process, so records can arrive in pieces.  The last test
 * runs the FIFO scenario with sixteen producers.
 *
 * The functions under test run through graded_isolate(), in a child of the
 * test process: the test makes the pipe, the child calls the function and
 * reports what it returned (and, for the reader, what was delivered), and
 * the test checks that and what the pipe holds afterwards.
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

/* Seconds an isolated call may take. */
#define CALL_SECONDS 8

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

/* ---- the writer ---- */

/* One collector_write_record() call, made in the child. */
struct write_arg {
	int fd;
	const char *rec;
	size_t len;
};

struct write_seen {
	int rc;                /* what it returned */
	int err;               /* errno after it */
};

static void write_child(void *result, void *arg)
{
	struct write_seen *w = result;
	const struct write_arg *a = arg;

	errno = 0;
	w->rc = collector_write_record(a->fd, a->rec, a->len);
	w->err = errno;
}

/* Call collector_write_record(fd, rec, len) in a child; what names the call
 * in messages ("collector_write_record(fd, \"hello\", 5)").  The test's pipe ends are inherited by the child. */
static struct write_seen write_isolated(int fd, const char *rec, size_t len,
					const char *what)
{
	struct write_arg arg = {fd, rec, len};
	struct graded_call call;
	struct write_seen *w = graded_isolate(write_child, &arg, sizeof *w, CALL_SECONDS, &call);

	cr_assert(call.returned, "%s %s", what, call.how);
	return *w;
}

GRADED(collector, write_adds_newline,
       .description = "collector_write_record() sends the record followed by '\\n' "
		      "[pipes#records]",
       .timeout = 10)
{
	int p[2];
	char buf[16] = "";

	make_pipe(p);
	struct write_seen w = write_isolated(p[1], "hello", 5,
					     "collector_write_record(fd, \"hello\", 5)");
	cr_assert(w.rc == 0, "collector_write_record(fd, \"hello\", 5) returned %d (errno %d), "
		  "expected 0", w.rc, w.err);
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
	struct write_seen w = write_isolated(p[1], rec, sizeof rec,
					     "collector_write_record() of PIPE_BUF - 1 bytes");
	cr_assert(w.rc == 0, "collector_write_record() of %zu bytes returned %d (errno %d), "
		  "expected 0", sizeof rec, w.rc, w.err);
	int held = pending(p[0]);
	cr_expect(held == PIPE_BUF, "the pipe holds %d bytes, expected %d", held, PIPE_BUF);
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
	struct write_seen w = write_isolated(p[1], "abcde", 5,
					     "collector_write_record(fd, \"abcde\", 5) on a "
					     "non-blocking pipe with 5 bytes free");
	int left = pending(p[0]) - (size - 5);
	cr_expect(w.rc == -1 && w.err == EAGAIN,
		  "with 5 bytes free, sending \"abcde\\n\" returned %d (errno %d), expected -1 "
		  "with EAGAIN", w.rc, w.err);
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
	struct write_seen w = write_isolated(p[1], rec, sizeof rec,
					     "collector_write_record() of PIPE_BUF bytes");
	cr_expect(w.rc == -1 && w.err == EINVAL,
		  "a %d-byte record returned %d (errno %d), expected -1 with EINVAL",
		  PIPE_BUF, w.rc, w.err);
	int held = pending(p[0]);
	cr_expect(held == 0, "%d bytes were written, expected none", held);
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
	struct write_seen w = write_isolated(p[1], "two\nlines", 9,
					     "collector_write_record(fd, \"two\\nlines\", 9)");
	cr_expect(w.rc == -1 && w.err == EINVAL,
		  "\"two\\nlines\" returned %d (errno %d), expected -1 with EINVAL", w.rc, w.err);
	int held = pending(p[0]);
	cr_expect(held == 0, "%d bytes were written, expected none", held);
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

/* What check_order() has seen. */
struct order {
	long next;             /* number of the record expected next */
	long bad;              /* records that were not the expected one */
};

/* What the child saw of one collector_read() call. */
struct read_seen {
	int setup;             /* 0, or why the child could not feed the reader */
	long n;                /* what collector_read() returned */
	int err;               /* errno after it */
	int feeder;            /* the feeding process's wait status, or -1 */
	union {
		struct got got;                /* collect()'s records */
		struct order order;            /* check_order()'s tally */
	} u;
};

/* Feeds the reader: writes what it is given into fd, then exits. */
typedef void feeder_fn(int fd, const void *what);

struct read_arg {
	feeder_fn *feed;
	const void *what;
	collector_fn *fn;      /* collect or check_order */
};

/* In the child: fork the feeder (test code, started before any code under
 * test runs), read from it with collector_read(), then reap it. */
static void read_child(void *result, void *arg)
{
	struct read_seen *r = result;
	const struct read_arg *a = arg;
	int p[2];

	r->feeder = -1;
	if (pipe(p) < 0) {
		r->setup = errno;
		return;
	}
	pid_t pid = fork();
	if (pid < 0) {
		r->setup = errno;
		return;
	}
	if (pid == 0) {
		close(p[0]);
		a->feed(p[1], a->what);
		_exit(0);
	}
	close(p[1]);
	errno = 0;
	r->n = collector_read(p[0], a->fn, &r->u);
	r->err = errno;
	close(p[0]);
	int status;
	if (waitpid(pid, &status, 0) == pid)
		r->feeder = status;
}

/* Call collector_read() in a child fed by feed(what); fails the test if it
 * did not return.  what_text names the input in messages. */
static struct read_seen *read_isolated(feeder_fn *feed, const void *what, collector_fn *fn,
				       const char *what_text)
{
	struct read_arg arg = {feed, what, fn};
	struct graded_call call;
	struct read_seen *r = graded_isolate(read_child, &arg, sizeof *r, CALL_SECONDS, &call);

	cr_assert(call.returned, "collector_read() of %s %s", what_text, call.how);
	cr_assert(r->setup == 0, "the test could not start the process that writes %s (errno %d)",
		  what_text, r->setup);
	return r;
}

/* Write the NULL-terminated parts, pausing between them. */
static void feed_parts(int fd, const void *what)
{
	const char *const *parts = what;

	for (int i = 0; parts[i]; i++) {
		if (i > 0)
			pause_ms(150);
		if (write(fd, parts[i], strlen(parts[i])) < 0)
			_exit(1);
	}
}

/* Read everything from parts with collector_read(), in a child. */
static struct read_seen *read_parts(const char *const parts[], const char *what_text)
{
	return read_isolated(feed_parts, parts, collect, what_text);
}

GRADED(collector, read_empty_stream,
       .description = "collector_read() of a stream that ends at once returns 0 records "
		      "[pipes#records]",
       .timeout = 10)
{
	const char *parts[] = {NULL};
	struct read_seen *r = read_parts(parts, "an empty stream");

	cr_expect(r->n == 0 && r->u.got.calls == 0,
		  "returned %ld (errno %d) after %ld calls, expected 0 and none", r->n, r->err,
		  r->u.got.calls);
}

GRADED(collector, read_splits_records,
       .description = "collector_read() splits one read() holding several records at each "
		      "'\\n' [pipes#records]",
       .timeout = 10)
{
	const char *parts[] = {"a\nbb\n\nccc\n", NULL};
	struct read_seen *r = read_parts(parts, "\"a\\nbb\\n\\nccc\\n\"");

	cr_expect(r->n == 4, "returned %ld (errno %d), expected 4 records", r->n, r->err);
	cr_expect(strcmp(r->u.got.text, "a|bb||ccc|") == 0,
		  "records (joined by |) were \"%s\", expected \"a|bb||ccc|\"", r->u.got.text);
}

GRADED(collector, read_joins_split_record,
       .description = "a record that arrives in two pieces is delivered once, whole "
		      "[pipes#records]",
       .timeout = 10)
{
	const char *parts[] = {"one\nab", "cd\nthree", "\n", NULL};
	struct read_seen *r = read_parts(parts, "\"one\\nab\", \"cd\\nthree\", \"\\n\" "
					 "(three writes)");

	cr_expect(r->n == 3, "returned %ld (errno %d), expected 3 records", r->n, r->err);
	cr_expect(strcmp(r->u.got.text, "one|abcd|three|") == 0,
		  "records (joined by |) were \"%s\", expected \"one|abcd|three|\"",
		  r->u.got.text);
}

GRADED(collector, read_reports_unfinished_record,
       .description = "data that ends without '\\n' is not a record: -1 with EPROTO, after "
		      "the whole records [pipes#records]",
       .timeout = 10)
{
	const char *parts[] = {"abc\nde", NULL};
	struct read_seen *r = read_parts(parts, "\"abc\\nde\"");

	cr_expect(r->n == -1 && r->err == EPROTO,
		  "returned %ld (errno %d), expected -1 with EPROTO", r->n, r->err);
	cr_expect(strcmp(r->u.got.text, "abc|") == 0,
		  "records (joined by |) were \"%s\", expected \"abc|\"", r->u.got.text);
}

/* Check n records of lengths 1..COLLECTOR_RECORD_MAX in order. */
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

/* Write 600 records of lengths big_len(i), each in one write(). */
static void feed_large(int fd, const void *what)
{
	static char rec[PIPE_BUF];

	(void)what;
	for (long i = 0; i < 600; i++) {
		size_t len = big_len(i);
		memset(rec, 'a' + i % 26, len);
		rec[len] = '\n';
		if (write(fd, rec, len + 1) != (ssize_t)len + 1)
			_exit(1);
	}
}

GRADED(collector, read_many_large_records,
       .description = "600 records of up to PIPE_BUF bytes, 1.2 MB in all, arrive in order and "
		      "whole [pipes#records]",
       .timeout = 10)
{
	struct read_seen *r = read_isolated(feed_large, NULL, check_order,
					    "600 records of up to PIPE_BUF bytes");

	cr_expect(r->n == 600, "returned %ld (errno %d), expected 600", r->n, r->err);
	cr_expect(r->u.order.bad == 0, "%ld of %ld records were torn or out of order",
		  r->u.order.bad, r->u.order.next);
}

/* A nonce for one scenario run, so that only its observer can say it finished. */
static void make_nonce(char *out, size_t size)
{
	unsigned char raw[12];
	FILE *f = fopen("/dev/urandom", "rb");

	cr_assert(f && fread(raw, 1, sizeof raw, f) == sizeof raw,
		  "the test cannot read /dev/urandom");
	fclose(f);
	out[0] = '\0';
	for (size_t i = 0; i < sizeof raw && 2 * i + 2 < size; i++)
		snprintf(out + 2 * i, size - 2 * i, "%02x", raw[i]);
}

GRADED(collector, fifo_many_producers,
       .description = "16 producers write records to one FIFO at once; the collector gets each "
		      "exactly once and whole [pipes#fifos]",
       .timeout = 20)
{
	char *argv[] = {(char *)graded_program("fifo_stress"), "16", NULL};
	struct graded_opts o = {.seconds = 10};
	struct graded_result r;
	static char var[64];
	char nonce[32], line[64];

	/* The nonce goes into the environment from a buffer of ours (putenv), so
	 * that it can be wiped once fifo_stress has run. */
	make_nonce(nonce, sizeof nonce);
	snprintf(line, sizeof line, "scenario complete %s: ", nonce);
	snprintf(var, sizeof var, "GRADED_NONCE=%s", nonce);
	memset(nonce, 0, sizeof nonce);
	cr_assert(putenv(var) == 0, "the test cannot set GRADED_NONCE");
	int started = graded_run(&r, argv, &o);
	unsetenv("GRADED_NONCE");
	memset(var, 0, sizeof var);
	cr_assert(started == 0, "could not start fifo_stress");
	int clean = !r.timed_out && r.exited && r.exit_code == 0;
	cr_expect(clean, "fifo_stress 16 %s, expected status 0; it said:\n%.600s",
		  graded_describe(&r), r.err);
	cr_expect(!clean || strstr(r.out, line) != NULL,
		  "fifo_stress 16 %s but never said that the scenario was complete, so it did not "
		  "run to its end (exit() or _exit() called in your code?); it said:\n%.600s",
		  graded_describe(&r), r.err);
	graded_result_free(&r);
}
