/* append_race.c - many tee -a writers appending records to one file at once
 *
 *     append_race [WRITERS]
 *
 * The races check (given code).  WRITERS children each run the student's
 * tee_run() in append mode on race.log, fed by a pipe.  The worker waits
 * until every child sits in read(2) on its pipe - so every one has already
 * opened race.log - and only then feeds them records, round robin.  With
 * O_APPEND each write lands at the end of the file as it is at that moment;
 * with an lseek() to the end done earlier, writers overwrite each other.
 *
 * Every record is RECORD bytes and goes into its pipe with one write, so a
 * tee whose buffer holds a whole pipe writes whole records.  It is clean
 * only when race.log holds every record exactly once and whole, and every
 * child returned from tee_run() with status 0 and no descriptor left open
 * (each child says so on a report pipe after tee_run() returned, so a child
 * that exits inside tee_run() counts as failed whatever its status);
 * otherwise it says what was wrong on stderr.  A writer that exits early (or
 * never reads) costs at most 5 s of waiting.
 *
 * The work runs in the worker process of labs/common/scenario.h, which
 * counts the rounds of records fed to every writer (rounds), the records
 * found once and whole in race.log (records), the writers waited for that
 * returned from tee_run() as they must (reaped) and the checks that failed.
 * The observer then reads race.log itself (verified: the records it found
 * once and whole) and accepts only the account that scenario_expect()
 * computes.
 */
#define _GNU_SOURCE
#include "tee.h"

#include <dirent.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "scenario.h"

#define MAX_WRITERS 64
#define RECORDS 200            /* records per writer */
#define RECORD 64              /* bytes per record, newline included */
#define LOG "race.log"

/* What a writer sends on the report pipe after tee_run() returned. */
struct writer_report {
	int writer;            /* its number */
	int status;            /* what tee_run() returned */
	int leaked;            /* 1 if a descriptor was left open by tee_run() */
};

/* The child number w: stdin is its pipe, stdout /dev/null; run tee -a
 * race.log, then report on the pipe report. */
static void writer(int w, int in, int report)
{
	char *paths[] = {LOG, NULL};
	int null = open("/dev/null", O_WRONLY);

	if (dup2(in, 0) < 0 || null < 0 || dup2(null, 1) < 0)
		_exit(2);
	// The observer made itself not dumpable, and fork passed that on; the
	// worker reads this process's /proc/PID/syscall, which needs it back.
	prctl(PR_SET_DUMPABLE, 1);
	close(in);
	close(null);
	int before = scenario_open_descriptors();
	int status = tee_run(0, 1, paths, 1, 1);
	int leaked = scenario_open_descriptors() != before;
	if (leaked)
		fprintf(stderr, "append_race: tee_run() left a descriptor open\n");
	struct writer_report r = {w, status, leaked};
	if (write(report, &r, sizeof r) != (ssize_t)sizeof r)
		_exit(4);
	_exit(status == 0 && !leaked ? 0 : 1);
}

/* 1 when process pid is blocked in read(2) or has already exited, from
 * /proc/PID/stat (state Z: exited, not yet reaped) and /proc/PID/syscall. */
static int settled(pid_t pid)
{
	char path[64], text[512] = "";
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 1;
	ssize_t n = read(fd, text, sizeof text - 1);
	close(fd);
	char *paren = n > 0 ? strrchr(text, ')') : NULL;
	if (paren && paren[1] == ' ' && paren[2] == 'Z')
		return 1;
	snprintf(path, sizeof path, "/proc/%d/syscall", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, text, sizeof text - 1);
	close(fd);
	text[n > 0 ? n : 0] = '\0';
	// "running" is no number: atol() would read it as 0, which is SYS_read.
	return n > 0 && isdigit((unsigned char)text[0]) && atol(text) == SYS_read;
}

/* Wait up to 5 s until every writer blocks in read (or has exited). */
static int wait_for_readers(const pid_t *pids, int n)
{
	struct timespec pause = {0, 10 * 1000 * 1000};
	int ready = 0;

	for (int tries = 0; tries < 500; tries++) {
		ready = 0;
		for (int i = 0; i < n; i++)
			ready += settled(pids[i]);
		if (ready == n)
			break;
		nanosleep(&pause, NULL);
	}
	return ready;
}

/* Record r of writer w: RECORD bytes, the last a newline, plus a NUL. */
static void record(char *buf, int w, int r)
{
	memset(buf, '.', RECORD);
	int n = snprintf(buf, RECORD, "writer %02d record %04d ", w, r);
	buf[n] = '.';
	buf[RECORD - 1] = '\n';
	buf[RECORD] = '\0';
}

/* Check race.log: every record once, whole.  Returns the number of faults,
 * said on stderr when loud; *intact gets the number of records found
 * exactly once and whole. */
static int check_log(int n, long *intact, int loud)
{
	static char seen[MAX_WRITERS][RECORDS];
	size_t len = (size_t)n * RECORDS * RECORD;
	char *buf = malloc(len + RECORD);
	int fd = open(LOG, O_RDONLY | O_CLOEXEC);
	int faults = 0;

	if (!buf || fd < 0) {
		if (loud)
			fprintf(stderr, "append_race: cannot read %s\n", LOG);
		free(buf);
		if (fd >= 0)
			close(fd);
		return 1;
	}
	size_t got = 0;
	ssize_t k;
	while ((k = read(fd, buf + got, len + RECORD - got)) > 0)
		got += (size_t)k;
	close(fd);
	if (got != len && loud)
		fprintf(stderr, "append_race: %s holds %zu bytes, expected %zu "
			"(%d writers x %d records of %d bytes): records were overwritten "
			"or lost\n", LOG, got, len, n, RECORDS, RECORD);
	faults += got != len;
	for (size_t off = 0; off + RECORD <= got; off += RECORD) {
		int w, r;
		char want[RECORD + 1];
		if (sscanf(buf + off, "writer %d record %d", &w, &r) != 2 || w < 0 ||
		    w >= n || r < 0 || r >= RECORDS) {
			faults++;
			continue;
		}
		record(want, w, r);
		if (memcmp(buf + off, want, RECORD) != 0)
			faults++;
		else
			seen[w][r]++;
	}
	for (int w = 0; w < n; w++) {
		for (int r = 0; r < RECORDS; r++) {
			faults += seen[w][r] != 1;
			*intact += seen[w][r] == 1;
		}
	}
	if (faults && loud)
		fprintf(stderr, "append_race: %d records of %s are torn, lost or "
			"doubled\n", faults, LOG);
	free(buf);
	return faults;
}


