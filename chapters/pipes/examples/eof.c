/* eof.c - the reader sees end of file only when every write end is closed
 *
 * The child counts lines until read() returns 0.  That happens only after
 * the parent closed its write end AND the child closed its own inherited
 * copy: delete the child's close(fd[1]) and this program never ends.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Count the newlines read from fd until end of file. */
static int count_lines(int fd)
{
	char buf[256];
	ssize_t n;
	int lines = 0;

	while ((n = read(fd, buf, sizeof buf)) > 0)
		for (ssize_t i = 0; i < n; i++)
			lines += buf[i] == '\n';
	return lines;
}

int main(void)
{
	int fd[2];

	if (pipe(fd) < 0) {
		perror("eof: pipe");
		return 1;
	}
	pid_t pid = fork();
	if (pid < 0) {
		perror("eof: fork");
		return 1;
	}
	if (pid == 0) {
		close(fd[1]);          /* the child only reads */
		printf("child: %d lines, then end of file\n", count_lines(fd[0]));
		return 0;
	}
	close(fd[0]);                  /* the parent only writes */
	for (int i = 1; i <= 3; i++)
		dprintf(fd[1], "line %d\n", i);
	close(fd[1]);                  /* now the child's read() can return 0 */
	int status;
	if (waitpid(pid, &status, 0) < 0) {
		perror("eof: waitpid");
		return 1;
	}
	if (WIFEXITED(status))
		printf("parent: child exited with status %d\n", WEXITSTATUS(status));
	else
		printf("parent: child killed by signal %d\n", WTERMSIG(status));
	return 0;
}
