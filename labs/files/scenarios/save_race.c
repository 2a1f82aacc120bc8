/* save_race.c - two savers of one file and a reader, at once (the races check)
 *
 *     save_race [ROUNDS]
 *
 * The worker saves a first version of race/target.txt with atomic_save(),
 * tells the observer, then forks two savers that each save ROUNDS versions
 * (default 40) of the same file as fast as they can.  Every version is a
 * few pages of lines that name its saver and round, so a mix of two
 * versions, a half-written one or an empty one is told from a whole one.
 *
 * The observer is the reader: from the first version on, until the worker
 * has ended, it opens and reads the file again and again, and every read
 * must find one whole version, never a mix and never no file at all.  Then
 * the file must hold the last round of one of the savers.  The worker counts
 * the saves that returned 0 (rounds) and the savers reaped; the observer
 * counts its own two checks (verified): every read was whole, and the last
 * version is there.
 */
#define _GNU_SOURCE
#include "save.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "scenario.h"

#define TARGET "race/target.txt"
#define SAVERS 2
#define LINES 400              /* lines of a version: about 8 KiB, three pages */
#define VERSION_MAX (LINES * 32 + 64)

/* Version round of saver s into buf; its length. */
static size_t version_make(char *buf, int s, int round)
{
	size_t n = (size_t)sprintf(buf, "saver %d round %d\n", s, round);

	for (int k = 0; k < LINES; k++)
		n += (size_t)sprintf(buf + n, "%d.%d line %d of %d\n", s, round, k, LINES);
	n += (size_t)sprintf(buf + n, "end of saver %d round %d\n", s, round);
	return n;
}

/* 1 when the len bytes at text are one whole version; *s and *round get it. */
static int version_whole(const char *text, size_t len, int *s, int *round)
{
	static char want[VERSION_MAX];

	if (sscanf(text, "saver %d round %d\n", s, round) != 2 || *s < 0 || *s >= SAVERS)
		return 0;
	size_t n = version_make(want, *s, *round);
	return n == len && !memcmp(want, text, len);
}

static int rounds_wanted(int argc, char *argv[])
{
	int n = argc > 1 ? atoi(argv[1]) : 40;
	return n >= 1 && n <= 10000 ? n : 0;
}

/* A saver: ROUNDS versions; exits with the number of failed saves. */
static void saver(int s, int rounds)
{
	static char buf[VERSION_MAX];
	int failed = 0;

	for (int r = 1; r <= rounds; r++) {
		size_t len = version_make(buf, s, r);
		if (atomic_save(TARGET, buf, len) < 0 && failed++ == 0)
			fprintf(stderr, "save_race: saver %d round %d: atomic_save() failed: %s\n",
				s, r, strerror(errno));
	}
	_exit(failed > 255 ? 255 : failed);
}

static int scenario_run(int argc, char *argv[], struct scenario_account *a)
{
	static char buf[VERSION_MAX];
	pid_t pids[SAVERS];
	int rounds = rounds_wanted(argc, argv), status;

	if (!rounds || (mkdir("race", 0755) < 0 && errno != EEXIST))
		return 2;
	size_t len = version_make(buf, 0, 0);
	if (atomic_save(TARGET, buf, len) < 0) {
		fprintf(stderr, "save_race: the first save failed: %s\n", strerror(errno));
		scenario_tell("failed");
		return 1;
	}
	scenario_tell("ready");
	for (int s = 0; s < SAVERS; s++) {
		fflush(NULL);
		if ((pids[s] = fork()) == 0)
			saver(s, rounds);
	}
	for (int s = 0; s < SAVERS; s++) {
		if (pids[s] < 0 || waitpid(pids[s], &status, 0) != pids[s]) {
			a->failures++;
			continue;
		}
		a->reaped++;
		if (WIFEXITED(status))
			a->rounds += rounds - WEXITSTATUS(status);
		else
			a->failures++;
	}
	return a->failures ? 1 : 0;
}

/* Read the whole of TARGET into buf; its length, or -1 with errno. */
static ssize_t read_target(char *buf, size_t cap)
{
	int fd = open(TARGET, O_RDONLY | O_CLOEXEC);
	size_t got = 0;
	ssize_t n;

	if (fd < 0)
		return -1;
	while (got < cap - 1 && (n = read(fd, buf + got, cap - 1 - got)) > 0)
		got += (size_t)n;
	close(fd);
	buf[got] = '\0';
	return (ssize_t)got;
}

/* One read of the file: 1 when it held a whole version. */
static int read_whole(struct scenario_link *l, long reads)
{
	static char buf[VERSION_MAX * 2];
	int s, round;
	ssize_t len = read_target(buf, sizeof buf);

	if (len < 0) {
		scenario_wrong(l, "read %ld found no %s (%s): a reader must always find the old "
			       "file or the new one", reads, TARGET, strerror(errno));
		return 0;
	}
	if (!version_whole(buf, (size_t)len, &s, &round)) {
		scenario_wrong(l, "read %ld found %zd bytes that are not one whole version "
			       "(starting \"%.40s\"): a mix of two saves, or a save seen half done",
			       reads, len, buf);
		return 0;
	}
	return 1;
}

static void scenario_verify(int argc, char *argv[], struct scenario_link *l,
			    struct scenario_account *seen)
{
	static char buf[VERSION_MAX * 2];
	char line[64];
	long reads = 0, whole = 0;
	int rounds = rounds_wanted(argc, argv), s = -1, round = -1;

	if (scenario_hear(l, line, sizeof line) < 0 || strcmp(line, "ready")) {
		scenario_wrong(l, "the first save never happened");
		return;
	}
	while (!l->ended) {
		pid_t w = waitpid(l->worker, &l->status, WNOHANG);
		if (w == l->worker)
			l->ended = 1;
		reads++;
		whole += read_whole(l, reads);
	}
	if (whole == reads)
		seen->verified++;
	ssize_t len = read_target(buf, sizeof buf);
	if (len >= 0 && version_whole(buf, (size_t)len, &s, &round) && round == rounds)
		seen->verified++;
	else
		scenario_wrong(l, "after the savers ended, %s does not hold the last round of "
			       "either saver", TARGET);
}

static void scenario_expect(int argc, char *argv[], struct scenario_account *a)
{
	a->rounds = (long)SAVERS * rounds_wanted(argc, argv);
	a->reaped = SAVERS;
	a->verified = 2;
}

SCENARIO_MAIN
