/* both_sockets.c - the leaks scenario: serve on TCP, the Unix socket and UDP, then SIGTERM
 *
 * The worker process of labs/common/scenario.h starts the server
 * (server_open, then server_serve in a thread) and tells the observer its
 * ports.  The observer, which runs no student code, is the client: it sends
 * every kind of request over TCP and over the Unix socket, asks the stats
 * port, leaves one keep-alive connection idle, and stops the server with a
 * real SIGTERM.  It counts the answers that came back as expected (verified:
 * 16 on the two connections, 2 bad requests, the stats datagram and the GET
 * on the idle connection) and says which did not.
 *
 * The worker then checks that server_serve returned 0, that the socket file
 * is gone and that no descriptor opened meanwhile is still open (it
 * compares /proc/self/fd before and after), counting those checks (rounds),
 * the server thread joined (reaped) and the checks that failed; Valgrind
 * then checks that no memory leaked either.  The observer accepts only the
 * account that scenario_expect() computes.
 */
#include "client.h"
#include "kv.h"
#include "scenario.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SOCKET_PATH "scenario.sock"

/* Requests on each of the two connections, in requests(). */
#define CONNECTION_REQUESTS 8
/* Answers expected in all: both connections, two bad requests, the stats
 * datagram, the GET on the idle connection. */
#define ANSWERS (2 * CONNECTION_REQUESTS + 2 + 1 + 1)
/* The worker's checks: server_serve's result, the descriptors, the socket file. */
#define WORKER_CHECKS 3




static struct scenario_account *seen;   /* the observer's count of answers */

/* Observer: count one answer, verified when it is the one wanted. */
static void expect(int got, int want, const char *what)
{
	if (got == want) {
		seen->verified++;
		return;
	}
	fprintf(stderr, "both_sockets: %s: expected %d, got %d\n", what, want, got);
	seen->failures++;
}

/* Observer: a connection that could not be opened loses its n answers. */
static void lost(int n)
{
	seen->failures += n;
}

/* Every kind of request on one connection (TCP or Unix). */
static void requests(int port, const char *path, const char *tag)
{
	struct sclient c;
	char key[64], what[128];
	if (sclient_open(&c, port, path) < 0) {
		lost(CONNECTION_REQUESTS);
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
		lost(1);
	} else {
		expect(sclient_ask(&c, "PUT", "/kv/huge", NULL, 0, "Content-Length: 2000000\r\n"),
		       413, "PUT over 1 MiB");
		sclient_close(&c);
	}
	if (sclient_open(&c, port, NULL) < 0) {
		lost(1);
		return;
	}
	expect(sclient_raw(&c, "NONSENSE\r\n\r\n", 12), 400, "not HTTP");
	sclient_close(&c);
}

static void *serve(void *arg)
{
	return (void *)(long)server_serve(arg);
}

/* The worker: serve until the observer's SIGTERM, then check the server
 * cleaned up after itself. */
static int scenario_run(int argc, char *argv[], struct scenario_account *a)
{
	(void)argc;
	(void)argv;
	static char before[SCENARIO_MAX_FD];
	open_fds(before);
	unlink(SOCKET_PATH);
	struct server_config cfg = {.tcp_port = 0, .unix_path = SOCKET_PATH, .udp_port = 0};
	struct server *s = server_open(&cfg);
	if (!s) {
		fprintf(stderr, "both_sockets: server_open failed\n");
		return 1;
	}
	pthread_t tid;
	if (pthread_create(&tid, NULL, serve, s) != 0) {
		fprintf(stderr, "both_sockets: cannot start the server thread\n");
		server_close(s);
		return 1;
	}
	scenario_tell("%d %d", server_tcp_port(s), server_udp_port(s));
	void *rc = (void *)-1L;
	if (pthread_join(tid, &rc) == 0)
		a->reaped++;
	a->rounds++;
	if ((long)rc != 0) {
		fprintf(stderr, "both_sockets: server_serve after SIGTERM: expected 0, got %ld\n",
			(long)rc);
		a->failures++;
	}
	server_close(s);
	a->rounds++;
	a->failures += report_new_fds("both_sockets", before) > 0;
	struct stat st;
	a->rounds++;
	if (lstat(SOCKET_PATH, &st) == 0) {
		fprintf(stderr, "both_sockets: %s still exists after server_close\n", SOCKET_PATH);
		a->failures++;
	}
	return a->failures ? 1 : 0;
}

/* The observer: every request from outside, then SIGTERM to the worker. */
static void scenario_verify(int argc, char *argv[], struct scenario_link *l,
			    struct scenario_account *a)
{
	(void)argc;
	(void)argv;
	char ports[64];
	int tcp, udp;

	seen = a;
	if (scenario_hear(l, ports, sizeof ports) < 0)
		return;         /* the worker has ended: the judge says how */
	if (sscanf(ports, "%d %d", &tcp, &udp) != 2) {
		fprintf(stderr, "both_sockets: the worker sent \"%s\", not its ports\n", ports);
		seen->failures++;
		kill(l->worker, SIGKILL);
		return;
	}
	requests(tcp, NULL, "tcp");
	requests(0, SOCKET_PATH, "unix");
	bad_requests(tcp);
	char reply[256];
	if (sclient_udp(udp, "stats", reply, sizeof reply) >= 0 &&
	    strncmp(reply, "connections=", 12) == 0) {
		a->verified++;
	} else {
		fprintf(stderr, "both_sockets: no stats reply starting \"connections=\"\n");
		a->failures++;
	}
	struct sclient idle;
	int have_idle = sclient_open(&idle, tcp, NULL) == 0;
	if (have_idle)
		expect(sclient_ask(&idle, "GET", "/kv/tcp", NULL, 0, NULL), 200, "GET before stop");
	else
		lost(1);
	kill(l->worker, SIGTERM);
	scenario_end(l);
	if (have_idle)
		sclient_close(&idle);
}

static void scenario_expect(int argc, char *argv[], struct scenario_account *a)
{
	(void)argc;
	(void)argv;
	a->rounds = WORKER_CHECKS;
	a->records = 0;
	a->reaped = 1;
	a->verified = ANSWERS;
	a->failures = 0;
}

SCENARIO_MAIN
