/* sigpipe.c - writing to a connection the peer has closed
 *
 * The first write after the peer is gone may still "succeed" (the bytes
 * leave, the peer's kernel answers with a reset); a later one gets EPIPE,
 * and with it the signal SIGPIPE, whose default action kills the process.
 * A server ignores SIGPIPE (or sends with MSG_NOSIGNAL) and handles EPIPE.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

/* In a child: write to a socket whose peer is closed, until an error. */
static int write_to_closed_peer(int ignore)
{
	pid_t pid = fork();
	if (pid == 0) {
		if (ignore)
			signal(SIGPIPE, SIG_IGN);
		int sv[2];
		socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
		close(sv[1]);
		for (int i = 0; i < 3; i++)
			if (write(sv[0], "data", 4) < 0)
				_exit(errno == EPIPE ? 32 : 1);
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	return status;
}

int main(void)
{
	int st = write_to_closed_peer(0);
	if (WIFSIGNALED(st))
		printf("SIGPIPE at its default: the writer was killed by signal %d (%s)\n",
		       WTERMSIG(st), WTERMSIG(st) == SIGPIPE ? "SIGPIPE" : "?");
	st = write_to_closed_peer(1);
	if (WIFEXITED(st))
		printf("SIGPIPE ignored: write() failed with %s and the writer carried on\n",
		       WEXITSTATUS(st) == 32 ? "EPIPE" : "something else");
	return 0;
}
