/* fifo_stress.c - many producers, one collector, one FIFO (the races check)
 *
 *     fifo_stress [PRODUCERS]
 *
 * Makes a FIFO, forks PRODUCERS processes (default 64) that each open it by
 * name and send RECORDS records with collector_write_record(), and collects
 * them in this process with collector_read().  Record lengths run up to
 * COLLECTOR_RECORD_MAX, so the pipe fills and writers block and interleave.
 * The scenario holds only when every record arrived exactly once and whole,
 * every producer exited 0, no child is left unreaped and no descriptor
 * leaked; otherwise it says what went wrong on stderr and exits 1.
 *
 * It runs under the observer of scenario.h: the work is done by a worker
 * process, which counts one round, the records received intact, the
 * producers reaped and the failed checks, and writes every record
 * collector_read() delivered to EVIDENCE, one per line.  The observer checks
 * those records again itself (verified) and prints "scenario complete" only
 * when both accounts are the ones expected for PRODUCERS.
 */
#define _GNU_SOURCE
#include "collector.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "scenario.h"

#define RECORDS 24             /* records sent by each producer */
#define MAX_PRODUCERS 256
#define EVIDENCE "fifo_stress.delivered"

/* What the collector has seen. */
struct tally {
	int producers;         /* producers started */
	unsigned char seen[MAX_PRODUCERS][RECORDS]; /* times each record arrived */
	long torn;             /* records with another writer's bytes inside */
	char first_torn[200];  /* the first of them, for the message */
	long bad;              /* other malformed records (fragments) */
	char first_bad[120];   /* the first of them, for the message */
	int evidence;          /* where each record delivered is copied, or -1 */
};

/* Length of record i of producer p: spread over 1..COLLECTOR_RECORD_MAX. */
static size_t record_len(int p, int i)
{
	size_t span = COLLECTOR_RECORD_MAX - 16;
	return 16 + ((size_t)p * 1031 + (size_t)i * 3989) % span;
}

/* Fill rec with record i of producer p: "p:i:" then one repeated letter. */
static size_t record_make(char *rec, int p, int i)
{
	size_t len = record_len(p, i);
	int head = sprintf(rec, "%d:%d:", p, i);
	memset(rec + head, 'a' + (p + i) % 26, len - head);
	return len;
}

static void note_bad(struct tally *t, const char *why, const char *rec, size_t len)
{
	if (t->bad++ == 0)
		snprintf(t->first_bad, sizeof t->first_bad, "%s (%zu bytes, starts \"%.*s\")",
			 why, len, (int)(len < 40 ? len : 40), rec);
}

/* A record that another writer's bytes got into: the writer's fault. */
static void note_torn(struct tally *t, const char *rec, size_t len, int p, int i,
		      size_t wlen)
{
	if (t->torn++ > 0)
		return;
	if (len == 0)
		snprintf(t->first_torn, sizeof t->first_torn,
			 "an empty record: a '\\n' arrived on its own");
	else
		snprintf(t->first_torn, sizeof t->first_torn,
			 "a %zu-byte record starting \"%.*s\" should be producer %d's record %d "
			 "(%zu bytes), but other bytes are mixed into it", len,
			 (int)(len < 20 ? len : 20), rec, p, i, wlen);
}

/* Copy a record delivered to the evidence file, as one line. */
static void keep_record(const struct tally *t, const char *rec, size_t len)
{
	char line[PIPE_BUF + 1];

	if (t->evidence < 0 || len >= sizeof line)
		return;
	memcpy(line, rec, len);
	line[len] = '\n';
	if (write(t->evidence, line, len + 1) != (ssize_t)len + 1)
		fprintf(stderr, "fifo_stress: cannot write %s\n", EVIDENCE);
}

/* collector_fn: check one record and count it. */
static void check_record(const char *rec, size_t len, void *arg)
{
	struct tally *t = arg;
	char want[PIPE_BUF];
	char head[32];
	int p, i;

	keep_record(t, rec, len);
	if (len == 0) {
		note_torn(t, rec, len, 0, 0, 0);
		return;
	}
	/* rec is not NUL-terminated: parse its head from a copy. */
	memcpy(head, rec, len < sizeof head ? len : sizeof head - 1);
	head[len < sizeof head ? len : sizeof head - 1] = '\0';
	if (sscanf(head, "%d:%d:", &p, &i) != 2 || p < 0 || p >= t->producers ||
	    i < 0 || i >= RECORDS) {
		note_bad(t, "a record without a valid \"P:I:\" head, a piece of one", rec, len);
		return;
	}
	size_t wlen = record_make(want, p, i);
	if (len < wlen && memcmp(want, rec, len) == 0) {
		note_bad(t, "the first part of a record only", rec, len);
		return;
	}
	if (wlen != len || memcmp(want, rec, len) != 0) {
		note_torn(t, rec, len, p, i, wlen);
		return;
	}
	t->seen[p][i]++;
}

