/* tee_tests.c - the lab's tee against coreutils tee, byte for byte
 *
 * Every test runs the student's tee and the real tee(1) on the same input
 * with the same kind of arguments (files t* for the student's, o* for
 * coreutils'), then compares standard output, the exit status and every
 * output file.  Error messages are checked by their prefix and stream only:
 * the reason comes from strerror() and differs between C libraries.
 */
#define _GNU_SOURCE
#include "support.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Run the student's tee with up to 8 arguments and this input. */
static void run_tee(struct graded_result *r, const char *const args[],
		    const char *input, size_t len)
{
	const char *argv[10] = {tee_program()};
	for (int i = 0; args[i] && i < 8; i++)
		argv[i + 1] = args[i];
	struct graded_opts o = {.input = input, .input_len = len, .seconds = 10};
	cr_assert(graded_run(r, (char *const *)argv, &o) == 0,
		  "could not start %s", argv[0]);
}

/* Run coreutils tee through /bin/sh with this argument text and input. */
static void run_oracle(struct graded_result *r, const char *args,
		       const char *input, size_t len)
{
	char script[512];
	snprintf(script, sizeof script, "exec tee %s", args);
	struct graded_opts o = {.input = input, .input_len = len, .seconds = 10};
	cr_assert(graded_sh(r, script, &o) == 0, "could not run coreutils tee");
}

/* Expect stdout and exit status of the student's run to match the oracle's. */
static void expect_same_run(const struct graded_result *got,
			    const struct graded_result *want, const char *what)
{
	cr_expect(got->out_len == want->out_len &&
		  memcmp(got->out, want->out, got->out_len) == 0,
		  "%s: standard output differs from coreutils tee's: expected %zu bytes, "
		  "got %zu", what, want->out_len, got->out_len);
	cr_expect(graded_shell_status(got) == graded_shell_status(want),
		  "%s: coreutils tee exits with status %d, yours %s (stderr: %.300s)",
		  what, graded_shell_status(want), graded_describe(got), got->err);
}

GRADED(tee, empty_input,
       .description = "with empty input, tee creates every file empty and exits 0, "
		      "as coreutils tee does [syscalls#the-copy-loop]",
       .timeout = 30)
{
	struct graded_result got, want;
	run_tee(&got, (const char *[]){"t1", "t2", NULL}, NULL, 0);
	run_oracle(&want, "o1 o2", NULL, 0);
	expect_same_run(&got, &want, "tee t1 t2 < /dev/null");
	expect_same_file("o1", "t1", "first file");
	expect_same_file("o2", "t2", "second file");
	graded_result_free(&got);
	graded_result_free(&want);
}

GRADED(tee, binary_data_with_nul_bytes,
       .description = "binary input full of NUL bytes reaches stdout and every file "
		      "unchanged: use the count read(2) returns, never strlen "
		      "[syscalls#the-copy-loop]",
       .timeout = 30)
{
	size_t len = 300000;
	char *data = make_bytes(len, 7, 1);
	struct graded_result got, want;
	run_tee(&got, (const char *[]){"t1", "t2", NULL}, data, len);
	run_oracle(&want, "o1 o2", data, len);
	expect_same_run(&got, &want, "tee t1 t2 < binary");
	expect_file_is("t1", data, len, "first file");
	expect_file_is("t2", data, len, "second file");
	graded_result_free(&got);
	graded_result_free(&want);
	free(data);
}

GRADED(tee, stream_of_50_mib,
       .description = "a 50 MiB stream reaches stdout and two files whole, byte for "
		      "byte as with coreutils tee [syscalls#the-copy-loop]",
       .timeout = 90)
{
	char script[4096];
	struct graded_result got, want;
	struct graded_opts o = {.seconds = 60};

	make_file("big", 50u << 20, 50, 0);
	snprintf(script, sizeof script, "exec %s t1 t2 < big > tout", shq(tee_program()));
	graded_sh(&got, script, &o);
	graded_sh(&want, "exec tee o1 o2 < big > oout", &o);
	cr_expect(graded_shell_status(&got) == graded_shell_status(&want),
		  "tee t1 t2 < big: coreutils tee exits with status %d, yours %s "
		  "(stderr: %.300s)", graded_shell_status(&want), graded_describe(&got),
		  got.err);
	expect_same_file("oout", "tout", "standard output");
	expect_same_file("o1", "t1", "first file");
	expect_same_file("o2", "t2", "second file");
	graded_result_free(&got);
	graded_result_free(&want);
}

