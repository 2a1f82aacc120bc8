/* trusted.h - what the two processes that never run student code share
 *
 * The test process of graded.c and the observer of scenario.h both keep the
 * grader's nonce where the student code they start cannot read it, and both
 * make sure nothing that code started outlives it.  Header-only, because
 * scenario programs are not linked with graded.c.
 */
#ifndef TRUSTED_H
#define TRUSTED_H

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* Move environment variable NAME into a close-on-exec memfd and wipe it
 * from the environment (and from the memory /proc/self/environ shows).
 * Returns the descriptor; -1 if NAME is not set, -2 if the memfd failed. */
static inline int trusted_stash_env(const char *name)
{
	char *v = getenv(name);
	if (!v)
		return -1;
	size_t len = strlen(v);
	/* syscall(): memfd_create() needs _GNU_SOURCE, which includers may lack. */
	int fd = (int)syscall(SYS_memfd_create, "graded-secret", 1u /* MFD_CLOEXEC */);
	if (fd >= 0 && write(fd, v, len) != (ssize_t)len) {
		close(fd);
		fd = -1;
	}
	memset(v, 'x', len);
	unsetenv(name);
	return fd >= 0 ? fd : -2;
}

/* Read the secret kept in fd into buf (cap bytes with its '\0'); if there
 * is none, buf holds fallback.  Callers wipe buf when done. */
static inline void trusted_read_secret(int fd, char *buf, size_t cap, const char *fallback)
{
	ssize_t n = fd >= 0 ? pread(fd, buf, cap - 1, 0) : -1;
	if (n > 0)
		buf[n] = '\0';
	else
		snprintf(buf, cap, "%s", fallback);
}

/* Kill and reap every child of every thread of this process until none is
 * left.  With PR_SET_CHILD_SUBREAPER set, that is every descendant whose
 * parent died.  Returns how many were killed. */
static inline int trusted_kill_children(void)
{
	int total = 0;
	for (int round = 0; round < 1000; round++) {
		int any = 0;
		DIR *tasks = opendir("/proc/self/task");
		struct dirent *t;
		while (tasks && (t = readdir(tasks))) {
			if (t->d_name[0] == '.')
				continue;
			char path[300];
			snprintf(path, sizeof path, "/proc/self/task/%s/children", t->d_name);
			FILE *f = fopen(path, "re");
			int pid;
			while (f && fscanf(f, "%d", &pid) == 1) {
				kill(pid, SIGKILL);
				waitpid(pid, NULL, 0);
				any = 1;
				total++;
			}
			if (f)
				fclose(f);
		}
		if (tasks)
			closedir(tasks);
		if (!any)
			break;
	}
	return total;
}

#endif
