/* tcp_echo.c - the server and client call sequences of a TCP stream, in one program
 *
 * The parent is the server: socket, bind (127.0.0.1, port 0 lets the kernel
 * pick a free port), listen, accept, read, write, close.  A forked child is
 * the client: socket, connect, write, read, close.
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
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

/* The client: connect to port, send a line, print the answer. */
static void client(int port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) < 0)
		die("connect");
	const char msg[] = "hello, server";
	if (write(fd, msg, sizeof msg - 1) != sizeof msg - 1)
		die("write");
	shutdown(fd, SHUT_WR);          /* "I have finished sending" */
	char buf[64];
	ssize_t n, len = 0;
	while ((n = read(fd, buf + len, sizeof buf - 1 - len)) > 0)
		len += n;
	buf[len] = '\0';
	printf("client: got \"%s\"\n", buf);
	close(fd);
}

int main(void)
{
	int lfd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(0)};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t alen = sizeof a;
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&a, sizeof a) < 0 || listen(lfd, 16) < 0 ||
	    getsockname(lfd, (struct sockaddr *)&a, &alen) < 0)
		die("listen");
	printf("server: listening on 127.0.0.1 (an ephemeral port)\n");
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		close(lfd);
		client(ntohs(a.sin_port));
		return 0;
	}
	int cfd = accept(lfd, NULL, NULL);
	if (cfd < 0)
		die("accept");
	char buf[64];
	ssize_t n, len = 0;
	while ((n = read(cfd, buf + len, sizeof buf - len)) > 0)   /* until the client's EOF */
		len += n;
	printf("server: read %zd bytes, answering in capitals\n", len);
	fflush(stdout);
	for (ssize_t i = 0; i < len; i++)
		buf[i] = toupper((unsigned char)buf[i]);
	if (write(cfd, buf, len) != len)
		die("write");
	close(cfd);
	close(lfd);
	waitpid(pid, NULL, 0);
	return 0;
}
