/* fifo_atomic.c - many writers, one FIFO, records that never mix
 *
 * Four producers open the same named pipe and each send 200 records of
 * exactly PIPE_BUF bytes with one write() per record.  The reader checks
 * that every record it assembles is made of one producer's letter only.
 *
 * The reader keeps a write end of its own open until it has every record,
 * so a moment with no producer attached is not taken for end of file.  The
 * price: end of file can no longer tell it that a producer died early, so
 * it counts the records of the producers it really started, and gives up
 * when no byte arrives for IDLE_MS.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define PRODUCERS 4
#define RECORDS 200
#define IDLE_MS 5000   /* silence after which the producers are presumed dead */

/* The body of producer letter: never returns. */
static void produce(const char *path, char letter, int rd, int wr)
{
	char rec[PIPE_BUF];

	close(rd);             /* the parent's ends are not the producer's */
	close(wr);
	int fd = open(path, O_WRONLY);

	if (fd < 0)
		_exit(1);
	memset(rec, letter, sizeof rec - 1);
	rec[sizeof rec - 1] = '\n';
	for (int i = 0; i < RECORDS; i++)
		if (write(fd, rec, sizeof rec) != sizeof rec)
			_exit(1);
	_exit(0);
}

/* Read count records of PIPE_BUF bytes; count whole and mixed ones.
 * Returns 0, or -1 when IDLE_MS pass without a byte or read fails. */
static int collect(int fd, int count, int *whole, int *mixed)
{
	static char rec[PIPE_BUF];
	size_t have = 0;
	struct pollfd p = {fd, POLLIN, 0};

	while (*whole + *mixed < count) {
		int ready = poll(&p, 1, IDLE_MS);
		if (ready < 0 && errno == EINTR)
			continue;
		if (ready <= 0)
			return -1;
		ssize_t n = read(fd, rec + have, sizeof rec - have);
		if (n <= 0)
			return -1;
		have += n;
		if (have < sizeof rec)
			continue;      /* a record can arrive in pieces */
		int same = 1;
		for (size_t i = 1; i < sizeof rec - 1; i++)
			same &= rec[i] == rec[0];
		*whole += same;
		*mixed += !same;
		have = 0;
	}
	return 0;
}

int main(void)
{
	char dir[] = "/tmp/fifo_atomic-XXXXXX", path[64];
	int whole = 0, mixed = 0, started = 0;

	if (!mkdtemp(dir)) {
		perror("fifo_atomic: mkdtemp");
		return 1;
	}
	snprintf(path, sizeof path, "%s/fifo", dir);
	if (mkfifo(path, 0600) < 0) {
		perror("fifo_atomic: mkfifo");
		return 1;
	}
	/* O_NONBLOCK: a plain open for reading would wait for a writer. */
	int rd = open(path, O_RDONLY | O_NONBLOCK);
	int wr = open(path, O_WRONLY);
	if (rd < 0 || wr < 0 || fcntl(rd, F_SETFL, 0) < 0) {
		perror("fifo_atomic: open");
		return 1;
	}
	for (int p = 0; p < PRODUCERS; p++) {
		pid_t pid = fork();
		if (pid < 0) {
			perror("fifo_atomic: fork");
			break;         /* wait only for the records of those started */
		}
		if (pid == 0)
			produce(path, 'A' + p, rd, wr);
		started++;
	}
	int rc = collect(rd, started * RECORDS, &whole, &mixed);
	close(rd);
	close(wr);
	while (wait(NULL) > 0)
		;
	unlink(path);
	rmdir(dir);
	if (rc < 0)
		fprintf(stderr, "fifo_atomic: no record for %d ms: a producer died early\n", IDLE_MS);
	printf("%d records, %d whole, %d mixed\n", whole + mixed, whole, mixed);
	return rc < 0 || started < PRODUCERS;
}
