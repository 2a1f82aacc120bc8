/* pipeline.c - run a chain of commands joined by pipes
 *
 * pipeline_run() does what sh does for `a | b | c`: one pipe between each
 * pair of neighbours, one child per command, and in each child dup2() moves
 * the pipe ends onto stdin and stdout before execvp().  Pipes are created
 * one at a time, just before the child that writes into them, so the parent
 * never holds more than two pipe ends and each child inherits only the ends
 * it needs and the one read end it must close.
 */
#include "pipeline.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* In a child: make fd become target, and close fd.  Exits on failure. */
static void move_fd(int fd, int target)
{
	if (fd == target)
		return;
	if (dup2(fd, target) < 0) {
		fprintf(stderr, "pipeline: cannot redirect: %s\n", strerror(errno));
		_exit(PIPELINE_CANNOT_EXEC);
	}
	close(fd);
}

/* In a child: open path with flags onto descriptor target, or exit. */
static void redirect(const char *path, int flags, int target)
{
	int fd = open(path, flags, 0666);

	if (fd < 0) {
		fprintf(stderr, "pipeline: cannot open '%s': %s\n", path, strerror(errno));
		_exit(PIPELINE_BAD_REDIRECT);
	}
	move_fd(fd, target);
}

/* In a child: read from in, write to out, close spare (the read end of the
 * next pipe, which belongs to the next command), then become cmd.
 * Never returns. */
static void child_run(const struct command *cmd, int in, int out, int spare)
{
	if (spare >= 0)
		close(spare);
	move_fd(in, STDIN_FILENO);
	move_fd(out, STDOUT_FILENO);
	if (cmd->input)
		redirect(cmd->input, O_RDONLY, STDIN_FILENO);
	if (cmd->output)
		redirect(cmd->output, O_WRONLY | O_CREAT | O_TRUNC, STDOUT_FILENO);
	execvp(cmd->argv[0], cmd->argv);
	int err = errno;
	fprintf(stderr, "pipeline: cannot run '%s': %s\n", cmd->argv[0], strerror(err));
	_exit(err == ENOENT ? PIPELINE_NOT_FOUND : PIPELINE_CANNOT_EXEC);
}

/* A wait status as sh reports it: the exit code, or 128 + the signal. */
static int shell_status(int status)
{
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

/* Wait for each of the n children in pids.  Returns the shell status of
 * the last one.  This function can't fail: the children are ours. */
static int wait_all(const pid_t *pids, size_t n)
{
	int status = 0;

	for (size_t i = 0; i < n; i++) {
		while (waitpid(pids[i], &status, 0) < 0 && errno == EINTR)
			;
	}
	return shell_status(status);
}

/* Start cmds[i] reading from in (STDIN_FILENO for the first command) and,
 * unless it is the last, writing into a new pipe whose read end is stored
 * in *next.  The parent's copies of in and the write end are closed, on
 * failure too: a read end kept open would leave the previous command
 * blocked on a full pipe while we wait for it.
 * Returns the child's pid, or -1 with errno set. */
static pid_t start_one(const struct command *cmds, size_t i, size_t n, int in, int *next)
{
	int p[2] = {-1, STDOUT_FILENO};
	pid_t pid;

	if (i + 1 < n && pipe(p) < 0) {
		int err = errno;
		if (in != STDIN_FILENO)
			close(in);
		errno = err;
		return -1;
	}
	pid = fork();
	if (pid == 0)
		child_run(&cmds[i], in, p[1], p[0]);
	int err = errno;
	if (in != STDIN_FILENO)
		close(in);
	if (p[1] != STDOUT_FILENO)
		close(p[1]);
	if (pid < 0 && p[0] >= 0)
		close(p[0]);
	*next = p[0];
	errno = err;
	return pid;
}

int pipeline_run(const struct command *cmds, size_t n)
{
	pid_t *pids = calloc(n, sizeof *pids);
	int in = STDIN_FILENO;
	size_t started = 0;
	int err = 0;

	if (!pids)
		return -1;
	while (started < n) {
		pid_t pid = start_one(cmds, started, n, in, &in);
		if (pid < 0) {
			err = errno;
			break;
		}
		pids[started++] = pid;
	}
	int status = wait_all(pids, started);
	free(pids);
	if (err) {
		errno = err;
		return -1;
	}
	return status;
}
