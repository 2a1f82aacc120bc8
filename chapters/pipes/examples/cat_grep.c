/* cat_grep.c - what sh does for: printf '...' | grep flower
 *
 * Two children, one pipe.  The left child's stdout becomes the write end,
 * the right child's stdin the read end; every other copy of both ends is
 * closed, in the children and in the parent, before anybody waits.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

/* Fork a child that moves from onto target, closes both pipe ends and
 * runs argv.  Returns the child's pid; exits on a failed fork. */
static pid_t spawn(char *const argv[], int from, int target, const int fd[2])
{
	pid_t pid = fork();

	if (pid < 0) {
		perror("cat_grep: fork");
		exit(1);
	}
	if (pid > 0)
		return pid;
	/* When from is already target (stdout was closed when pipe() ran),
	 * dup2 does nothing and the end must not be closed. */
	if (from != target && dup2(from, target) < 0)
		_exit(126);
	for (int i = 0; i < 2; i++)
		if (fd[i] != target)
			close(fd[i]);
	execvp(argv[0], argv);
	fprintf(stderr, "cat_grep: cannot run '%s'\n", argv[0]);
	_exit(127);
}

int main(void)
{
	char *left[] = {"printf", "rose\nsunflower\ntulip\nflowerpot\n", NULL};
	char *right[] = {"grep", "flower", NULL};
	int fd[2], status;

	if (pipe(fd) < 0) {
		perror("cat_grep: pipe");
		return 1;
	}
	pid_t a = spawn(left, fd[1], STDOUT_FILENO, fd);
	pid_t b = spawn(right, fd[0], STDIN_FILENO, fd);
	close(fd[0]);          /* without these two closes grep never sees EOF */
	close(fd[1]);
	if (waitpid(a, NULL, 0) < 0 || waitpid(b, &status, 0) < 0) {
		perror("cat_grep: waitpid");
		return 1;
	}
	if (WIFEXITED(status))
		printf("grep exited with status %d\n", WEXITSTATUS(status));
	else
		printf("grep was killed by signal %d\n", WTERMSIG(status));
	return 0;
}
