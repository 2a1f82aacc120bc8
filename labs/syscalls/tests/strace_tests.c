/* strace_tests.c - strace as the judge of the lab's system calls
 *
 * strace runs the student's tee as its tracee and injects faults the way a
 * busy kernel produces them: EINTR on read and write, short writes, ENOSPC
 * and EIO on one output.  -P limits an injection to the calls that touch
 * one file.  Its log then shows what tee really asked the kernel for: how
 * many reads a 50 MiB input took, whether each chunk was written at once,
 * whether the outputs were opened with O_CLOEXEC.
 *
 * Where strace cannot trace (ptrace not permitted), every test here is
 * reported as not graded, never as passed.
 */
#define _GNU_SOURCE
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIB (1u << 20)

/* "exec 'TEE' ARGS < in": a script whose process becomes the student's tee,
 * so that strace without -f traces it from its first instruction. */
static const char *exec_tee(const char *args, const char *redirections)
{
	static char script[4096];
	snprintf(script, sizeof script, "exec %s %s %s", shq(tee_program()), args,
		 redirections);
	return script;
}

/* Expect the run to have exited with status code. */
static void expect_status(const struct graded_result *r, int code, const char *what)
{
	cr_expect(r->exited && r->exit_code == code,
		  "%s: expected exit status %d, yours %s (stderr: %.300s)", what, code,
		  graded_describe(r), r->err);
}

/* Number of injected calls in the log. */
static size_t count_injected(const struct call *c, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += c[i].injected;
	return k;
}

GRADED(strace, eintr_on_read_is_retried,
       .description = "read(2) failing with EINTR (every second read of stdin, "
		      "injected by strace) is simply retried: all data arrives and the "
		      "exit status is 0 [syscalls#eintr]",
       .timeout = 60)
{
	need_strace();
	make_file("in", 2 * MIB + 99, 21, 0);
	char in[4096];
	snprintf(in, sizeof in, "%s", abs_path("in"));
	struct graded_result r;
	run_strace(&r, (const char *[]){"-o", "trace.log", "-P", in, "-e", "trace=read",
		   "-e", "inject=read:error=EINTR:when=2+2", "/bin/sh", "-c",
		   exec_tee("t1", "< in > tout"), NULL}, NULL, 0, 30);
	size_t n;
	struct call *c = strace_calls("trace.log", &n);
	cr_expect(count_injected(c, n) > 0,
		  "strace injected no EINTR: tee never read its stdin a second time "
		  "(log: trace.log)");
	expect_status(&r, 0, "reads interrupted by EINTR");
	expect_same_file("in", "tout", "standard output after EINTR on read");
	expect_same_file("in", "t1", "t1 after EINTR on read");
	free(c);
	graded_result_free(&r);
}

GRADED(strace, eintr_on_write_is_retried,
       .description = "write(2) failing with EINTR (the first write to one file and "
		      "every second one after it, injected by strace) is retried: the "
		      "file is complete and the exit status is 0 [syscalls#eintr]",
       .timeout = 60)
{
	need_strace();
	make_file("in", 2 * MIB + 99, 22, 0);
	char t1[4096];
	snprintf(t1, sizeof t1, "%s", abs_path("t1"));
	struct graded_result r;
	run_strace(&r, (const char *[]){"-o", "trace.log", "-P", t1, "-e", "trace=write",
		   "-e", "inject=write:error=EINTR:when=1+2", "/bin/sh", "-c",
		   exec_tee("t1 t2", "< in > tout"), NULL}, NULL, 0, 30);
	size_t n;
	struct call *c = strace_calls("trace.log", &n);
	cr_expect(count_injected(c, n) > 0,
		  "strace injected no EINTR: tee never wrote to t1 with write(2)");
	expect_status(&r, 0, "writes interrupted by EINTR");
	expect_same_file("in", "t1", "t1, the file whose writes were interrupted");
	expect_same_file("in", "t2", "t2");
	expect_same_file("in", "tout", "standard output");
	free(c);
	graded_result_free(&r);
}

