/* tee_leaks.c - run tee_run() through its error paths, for the leaks check
 *
 *     tee_leaks
 *
 * The leaks check (given code) runs this under Valgrind with --track-fds=yes.
 * It calls the student's tee_run() three times: with a file that cannot be
 * opened and /dev/full among good files, then with -a, then with no file.
 * Exits 0 only when every run did the work (right status, right file
 * contents), so Valgrind's verdict is about a program that works.  Every
 * descriptor this file opens is closed before it exits; whatever is still
 * open at exit was left by tee_run().
 */
#define _GNU_SOURCE
#include "tee.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define INPUT_LEN 300000

static char input[INPUT_LEN];

/* Run tee_run(in, /dev/null, paths) with the input as stdin; its status. */
static int run(char *paths[], int npaths, int append)
{
	int in = open("leaks.in", O_RDONLY | O_CLOEXEC);
	int out = open("/dev/null", O_WRONLY | O_CLOEXEC);
	int status = -1;

	if (in >= 0 && out >= 0)
		status = tee_run(in, out, paths, npaths, append);
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	return status;
}

/* 1 when path holds copies times the input, else 0 (and says so). */
static int holds(const char *path, int copies)
{
	static char buf[2 * INPUT_LEN + 1];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t got = 0;
	ssize_t n;

	if (fd < 0) {
		fprintf(stderr, "tee_leaks: %s was not created\n", path);
		return 0;
	}
	while (got < sizeof buf && (n = read(fd, buf + got, sizeof buf - got)) > 0)
		got += (size_t)n;
	close(fd);
	int ok = got == (size_t)copies * INPUT_LEN;
	for (int i = 0; ok && i < copies; i++)
		ok = memcmp(buf + (size_t)i * INPUT_LEN, input, INPUT_LEN) == 0;
	if (!ok)
		fprintf(stderr, "tee_leaks: %s does not hold %d copies of the input\n",
			path, copies);
	return ok;
}

int main(void)
{
	char *mixed[] = {"leaks1", "no/such/dir/x", "/dev/full", "leaks2", NULL};
	char *again[] = {"leaks1", NULL};
	int ok = 1;

	for (size_t i = 0; i < INPUT_LEN; i++)
		input[i] = (char)(i * 7 + i / 251);
	int fd = open("leaks.in", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, input, INPUT_LEN) != INPUT_LEN) {
		perror("tee_leaks: cannot write leaks.in");
		return 1;
	}
	close(fd);
	if (run(mixed, 4, 0) != 1) {
		fprintf(stderr, "tee_leaks: tee with a bad file and /dev/full should "
			"return 1\n");
		ok = 0;
	}
	ok &= holds("leaks1", 1) & holds("leaks2", 1);
	if (run(again, 1, 1) != 0) {
		fprintf(stderr, "tee_leaks: tee -a leaks1 should return 0\n");
		ok = 0;
	}
	ok &= holds("leaks1", 2);
	if (run(again, 0, 0) != 0) {
		fprintf(stderr, "tee_leaks: tee with no file should return 0\n");
		ok = 0;
	}
	return ok ? 0 : 1;
}
