/* life_tests.c - starting and stopping: ports in use, SIGINT and SIGTERM, requests in flight */
#include "graded.h"
#include "server_helpers.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Stop s with sig and expect a clean exit (status 0) within 5 s. */
static void expect_clean_stop(struct kvs *s, int sig, const char *while_what)
{
	int exited = kvs_stop(s, sig, 5);
	cr_expect(exited, "after %s %s the server should exit within 5 s; it kept running",
		  strsignal(sig), while_what);
	cr_expect(!exited || (WIFEXITED(s->status) && WEXITSTATUS(s->status) == 0),
		  "after %s %s the server should exit with status 0; it %s", strsignal(sig),
		  while_what, kvs_describe(s));
}

GRADED(life, sigterm_exits_zero,
       .description = "SIGTERM stops the server cleanly: exit status 0 [sockets#graceful-stop]",
       .timeout = 15)
{
	struct kvs s;
	kvs_start(&s, 0, 0);
	graded_write_file("value", "v", 1);
	int code = kvs_curl(&s, "PUT", "/kv/k", "value", "body", NULL, 0);
	cr_expect(code == 201, "PUT /kv/k: expected 201, got %s", kvs_code(code));
	expect_clean_stop(&s, SIGTERM, "(no client connected)");
}

GRADED(life, sigint_exits_zero,
       .description = "SIGINT (Ctrl-C) stops the server cleanly: exit status 0 [sockets#graceful-stop]",
       .timeout = 15)
{
	// TCP only: this test is about SIGINT, and should not fail on the
	// Unix socket or the UDP port, which tests of their own check.
	struct kvs s;
	kvs_start(&s, 0, 0);
	int code = kvs_curl(&s, "GET", "/kv/k", NULL, "body", NULL, 0);
	cr_expect(code == 404, "GET /kv/k: expected 404, got %s", kvs_code(code));
	expect_clean_stop(&s, SIGINT, "(no client connected)");
}

GRADED(life, idle_connections_do_not_block_stop,
       .description = "idle keep-alive and silent connections are closed at SIGTERM, they do not keep the server alive [sockets#graceful-stop]",
       .timeout = 15)
{
	struct kvs s;
	kvs_start(&s, 1, 0);
	struct client idle, silent, local;
	cr_assert(client_tcp(&idle, s.port, 0) == 0, "cannot connect: %s", strerror(errno));
	cr_assert(client_tcp(&silent, s.port, 0) == 0, "cannot connect: %s", strerror(errno));
	cr_assert(client_unix(&local, KVS_SOCKET) == 0, "cannot connect to %s: %s", KVS_SOCKET,
		  strerror(errno));
	char *body;
	size_t len;
	client_request(&idle, "GET", "/kv/k", NULL, 0, NULL);
	int status = client_response(&idle, &body, &len, NULL);
	free(body);
	cr_expect(status == 404, "GET /kv/k on a keep-alive connection: expected 404, got %s", kvs_code(status));
	expect_clean_stop(&s, SIGTERM, "with an idle keep-alive connection and two silent ones");
	cr_expect(client_sees_eof(&idle), "the idle keep-alive connection should be closed by the server");
	client_close(&idle);
	client_close(&silent);
	client_close(&local);
}

GRADED(life, stop_finishes_request_in_flight,
       .description = "a response being sent when SIGTERM arrives is finished before the server exits 0 [sockets#graceful-stop]",
       .timeout = 25)
{
	struct kvs s;
	kvs_start(&s, 0, 0);
	size_t len = 1 << 20;
	char *v = make_value(len, 9);
	graded_write_file("value", v, len);
	int put = kvs_curl(&s, "PUT", "/kv/big", "value", "body", NULL, 0);
	cr_assert(put == 201, "PUT of a 1 MiB value: expected 201, got %s", kvs_code(put));
	struct client c;
	cr_assert(client_tcp(&c, s.port, 65536) == 0, "cannot connect: %s", strerror(errno));
	for (int i = 0; i < 12; i++)
		client_request(&c, "GET", "/kv/big", NULL, 0, NULL);
	usleep(200000);             /* responses are now in flight, stuck on our full window */
	kill(s.pid, SIGTERM);
	usleep(200000);
	char *body;
	size_t got;
	int status = client_response(&c, &body, &got, NULL);
	cr_expect(status == 200 && got == len && memcmp(body, v, len) == 0,
		  "a 1 MiB response being sent at SIGTERM should still arrive whole (status %d, %zu bytes)",
		  status, status == 200 ? got : 0);
	free(body);
	for (int i = 1; i < 12 && status == 200; i++) {
		status = client_response(&c, &body, &got, NULL);
		free(body);
	}
	free(v);
	expect_clean_stop(&s, SIGTERM, "and the responses in flight were read");
	client_close(&c);
}

GRADED(life, port_in_use_is_an_error,
       .description = "a TCP port already in use makes the server exit 1 with a kvserver: message, and the server on it carries on [sockets#server-calls]",
       .timeout = 15)
{
	struct kvs first, second;
	kvs_start(&first, 0, 0);
	char port[16];
	snprintf(port, sizeof port, "%d", first.port);
	char *args[] = {"-p", port, NULL};
	int exited = kvs_run_to_exit(&second, args, 5);
	cr_expect(exited && WIFEXITED(second.status) && WEXITSTATUS(second.status) == 1,
		  "kvserver -p %s while another server listens there should exit with status 1; it %s",
		  port, exited ? kvs_describe(&second) : "kept running");
	cr_expect(strncmp(kvs_stderr(&second), "kvserver: ", 10) == 0,
		  "its stderr should start with \"kvserver: \"; it was: %s", kvs_stderr(&second));
	int code = kvs_curl(&first, "GET", "/kv/x", NULL, "body", NULL, 0);
	cr_expect(code == 404, "the server already on port %s should still answer (GET /kv/x: "
		  "expected 404, got %s)", port, kvs_code(code));
	kvs_stop(&first, SIGKILL, 2);
}
