/* shared_keys.c - the races scenario: four clients on the same three keys at once
 *
 * The worker process of labs/common/scenario.h starts the server and tells
 * the observer its port.  The observer, which runs no student code, runs
 * four client threads, two over TCP and two over the Unix socket.  Each
 * first makes sure its connection thread exists (one request), waits until
 * all four are ready, then does PUT, GET and DELETE on three keys that every
 * client shares.  Small on purpose: it runs under Helgrind, which is some
 * fifty times slower.  It is clean when every answer is one that some order
 * of the operations allows.
 *
 * The observer counts the answers that some order allows (verified:
 * ANSWERS_PER_CLIENT per client) and those no order allows (failures), then
 * tells the worker to stop; the worker calls server_shutdown() and counts
 * the server thread joined (reaped).  The observer accepts only the account
 * that scenario_expect() computes.
 */
#include "client.h"
#include "kv.h"
#include "scenario.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SOCKET_PATH "races.sock"
#define CLIENTS 4
#define ROUNDS 6
/* The warm-up GET, a PUT and a GET each round, a DELETE every odd round. */
#define ANSWERS_PER_CLIENT (1 + 2 * ROUNDS + ROUNDS / 2)

/* Where the clients wait for each other; open() lets them all go if one
 * of them could not be started. */
struct gate {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int waiting;                /* clients arrived */
	int open;                   /* 1 once they may all go */
};

struct worker {
	int id;                     /* 0..CLIENTS-1 */
	int port;                   /* the server's TCP port */
	struct gate *ready;         /* all connections are being served */
	long answers;               /* answers that some order allows */
	long bad;                   /* answers no order allows */
	int connect_errno;          /* why it could not connect, or 0 */
};

static void gate_open(struct gate *g)
{
	pthread_mutex_lock(&g->lock);
	g->open = 1;
	pthread_cond_broadcast(&g->cond);
	pthread_mutex_unlock(&g->lock);
}

static void gate_wait(struct gate *g)
{
	pthread_mutex_lock(&g->lock);
	if (++g->waiting == CLIENTS) {
		g->open = 1;
		pthread_cond_broadcast(&g->cond);
	}
	while (!g->open)
		pthread_cond_wait(&g->cond, &g->lock);
	pthread_mutex_unlock(&g->lock);
}

static void *serve(void *arg)
{
	return (void *)(long)server_serve(arg);
}

/* Count one answer: allowed when it is a or b. */
static void answer(struct worker *w, int got, int a, int b)
{
	if (got == a || got == b)
		w->answers++;
	else
		w->bad++;
}

static void *work(void *arg)
{
	struct worker *w = arg;
	struct sclient *c = malloc(sizeof *c);
	int ok = c && sclient_open(c, w->port, w->id % 2 ? SOCKET_PATH : NULL) == 0;
	if (!ok)
		w->connect_errno = c ? errno : ENOMEM;
	if (ok)
		answer(w, sclient_ask(c, "GET", "/kv/warm-up", NULL, 0, NULL), 404, 404);
	gate_wait(w->ready);
	for (int i = 0; ok && i < ROUNDS; i++) {
		char path[32], val[32];
		snprintf(path, sizeof path, "/kv/shared-%d", i % 3);
		int n = snprintf(val, sizeof val, "client %d round %d", w->id, i);
		answer(w, sclient_ask(c, "PUT", path, val, n, NULL), 201, 204);
		answer(w, sclient_ask(c, "GET", path, NULL, 0, NULL), 200, 404);
		if (i % 2)
			answer(w, sclient_ask(c, "DELETE", path, NULL, 0, NULL), 204, 404);
	}
	if (c && ok)
		sclient_close(c);
	free(c);
	return NULL;
}

/* The worker: serve until the observer says stop. */
static int scenario_run(int argc, char *argv[], struct scenario_account *a)
{
	(void)argc;
	(void)argv;
	unlink(SOCKET_PATH);
	struct server_config cfg = {.tcp_port = 0, .unix_path = SOCKET_PATH, .udp_port = -1};
	struct server *s = server_open(&cfg);
	if (!s) {
		fprintf(stderr, "shared_keys: server_open failed\n");
		return 1;
	}
	pthread_t server_tid;
	if (pthread_create(&server_tid, NULL, serve, s) != 0) {
		fprintf(stderr, "shared_keys: cannot start the server thread\n");
		server_close(s);
		return 1;
	}
	char stop[16];
	scenario_tell("%d", server_tcp_port(s));
	scenario_await(stop, sizeof stop);
	server_shutdown(s);
	if (pthread_join(server_tid, NULL) == 0)
		a->reaped++;
	server_close(s);
	return 0;
}

/* Say on stderr that client w could not connect, and why, if so. */
static void say_no_connection(const struct worker *w)
{
	if (!w->connect_errno)
		return;
	if (w->id % 2)
		fprintf(stderr, "shared_keys: client %d could not connect to the Unix socket %s: %s\n",
			w->id, SOCKET_PATH, strerror(w->connect_errno));
	else
		fprintf(stderr, "shared_keys: client %d could not connect to 127.0.0.1:%d: %s\n",
			w->id, w->port, strerror(w->connect_errno));
}

/* The observer: the four clients, then stop the worker's server. */
static void scenario_verify(int argc, char *argv[], struct scenario_link *l,
			    struct scenario_account *a)
{
	(void)argc;
	(void)argv;
	char port[32];
	if (scenario_hear(l, port, sizeof port) < 0)
		return;         /* the worker says why, or the judge does */
	pthread_t tid[CLIENTS];
	struct gate ready = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0};
	struct worker w[CLIENTS];
	int started = 0;
	for (; started < CLIENTS; started++) {
		w[started] = (struct worker){.id = started, .port = atoi(port), .ready = &ready};
		if (pthread_create(&tid[started], NULL, work, &w[started]) != 0) {
			fprintf(stderr, "shared_keys: cannot start client thread %d\n", started);
			a->failures++;
			gate_open(&ready);
			break;
		}
	}
	long bad = 0;
	for (int i = 0; i < started; i++) {
		pthread_join(tid[i], NULL);
		a->verified += w[i].answers;
		bad += w[i].bad;
		if (w[i].connect_errno)
			a->failures++;
	}
	scenario_say(l, "stop");
	scenario_end(l);
	pthread_cond_destroy(&ready.cond);
	pthread_mutex_destroy(&ready.lock);
	for (int i = 0; i < started; i++)
		say_no_connection(&w[i]);
	a->failures += bad;
	if (bad)
		fprintf(stderr, "shared_keys: %ld answer%s that no order of the requests allows\n",
			bad, bad == 1 ? "" : "s");
}

static void scenario_expect(int argc, char *argv[], struct scenario_account *a)
{
	(void)argc;
	(void)argv;
	a->rounds = 0;
	a->records = 0;
	a->reaped = 1;
	a->verified = CLIENTS * ANSWERS_PER_CLIENT;
	a->failures = 0;
}

SCENARIO_MAIN
