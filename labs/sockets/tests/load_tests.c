/* load_tests.c - 64 concurrent clients, 100 operations each, over TCP and the Unix socket */
#include "graded.h"
#include "server_helpers.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CLIENTS 64
#define OWN 40                  /* keys of its own each client creates */
#define SHARED 4                /* keys every client writes */
#define SHARED_PUTS 20          /* PUTs of shared keys per client */
#define SHARED_LEN 1000         /* bytes of a shared value */

struct worker {
	int id;                     /* 0..CLIENTS-1 */
	const struct kvs *s;        /* the server */
	int created_shared;         /* 201 answers to its shared PUTs */
	char error[300];            /* the first thing that went wrong, or "" */
};

/* Value of client id's own key j, and of its shared writes. */
static void own_value(char *out, size_t cap, int id, int j)
{
	snprintf(out, cap, "client %d key %d", id, j);
}

static char *shared_value(int id)
{
	char *v = malloc(SHARED_LEN + 1);
	memset(v, 'a' + id % 26, SHARED_LEN);
	snprintf(v, SHARED_LEN, "T%02d:", id);
	v[4] = 'a' + id % 26;
	v[SHARED_LEN] = '\0';
	return v;
}

/* One request; returns the status (-1 on failure) and, for want_body, checks the body. */
static int op(struct worker *w, struct client *c, const char *method, const char *path,
	      const char *body, size_t len, const char *want_body)
{
	char *got;
	size_t glen;
	if (client_request(c, method, path, body, len, NULL) < 0)
		return -1;
	int st = client_response(c, &got, &glen, NULL);
	if (st == 200 && want_body && (glen != strlen(want_body) || memcmp(got, want_body, glen)) &&
	    !w->error[0])
		snprintf(w->error, sizeof w->error, "client %d: GET %s gave \"%.60s\", expected \"%s\"",
			 w->id, path, got, want_body);
	free(got);
	return st;
}

static void expect_status(struct worker *w, int got, int want, const char *what, const char *path)
{
	if (got != want && !w->error[0])
		snprintf(w->error, sizeof w->error, "client %d: %s %s: expected %d, got %s%s", w->id,
			 what, path, want, kvs_code(got), got < 0 ? " (connection closed or no answer in 5 s)" : "");
}

static void *work(void *arg)
{
	struct worker *w = arg;
	struct client *c = malloc(sizeof *c);
	int rc = w->id % 4 == 3 ? client_unix(c, KVS_SOCKET) : client_tcp(c, w->s->port, 0);
	if (rc < 0) {
		snprintf(w->error, sizeof w->error, "client %d cannot connect: %s", w->id, strerror(errno));
		free(c);
		return NULL;
	}
	char path[64], val[64];
	char *shared = shared_value(w->id);
	for (int j = 0; j < OWN; j++) {
		snprintf(path, sizeof path, "/kv/c%d-%d", w->id, j);
		own_value(val, sizeof val, w->id, j);
		expect_status(w, op(w, c, "PUT", path, val, strlen(val), NULL), 201, "PUT", path);
		if (j % 2 == 0) {
			expect_status(w, op(w, c, "GET", path, NULL, 0, val), 200, "GET", path);
		} else {
			expect_status(w, op(w, c, "DELETE", path, NULL, 0, NULL), 204, "DELETE", path);
			snprintf(path, sizeof path, "/kv/shared-%d", j / 2 % SHARED);
			int st = op(w, c, "PUT", path, shared, SHARED_LEN, NULL);
			if (st == 201)
				w->created_shared++;
			else
				expect_status(w, st, 204, "PUT (201 or 204)", path);
		}
	}
	free(shared);
	client_close(c);
	free(c);
	return NULL;
}

/* Check the final state over one connection; returns an error or "". */
static void check_state(const struct kvs *s, char *err, size_t cap)
{
	struct client *c = malloc(sizeof *c);
	struct worker w = {.id = -1};
	if (client_tcp(c, s->port, 0) < 0) {
		snprintf(err, cap, "cannot connect to check the final state");
		free(c);
		return;
	}
	char path[64], val[64];
	for (int i = 0; i < CLIENTS && !w.error[0]; i++)
		for (int j = 0; j < OWN && !w.error[0]; j++) {
			snprintf(path, sizeof path, "/kv/c%d-%d", i, j);
			own_value(val, sizeof val, i, j);
			expect_status(&w, op(&w, c, "GET", path, NULL, 0, val), j % 2 ? 404 : 200,
				      "final GET", path);
		}
	for (int k = 0; k < SHARED && !w.error[0]; k++) {
		snprintf(path, sizeof path, "/kv/shared-%d", k);
		char *got;
		size_t len;
		client_request(c, "GET", path, NULL, 0, NULL);
		int st = client_response(c, &got, &len, NULL);
		int id = st == 200 && len == SHARED_LEN ? atoi(got + 1) : -1;
		char *want = shared_value(id < 0 || id >= CLIENTS ? 0 : id);
		if (st != 200 || len != SHARED_LEN || memcmp(got, want, len) != 0)
			snprintf(w.error, sizeof w.error, "final GET %s: expected 200 and the whole value "
				 "of one client (\"T..:\" then %d equal letters), got %s, %zu bytes: \"%.40s\"",
				 path, SHARED_LEN - 5, kvs_code(st), len, got ? got : "");
		free(want);
		free(got);
	}
	client_close(c);
	free(c);
	snprintf(err, cap, "%s", w.error);
}

GRADED(load, sixty_four_clients,
       .description = "64 clients doing 100 operations each at once (TCP and Unix) all get the right answers and leave the right state [sockets#concurrency]",
       .timeout = 30)
{
	struct kvs s;
	kvs_start(&s, 1, 0);
	static struct worker w[CLIENTS];
	pthread_t tid[CLIENTS];
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 256 * 1024);
	int started = 0;
	for (int i = 0; i < CLIENTS; i++) {
		w[i] = (struct worker){.id = i, .s = &s};
		if (pthread_create(&tid[i], &attr, work, &w[i]) == 0)
			started++;
		else
			break;
	}
	for (int i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	cr_assert(started == CLIENTS, "could not start the client threads");
	int created = 0;
	for (int i = 0; i < CLIENTS; i++) {
		cr_expect(w[i].error[0] == '\0', "%s", w[i].error);
		created += w[i].created_shared;
	}
	cr_expect(created == SHARED, "the %d shared keys were each created once, so exactly %d PUTs of "
		  "them should get 201 (the others 204); %d did", SHARED, SHARED, created);
	char err[300];
	check_state(&s, err, sizeof err);
	cr_expect(err[0] == '\0', "%s", err);
	kvs_stop(&s, SIGKILL, 2);
}
