/* five_tuple.c - one port number serves TCP and UDP; connections differ by their 5-tuple
 *
 * A TCP socket and a UDP socket bind the same port number on 127.0.0.1:
 * the protocol is part of the address, so they do not clash.  Then two
 * clients connect to the same TCP server port: the kernel tells the two
 * accepted sockets apart by the whole 5-tuple (protocol, source address,
 * source port, destination address, destination port).
 *
 * The port numbers change from run to run, so the tuples name them S (the
 * server's) and A, B (the clients'); the numbers themselves go to stderr.
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

static struct sockaddr_in loopback(int port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}

/* Bind a TCP and a UDP socket to one port number; returns the port, or -1. */
static int same_port(int *tcp, int *udp)
{
	for (int attempt = 0; attempt < 20; attempt++) {
		struct sockaddr_in a = loopback(0);
		socklen_t len = sizeof a;
		*tcp = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		*udp = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (*tcp < 0 || *udp < 0 || bind(*tcp, (struct sockaddr *)&a, sizeof a) < 0 ||
		    getsockname(*tcp, (struct sockaddr *)&a, &len) < 0)
			return -1;
		if (bind(*udp, (struct sockaddr *)&a, sizeof a) == 0)
			return ntohs(a.sin_port);
		close(*tcp);            /* that UDP port was taken: try another */
		close(*udp);
	}
	return -1;
}

/* Print the 5-tuple of the accepted connection fd, the client's port
 * called client_name; the numbers go to stderr. */
static void show(const char *who, int fd, const char *client_name)
{
	struct sockaddr_in me, peer;
	socklen_t l1 = sizeof me, l2 = sizeof peer;
	char mine[INET_ADDRSTRLEN], theirs[INET_ADDRSTRLEN];
	if (getsockname(fd, (struct sockaddr *)&me, &l1) < 0 ||
	    getpeername(fd, (struct sockaddr *)&peer, &l2) < 0 ||
	    !inet_ntop(AF_INET, &me.sin_addr, mine, sizeof mine) ||
	    !inet_ntop(AF_INET, &peer.sin_addr, theirs, sizeof theirs)) {
		perror("five_tuple: getpeername");
		exit(1);
	}
	printf("%s: (tcp, %s, %s, %s, S)\n", who, theirs, client_name, mine);
	fprintf(stderr, "%s: (tcp, %s, %d, %s, %d)\n", who, theirs, ntohs(peer.sin_port), mine,
		ntohs(me.sin_port));
}

int main(void)
{
	int tcp, udp;
	int port = same_port(&tcp, &udp);
	if (port < 0) {
		fprintf(stderr, "five_tuple: no port free for both protocols\n");
		return 1;
	}
	printf("tcp and udp sockets bound to the same port number: yes\n");
	if (listen(tcp, 4) < 0) {
		perror("five_tuple: listen");
		return 1;
	}
	struct sockaddr_in a = loopback(port);
	int c1 = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int c2 = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c1 < 0 || c2 < 0 || connect(c1, (struct sockaddr *)&a, sizeof a) < 0 ||
	    connect(c2, (struct sockaddr *)&a, sizeof a) < 0) {
		perror("connect");
		return 1;
	}
	int s1 = accept(tcp, NULL, NULL), s2 = accept(tcp, NULL, NULL);
	if (s1 < 0 || s2 < 0) {
		perror("five_tuple: accept");
		return 1;
	}
	show("connection 1", s1, "A");
	show("connection 2", s2, "B");
	struct sockaddr_in p1, p2, m1, m2;
	socklen_t l = sizeof p1;
	getpeername(s1, (struct sockaddr *)&p1, &l);
	getpeername(s2, (struct sockaddr *)&p2, &l);
	getsockname(s1, (struct sockaddr *)&m1, &l);
	getsockname(s2, (struct sockaddr *)&m2, &l);
	printf("same server port: %s; different client ports: %s\n",
	       m1.sin_port == m2.sin_port ? "yes" : "no", p1.sin_port != p2.sin_port ? "yes" : "no");
	for (int *fd = (int[]){s1, s2, c1, c2, tcp, udp, -1}; *fd >= 0; fd++)
		close(*fd);
	return 0;
}