GRADED(strace, short_writes_are_continued,
       .description = "when the kernel writes only part of a chunk (a short write: "
		      "stdout is a 4 KiB pipe and each write(2) meets a signal), tee goes "
		      "on from the first byte not written [syscalls#short-writes]",
       .timeout = 60)
{
	need_strace();
	size_t len = MIB + 77;
	char *data = make_bytes(len, 23, 0);
	struct graded_result r;
	// smallpipe shrinks the stdout pipe to one page and execs tee; strace
	// sends SIGURG (ignored, yet it interrupts a blocked write) on each write.
	char smallpipe[4096];
	snprintf(smallpipe, sizeof smallpipe, "%s", graded_program("smallpipe"));
	run_strace(&r, (const char *[]){"-o", "trace.log", "-e", "trace=write",
		   "-e", "inject=write:signal=SIGURG", smallpipe, tee_program(), "t1",
		   NULL}, data, len, 30);
	size_t n, shorts = 0;
	struct call *c = strace_calls("trace.log", &n);
	long biggest = -1;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(c[i].name, "write") == 0 && c[i].fd == 1) {
			if (c[i].count > biggest)
				biggest = c[i].count;
			shorts += c[i].ret >= 0 && c[i].ret < c[i].count;
		}
	}
	// The verdict follows the sizes tee asked for, not the timing: a write
	// of at most 4096 bytes to a one-page pipe is atomic (PIPE_BUF), so it is
	// never cut short, whether or not the reader happens to be slow.
	if (biggest < 0)
		cr_expect_fail("tee never wrote to stdout, so the kernel had no write to "
			       "cut short (the input was %zu bytes)", len);
	else if (biggest <= 4096)
		cr_expect_fail("this test cannot see whether tee goes on after a short write: "
			       "your biggest write to stdout asked for %ld bytes, and a pipe "
			       "write of at most 4096 bytes (PIPE_BUF) is never cut short; is "
			       "your buffer at least 64 KiB?", biggest);
	else
		cr_expect(shorts > 0,
			  "the kernel never cut a write to stdout short: your biggest write "
			  "asked for %ld bytes of a 4096-byte pipe", biggest);
	expect_status(&r, 0, "tee with short writes on stdout");
	cr_expect(r.out_len == len && memcmp(r.out, data, len) == 0,
		  "after %zu short writes, expected stdout to be the %zu bytes of input; "
		  "it has %zu bytes%s", shorts, len, r.out_len,
		  r.out_len == len ? " but they differ" : "");
	expect_file_is("t1", data, len, "t1");
	free(c);
	free(data);
	graded_result_free(&r);
}

GRADED(strace, enospc_on_one_output_only,
       .description = "when one file's second write fails with ENOSPC (injected by "
		      "strace), that file keeps what was written before and is written "
		      "no more, the others get everything, the exit status is 1 "
		      "[syscalls#errors-as-users-expect]",
       .timeout = 60)
{
	need_strace();
	size_t len = 4 * MIB + 5;
	make_file("in", len, 24, 0);
	char *data = graded_read_file("in", NULL);
	char t2[4096];
	snprintf(t2, sizeof t2, "%s", abs_path("t2"));
	struct graded_result r;
	/* The input comes through a pipe, so no read returns more than the
	 * pipe holds (64 KiB): t2 is written many times whatever the size of
	 * tee's buffer. */
	run_strace(&r, (const char *[]){"-o", "trace.log", "-P", t2, "-e", "trace=write",
		   "-e", "inject=write:error=ENOSPC:when=2", "/bin/sh", "-c",
		   exec_tee("t1 t2 t3", "> tout"), NULL}, data, len, 30);
	size_t n, written = 0, after = 0, injected = 0;
	struct call *c = strace_calls("trace.log", &n);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(c[i].name, "write") != 0)
			continue;
		if (injected)
			after++;
		else if (c[i].injected)
			injected = 1;
		else if (c[i].ret > 0)
			written += (size_t)c[i].ret;
	}
	cr_assert(injected, "strace injected no ENOSPC: tee wrote t2 fewer than two "
		  "times for a 4 MiB input read from a pipe (or not with write(2))");
	expect_status(&r, 1, "ENOSPC on t2");
	cr_expect(after == 0, "after its write failed with ENOSPC, t2 should be written "
		  "no more; tee wrote it %zu more times", after);
	expect_file_is("t2", data, written, "t2 holds what was written before ENOSPC");
	expect_same_file("in", "t1", "t1");
	expect_same_file("in", "t3", "t3");
	expect_same_file("in", "tout", "standard output");
	cr_expect(count_lines_with_prefix(r.err, "tee: cannot write 't2': ") == 1,
		  "expected one line on stderr starting \"tee: cannot write 't2': \"; "
		  "stderr was:\n%.500s", r.err);
	free(data);
	free(c);
	graded_result_free(&r);
}

