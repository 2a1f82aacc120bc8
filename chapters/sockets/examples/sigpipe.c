/* sigpipe.c - writing to a TCP connection the peer has closed
 *
 * When the peer has closed its socket, our first write still succeeds: the
 * bytes leave, and the peer's kernel, which has no socket for them any
 * more, answers with a reset.  The write after the reset fails with EPIPE,
 * and with it comes the signal SIGPIPE, whose default action kills the
 * process.  When the peer closed with our earlier bytes unread, its kernel
 * sends the reset at once: the next write fails with ECONNRESET, without a
 * signal, and the one after that with EPIPE and SIGPIPE.  A server ignores
 * SIGPIPE (or sends with MSG_NOSIGNAL) and handles both errors.
 *
 * Each writer is a child that sets SIGPIPE itself: an ignored signal stays
 * ignored across fork and exec, and this program may have been started
 * with it ignored.  The sockets are close-on-exec (SOCK_CLOEXEC).
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static void die(const char *what)
{
	perror(what);
	exit(1);
}

/* A connected pair over loopback TCP: *client and the accepted *server.
 * Exits on failure. */
static void tcp_pair(int *client, int *server)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	socklen_t len = sizeof a;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&a, sizeof a) < 0 || listen(lfd, 1) < 0 ||
	    getsockname(lfd, (struct sockaddr *)&a, &len) < 0)
		die("sigpipe: listen");
	*client = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (*client < 0 || connect(*client, (struct sockaddr *)&a, sizeof a) < 0)
		die("sigpipe: connect");
	*server = accept(lfd, NULL, NULL);
	if (*server < 0)
		die("sigpipe: accept");
	close(lfd);
}

/* Wait up to 5 s for the peer's reset to arrive on fd.  Returns 0 when it
 * has (poll reports POLLERR), -1 otherwise. */
static int wait_reset(int fd)
{
	struct pollfd p = {fd, 0, 0};
	return poll(&p, 1, 5000) == 1 && (p.revents & POLLERR) ? 0 : -1;
}

/* Print what write number i returned; flushed, as the next may kill us. */
static void report(int i, ssize_t n, int err)
{
	if (n >= 0)
		printf("  write %d returned %zd\n", i, n);
	else
		printf("  write %d failed with %s\n", i, err == EPIPE ? "EPIPE"
		       : err == ECONNRESET ? "ECONNRESET" : "another error");
	fflush(stdout);
}

/* In a child with SIGPIPE set to action: two writes on fd, the second
 * after the reset has arrived.  Prints what happened. */
static void two_writes(int fd, void (*action)(int))
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		die("sigpipe: fork");
	if (pid == 0) {
		signal(SIGPIPE, action);
		for (int i = 1; i <= 2; i++) {
			ssize_t n = write(fd, "data", 4);
			report(i, n, errno);
			if (n > 0 && wait_reset(fd) < 0)
				_exit(1);
		}
		_exit(0);
	}
	int status;
	if (waitpid(pid, &status, 0) < 0)
		die("sigpipe: waitpid");
	if (WIFSIGNALED(status))
		printf("  then the writer was killed by signal %d%s\n", WTERMSIG(status),
		       WTERMSIG(status) == SIGPIPE ? " (SIGPIPE)" : "");
}

/* The peer closes after reading everything: its kernel sends an end of
 * file, which we read, and resets only when our next bytes arrive. */
static void peer_closed(void (*action)(int), const char *label)
{
	int c, s;
	char b;
	tcp_pair(&c, &s);
	close(s);
	if (read(c, &b, 1) != 0)
		die("sigpipe: read");
	printf("peer closed, SIGPIPE %s:\n", label);
	two_writes(c, action);
	close(c);
}

/* The peer closes with bytes of ours unread: its kernel resets at once. */
static void peer_reset(void)
{
	int c, s;
	tcp_pair(&c, &s);
	if (write(c, "unread", 6) != 6)
		die("sigpipe: write");
	struct pollfd p = {s, POLLIN, 0};
	if (poll(&p, 1, 5000) != 1)     /* the bytes are in s's buffer */
		die("sigpipe: poll");
	close(s);
	if (wait_reset(c) < 0)
		die("sigpipe: no reset");
	printf("peer closed with our bytes unread, SIGPIPE at its default:\n");
	two_writes(c, SIG_DFL);
	close(c);
}

int main(void)
{
	peer_closed(SIG_DFL, "at its default");
	peer_closed(SIG_IGN, "ignored");
	peer_reset();
	return 0;
}
