/* scenario.h - what the leaks and races scenario programs share
 *
 * Scenario programs (labs/NAME/scenarios/) have a main of their own and are
 * not linked with Criterion, so their helpers live here, header-only.
 *
 * A scenario proves that it ran to its end, because an exit status cannot:
 * student code that calls exit(0) half-way would pass.  A scenario program
 * therefore defines
 *
 *     static int scenario_run(int argc, char *argv[], struct scenario_account *a);
 *     static void scenario_expect(int argc, char *argv[], struct scenario_account *a);
 *     SCENARIO_MAIN
 *
 * and the process that starts, the observer, never calls student code: it
 * forks a worker that calls scenario_run(), which does the work and counts
 * what it checked in *a (rounds run, records received, children reaped...).
 * The worker sends its account through a pipe when scenario_run() has
 * returned.  The observer computes what the account must be with
 * scenario_expect() (from argv alone), waits for the worker, kills and
 * counts any process the worker left behind, and only then, when the
 * account arrived, matches and nothing was left, takes the nonce the grader
 * gave it ($GRADED_NONCE, moved into a memfd before the fork) and prints
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
	long failures;         /* checks that did not hold (must be 0) */
};

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
	snprintf(out, cap, "%ld rounds, %ld records, %ld children reaped, %ld failures",
		 a->rounds, a->records, a->reaped, a->failures);
}

/* The observer: see the comment at the top. */
static inline int scenario_observe(int argc, char *argv[],
				   int (*run)(int, char **, struct scenario_account *),
				   void (*expect)(int, char **, struct scenario_account *))
{
	const char *me = argc > 0 ? argv[0] : "scenario";
	prctl(PR_SET_DUMPABLE, 0);
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	int nonce_fd = trusted_stash_env("GRADED_NONCE");
	if (nonce_fd == -2) {
		fprintf(stderr, "%s: cannot keep the nonce: %s\n", me, strerror(errno));
		return 2;
	}
	int report[2];
	if (pipe(report) < 0 || fcntl(report[0], F_SETFD, FD_CLOEXEC) < 0 ||
	    fcntl(report[1], F_SETFD, FD_CLOEXEC) < 0) {
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
		struct scenario_account a = {0};
		int rc = run(argc, argv, &a);
		char line[256];
		scenario_format(line, sizeof line, &a);
		dprintf(report[1], "%d %s\n", rc, line);
		close(report[1]);
		exit(rc);
	}
	close(report[1]);
	int status;
	while (waitpid(worker, &status, 0) < 0 && errno == EINTR)
		;
	int left = trusted_kill_children();
	char got[512] = "";
	size_t len = 0;
	ssize_t n;
	while (len < sizeof got - 1 && (n = read(report[0], got + len, sizeof got - 1 - len)) > 0)
		len += (size_t)n;
	got[len] = '\0';
	close(report[0]);

	struct scenario_account want = {0};
	char want_line[256];
	expect(argc, argv, &want);
	scenario_format(want_line, sizeof want_line, &want);
	int rc = -1, at = 0;
	if (sscanf(got, "%d %n", &rc, &at) != 1)
		at = 0;
	got[strcspn(got, "\n")] = '\0';
	const char *account = got + at;
	if (!len) {
		if (WIFSIGNALED(status))
			fprintf(stderr, "%s: the scenario was killed by signal %d (%s) before it "
				"finished\n", me, WTERMSIG(status), strsignal(WTERMSIG(status)));
		else
			fprintf(stderr, "%s: the scenario stopped before it finished: the process "
				"that ran it exited with status %d without returning from the "
				"scenario (exit() or _exit() called in your code?)\n", me,
				WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		return 1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != rc) {
		fprintf(stderr, "%s: the scenario finished, but its process then %s %d\n", me,
			WIFEXITED(status) ? "exited with status" : "was killed by signal",
			WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
		return 1;
	}
	if (rc != 0)
		return 1;
	if (strcmp(account, want_line) != 0) {
		fprintf(stderr, "%s: the scenario counted \"%s\", expected \"%s\"\n", me, account,
			want_line);
		return 1;
	}
	if (left) {
		fprintf(stderr, "%s: %d process%s still there when the scenario ended (a child "
			"never waited for?)\n", me, left, left == 1 ? " was" : "es were");
		return 1;
	}
	char nonce[64];
	trusted_read_secret(nonce_fd, nonce, sizeof nonce, "-");
	printf("scenario complete %s: %s\n", nonce, account);
	memset(nonce, 0, sizeof nonce);
	fflush(stdout);
	_exit(0);
}

#define SCENARIO_MAIN                                                          \
	int main(int argc, char *argv[])                                       \
	{                                                                      \
		return scenario_observe(argc, argv, scenario_run, scenario_expect); \
	}

#endif
