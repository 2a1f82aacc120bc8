/* sigpipe.c - writing to a pipe nobody can read
 *
 * With the read end closed, write() raises SIGPIPE, whose default action
 * kills the writer: that is how `yes | head -n 3` ends.  A program that
 * ignores SIGPIPE gets -1 with errno EPIPE instead.  The child sets
 * SIGPIPE back to its default first: an ignored signal stays ignored
 * across fork and exec, and this program may have been started with it
 * ignored.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int fd[2], status;

	if (pipe(fd) < 0) {
		perror("sigpipe: pipe");
		return 1;
	}
	close(fd[0]);                  /* nobody will ever read */

	pid_t pid = fork();
	if (pid < 0) {
		perror("sigpipe: fork");
		return 1;
	}
	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);    /* the default, whatever we inherited */
		if (write(fd[1], "x", 1) < 0) /* SIGPIPE: the child dies here */
			_exit(2);            /* only if SIGPIPE could not be reset */
		_exit(0);
	}
	if (waitpid(pid, &status, 0) < 0) {
		perror("sigpipe: waitpid");
		return 1;
	}
	if (WIFSIGNALED(status))
		printf("child killed by signal %d (SIGPIPE is %d); sh would say status %d\n",
		       WTERMSIG(status), SIGPIPE, 128 + WTERMSIG(status));
	else
		printf("child exited with status %d\n", WEXITSTATUS(status));

	signal(SIGPIPE, SIG_IGN);
	ssize_t n = write(fd[1], "x", 1);
	printf("with SIGPIPE ignored: write returned %zd, errno %s\n", n,
	       errno == EPIPE ? "EPIPE" : "something else");
	close(fd[1]);
	return 0;
}