GRADED(tee, several_files,
       .description = "every one of six files gets the whole input [syscalls#the-copy-loop]",
       .timeout = 30)
{
	size_t len = 70000;
	char *data = make_bytes(len, 6, 0);
	struct graded_result got, want;
	run_tee(&got, (const char *[]){"t1", "t2", "t3", "t4", "t5", "t6", NULL}, data, len);
	run_oracle(&want, "o1 o2 o3 o4 o5 o6", data, len);
	expect_same_run(&got, &want, "tee t1 ... t6");
	for (int i = 1; i <= 6; i++) {
		char t[8], o[8];
		snprintf(t, sizeof t, "t%d", i);
		snprintf(o, sizeof o, "o%d", i);
		expect_same_file(o, t, t);
	}
	graded_result_free(&got);
	graded_result_free(&want);
	free(data);
}

/* "exec PROG PREFIX1 PREFIX2 ... PREFIXn" for graded_sh (malloc'd). */
static char *many_files_script(const char *prog, const char *prefix, int n)
{
	size_t cap = strlen(prog) + 16 + (size_t)n * (strlen(prefix) + 8);
	char *script = malloc(cap);
	cr_assert(script, "test: out of memory");
	size_t len = (size_t)snprintf(script, cap, "exec %s", prog);
	for (int i = 1; i <= n; i++)
		len += (size_t)snprintf(script + len, cap - len, " %s%d", prefix, i);
	return script;
}

GRADED(tee, three_hundred_files,
       .description = "every one of three hundred files gets the whole input: the "
		      "lab sets no limit on the number of outputs, so neither may tee "
		      "(an array sized for the files given, not a fixed one) "
		      "[syscalls#the-copy-loop]",
       .timeout = 30)
{
	enum { FILES = 300 };
	size_t len = 70000;
	char *data = make_bytes(len, 7, 0);
	char *mine = many_files_script(shq(tee_program()), "t", FILES);
	char *theirs = many_files_script("tee", "o", FILES);
	struct graded_opts o = {.input = data, .input_len = len, .seconds = 10};
	struct graded_result got, want;
	cr_assert(graded_sh(&got, mine, &o) == 0, "could not start %s", tee_program());
	cr_assert(graded_sh(&want, theirs, &o) == 0, "could not run coreutils tee");
	expect_same_run(&got, &want, "tee t1 ... t300");
	int wrong = 0, first = 0;
	for (int i = 1; i <= FILES; i++) {
		char t[16];
		snprintf(t, sizeof t, "t%d", i);
		size_t n;
		char *bytes = graded_read_file(t, &n);
		if (!bytes || n != len || memcmp(bytes, data, len) != 0) {
			wrong++;
			first = first ? first : i;
		}
		free(bytes);
	}
	cr_expect(wrong == 0, "tee t1 ... t300: %d of the 300 files do not hold the %zu "
		  "bytes of input, the first of them t%d", wrong, len, first);
	graded_result_free(&got);
	graded_result_free(&want);
	free(mine);
	free(theirs);
	free(data);
}

GRADED(tee, truncates_existing_files,
       .description = "without -a an existing file is truncated first (O_TRUNC), so "
		      "no old bytes survive past the new data [syscalls#the-lab]",
       .timeout = 30)
{
	const char *old = "an old line that is longer than the new data\n";
	graded_write_file("t1", old, strlen(old));
	graded_write_file("o1", old, strlen(old));
	struct graded_result got, want;
	run_tee(&got, (const char *[]){"t1", NULL}, "new\n", 4);
	run_oracle(&want, "o1", "new\n", 4);
	expect_same_run(&got, &want, "tee t1");
	expect_same_file("o1", "t1", "the truncated file");
	graded_result_free(&got);
	graded_result_free(&want);
}

