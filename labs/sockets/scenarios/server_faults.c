/* server_faults.c - the faults scenarios: the server keeps serving when accept(2) or a write fails
 *
 *     server_faults accept    run under strace -e inject=accept,accept4:error=EMFILE:when=1
 *     server_faults vanish    run under strace -e inject=write,...:error=EPIPE:signal=PIPE:when=2
 *
 * The worker of labs/common/scenario.h runs the server (server_open, then
 * server_serve in its own main thread) on TCP only and tells the observer
 * the port; the observer, which runs no student code, is the client, and
 * stops the server with a real SIGTERM.  The worker then checks that
 * server_serve returned 0 and that no descriptor opened meanwhile is still
 * open (it compares /proc/self/fd before and after).
 *
 * accept: the server's first accept fails with EMFILE, as when every
 * descriptor is in use.  The connection stays queued, so a server that
 * goes on serving accepts it on its next try: the observer's PUT on it must
 * get 201 and a GET on a second connection 200.
 *
 * vanish: the second write of every thread fails with EPIPE and raises
 * SIGPIPE, as a write to a client that has gone does.  One thread per
 * connection (kv.h), so on a connection the answer to its first request
 * is written and the answer to its second is not: the observer's PUT gets
 * 201, and after its GET the server must close that connection without an
 * answer (the observer reads end of file, not a hang).  A PUT on a second
 * connection must then get 201: the server survived the SIGPIPE and goes
 * on.  Faults are counted per thread from its first call, so the observer
 * and the worker first make two writes of each kind themselves, which take
 * the injection in their threads (write(-1), which does nothing else):
 * only the connection threads' own writes are left to fail.
 */
#include "client.h"
#include "kv.h"
#include "scenario.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

/* The worker's checks: server_serve's result and the descriptors. */
#define WORKER_CHECKS 2

static struct scenario_account *seen;   /* the observer's count of answers */

/* Make two calls of each kind that can write to a socket, on no descriptor,
 * so that this thread takes the first two injections itself. */
static void take_first_writes(void)
{
	struct msghdr none = {0};
	for (int k = 0; k < 2; k++) {
		if (write(-1, "", 0) < 0 && sendto(-1, "", 0, 0, NULL, 0) < 0 &&
		    sendmsg(-1, &none, 0) < 0 && writev(-1, NULL, 0) < 0)
			continue;       /* each fails, as it must: no descriptor */
	}
}



/* The worker: serve until the observer's SIGTERM, then check the server
 * cleaned up after itself. */
static int scenario_run(int argc, char *argv[], struct scenario_account *a)
{
	(void)argc;
	(void)argv;
	static char before[SCENARIO_MAX_FD];
	// SIGPIPE is ignored only while this thread takes its injections:
	// server_open() must ignore it itself.
	signal(SIGPIPE, SIG_IGN);
	take_first_writes();
	signal(SIGPIPE, SIG_DFL);
	open_fds(before);
	struct server_config cfg = {.tcp_port = 0, .unix_path = NULL, .udp_port = -1};
	struct server *s = server_open(&cfg);
	if (!s) {
		fprintf(stderr, "server_faults: server_open failed\n");
		return 1;
	}
	scenario_tell("%d", server_tcp_port(s));
	int rc = server_serve(s);
	a->rounds++;
	if (rc != 0) {
		fprintf(stderr, "server_faults: server_serve after SIGTERM: expected 0, got %d\n", rc);
		a->failures++;
	}
	server_close(s);
	a->rounds++;
	a->failures += report_new_fds("server_faults", before) > 0;
	return a->failures ? 1 : 0;
}

/* Observer: count one answer, verified when it is the one wanted. */
static void expect(int got, int want, const char *what)
{
	if (got == want) {
		seen->verified++;
		return;
	}
	if (want < 0)
		fprintf(stderr, "server_faults: %s: expected the server to close the connection "
			"without an answer, got %d\n", what, got);
	else
		fprintf(stderr, "server_faults: %s: expected %d, got %d%s\n", what, want, got,
			got < 0 ? " (no answer)" : "");
	seen->failures++;
}

/* Observer: one request on a connection of its own. */
static void ask_alone(int port, const char *method, const char *path, const char *body,
		      int want, const char *what)
{
	struct sclient c;
	if (sclient_open(&c, port, NULL) < 0) {
		seen->failures++;
		return;
	}
	expect(sclient_ask(&c, method, path, body, body ? strlen(body) : 0, NULL), want, what);
	sclient_close(&c);
}

static void after_emfile(int port)
{
	ask_alone(port, "PUT", "/kv/queued", "v", 201,
		  "PUT on the connection whose first accept failed");
	ask_alone(port, "GET", "/kv/queued", NULL, 200, "GET on a second connection");
}

static void client_vanishes(int port)
{
	struct sclient c;
	if (sclient_open(&c, port, NULL) < 0) {
		seen->failures += 2;
	} else {
		expect(sclient_ask(&c, "PUT", "/kv/gone", "value", 5, NULL), 201, "first PUT");
		expect(sclient_ask(&c, "GET", "/kv/gone", NULL, 0, NULL), -1,
		       "GET whose answer cannot be written (EPIPE)");
		sclient_close(&c);
	}
	ask_alone(port, "PUT", "/kv/after", "v", 201, "PUT on a new connection afterwards");
}

static int vanish(int argc, char *argv[])
{
	return argc == 2 && !strcmp(argv[1], "vanish");
}

/* The observer: the requests of its scenario, then SIGTERM to the worker. */
static void scenario_verify(int argc, char *argv[], struct scenario_link *l,
			    struct scenario_account *a)
{
	char line[64];
	int port;

	seen = a;
	take_first_writes();
	if (scenario_hear(l, line, sizeof line) < 0)
		return;         /* the worker has ended: the judge says how */
	if (sscanf(line, "%d", &port) != 1) {
		fprintf(stderr, "server_faults: the worker sent \"%s\", not its port\n", line);
		a->failures++;
		kill(l->worker, SIGKILL);
		return;
	}
	if (vanish(argc, argv))
		client_vanishes(port);
	else
		after_emfile(port);
	kill(l->worker, SIGTERM);
	scenario_end(l);
}

static void scenario_expect(int argc, char *argv[], struct scenario_account *a)
{
	a->rounds = WORKER_CHECKS;
	a->verified = vanish(argc, argv) ? 3 : 2;
}

SCENARIO_MAIN