/* The number of writers argv asks for, or -1 when it is out of range. */
static int writers(int argc, char *argv[])
{
	int n = argc > 1 ? atoi(argv[1]) : 16;
	return n < 2 || n > MAX_WRITERS ? -1 : n;
}

/* Reports of the writers that returned from tee_run(): ok[w] = 1 when
 * writer w's tee_run() returned 0 and left no descriptor open. */
static void read_reports(int fd, int n, int ok[])
{
	struct writer_report r;
	ssize_t k;

	fcntl(fd, F_SETFL, O_NONBLOCK);
	while ((k = read(fd, &r, sizeof r)) == (ssize_t)sizeof r)
		if (r.writer >= 0 && r.writer < n)
			ok[r.writer] = r.status == 0 && !r.leaked;
	(void)k;
}

static int scenario_run(int argc, char *argv[], struct scenario_account *a)
{
	int n = writers(argc, argv);
	pid_t pids[MAX_WRITERS];
	int pipes[MAX_WRITERS];
	int ok[MAX_WRITERS] = {0};
	int started = 0, report[2];

	if (n < 0) {
		fprintf(stderr, "usage: append_race [WRITERS (2..%d)]\n", MAX_WRITERS);
		return 2;
	}
	unlink(LOG);
	if (pipe2(report, O_CLOEXEC) < 0) {
		perror("append_race: cannot make the report pipe");
		return 1;
	}
	for (; started < n; started++) {
		int p[2];
		if (pipe2(p, O_CLOEXEC) < 0)
			break;
		pid_t pid = fork();
		if (pid < 0) {
			close(p[0]);
			close(p[1]);
			break;
		}
		if (pid == 0) {
			// The write ends of the other writers' pipes must not stay open here.
			for (int j = 0; j < started; j++)
				close(pipes[j]);
			close(p[1]);
			close(report[0]);
			writer(started, p[0], report[1]);
		}
		close(p[0]);
		pids[started] = pid;
		pipes[started] = p[1];
	}
	close(report[1]);
	// A writer that died early must not kill this program with SIGPIPE.
	signal(SIGPIPE, SIG_IGN);
	if (started < n) {
		perror("append_race: cannot start a writer");
		a->failures++;
	} else {
		if (wait_for_readers(pids, n) != n)
			fprintf(stderr, "append_race: not every writer reached read(2) in 5 s\n");
		for (int r = 0; r < RECORDS; r++) {
			int all = 1;
			for (int i = 0; i < n; i++) {
				char buf[RECORD + 1];
				record(buf, i, r);
				if (write(pipes[i], buf, RECORD) != RECORD) {
					a->failures++;
					all = 0;
				}
			}
			a->rounds += all;
		}
	}
	for (int i = 0; i < started; i++)
		close(pipes[i]);
	int status[MAX_WRITERS];
	for (int i = 0; i < started; i++) {
		status[i] = -1;
		while (waitpid(pids[i], &status[i], 0) < 0 && errno == EINTR)
			;
	}
	read_reports(report[0], started, ok);
	close(report[0]);
	int unreported = 0, bad = 0;
	for (int i = 0; i < started; i++) {
		int exited0 = WIFEXITED(status[i]) && WEXITSTATUS(status[i]) == 0;
		if (ok[i] && exited0) {
			a->reaped++;
			continue;
		}
		a->failures++;
		if (!ok[i] && exited0)
			unreported++;
		else
			bad++;
	}
	if (unreported)
		fprintf(stderr, "append_race: %d of %d writers exited with status 0 without "
			"returning from tee_run(0, 1, {\"race.log\"}, 1, 1) (exit() or _exit() "
			"called in your code?)\n", unreported, n);
	if (bad)
		fprintf(stderr, "append_race: %d of %d writers (tee_run(0, 1, "
			"{\"race.log\"}, 1, 1)) did not exit with status 0\n", bad, n);
	if (started == n)
		a->failures += check_log(n, &a->records, 1);
	return a->failures ? 1 : 0;
}

/* The observer, once the worker has ended: race.log, read again. */
static void scenario_verify(int argc, char *argv[], struct scenario_link *l,
			    struct scenario_account *seen)
{
	int n = writers(argc, argv);

	scenario_end(l);
	if (n < 0)
		return;
	int faults = check_log(n, &seen->verified, 0);
	if (faults)
		scenario_wrong(l, "%s has %d records torn, lost or doubled", LOG, faults);
	unlink(LOG);
}

static void scenario_expect(int argc, char *argv[], struct scenario_account *a)
{
	int n = writers(argc, argv);
	a->rounds = RECORDS;
	a->records = n > 0 ? (long)n * RECORDS : 0;
	a->reaped = n > 0 ? n : 0;
	a->verified = a->records;
	a->failures = 0;
}

SCENARIO_MAIN
