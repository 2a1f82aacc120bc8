/* datagrams.c - UDP keeps message boundaries; TCP does not
 *
 * Three sendto() calls on a UDP socket arrive as three datagrams, each read
 * whole by its own recvfrom(), which also says who sent it.  The same three
 * writes on a TCP connection are just bytes in a stream: one read() may
 * return them all at once.  (To show that every time, the reader first
 * waits, without taking anything, until all eleven bytes have arrived:
 * recv with MSG_PEEK | MSG_WAITALL.)
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static void die(const char *what)
{
	perror(what);
	exit(1);
}

/* A socket of type bound to 127.0.0.1 on a free port; the address goes to *a. */
static int bound(int type, struct sockaddr_in *a)
{
	int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);
	*a = (struct sockaddr_in){.sin_family = AF_INET, .sin_port = 0};
	a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t len = sizeof *a;
	if (fd < 0 || bind(fd, (struct sockaddr *)a, sizeof *a) < 0 ||
	    getsockname(fd, (struct sockaddr *)a, &len) < 0)
		die("bind");
	return fd;
}

int main(void)
{
	const char *words[] = {"one", "two", "three"};
	struct sockaddr_in server, client;
	int s = bound(SOCK_DGRAM, &server);
	int c = bound(SOCK_DGRAM, &client);
	for (int i = 0; i < 3; i++)
		if (sendto(c, words[i], strlen(words[i]), 0, (struct sockaddr *)&server,
			   sizeof server) < 0)
			die("sendto");
	for (int i = 0; i < 3; i++) {
		char buf[64];
		struct sockaddr_in from;
		socklen_t flen = sizeof from;
		ssize_t n = recvfrom(s, buf, sizeof buf, 0, (struct sockaddr *)&from, &flen);
		if (n < 0)
			die("recvfrom");
		printf("udp: datagram %d is \"%.*s\" (%zd bytes), from the client's port: %s\n", i + 1,
		       (int)n, buf, n, from.sin_port == client.sin_port ? "yes" : "no");
	}
	close(s);
	close(c);

	int l = bound(SOCK_STREAM, &server);
	if (listen(l, 1) < 0)
		die("listen");
	int t = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (t < 0 || connect(t, (struct sockaddr *)&server, sizeof server) < 0)
		die("connect");
	int a = accept(l, NULL, NULL);
	if (a < 0)
		die("accept");
	for (int i = 0; i < 3; i++)
		if (write(t, words[i], strlen(words[i])) < 0)
			die("write");
	close(t);
	char buf[64];
	if (recv(a, buf, 11, MSG_PEEK | MSG_WAITALL) != 11)  /* all there, none taken */
		die("recv");
	ssize_t n = read(a, buf, sizeof buf);
	printf("tcp: the first read() returned \"%.*s\" (%zd bytes)\n", (int)n, buf, n);
	close(a);
	close(l);
	return 0;
}
