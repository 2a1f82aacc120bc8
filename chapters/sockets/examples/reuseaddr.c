/* reuseaddr.c - why servers set SO_REUSEADDR before bind()
 *
 * The side that closes a TCP connection first keeps it in TIME_WAIT for a
 * minute.  A server that is restarted then cannot bind its port again:
 * EADDRINUSE, although nothing listens there.  SO_REUSEADDR lets bind()
 * succeed over connections in TIME_WAIT (never over a live listener).  On
 * Linux the old socket must have had it too, which is natural: every run of
 * the same server program sets it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Bind a new TCP socket to 127.0.0.1:port; returns 0 or the errno. */
static int try_bind(int port, int reuse)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, sizeof reuse);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int rc = bind(fd, (struct sockaddr *)&a, sizeof a) < 0 ? errno : 0;
	close(fd);
	return rc;
}

int main(void)
{
	int lfd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);   /* the old server's */
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t len = sizeof a;
	bind(lfd, (struct sockaddr *)&a, sizeof a);
	listen(lfd, 1);
	getsockname(lfd, (struct sockaddr *)&a, &len);
	int port = ntohs(a.sin_port);
	int c = socket(AF_INET, SOCK_STREAM, 0);
	connect(c, (struct sockaddr *)&a, sizeof a);
	int s = accept(lfd, NULL, NULL);
	close(s);                       /* the server closes first: TIME_WAIT on its side */
	close(lfd);                     /* the "old server" is gone */
	char b;
	if (read(c, &b, 1) != 0)        /* the client sees the end ... */
		return 1;
	close(c);                       /* ... and closes its side too */
	usleep(100000);
	int without = try_bind(port, 0), with = try_bind(port, 1);
	printf("restart without SO_REUSEADDR: %s\n", without == EADDRINUSE ? "bind fails with EADDRINUSE"
	       : without ? strerror(without) : "bind succeeds");
	printf("restart with SO_REUSEADDR: %s\n", with ? strerror(with) : "bind succeeds");
	return 0;
}