/* A producer: open the FIFO, tell the parent, send the records, exit. */
static void produce(const char *fifo, int p, int ready)
{
	char rec[PIPE_BUF];
	int fd = open(fifo, O_WRONLY);

	if (write(ready, "r", 1) != 1 || fd < 0)
		_exit(2);
	close(ready);
	for (int i = 0; i < RECORDS; i++) {
		size_t len = record_make(rec, p, i);
		if (collector_write_record(fd, rec, len) < 0)
			_exit(3);
	}
	close(fd);
	_exit(0);
}

/* Start n producers; returns how many started.  Each has opened the FIFO
 * before this returns, so the collector cannot see end of file too early. */
static int start_producers(const char *fifo, int n, pid_t *pids, int rd)
{
	int ready[2], started = 0;
	char c;

	if (pipe(ready) < 0)
		return 0;
	for (; started < n; started++) {
		pids[started] = fork();
		if (pids[started] < 0)
			break;
		if (pids[started] == 0) {
			close(rd);
			close(ready[0]);
			produce(fifo, started, ready[1]);
		}
	}
	close(ready[1]);
	for (int got = 0; got < started && read(ready[0], &c, 1) == 1; got++)
		;
	close(ready[0]);
	return started;
}

/* Wait for the producers, counting them in *reaped; stopped says the
 * collector stopped reading early.  Returns the producers that failed. */