GRADED(strace, failed_output_is_written_no_more,
       .description = "an output whose write failed (/dev/full) is not written again: "
		      "strace counts one write to it [syscalls#errors-as-users-expect]",
       .timeout = 60)
{
	need_strace();
	make_file("in", MIB, 25, 0);
	struct graded_result r;
	run_strace(&r, (const char *[]){"-o", "trace.log", "-P", "/dev/full",
		   "-e", "trace=write", "/bin/sh", "-c",
		   exec_tee("t1 /dev/full", "< in > /dev/null"), NULL}, NULL, 0, 30);
	size_t n, writes = 0;
	struct call *c = strace_calls("trace.log", &n);
	for (size_t i = 0; i < n; i++)
		writes += strcmp(c[i].name, "write") == 0;
	cr_expect(writes == 1, "expected one write to /dev/full (it fails with ENOSPC, "
		  "then the output is dropped); strace counted %zu", writes);
	expect_status(&r, 1, "tee t1 /dev/full");
	expect_same_file("in", "t1", "t1");
	free(c);
	graded_result_free(&r);
}

GRADED(strace, buffer_of_at_least_64_kib,
       .description = "a 50 MiB input is read in at most 802 read(2) calls, so the "
		      "buffer holds at least 64 KiB [syscalls#syscall-cost]",
       .timeout = 90)
{
	need_strace();
	make_file("big", 50 * MIB, 26, 0);
	char big[4096];
	snprintf(big, sizeof big, "%s", abs_path("big"));
	struct graded_result r;
	run_strace(&r, (const char *[]){"-o", "trace.log", "-P", big, "-e", "trace=read",
		   "/bin/sh", "-c", exec_tee("", "< big > /dev/null"), NULL}, NULL, 0, 60);
	size_t n, reads = 0, bytes = 0;
	struct call *c = strace_calls("trace.log", &n);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(c[i].name, "read") == 0 && c[i].fd == 0) {
			reads++;
			bytes += c[i].ret > 0 ? (size_t)c[i].ret : 0;
		}
	}
	expect_status(&r, 0, "tee < big");
	cr_expect(bytes == 50 * MIB, "expected tee to read all 52428800 bytes of stdin, "
		  "strace saw %zu", bytes);
	cr_expect(reads >= 1 && reads <= 802,
		  "a 50 MiB input should take at most 800 reads of 64 KiB (+ 2); yours "
		  "took %zu, about %zu bytes each", reads, reads ? bytes / reads : 0);
	free(c);
	graded_result_free(&r);
}

