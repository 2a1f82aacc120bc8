/* reuseaddr.c - why servers set SO_REUSEADDR before bind()
 *
 * The side that closes a TCP connection first keeps it in TIME_WAIT for a
 * minute.  A server that is restarted then cannot bind its port again:
 * EADDRINUSE, although nothing listens there.  SO_REUSEADDR lets bind()
 * succeed over connections that are not listening (never over a live
 * listener).  On Linux the old socket must have had it too, which is
 * natural when every run of the same server sets it: the second part shows
 * an old server that did not.
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static struct sockaddr_in loopback(int port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}

/* Bind a new TCP socket to 127.0.0.1:port; returns 0 or the errno. */
static int try_bind(int port, int reuse)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, sizeof reuse) < 0)
		die("reuseaddr: socket");
	struct sockaddr_in a = loopback(port);
	int rc = bind(fd, (struct sockaddr *)&a, sizeof a) < 0 ? errno : 0;
	close(fd);
	return rc;
}

/* An "old server" (SO_REUSEADDR set to reuse) serves one client and
 * closes first, then stops: its side of the connection stays in
 * TIME_WAIT.  Returns the port it used. */
static int old_server(int reuse)
{
	int lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in a = loopback(0);
	socklen_t len = sizeof a;
	if (lfd < 0 || setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &reuse, sizeof reuse) < 0 ||
	    bind(lfd, (struct sockaddr *)&a, sizeof a) < 0 || listen(lfd, 1) < 0 ||
	    getsockname(lfd, (struct sockaddr *)&a, &len) < 0)
		die("reuseaddr: listen");
	int c = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c < 0 || connect(c, (struct sockaddr *)&a, sizeof a) < 0)
		die("reuseaddr: connect");
	int s = accept(lfd, NULL, NULL);
	if (s < 0)
		die("reuseaddr: accept");
	close(s);                       /* the server closes first: TIME_WAIT on its side */
	close(lfd);                     /* the old server is gone */
	char b;
	if (read(c, &b, 1) != 0)        /* the client sees the end ... */
		die("reuseaddr: read");
	close(c);                       /* ... and closes its side too */
	return ntohs(a.sin_port);
}

static const char *verdict(int err)
{
	return err == EADDRINUSE ? "bind fails with EADDRINUSE" : err ? strerror(err) : "bind succeeds";
}

int main(void)
{
	int port = old_server(1);
	int without = try_bind(port, 0), with = try_bind(port, 1);
	printf("old server with SO_REUSEADDR, its connection in TIME_WAIT:\n");
	printf("  restart without SO_REUSEADDR: %s\n", verdict(without));
	printf("  restart with SO_REUSEADDR: %s\n", verdict(with));
	port = old_server(0);
	printf("old server without SO_REUSEADDR, its connection in TIME_WAIT:\n");
	printf("  restart with SO_REUSEADDR: %s\n", verdict(try_bind(port, 1)));
	return 0;
}
