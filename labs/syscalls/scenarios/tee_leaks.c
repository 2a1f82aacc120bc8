/* tee_leaks.c - run tee_run() through its error paths, for the leaks check
 *
 *     tee_leaks
 *
 * The leaks check (given code) runs this under Valgrind with --track-fds=yes.
 * It calls the student's tee_run() three times: with a file that cannot be
 * opened and /dev/full among good files, then with -a, then with no file.
 * It is clean only when every run did the work (right status, right file
 * contents), so Valgrind's verdict is about a program that works.  Every
 * descriptor this file opens is closed before the scenario returns; whatever
 * is still open at the end was left by tee_run().
 *
 * The work runs in the worker process of labs/common/scenario.h, which
 * counts the tee_run() calls that returned the status expected (rounds),
 * the output files that held exactly what they must (records) and the
 * checks that failed.  The observer then reads leaks1 and leaks2 itself
 * (verified), and accepts only the account that scenario_expect() computes.
 */
#define _GNU_SOURCE
#include "tee.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "scenario.h"

#define INPUT_LEN 300000
/* tee_run() calls made, and file contents checked after them. */
#define RUNS 3
#define FILES_CHECKED 3

static char input[INPUT_LEN];
static struct scenario_account *tally;   /* the worker's account */

/* The input every run copies, made alike in the worker and the observer. */
static void make_input(void)
{
	for (size_t i = 0; i < INPUT_LEN; i++)
		input[i] = (char)(i * 7 + i / 251);
}

/* Run tee_run(in, /dev/null, paths) with the input as stdin; count it as a
 * round when it returns want, as a failure otherwise. */
static void run(char *paths[], int npaths, int append, int want, const char *what)
{
	int in = open("leaks.in", O_RDONLY | O_CLOEXEC);
	int out = open("/dev/null", O_WRONLY | O_CLOEXEC);
	int status = -1;

	if (in >= 0 && out >= 0)
		status = tee_run(in, out, paths, npaths, append);
	else
		fprintf(stderr, "tee_leaks: cannot open leaks.in or /dev/null\n");
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	if (status == want) {
		tally->rounds++;
		return;
	}
	fprintf(stderr, "tee_leaks: %s should return %d, it returned %d\n", what, want, status);
	tally->failures++;
}

/* Count a record when path holds copies times the input, a failure (and
 * say so) otherwise. */
static void holds(const char *path, int copies)
{
	static char buf[2 * INPUT_LEN + 1];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t got = 0;
	ssize_t n;

	if (fd < 0) {
		fprintf(stderr, "tee_leaks: %s was not created\n", path);
		tally->failures++;
		return;
	}
	while (got < sizeof buf && (n = read(fd, buf + got, sizeof buf - got)) > 0)
		got += (size_t)n;
	close(fd);
	int ok = got == (size_t)copies * INPUT_LEN;
	for (int i = 0; ok && i < copies; i++)
		ok = memcmp(buf + (size_t)i * INPUT_LEN, input, INPUT_LEN) == 0;
	if (ok) {
		tally->records++;
		return;
	}
	fprintf(stderr, "tee_leaks: %s does not hold %d cop%s of the input (%zu bytes)\n",
		path, copies, copies == 1 ? "y" : "ies", got);
	tally->failures++;
}

static int scenario_run(int argc, char *argv[], struct scenario_account *a)
{
	(void)argc;
	(void)argv;
	char *mixed[] = {"leaks1", "no/such/dir/x", "/dev/full", "leaks2", NULL};
	char *again[] = {"leaks1", NULL};

	tally = a;
	make_input();
	int fd = open("leaks.in", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, input, INPUT_LEN) != INPUT_LEN) {
		perror("tee_leaks: cannot write leaks.in");
		if (fd >= 0)
			close(fd);
		return 1;
	}
	close(fd);
	run(mixed, 4, 0, 1, "tee with a bad file and /dev/full");
	holds("leaks1", 1);
	holds("leaks2", 1);
	run(again, 1, 1, 0, "tee -a leaks1");
	holds("leaks1", 2);
	run(again, 0, 0, 0, "tee with no file");
	return a->failures ? 1 : 0;
}

/* The observer, once the worker has ended: leaks1 must hold the input
 * twice (tee, then tee -a), leaks2 once. */
static void scenario_verify(int argc, char *argv[], struct scenario_link *l,
			    struct scenario_account *seen)
{
	(void)argc;
	(void)argv;
	static char twice[2 * INPUT_LEN];

	scenario_end(l);
	make_input();
	memcpy(twice, input, INPUT_LEN);
	memcpy(twice + INPUT_LEN, input, INPUT_LEN);
	seen->verified += scenario_file_holds(l, "leaks1", twice, sizeof twice);
	seen->verified += scenario_file_holds(l, "leaks2", input, INPUT_LEN);
	unlink("leaks.in");
}

static void scenario_expect(int argc, char *argv[], struct scenario_account *a)
{
	(void)argc;
	(void)argv;
	a->rounds = RUNS;
	a->records = FILES_CHECKED;
	a->reaped = 0;
	a->verified = 2;
	a->failures = 0;
}

SCENARIO_MAIN