GRADED(strace, each_chunk_written_before_the_next_read,
       .description = "strace shows each chunk read from stdin written to stdout before "
		      "the next read: no stdio buffer on the data path [syscalls#no-stdio]",
       .timeout = 60)
{
	need_strace();
	size_t len = MIB + 4321;
	make_file("in", len, 27, 0);
	struct graded_result r;
	run_strace(&r, (const char *[]){"-o", "trace.log", "-s", "0", "-e", "trace=read,write",
		   "/bin/sh", "-c", exec_tee("", "< in"), NULL}, NULL, 0, 30);
	size_t n, reads = 0;
	struct call *c = strace_calls("trace.log", &n);
	long pending = 0;    // bytes read from fd 0 and not yet written to fd 1
	int bad = 0;
	for (size_t i = 0; i < n && !bad; i++) {
		if (strcmp(c[i].name, "read") == 0 && c[i].fd == 0) {
			cr_expect(pending == 0, "read number %zu of stdin came while %ld bytes "
				  "of the previous one were still not written to stdout",
				  reads + 1, pending);
			bad = pending != 0;
			pending = c[i].ret > 0 ? c[i].ret : 0;
			reads++;
		} else if (strcmp(c[i].name, "write") == 0 && c[i].fd == 1) {
			pending -= c[i].ret > 0 ? c[i].ret : 0;
			cr_expect(pending >= 0, "after read number %zu, stdout got more bytes "
				  "than that read returned", reads);
			bad = pending < 0;
		}
	}
	cr_expect(reads > 0, "strace saw no read(2) of stdin");
	cr_expect(bad || pending == 0, "the last %ld bytes read were never written to "
		  "stdout with write(2) before the end", pending);
	expect_status(&r, 0, "tee < in");
	cr_expect(r.out_len == len, "expected %zu bytes on stdout, got %zu", len, r.out_len);
	free(c);
	graded_result_free(&r);
}

GRADED(strace, outputs_opened_with_cloexec,
       .description = "every output file is opened with O_CLOEXEC, so no descriptor "
		      "leaks into a program started later [syscalls#descriptor-table]",
       .timeout = 30)
{
	need_strace();
	struct graded_result r;
	run_strace(&r, (const char *[]){"-o", "trace.log", "-e", "trace=open,openat",
		   tee_program(), "t1", "t2", NULL}, "x\n", 2, 10);
	size_t len = 0;
	char *log = graded_read_file("trace.log", &len);
	cr_assert(log, "strace wrote no log");
	const char *names[] = {"\"t1\"", "\"t2\""};
	for (int i = 0; i < 2; i++) {
		char *at = strstr(log, names[i]);
		cr_expect(at, "strace saw no open of %s", names[i]);
		if (!at)
			continue;
		char *end = strchr(at, '\n');
		char *cloexec = strstr(at, "O_CLOEXEC");
		cr_expect(cloexec && (!end || cloexec < end),
			  "%s was opened without O_CLOEXEC: %.*s", names[i],
			  end ? (int)(end - at) : 80, at);
	}
	expect_status(&r, 0, "tee t1 t2");
	free(log);
	graded_result_free(&r);
}

GRADED(strace, close_error_is_reported,
       .description = "close(2) can fail too (EIO, injected by strace): \"tee: cannot "
		      "close 'FILE': ...\" on stderr and exit status 1 "
		      "[syscalls#errors-as-users-expect]",
       .timeout = 30)
{
	need_strace();
	char t1[4096];
	snprintf(t1, sizeof t1, "%s", abs_path("t1"));
	struct graded_result r;
	run_strace(&r, (const char *[]){"-o", "trace.log", "-P", t1, "-e", "trace=close",
		   "-e", "inject=close:error=EIO", tee_program(), "t1", "t2", NULL},
		   "data\n", 5, 10);
	size_t n;
	struct call *c = strace_calls("trace.log", &n);
	cr_expect(count_injected(c, n) > 0, "tee never closed t1");
	expect_status(&r, 1, "close of t1 failing with EIO");
	cr_expect(count_lines_with_prefix(r.err, "tee: cannot close 't1': ") == 1,
		  "expected one line on stderr starting \"tee: cannot close 't1': \"; "
		  "stderr was:\n%.500s", r.err);
	expect_file_is("t2", "data\n", 5, "t2");
	free(c);
	graded_result_free(&r);
}
