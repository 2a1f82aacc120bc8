/* tee_append.c - the whole tee command line, -a into two files, for the leaks check
 *
 *     tee_append
 *
 * The leaks check (given code) runs this under Valgrind with --track-fds=yes.
 * It runs the lab's own command line (the main of tee_main.c, renamed) as
 * "tee -a l1 l2" with its standard input a file of binary data and its
 * standard output a file, l1 holding a line already and l2 missing.  It is
 * clean only when tee returned 0, standard output got the input, l1 the old
 * line followed by the input and l2 the input, so Valgrind's verdict is
 * about a program that works.  (Run as a program with stdin /dev/null,
 * "tee -a l1 l2" would show nothing on stdout whatever it did.)  Every
 * descriptor this file opens is closed before the scenario returns;
 * whatever is still open at the end was left by the program.
 *
 * The work runs in the worker process of labs/common/scenario.h, which
 * counts the runs of tee that returned 0 (rounds), the outputs that held
 * exactly what they must (records) and the checks that failed.  The
 * observer then reads the three outputs itself (verified), and accepts only
 * the account that scenario_expect() computes.
 */
#define _GNU_SOURCE
#define main tee_main
#include "tee_main.c"
#undef main

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "scenario.h"

#define INPUT_LEN 200000
#define OLD "a line l1 held before\n"
/* Outputs checked: standard output, l1, l2. */
#define OUTPUTS 3

static char input[INPUT_LEN];
static char expected_l1[sizeof OLD - 1 + INPUT_LEN];

/* Write len bytes to path (created or truncated); 0 or -1. */
static int put(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int ok = fd >= 0 && write(fd, data, len) == (ssize_t)len;
	if (fd >= 0)
		close(fd);
	return ok ? 0 : -1;
}

/* 1 when path holds exactly len bytes equal to data, else 0 (and says so). */
static int holds(const char *path, const char *data, size_t len)
{
	static char buf[sizeof expected_l1 + 1];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t got = 0;
	ssize_t n;

	if (fd < 0) {
		fprintf(stderr, "tee_append: %s was not created\n", path);
		return 0;
	}
	while (got < sizeof buf && (n = read(fd, buf + got, sizeof buf - got)) > 0)
		got += (size_t)n;
	close(fd);
	if (got == len && memcmp(buf, data, len) == 0)
		return 1;
	fprintf(stderr, "tee_append: after tee -a l1 l2, %s holds %zu bytes, not the %zu "
		"expected\n", path, got, len);
	return 0;
}

/* Put file path on descriptor target (0 or 1); the old one is kept in *saved. */
static int redirect(int target, const char *path, int flags, int *saved)
{
	*saved = fcntl(target, F_DUPFD_CLOEXEC, 3);
	int fd = open(path, flags | O_CLOEXEC, 0644);
	int ok = *saved >= 0 && fd >= 0 && dup2(fd, target) == target;
	if (fd >= 0)
		close(fd);
	return ok ? 0 : -1;
}

static void restore(int target, int saved)
{
	if (saved < 0)
		return;
	dup2(saved, target);
	close(saved);
}

/* The input and what l1 must end with, made alike in worker and observer. */
static void make_input(void)
{
	for (size_t i = 0; i < INPUT_LEN; i++)
		input[i] = i % 5 == 0 ? '\0' : (char)(i * 13 + i / 97);
	memcpy(expected_l1, OLD, sizeof OLD - 1);
	memcpy(expected_l1 + sizeof OLD - 1, input, INPUT_LEN);
}

static int scenario_run(int argc, char *argv[], struct scenario_account *a)
{
	(void)argc;
	(void)argv;
	char *args[] = {"tee", "-a", "l1", "l2", NULL};
	int saved_in = -1, saved_out = -1;

	make_input();
	unlink("l2");
	if (put("append.in", input, INPUT_LEN) < 0 || put("l1", OLD, sizeof OLD - 1) < 0) {
		perror("tee_append: cannot write the input files");
		return 1;
	}
	fflush(NULL);
	if (redirect(0, "append.in", O_RDONLY, &saved_in) < 0 ||
	    redirect(1, "append.out", O_WRONLY | O_CREAT | O_TRUNC, &saved_out) < 0) {
		perror("tee_append: cannot redirect stdin and stdout");
		restore(0, saved_in);
		restore(1, saved_out);
		return 1;
	}
	int status = tee_main(4, args);
	fflush(NULL);
	restore(0, saved_in);
	restore(1, saved_out);
	if (status == 0) {
		a->rounds++;
	} else {
		fprintf(stderr, "tee_append: tee -a l1 l2 returned %d, expected 0\n", status);
		a->failures++;
	}
	int ok[OUTPUTS] = {
		holds("append.out", input, INPUT_LEN),
		holds("l1", expected_l1, sizeof expected_l1),
		holds("l2", input, INPUT_LEN),
	};
	for (int i = 0; i < OUTPUTS; i++) {
		a->records += ok[i];
		a->failures += !ok[i];
	}
	return a->failures ? 1 : 0;
}

/* The observer, once the worker has ended: the three outputs, read again. */
static void scenario_verify(int argc, char *argv[], struct scenario_link *l,
			    struct scenario_account *seen)
{
	(void)argc;
	(void)argv;
	scenario_end(l);
	make_input();
	seen->verified += scenario_file_holds(l, "append.out", input, INPUT_LEN);
	seen->verified += scenario_file_holds(l, "l1", expected_l1, sizeof expected_l1);
	seen->verified += scenario_file_holds(l, "l2", input, INPUT_LEN);
	unlink("append.in");
}

static void scenario_expect(int argc, char *argv[], struct scenario_account *a)
{
	(void)argc;
	(void)argv;
	a->rounds = 1;
	a->records = OUTPUTS;
	a->reaped = 0;
	a->verified = OUTPUTS;
	a->failures = 0;
}

SCENARIO_MAIN
