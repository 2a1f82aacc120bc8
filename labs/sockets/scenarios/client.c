/* client.c - a tiny blocking HTTP client for the scenario programs (see client.h) */
#define _GNU_SOURCE
#include "client.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

int sclient_open(struct sclient *c, int port, const char *path)
{
	int e;
	c->len = 0;
	c->fd = socket(path ? AF_UNIX : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		goto out_err;
	struct timeval tv = {20, 0};   /* generous: Valgrind is slow */
	setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(c->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	int rc;
	if (path) {
		struct sockaddr_un a = {.sun_family = AF_UNIX};
		snprintf(a.sun_path, sizeof a.sun_path, "%s", path);
		rc = connect(c->fd, (struct sockaddr *)&a, sizeof a);
	} else {
		struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
		a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		rc = connect(c->fd, (struct sockaddr *)&a, sizeof a);
	}
	if (rc == 0)
		return 0;
	e = errno;
	close(c->fd);
	c->fd = -1;
	errno = e;
out_err:
	e = errno;
	fprintf(stderr, "scenario: cannot connect: %s\n", strerror(e));
	errno = e;
	return -1;
}

void sclient_close(struct sclient *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

static int send_all(int fd, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}

/* Make buf hold more bytes; 0 or -1. */
static int fill(struct sclient *c)
{
	if (c->len == sizeof c->buf)
		return -1;
	ssize_t n;
	while ((n = recv(c->fd, c->buf + c->len, sizeof c->buf - c->len, 0)) < 0 && errno == EINTR)
		;
	if (n <= 0)
		return -1;
	c->len += n;
	return 0;
}

static void drop(struct sclient *c, size_t n)
{
	c->len -= n;
	memmove(c->buf, c->buf + n, c->len);
}

/* Read one answer (after any "100 Continue"); its status, or -1. */
static int answer(struct sclient *c)
{
	for (;;) {
		char *end;
		while (!(end = memmem(c->buf, c->len, "\r\n\r\n", 4)))
			if (fill(c) < 0)
				return -1;
		size_t hlen = end + 4 - c->buf;
		int status;
		if (sscanf(c->buf, "HTTP/1.1 %d", &status) != 1)
			return -1;
		end[2] = '\0';
		char *cl = strcasestr(c->buf, "\r\nContent-Length:");
		size_t blen = cl ? strtoul(cl + 17, NULL, 10) : 0;
		drop(c, hlen);
		while (blen > 0) {
			if (c->len == 0 && fill(c) < 0)
				return -1;
			size_t take = c->len < blen ? c->len : blen;
			drop(c, take);
			blen -= take;
		}
		if (status != 100)
			return status;
	}
}

int sclient_ask(struct sclient *c, const char *method, const char *path,
		const char *body, size_t len, const char *extra)
{
	char head[512], length[64] = "";
	if (body)
		snprintf(length, sizeof length, "Content-Length: %zu\r\n", len);
	int n = snprintf(head, sizeof head, "%s %s HTTP/1.1\r\nHost: localhost\r\n%s%s\r\n",
			 method, path, length, extra ? extra : "");
	if (send_all(c->fd, head, n) < 0 || (body && send_all(c->fd, body, len) < 0))
		return -1;
	return answer(c);
}

int sclient_raw(struct sclient *c, const char *bytes, size_t len)
{
	return send_all(c->fd, bytes, len) < 0 ? -1 : answer(c);
}

int sclient_udp(int port, const char *query, char *reply, size_t cap)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	struct timeval tv = {20, 0};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ssize_t n = -1;
	if (sendto(fd, query, strlen(query), 0, (struct sockaddr *)&a, sizeof a) >= 0)
		n = recvfrom(fd, reply, cap - 1, 0, NULL, NULL);
	close(fd);
	if (n >= 0)
		reply[n] = '\0';
	return (int)n;
}

void open_fds(char open[SCENARIO_MAX_FD])
{
	memset(open, 0, SCENARIO_MAX_FD);
	DIR *d = opendir("/proc/self/fd");
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && atoi(e->d_name) < SCENARIO_MAX_FD &&
		    atoi(e->d_name) != dirfd(d))
			open[atoi(e->d_name)] = 1;
	closedir(d);
}

int report_new_fds(const char *who, const char before[SCENARIO_MAX_FD])
{
	static char now[SCENARIO_MAX_FD];
	int leaked = 0;
	open_fds(now);
	for (int fd = 0; fd < SCENARIO_MAX_FD; fd++) {
		if (!now[fd] || before[fd])
			continue;
		char path[64], target[256] = "?";
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
		ssize_t n = readlink(path, target, sizeof target - 1);
		target[n > 0 ? n : 1] = '\0';
		fprintf(stderr, "%s: descriptor %d (%s) is still open after server_close\n", who, fd,
			target);
		leaked++;
	}
	return leaked;
}
