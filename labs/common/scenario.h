/* scenario.h - what the leaks and races scenario programs share
 *
 * Scenario programs (labs/NAME/scenarios/) have a main of their own and are
 * not linked with Criterion, so their helpers live here, header-only.
 *
 * A scenario proves that it ran to its end and did its work, because an
 * exit status cannot: student code that calls exit(0) half-way would pass.
 * A scenario program therefore defines
 *
 *     static int scenario_run(int argc, char *argv[], struct scenario_account *a);
 *     static void scenario_verify(int argc, char *argv[], struct scenario_link *l,
 *                                 struct scenario_account *seen);
 *     static void scenario_expect(int argc, char *argv[], struct scenario_account *a);
 *     SCENARIO_MAIN
 *
 * The process that starts, the observer, never calls student code.  It forks
 * a worker that calls scenario_run(), which does the work with student code
 * and counts what it checked in *a (rounds run, records received, children
 * reaped...).  The worker sends that account through a pipe once
 * scenario_run() has returned.
 *
 * Meanwhile the observer runs scenario_verify(), which checks the results
 * itself and counts in seen->verified those that held: it reads the files
 * the work left once the worker has ended (scenario_end()), or takes part
 * in the work from outside, as the clients of a server the worker runs
 * (scenario_hear() and scenario_say() talk to the worker).  The worker's
 * account could be forged by student code in the worker, which can call
 * anything in its own program; results checked by the observer cannot be
 * had without doing the work that makes them.
 *
 * The observer then kills and counts any process the worker left behind,
 * and only when the worker's account and the observer's count both match
 * scenario_expect() (from argv alone) and nothing was left does it take the
 * nonce the grader gave it ($GRADED_NONCE, moved into a memfd before the
 * fork) and print
 *
 *     scenario complete NONCE: ACCOUNT
 *
 * The grader counts the scenario clean only with that line.  The worker has
 * no copy of the nonce (the observer holds it in a descriptor the worker
 * closes first, and is not dumpable, so /proc/PID/fd and ptrace cannot reach
 * it), so student code can neither print the line nor finish early unseen.
 */
#ifndef SCENARIO_H
#define SCENARIO_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "trusted.h"

/* What a scenario counts.  Fields a scenario does not use stay 0. */
struct scenario_account {
	long rounds;           /* units of work done and checked */
	long records;          /* records, lines or replies received intact */
	long reaped;           /* children waited for */
	long verified;         /* results the observer checked itself (only its own count counts) */
	long failures;         /* checks that did not hold (must be 0) */
};

/* The observer's side of the worker, for scenario_verify(). */
struct scenario_link {
	pid_t worker;
	int from_worker;       /* lines the worker sent with scenario_tell() */
	int to_worker;         /* lines for the worker's scenario_await() */
	int ended;             /* 1 once the worker has been waited for */
	int status;            /* its wait status then */
	char why[300];         /* the first result the observer found wrong */
};

/* The worker's ends of the two pipes to the observer. */
static int scenario_tell_fd = -1, scenario_await_fd = -1;

/* Send one line (fmt without its newline) in one write(), so that lines
 * sent by several threads never mix. */
static inline void scenario_send(int fd, const char *fmt, va_list ap)
{
	char line[512];
	int n = vsnprintf(line, sizeof line - 1, fmt, ap);
	if (n < 0)
		return;
	if ((size_t)n > sizeof line - 2)
		n = sizeof line - 2;
	line[n++] = '\n';
	if (write(fd, line, (size_t)n) != n)
		return;         /* the other side is gone; its verdict says so */
}

/* Worker: send the observer one line (fmt without its newline). */
static inline void scenario_tell(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	scenario_send(scenario_tell_fd, fmt, ap);
	va_end(ap);
}

/* Read one line from fd into buf, without its newline, a byte at a time so
 * nothing after it is taken; 0, or -1 at end of file. */
static inline int scenario_read_line(int fd, char *buf, size_t cap)
{
	size_t len = 0;
	char c;
	ssize_t n;

	while ((n = read(fd, &c, 1)) == 1 || (n < 0 && errno == EINTR)) {
		if (n < 0)
			continue;
		if (c == '\n')
			break;
		if (len + 1 < cap)
			buf[len++] = c;
	}
	buf[len] = '\0';
	return n == 1 ? 0 : -1;
}

/* Worker: wait for the observer's next line; 0, or -1 if it has none. */
static inline int scenario_await(char *buf, size_t cap)
{
	return scenario_read_line(scenario_await_fd, buf, cap);
}

/* Observer: the worker's next line; 0, or -1 once the worker has ended. */
static inline int scenario_hear(struct scenario_link *l, char *buf, size_t cap)
{
	return scenario_read_line(l->from_worker, buf, cap);
}

/* Observer: send the worker one line (fmt without its newline). */
static inline void scenario_say(struct scenario_link *l, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	scenario_send(l->to_worker, fmt, ap);
	va_end(ap);
}

