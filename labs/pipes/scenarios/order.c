/* order.c - make one command of a pipeline end after all the others, for the tests
 *
 *     order last CMD [ARG]...
 *
 * runs CMD, waits until every other child of its own parent (the other
 * commands of the pipeline) has ended, then ends as CMD ended: the same
 * exit code, or killed by the same signal.
 *
 * A pipeline's status is its last command's, whatever order its commands
 * end in.  Code that reaps with wait() and keeps the status it got last is
 * right only when the last command happens to end last, so a test that
 * left that order to the scheduler passes such code on some runs only
 * (even `yes | head`, where yes can die only after head has closed the
 * pipe: head may be preempted between closing its descriptors and ending).
 * `order last yes | sh -c 'exit 7'` forces the other order on every run:
 * yes can end only by SIGPIPE, after sh has started and closed the pipe,
 * so every sibling exists by then, and pidfd_open(2) of each is readable
 * once it has ended.  The wrapper lets go of the pipe ends it inherited
 * while it waits, so the other commands see the pipes as they would
 * without it.  Part of the tests: no student code is linked in.  Exits 125
 * when it cannot do its part.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define ORDER_FAILED 125

static int fail(const char *what)
{
	fprintf(stderr, "order: cannot %s: %s\n", what, strerror(errno));
	return ORDER_FAILED;
}

/* The parent pid of process pid, from /proc/PID/stat; -1 if it is gone. */
static pid_t parent_of(pid_t pid)
{
	char path[64], text[512];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	size_t n = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	text[n] = '\0';
	// "PID (COMM) STATE PPID ...": COMM may hold anything, so parse after the last ')'.
	char *close_paren = strrchr(text, ')');
	char state;
	int ppid;
	if (!close_paren || sscanf(close_paren + 1, " %c %d", &state, &ppid) != 2)
		return -1;
	return ppid;
}

/* Block until process pid has ended (or is gone already). */
static void wait_ended(pid_t pid)
{
	int fd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (fd < 0)
		return;         /* ESRCH: reaped already */
	struct pollfd p = {fd, POLLIN, 0};
	while (poll(&p, 1, -1) < 0 && errno == EINTR)
		;
	close(fd);
}

/* Wait until every other child of my parent has ended. */
static int wait_siblings(void)
{
	pid_t me = getpid(), parent = getppid();
	DIR *d = opendir("/proc");
	if (!d)
		return -1;
	struct dirent *e;
	while ((e = readdir(d))) {
		pid_t pid = (pid_t)atoi(e->d_name);
		if (pid > 0 && pid != me && parent_of(pid) == parent)
			wait_ended(pid);
	}
	closedir(d);
	return 0;
}

int main(int argc, char *argv[])
{
	if (argc < 3 || strcmp(argv[1], "last")) {
		fprintf(stderr, "usage: order last CMD [ARG]...\n");
		return ORDER_FAILED;
	}
	pid_t child = fork();
	if (child < 0)
		return fail("fork");
	if (child == 0) {
		execvp(argv[2], argv + 2);
		fprintf(stderr, "order: cannot run '%s': %s\n", argv[2], strerror(errno));
		_exit(127);
	}
	// Let go of the pipes: the command's neighbours must see them as before.
	int null = open("/dev/null", O_RDWR);
	if (null < 0 || dup2(null, STDIN_FILENO) < 0 || dup2(null, STDOUT_FILENO) < 0)
		return fail("let go of the pipes");
	close(null);
	int status;
	while (waitpid(child, &status, 0) < 0)
		if (errno != EINTR)
			return fail("wait for the command");
	if (wait_siblings() < 0)
		return fail("list the processes");
	if (WIFSIGNALED(status)) {
		signal(WTERMSIG(status), SIG_DFL);
		raise(WTERMSIG(status));
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : ORDER_FAILED;
}
