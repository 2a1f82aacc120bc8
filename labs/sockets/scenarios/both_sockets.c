/* both_sockets.c - the leaks scenario: serve on TCP, the Unix socket and UDP, then SIGTERM
 *
 * Starts the server in this process (server_open, then server_serve in a
 * thread), sends every kind of request over TCP and over the Unix socket,
 * asks the stats port, leaves one keep-alive connection idle, and stops the
 * server with a real SIGTERM.  Exits 0 only when every answer was right, the
 * socket file is gone and no descriptor opened meanwhile is still open (it
 * compares /proc/self/fd before and after); Valgrind then checks that no
 * memory leaked either.
 */
#include "client.h"
#include "kv.h"

#include <dirent.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SOCKET_PATH "scenario.sock"

static int failures;

#define MAX_FD 4096

/* Mark in open[] the descriptors open now (below MAX_FD). */
static void open_fds(char open[MAX_FD])
{
	memset(open, 0, MAX_FD);
	DIR *d = opendir("/proc/self/fd");
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && atoi(e->d_name) < MAX_FD && atoi(e->d_name) != dirfd(d))
			open[atoi(e->d_name)] = 1;
	closedir(d);
}

/* Complain about every descriptor open now that was not open in before[]. */
static void expect_no_new_fds(const char before[MAX_FD])
{
	static char now[MAX_FD];
	open_fds(now);
	for (int fd = 0; fd < MAX_FD; fd++) {
		if (!now[fd] || before[fd])
			continue;
		char path[64], target[256] = "?";
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
		ssize_t n = readlink(path, target, sizeof target - 1);
		target[n > 0 ? n : 1] = '\0';
		fprintf(stderr, "both_sockets: descriptor %d (%s) is still open after server_close\n",
			fd, target);
		failures++;
	}
}

static void expect(int got, int want, const char *what)
{
	if (got == want)
		return;
	fprintf(stderr, "both_sockets: %s: expected %d, got %d\n", what, want, got);
	failures++;
}

static void *serve(void *arg)
{
	return (void *)(long)server_serve(arg);
}

/* Every kind of request on one connection (TCP or Unix). */
static void requests(int port, const char *path, const char *tag)
{
	struct sclient c;
	char key[64], what[128];
	if (sclient_open(&c, port, path) < 0) {
		failures++;
		return;
	}
	snprintf(key, sizeof key, "/kv/%s", tag);
	snprintf(what, sizeof what, "%s: PUT new", tag);
	expect(sclient_ask(&c, "PUT", key, "first", 5, NULL), 201, what);
	snprintf(what, sizeof what, "%s: PUT again", tag);
	expect(sclient_ask(&c, "PUT", key, "second value", 12, NULL), 204, what);
	snprintf(what, sizeof what, "%s: GET", tag);
	expect(sclient_ask(&c, "GET", key, NULL, 0, NULL), 200, what);
	snprintf(what, sizeof what, "%s: GET missing", tag);
	expect(sclient_ask(&c, "GET", "/kv/missing", NULL, 0, NULL), 404, what);
	snprintf(what, sizeof what, "%s: POST", tag);
	expect(sclient_ask(&c, "POST", key, "x", 1, NULL), 405, what);
	snprintf(what, sizeof what, "%s: DELETE", tag);
	expect(sclient_ask(&c, "DELETE", key, NULL, 0, NULL), 204, what);
	snprintf(what, sizeof what, "%s: PUT kept", tag);
	expect(sclient_ask(&c, "PUT", key, "kept", 4, NULL), 201, what);
	snprintf(what, sizeof what, "%s: PUT without length", tag);
	expect(sclient_ask(&c, "PUT", "/kv/nolength", NULL, 0, NULL), 411, what);
	sclient_close(&c);
}

/* A body over the limit, and a request that is not HTTP. */
static void bad_requests(int port)
{
	struct sclient c;
	if (sclient_open(&c, port, NULL) < 0) {
		failures++;
		return;
	}
	expect(sclient_ask(&c, "PUT", "/kv/huge", NULL, 0, "Content-Length: 2000000\r\n"), 413, "PUT over 1 MiB");
	sclient_close(&c);
	if (sclient_open(&c, port, NULL) < 0) {
		failures++;
		return;
	}
	expect(sclient_raw(&c, "NONSENSE\r\n\r\n", 12), 400, "not HTTP");
	sclient_close(&c);
}

int main(void)
{
	static char before[MAX_FD];
	open_fds(before);
	unlink(SOCKET_PATH);
	struct server_config cfg = {.tcp_port = 0, .unix_path = SOCKET_PATH, .udp_port = 0};
	struct server *s = server_open(&cfg);
	if (!s)
		return 1;
	pthread_t tid;
	if (pthread_create(&tid, NULL, serve, s) != 0) {
		server_close(s);
		return 1;
	}
	requests(server_tcp_port(s), NULL, "tcp");
	requests(0, SOCKET_PATH, "unix");
	bad_requests(server_tcp_port(s));
	char reply[256];
	if (sclient_udp(server_udp_port(s), "stats", reply, sizeof reply) < 0 ||
	    strncmp(reply, "connections=", 12) != 0) {
		fprintf(stderr, "both_sockets: no stats reply\n");
		failures++;
	}
	struct sclient idle;
	if (sclient_open(&idle, server_tcp_port(s), NULL) < 0)
		failures++;
	else
		expect(sclient_ask(&idle, "GET", "/kv/tcp", NULL, 0, NULL), 200, "GET before stop");
	kill(getpid(), SIGTERM);
	void *rc;
	pthread_join(tid, &rc);
	expect((int)(long)rc, 0, "server_serve after SIGTERM");
	server_close(s);
	sclient_close(&idle);
	expect_no_new_fds(before);
	struct stat st;
	if (lstat(SOCKET_PATH, &st) == 0) {
		fprintf(stderr, "both_sockets: %s still exists after server_close\n", SOCKET_PATH);
		failures++;
	}
	return failures ? 1 : 0;
}