/* Observer: wait until the worker has ended (its descendants may live on). */
static inline void scenario_end(struct scenario_link *l)
{
	if (l->ended)
		return;
	while (waitpid(l->worker, &l->status, 0) < 0 && errno == EINTR)
		;
	l->ended = 1;
}

/* Observer: keep the first thing found wrong, for the message. */
static inline void scenario_wrong(struct scenario_link *l, const char *fmt, ...)
{
	va_list ap;
	if (l->why[0])
		return;
	va_start(ap, fmt);
	vsnprintf(l->why, sizeof l->why, fmt, ap);
	va_end(ap);
}

/* Observer: 1 when path holds exactly len bytes equal to data (then it is
 * removed, so no later run can find it), else 0 with the reason kept. */
static inline int scenario_file_holds(struct scenario_link *l, const char *path,
				      const char *data, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char *buf = malloc(len + 1);
	size_t got = 0;
	ssize_t n;
	int same = 0;

	if (fd < 0 || !buf) {
		scenario_wrong(l, fd < 0 ? "%s is missing" : "%s: no memory to read it", path);
		free(buf);
		if (fd >= 0)
			close(fd);
		return 0;
	}
	while (got < len + 1 && (n = read(fd, buf + got, len + 1 - got)) > 0)
		got += (size_t)n;
	close(fd);
	unlink(path);
	same = got == len && memcmp(buf, data, len) == 0;
	free(buf);
	if (!same)
		scenario_wrong(l, "%s holds %zu%s bytes, not the %zu the work must leave there%s",
			       path, got, got > len ? " or more" : "", len,
			       got == len ? " (same length, other bytes)" : "");
	return same;
}

/* Descriptors open in this process, the one that reads /proc/self/fd not
 * counted; -1 if /proc cannot be read. */
static inline int scenario_open_descriptors(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;
	struct dirent *e;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n - 1;
}

static inline void scenario_format(char *out, size_t cap, const struct scenario_account *a)
{
	snprintf(out, cap, "%ld rounds, %ld records, %ld children reaped, %ld verified by the "
		 "observer, %ld failures", a->rounds, a->records, a->reaped, a->verified,
		 a->failures);
}

/* The worker's report, "RC ACCOUNT"; 0, or -1 when it is not one. */
static inline int scenario_parse(const char *line, int *rc, struct scenario_account *a)
{
	return sscanf(line, "%d %ld rounds, %ld records, %ld children reaped, %ld verified by "
		      "the observer, %ld failures", rc, &a->rounds, &a->records, &a->reaped,
		      &a->verified, &a->failures) == 6 ? 0 : -1;
}

/* The worker: run the scenario and report how it went. */
static inline void scenario_work(int argc, char *argv[], int report,
				 int (*run)(int, char **, struct scenario_account *))
{
	struct scenario_account a = {0};
	char line[256];
	int rc = run(argc, argv, &a);
	// Valgrind's --track-fds counts what is open at exit: close our own.
	close(scenario_tell_fd);
	close(scenario_await_fd);
	scenario_format(line, sizeof line, &a);
	dprintf(report, "%d %s\n", rc, line);
	close(report);
	exit(rc);
}

/* A pipe whose two ends are close-on-exec (pipe2() needs _GNU_SOURCE,
 * which includers may lack); 0 or -1. */
static inline int scenario_pipe(int p[2])
{
	return pipe(p) < 0 || fcntl(p[0], F_SETFD, FD_CLOEXEC) < 0 ||
	       fcntl(p[1], F_SETFD, FD_CLOEXEC) < 0 ? -1 : 0;
}

/* The three pipes between observer and worker; 0 or -1. */
static inline int scenario_pipes(int report[2], int tell[2], int await[2])
{
	return scenario_pipe(report) < 0 || scenario_pipe(tell) < 0 ||
	       scenario_pipe(await) < 0 ? -1 : 0;
}

/* 1 when the worker's own figures (all but "verified", which is not the
 * worker's to give) are those wanted. */
static inline int scenario_same_work(const struct scenario_account *a,
				     const struct scenario_account *want)
{
	return a->rounds == want->rounds && a->records == want->records &&
	       a->reaped == want->reaped && a->failures == want->failures;
}