GRADED(tee, appends_with_a,
       .description = "with -a the data is added after what the file held (O_APPEND), "
		      "and a missing file is created [syscalls#the-lab]",
       .timeout = 30)
{
	const char *old = "first line\n";
	graded_write_file("t1", old, strlen(old));
	graded_write_file("o1", old, strlen(old));
	struct graded_result got, want;
	run_tee(&got, (const char *[]){"-a", "t1", "t2", NULL}, "second line\n", 12);
	run_oracle(&want, "-a o1 o2", "second line\n", 12);
	expect_same_run(&got, &want, "tee -a t1 t2");
	expect_same_file("o1", "t1", "the appended file");
	expect_same_file("o2", "t2", "the file -a created");
	graded_result_free(&got);
	graded_result_free(&want);
}

GRADED(tee, unopenable_file_among_good_ones,
       .description = "a file that cannot be opened is reported as \"tee: cannot open "
		      "'FILE': ...\" on stderr, the other files still get the data, and "
		      "the exit status is 1 [syscalls#the-lab]",
       .timeout = 30)
{
	size_t len = 100000;
	char *data = make_bytes(len, 8, 0);
	struct graded_result got, want;
	run_tee(&got, (const char *[]){"t1", "no/such/dir/t", "t2", NULL}, data, len);
	run_oracle(&want, "o1 no/such/dir/o o2", data, len);
	expect_same_run(&got, &want, "tee t1 no/such/dir/t t2");
	expect_same_file("o1", "t1", "the file before the bad one");
	expect_same_file("o2", "t2", "the file after the bad one");
	cr_expect(count_lines_with_prefix(got.err, "tee: cannot open 'no/such/dir/t': ") == 1,
		  "expected one line on stderr starting \"tee: cannot open "
		  "'no/such/dir/t': \"; stderr was:\n%.500s", got.err);
	graded_result_free(&got);
	graded_result_free(&want);
	free(data);
}

/* Expect the student's new file and coreutils' to get the same mode under mask. */
static void expect_mode_under_umask(const char *mask)
{
	char script[4096];
	struct graded_result got, want;
	struct stat st, so;

	snprintf(script, sizeof script, "umask %s; exec %s t1 < /dev/null", mask,
		 shq(tee_program()));
	graded_sh(&got, script, NULL);
	snprintf(script, sizeof script, "umask %s; exec tee o1 < /dev/null", mask);
	graded_sh(&want, script, NULL);
	cr_assert(stat("o1", &so) == 0, "coreutils tee did not create its file");
	cr_assert(stat("t1", &st) == 0, "under umask %s, tee t1 did not create t1 (%s)",
		  mask, graded_describe(&got));
	cr_expect((st.st_mode & 07777) == (so.st_mode & 07777),
		  "under umask %s a new file should get mode %04o (0666 minus the umask), "
		  "as coreutils gives it; yours got %04o", mask, so.st_mode & 07777,
		  st.st_mode & 07777);
	graded_result_free(&got);
	graded_result_free(&want);
}

GRADED(tee, new_file_mode_under_umask_022,
       .description = "a new file gets mode 0666 minus the umask: 0644 under umask 022 "
		      "[syscalls#the-lab]",
       .timeout = 30)
{
	expect_mode_under_umask("022");
}

GRADED(tee, new_file_mode_under_umask_077,
       .description = "a new file gets mode 0666 minus the umask: 0600 under umask 077 "
		      "[syscalls#the-lab]",
       .timeout = 30)
{
	expect_mode_under_umask("077");
}

GRADED(tee, write_error_on_one_file,
       .description = "when writing one file fails (/dev/full: ENOSPC) it is reported "
		      "once as \"tee: cannot write 'FILE': ...\", the other outputs get "
		      "everything and the exit status is 1 [syscalls#errors-as-users-expect]",
       .timeout = 30)
{
	size_t len = 500000;
	char *data = make_bytes(len, 9, 0);
	struct graded_result got, want;
	run_tee(&got, (const char *[]){"t1", "/dev/full", "t2", NULL}, data, len);
	run_oracle(&want, "o1 /dev/full o2", data, len);
	expect_same_run(&got, &want, "tee t1 /dev/full t2");
	expect_same_file("o1", "t1", "the file before /dev/full");
	expect_same_file("o2", "t2", "the file after /dev/full");
	cr_expect(count_lines_with_prefix(got.err, "tee: cannot write '/dev/full': ") == 1,
		  "expected exactly one line on stderr starting \"tee: cannot write "
		  "'/dev/full': \"; stderr was:\n%.500s", got.err);
	graded_result_free(&got);
	graded_result_free(&want);
	free(data);
}

