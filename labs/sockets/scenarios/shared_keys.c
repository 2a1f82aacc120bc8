/* shared_keys.c - the races scenario: four clients on the same three keys at once
 *
 * Starts the server in this process and runs four client threads, two over
 * TCP and two over the Unix socket.  Each first makes sure its connection
 * thread exists (one request), waits until all four are ready, then does
 * PUT, GET and DELETE on three keys that every client shares.  Small on
 * purpose: it runs under Helgrind, which is some fifty times slower.
 * Exits 0 when every answer is one that some order of the operations allows.
 */
#include "client.h"
#include "kv.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SOCKET_PATH "races.sock"
#define CLIENTS 4
#define ROUNDS 6

struct worker {
	int id;                     /* 0..CLIENTS-1 */
	int port;                   /* the server's TCP port */
	pthread_barrier_t *ready;   /* all connections are being served */
	int bad;                    /* answers no order allows */
};

static void *serve(void *arg)
{
	return (void *)(long)server_serve(arg);
}

static void *work(void *arg)
{
	struct worker *w = arg;
	struct sclient *c = malloc(sizeof *c);
	int ok = c && sclient_open(c, w->port, w->id % 2 ? SOCKET_PATH : NULL) == 0;
	if (ok && sclient_ask(c, "GET", "/kv/warm-up", NULL, 0, NULL) != 404)
		w->bad++;
	pthread_barrier_wait(w->ready);
	for (int i = 0; ok && i < ROUNDS; i++) {
		char path[32], val[32];
		snprintf(path, sizeof path, "/kv/shared-%d", i % 3);
		int n = snprintf(val, sizeof val, "client %d round %d", w->id, i);
		int put = sclient_ask(c, "PUT", path, val, n, NULL);
		int get = sclient_ask(c, "GET", path, NULL, 0, NULL);
		int del = i % 2 ? sclient_ask(c, "DELETE", path, NULL, 0, NULL) : 204;
		w->bad += (put != 201 && put != 204) + (get != 200 && get != 404) +
			  (del != 204 && del != 404);
	}
	if (!ok)
		w->bad++;
	if (c)
		sclient_close(c);
	free(c);
	return NULL;
}

int main(void)
{
	unlink(SOCKET_PATH);
	struct server_config cfg = {.tcp_port = 0, .unix_path = SOCKET_PATH, .udp_port = -1};
	struct server *s = server_open(&cfg);
	if (!s)
		return 1;
	pthread_t server_tid, tid[CLIENTS];
	pthread_barrier_t ready;
	pthread_barrier_init(&ready, NULL, CLIENTS);
	struct worker w[CLIENTS];
	if (pthread_create(&server_tid, NULL, serve, s) != 0)
		return 1;
	for (int i = 0; i < CLIENTS; i++) {
		w[i] = (struct worker){.id = i, .port = server_tcp_port(s), .ready = &ready};
		if (pthread_create(&tid[i], NULL, work, &w[i]) != 0)
			return 1;
	}
	int bad = 0;
	for (int i = 0; i < CLIENTS; i++) {
		pthread_join(tid[i], NULL);
		bad += w[i].bad;
	}
	server_shutdown(s);
	pthread_join(server_tid, NULL);
	server_close(s);
	pthread_barrier_destroy(&ready);
	if (bad)
		fprintf(stderr, "shared_keys: %d answers that no order of the requests allows\n", bad);
	return bad ? 1 : 0;
}
