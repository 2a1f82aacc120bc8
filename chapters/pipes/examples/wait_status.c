/* wait_status.c - from a wait status to the number sh prints in $?
 *
 * waitpid() packs "how did it end" into one int.  WIFEXITED/WEXITSTATUS
 * give a normal exit code; WIFSIGNALED/WTERMSIG the signal that killed
 * the process, which sh reports as 128 + N.
 */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static int shell_status(int status)
{
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

/* Fork a child that exits with code, or kills itself with sig if sig > 0. */
static void show(int code, int sig)
{
	int status;
	pid_t pid = fork();

	if (pid < 0) {
		perror("wait_status: fork");
		exit(1);
	}
	if (pid == 0) {
		if (sig)
			raise(sig);
		_exit(code);
	}
	if (waitpid(pid, &status, 0) < 0) {
		perror("wait_status: waitpid");
		exit(1);
	}
	printf("raw status %5d  exited %d  signaled %d  -> sh status %d\n", status,
	       WIFEXITED(status) != 0, WIFSIGNALED(status) != 0, shell_status(status));
}

int main(void)
{
	show(0, 0);
	show(3, 0);
	show(0, SIGTERM);
	show(0, SIGKILL);
	return 0;
}
