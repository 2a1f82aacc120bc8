/* append_race.c - many tee -a writers appending records to one file at once
 *
 *     append_race [WRITERS]
 *
 * The races check (given code).  WRITERS children each run the student's
 * tee_run() in append mode on race.log, fed by a pipe.  The parent waits
 * until every child sits in read(2) on its pipe - so every one has already
 * opened race.log - and only then feeds them records, round robin.  With
 * O_APPEND each write lands at the end of the file as it is at that moment;
 * with an lseek() to the end done earlier, writers overwrite each other.
 *
 * Every record is RECORD bytes and goes into its pipe with one write, so a
 * tee whose buffer holds a whole pipe writes whole records.  Exits 0 when
 * race.log holds every record exactly once and whole, no child failed and no
 * child had a descriptor left open after tee_run(); otherwise says what was
 * wrong on stderr and exits 1.  A writer that exits early (or never reads)
 * costs at most 5 s of waiting.
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

/* The child: stdin is its pipe, stdout /dev/null; run tee -a race.log. */
static void writer(int in)
{
	char *paths[] = {LOG, NULL};
	int null = open("/dev/null", O_WRONLY);

	if (dup2(in, 0) < 0 || null < 0 || dup2(null, 1) < 0)
		_exit(2);
	close(in);
	close(null);
	int before = scenario_open_descriptors();
	int status = tee_run(0, 1, paths, 1, 1);
	if (scenario_open_descriptors() != before) {
		fprintf(stderr, "append_race: tee_run() left a descriptor open\n");
		_exit(3);
	}
	_exit(status);
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

/* Check race.log: every record once, whole.  Returns the number of faults. */
static int check_log(int n)
{
	static char seen[MAX_WRITERS][RECORDS];
	size_t len = (size_t)n * RECORDS * RECORD;
	char *buf = malloc(len + RECORD);
	int fd = open(LOG, O_RDONLY | O_CLOEXEC);
	int faults = 0;

	if (!buf || fd < 0) {
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
	if (got != len) {
		fprintf(stderr, "append_race: %s holds %zu bytes, expected %zu "
			"(%d writers x %d records of %d bytes): records were overwritten "
			"or lost\n", LOG, got, len, n, RECORDS, RECORD);
		faults++;
	}
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
	for (int w = 0; w < n; w++)
		for (int r = 0; r < RECORDS; r++)
			faults += seen[w][r] != 1;
	if (faults)
		fprintf(stderr, "append_race: %d records of %s are torn, lost or "
			"doubled\n", faults, LOG);
	free(buf);
	return faults;
}

int main(int argc, char *argv[])
{
	int n = argc > 1 ? atoi(argv[1]) : 16;
	pid_t pids[MAX_WRITERS];
	int pipes[MAX_WRITERS];
	int failed = 0;

	if (n < 2 || n > MAX_WRITERS) {
		fprintf(stderr, "usage: append_race [WRITERS (2..%d)]\n", MAX_WRITERS);
		return 2;
	}
	unlink(LOG);
	for (int i = 0; i < n; i++) {
		int p[2];
		if (pipe(p) < 0 || (pids[i] = fork()) < 0) {
			perror("append_race: cannot start a writer");
			return 1;
		}
		if (pids[i] == 0) {
			// The write ends of the other writers' pipes must not stay open here.
			for (int j = 0; j < i; j++)
				close(pipes[j]);
			close(p[1]);
			writer(p[0]);
		}
		close(p[0]);
		pipes[i] = p[1];
	}
	// A writer that died early must not kill this program with SIGPIPE.
	signal(SIGPIPE, SIG_IGN);
	if (wait_for_readers(pids, n) != n)
		fprintf(stderr, "append_race: not every writer reached read(2) in 5 s\n");
	for (int r = 0; r < RECORDS; r++) {
		for (int i = 0; i < n; i++) {
			char buf[RECORD + 1];
			record(buf, i, r);
			if (write(pipes[i], buf, RECORD) != RECORD)
				failed++;
		}
	}
	for (int i = 0; i < n; i++)
		close(pipes[i]);
	int bad = 0;
	for (int i = 0; i < n; i++) {
		int status;
		if (waitpid(pids[i], &status, 0) < 0 || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0)
			bad++;
	}
	if (bad)
		fprintf(stderr, "append_race: %d of %d writers (tee_run(0, 1, "
			"{\"race.log\"}, 1, 1)) did not exit with status 0\n", bad, n);
	failed += bad;
	failed += check_log(n);
	return failed ? 1 : 0;
}