static int reap(const pid_t *pids, int n, int stopped, long *reaped)
{
	int bad = 0, status;

	for (int p = 0; p < n; p++) {
		pid_t w;
		status = 0;
		while ((w = waitpid(pids[p], &status, 0)) < 0 && errno == EINTR)
			;
		if (w == pids[p])
			(*reaped)++;
		if (w < 0 || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0) {
			if (bad++ > 0)
				continue;
			if (WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE && stopped)
				fprintf(stderr, "fifo_stress: producer %d was killed by SIGPIPE: the "
					"collector had stopped reading, a consequence of the failure "
					"above\n", p);
			else
				fprintf(stderr, "fifo_stress: producer %d failed (%s %d)\n", p,
					WIFSIGNALED(status) ? "signal" : "status",
					WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
		}
	}
	return bad;
}

/* Check the tally; returns the number of problems found. */
static int verify(const struct tally *t, long got)
{
	int problems = 0;
	long lost = 0, doubled = 0;

	if (t->bad) {
		fprintf(stderr, "fifo_stress: collector_read() delivered %ld pieces of records "
			"(and %ld mixed ones); first: %s.  A record that arrives split over two "
			"read()s must be kept and completed with the next read(), not delivered "
			"or dropped\n", t->bad, t->torn, t->first_bad);
		problems++;
	} else if (t->torn) {
		problems++;     /* said first, in scenario_run() */
	}
	for (int p = 0; p < t->producers; p++)
		for (int i = 0; i < RECORDS; i++) {
			lost += t->seen[p][i] == 0;
			doubled += t->seen[p][i] > 1;
		}
	if (lost || doubled) {
		fprintf(stderr, "fifo_stress: %ld records lost, %ld doubled\n", lost, doubled);
		problems++;
	}
	if (got != (long)t->producers * RECORDS) {
		fprintf(stderr, "fifo_stress: collector_read returned %ld, expected %ld\n", got,
			(long)t->producers * RECORDS);
		problems++;
	}
	return problems;
}

/* Producers asked for on the command line, or 0 when the number is bad. */
static int producers_wanted(int argc, char *argv[])
{
	int n = argc > 1 ? atoi(argv[1]) : 64;
	return n >= 1 && n <= MAX_PRODUCERS ? n : 0;
}

/* Records that arrived exactly once. */
static long records_intact(const struct tally *t)
{
	long n = 0;

	for (int p = 0; p < t->producers; p++)
		for (int i = 0; i < RECORDS; i++)
			n += t->seen[p][i] == 1;
	return n;
}

static int scenario_run(int argc, char *argv[], struct scenario_account *a)
{
	static struct tally t;
	static pid_t pids[MAX_PRODUCERS];
	const char *tmp = getenv("TMPDIR");
	char dir[4096], fifo[4200];
	int n = producers_wanted(argc, argv);
	int fds_before = scenario_open_descriptors(), problems = 0;

	if (!n) {
		fprintf(stderr, "usage: fifo_stress [PRODUCERS (1-%d)]\n", MAX_PRODUCERS);
		return 2;
	}
	snprintf(dir, sizeof dir, "%s/fifo_stress-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		perror("fifo_stress: mkdtemp");
		return 1;
	}
	snprintf(fifo, sizeof fifo, "%s/records", dir);
	if (mkfifo(fifo, 0600) < 0) {
		perror("fifo_stress: mkfifo");
		rmdir(dir);
		return 1;
	}
	/* Opening the read end without O_NONBLOCK would wait for a writer. */
	int rd = open(fifo, O_RDONLY | O_NONBLOCK);
	if (rd < 0 || fcntl(rd, F_SETFL, 0) < 0) {
		perror("fifo_stress: open");
		problems++;
		goto out_unlink;
	}
	t.producers = start_producers(fifo, n, pids, rd);
	// Opened only now, so that no producer holds it.
	t.evidence = open(EVIDENCE, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0600);
	if (t.evidence < 0)
		perror("fifo_stress: cannot make " EVIDENCE);
	if (t.producers < n) {
		fprintf(stderr, "fifo_stress: started only %d of %d producers\n", t.producers, n);
		problems++;
	}
	errno = 0;
	long got = collector_read(rd, check_record, &t);
	int err = errno;
	a->rounds++;
	/* A torn record is the writer's doing: say so before its consequences. */
	/* A reader that cuts records makes pieces, and some of them look mixed:
	 * blame the writer only when mixed records are not outnumbered. */
	if ((t.torn || (got < 0 && err == EMSGSIZE)) && t.torn >= t.bad) {
		fprintf(stderr, "fifo_stress: a record arrived torn: %s.  Another producer's "
			"bytes got between a record's bytes and its '\\n': most likely the "
			"writer, collector_write_record(), sends a record in more than one "
			"write(); the record and its '\\n' must go out in ONE write() of at "
			"most PIPE_BUF bytes\n",
			t.torn ? t.first_torn : "collector_read() found a line longer than "
			"COLLECTOR_RECORD_MAX bytes (EMSGSIZE), yet every producer sends at most "
			"COLLECTOR_RECORD_MAX bytes and a '\\n'");
	}
	if (got < 0)
		fprintf(stderr, "fifo_stress: collector_read() returned -1: %s\n", strerror(err));
	close(rd);
	close(t.evidence);
	problems += reap(pids, t.producers, got < 0, &a->reaped);
	problems += verify(&t, got);
	a->records = records_intact(&t);
	if (waitpid(-1, NULL, WNOHANG) != -1 || errno != ECHILD) {
		fprintf(stderr, "fifo_stress: a child is left unreaped\n");
		problems++;
	}
	if (scenario_open_descriptors() != fds_before) {
		fprintf(stderr, "fifo_stress: %d descriptors open, %d at the start\n",
			scenario_open_descriptors(), fds_before);
		problems++;
	}
out_unlink:
	unlink(fifo);
	rmdir(dir);
	a->failures = problems;
	return problems ? 1 : 0;
}

/* The observer, once the worker has ended: the records delivered, checked
 * again from the evidence file. */
static void scenario_verify(int argc, char *argv[], struct scenario_link *l,
			    struct scenario_account *seen)
{
	static struct tally t;
	int n = producers_wanted(argc, argv);

	scenario_end(l);
	FILE *f = fopen(EVIDENCE, "re");
	if (!f || !n) {
		scenario_wrong(l, "no record was delivered (%s is missing)", EVIDENCE);
		if (f)
			fclose(f);
		return;
	}
	t.producers = n;
	t.evidence = -1;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	while ((len = getline(&line, &cap, f)) > 0)
		check_record(line, (size_t)len - (line[len - 1] == '\n'), &t);
	free(line);
	fclose(f);
	unlink(EVIDENCE);
	seen->verified = records_intact(&t);
	if (t.torn || t.bad)
		scenario_wrong(l, "%ld records delivered were torn and %ld were pieces", t.torn,
			       t.bad);
}

/* One round; every record of every producer intact; every producer reaped. */
static void scenario_expect(int argc, char *argv[], struct scenario_account *a)
{
	int n = producers_wanted(argc, argv);

	a->rounds = 1;
	a->records = (long)n * RECORDS;
	a->reaped = n;
	a->verified = a->records;
}

SCENARIO_MAIN