/* Why the worker's report is missing, from its wait status. */
static inline void scenario_say_unfinished(const char *me, int status)
{
	if (WIFSIGNALED(status))
		fprintf(stderr, "%s: the scenario was killed by signal %d (%s) before it "
			"finished\n", me, WTERMSIG(status), strsignal(WTERMSIG(status)));
	else
		fprintf(stderr, "%s: the scenario stopped before it finished: the process "
			"that ran it exited with status %d without returning from the "
			"scenario (exit() or _exit() called in your code?)\n", me,
			WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

/* The observer's verdict on the worker's report got (len bytes), the
 * results it verified itself (seen) and the account wanted; 0 when every
 * one holds, else 1 with the reason on stderr. */
static inline int scenario_judge(const char *me, const struct scenario_link *l,
				 const char *got, size_t len, const struct scenario_account *seen,
				 const struct scenario_account *want, struct scenario_account *final)
{
	int rc = -1;
	char account[256], want_line[256];

	if (!len) {
		scenario_say_unfinished(me, l->status);
		return 1;
	}
	if (scenario_parse(got, &rc, final) < 0) {
		fprintf(stderr, "%s: the scenario's report is garbled: \"%.80s\"\n", me, got);
		return 1;
	}
	if (!WIFEXITED(l->status) || WEXITSTATUS(l->status) != rc) {
		fprintf(stderr, "%s: the scenario finished, but its process then %s %d\n", me,
			WIFEXITED(l->status) ? "exited with status" : "was killed by signal",
			WIFEXITED(l->status) ? WEXITSTATUS(l->status) : WTERMSIG(l->status));
		return 1;
	}
	if (rc != 0 || seen->failures)
		return 1;       /* the worker or the observer said why */
	final->verified = seen->verified;
	if (!scenario_same_work(final, want)) {
		scenario_format(account, sizeof account, final);
		scenario_format(want_line, sizeof want_line, want);
		fprintf(stderr, "%s: the scenario counted \"%s\", expected \"%s\"\n", me, account,
			want_line);
		return 1;
	}
	if (seen->verified != want->verified) {
		fprintf(stderr, "%s: the scenario's own account is the one expected, but the "
			"observer, checking the results itself, found %ld of the %ld it needs: %s\n",
			me, seen->verified, want->verified,
			l->why[0] ? l->why : "none of them arrived");
		return 1;
	}
	return 0;
}

/* The observer: see the comment at the top. */
static inline int scenario_observe(int argc, char *argv[],
				   int (*run)(int, char **, struct scenario_account *),
				   void (*verify)(int, char **, struct scenario_link *,
						  struct scenario_account *),
				   void (*expect)(int, char **, struct scenario_account *))
{
	const char *me = argc > 0 ? argv[0] : "scenario";
	int report[2], tell[2], await[2];

	prctl(PR_SET_DUMPABLE, 0);
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	int nonce_fd = trusted_stash_env("GRADED_NONCE");
	if (nonce_fd == -2) {
		fprintf(stderr, "%s: cannot keep the nonce: %s\n", me, strerror(errno));
		return 2;
	}
	if (scenario_pipes(report, tell, await) < 0) {
		fprintf(stderr, "%s: cannot make a pipe: %s\n", me, strerror(errno));
		return 2;
	}
	fflush(NULL);
	pid_t worker = fork();
	if (worker < 0) {
		fprintf(stderr, "%s: cannot fork: %s\n", me, strerror(errno));
		return 2;
	}
	if (worker == 0) {
		if (nonce_fd >= 0)
			close(nonce_fd);
		close(report[0]);
		close(tell[0]);
		close(await[1]);
		scenario_tell_fd = tell[1];
		scenario_await_fd = await[0];
		scenario_work(argc, argv, report[1], run);
	}
	close(report[1]);
	close(tell[1]);
	close(await[0]);
	// A worker that is gone must not take the observer with it.
	signal(SIGPIPE, SIG_IGN);
	struct scenario_link l = {.worker = worker, .from_worker = tell[0], .to_worker = await[1]};
	struct scenario_account seen = {0}, want = {0}, final = {0};
	verify(argc, argv, &l, &seen);
	close(l.to_worker);
	scenario_end(&l);
	close(l.from_worker);
	int left = trusted_kill_children();
	char got[512] = "";
	size_t len = 0;
	ssize_t n;
	while (len < sizeof got - 1 && (n = read(report[0], got + len, sizeof got - 1 - len)) > 0)
		len += (size_t)n;
	got[len] = '\0';
	close(report[0]);

	expect(argc, argv, &want);
	if (scenario_judge(me, &l, got, len, &seen, &want, &final))
		return 1;
	if (left) {
		fprintf(stderr, "%s: %d process%s still there when the scenario ended (a child "
			"never waited for?)\n", me, left, left == 1 ? " was" : "es were");
		return 1;
	}
	char nonce[64], account[256];
	scenario_format(account, sizeof account, &final);
	trusted_read_secret(nonce_fd, nonce, sizeof nonce, "-");
	printf("scenario complete %s: %s\n", nonce, account);
	memset(nonce, 0, sizeof nonce);
	fflush(stdout);
	_exit(0);
}

#define SCENARIO_MAIN                                                          \
	int main(int argc, char *argv[])                                       \
	{                                                                      \
		return scenario_observe(argc, argv, scenario_run, scenario_verify,  \
					scenario_expect);                          \
	}

#endif