GRADED(tee, write_error_on_stdout,
       .description = "when standard output fails (it is /dev/full) the error is "
		      "reported as \"tee: cannot write standard output: ...\", the files "
		      "still get everything and the exit status is 1 "
		      "[syscalls#errors-as-users-expect]",
       .timeout = 30)
{
	char script[4096];
	struct graded_result got, want;

	make_file("in", 300000, 10, 0);
	snprintf(script, sizeof script, "exec %s t1 < in > /dev/full", shq(tee_program()));
	graded_sh(&got, script, NULL);
	graded_sh(&want, "exec tee o1 < in > /dev/full", NULL);
	cr_expect(graded_shell_status(&got) == graded_shell_status(&want),
		  "tee t1 > /dev/full: coreutils tee exits with status %d, yours %s",
		  graded_shell_status(&want), graded_describe(&got));
	expect_same_file("in", "t1", "the file");
	cr_expect(count_lines_with_prefix(got.err, "tee: cannot write standard output: ") == 1,
		  "expected exactly one line on stderr starting \"tee: cannot write "
		  "standard output: \"; stderr was:\n%.500s", got.err);
	graded_result_free(&got);
	graded_result_free(&want);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Read from fd until want bytes arrived or the deadline passed. */
static size_t read_until(int fd, char *buf, size_t want, double deadline)
{
	size_t got = 0;
	while (got < want && now() < deadline) {
		struct pollfd p = {fd, POLLIN, 0};
		if (poll(&p, 1, 50) <= 0)
			continue;
		ssize_t n = read(fd, buf + got, want - got);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	return got;
}

/* Poll a file until it holds want bytes, the deadline passed or the
 * process pid exited (nothing more will come then; it is reaped, its wait
 * status in *status).  Returns the file's size, or -1 when it does not
 * exist; *reaped is set to 1 if pid was reaped. */
static long wait_for_size(const char *path, long want, double deadline, pid_t pid,
			  int *status, int *reaped)
{
	struct stat st;
	long size = -1;
	while (now() < deadline) {
		size = stat(path, &st) == 0 ? (long)st.st_size : -1;
		if (size >= want || *reaped)
			break;
		*reaped = waitpid(pid, status, WNOHANG) == pid;
		if (!*reaped)
			usleep(20000);
	}
	return size;
}

GRADED(tee, passes_data_on_at_once,
       .description = "each chunk read is written to every output before the next "
		      "read, with no stdio buffer holding it back: a line typed into tee "
		      "shows up before end of input [syscalls#no-stdio]",
       .timeout = 30)
{
	int in[2], out[2];
	const char *line = "a line, and the input stays open\n";
	size_t len = strlen(line);
	char buf[256] = "";

	cr_assert(pipe2(in, O_CLOEXEC) == 0 && pipe2(out, O_CLOEXEC) == 0, "test: pipe failed");
	pid_t pid = fork();
	cr_assert(pid >= 0, "test: fork failed");
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		execl(tee_program(), tee_program(), "t1", (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	cr_expect(write(in[1], line, len) == (ssize_t)len, "test: cannot write to tee");
	double deadline = now() + 5;
	size_t got = read_until(out[0], buf, len, deadline);
	int status, reaped = 0;
	long size = wait_for_size("t1", (long)len, deadline, pid, &status, &reaped);
	close(in[1]);
	read_until(out[0], buf + got, sizeof buf - 1 - got, now() + 5);
	if (!reaped && waitpid(pid, &status, WNOHANG) == 0) {
		usleep(200000);
		kill(pid, SIGKILL);
	}
	if (!reaped)
		waitpid(pid, &status, 0);
	close(out[0]);
	cr_expect(got == len && memcmp(buf, line, len) == 0,
		  "one line was written to tee and its input left open: expected it on "
		  "stdout within 5 s, got %zu of %zu bytes (stdio buffering? a read that "
		  "waits for a full buffer?)", got, len);
	if (size < 0)
		cr_expect_fail("one line was written to tee and its input left open: expected "
			       "it in t1 within 5 s, but t1 does not exist");
	else
		cr_expect(size == (long)len,
			  "one line was written to tee and its input left open: expected it "
			  "in t1 within 5 s, t1 held %ld of %zu bytes", size, len);
}
